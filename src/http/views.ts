import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Express } from 'express';
import { engine } from 'express-handlebars';

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
        plural: (n: number, one: string, many: string) => (n === 1 ? one : many),
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
