import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Express } from 'express';
import { engine } from 'express-handlebars';
import type { HelperOptions } from 'handlebars';
import { hasMessage, translator } from '../i18n/messages.js';
import { defaultLanguage, isInterfaceLanguage } from '../i18n/languages.js';

export const rootDirectory = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const viewsDirectory = path.join(rootDirectory, 'views');
export const publicDirectory = path.join(rootDirectory, 'public');

/**
 * Handlebars with its default HTML escaping: templates use {{…}} only, never {{{…}}}, and the
 * route handlers hand them finished strings, so stored text can never become markup.
 */
export function configureViews(app: Express): void {
  app.engine(
    'hbs',
    engine({
      extname: '.hbs',
      defaultLayout: 'main',
      layoutsDir: path.join(viewsDirectory, 'layouts'),
      partialsDir: path.join(viewsDirectory, 'partials'),
      helpers: {
        eq: (a: unknown, b: unknown) => a === b,
        t: translate,
      },
    }),
  );
  app.set('view engine', 'hbs');
  app.set('views', viewsDirectory);
  // Express caches compiled templates only when NODE_ENV=production; without it every page
  // was parsed and compiled again on each request. Templates change only with a deploy.
  // QANTAR_RELOAD_VIEWS=1 turns the cache off for whoever is editing them.
  app.set('view cache', process.env.QANTAR_RELOAD_VIEWS !== '1');
}

/**
 * `{{t "namespace:key" name=value}}`: a message in the page's language (`lang` in the page's
 * context, set by chooseLanguage). A key English lacks is a programming error: it fails the page
 * (and so the tests that render every page) instead of showing a raw key to a reader.
 */
function translate(key: string, options: HelperOptions): string {
  if (!hasMessage(defaultLanguage, key)) throw new Error(`Unknown message key "${key}"`);
  const root = options.data?.root as { lang?: unknown } | undefined;
  const language = isInterfaceLanguage(root?.lang) ? root.lang : defaultLanguage;
  return translator(language)(key, options.hash as Record<string, unknown>);
}
