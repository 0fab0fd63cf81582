import express from 'express';
import session, { type Store } from 'express-session';
import type { AppContext } from './context.js';
import { editorTokens } from './auth.js';
import { errorHandler, notFound } from './errors.js';
import { aboutRoutes } from './routes/about.js';
import { checksRoutes } from './routes/checks.js';
import { compareRoutes } from './routes/compare.js';
import { apiReadRoutes } from './routes/api-read.js';
import { apiWriteRoutes } from './routes/api-write.js';
import { editorRoutes } from './routes/editor.js';
import { embedRoutes } from './routes/embeds.js';
import { exportsRoutes } from './routes/exports.js';
import { figuresRoutes } from './routes/figures.js';
import { healthRoutes } from './routes/health.js';
import { historyRoutes } from './routes/history.js';
import { metricsRoutes } from './routes/metrics.js';
import { searchRoutes } from './routes/search.js';
import { statementsRoutes } from './routes/statements.js';
import { timelineRoutes } from './routes/timeline.js';
import { editorSession, noStore, randomSecret, securityHeaders, writeRateLimit, type WriteLimit } from './security.js';
import { configureViews, publicDirectory } from './views.js';
import { chooseLanguage } from './language.js';

export type AppOptions = Readonly<{
  /** Signs the editor session cookie; random per process when not given (sessions end on restart). */
  sessionSecret?: string;
  /** Where editor sessions are kept (session-store.ts); by default in memory, for this process only. */
  sessionStore?: Store;
  /** Express's `trust proxy` setting, for a TLS-terminating proxy in front (e.g. 'loopback' or 1). */
  trustProxy?: boolean | number | string;
  writeLimit?: WriteLimit;
  /** Largest JSON or form body accepted; larger ones get 413. */
  bodyLimit?: string;
  /**
   * The archive's public address (QANTAR_PUBLIC_URL), for absolute links in citations, the feed
   * and the TimelineJS file; without it they use the request's Host, which a proxy must pass on.
   */
  publicUrl?: string;
}>;

/** The whole HTTP surface, built from its context: tests build it on a temp store, server.ts on the real one. */
export function createApp(context: AppContext, options: AppOptions = {}) {
  const app = express();
  const sessionSecret = options.sessionSecret ?? randomSecret();
  const tokens = editorTokens(context.editors, sessionSecret);
  const limitWrites = writeRateLimit(options.writeLimit ?? { windowMs: 60_000, limit: 30 });
  const bodyLimit = options.bodyLimit ?? '100kb';
  const publicUrl = checkedPublicUrl(options.publicUrl);

  app.disable('x-powered-by');
  app.set('trust proxy', options.trustProxy ?? false);
  configureViews(app);
  // Read by publicOrigin (public-origin.ts) for the cite block and the exports.
  app.locals.publicUrl = publicUrl;
  app.use(securityHeaders());
  app.use('/static', express.static(publicDirectory, { maxAge: '1h', index: false }));
  app.use((req, res, next) => {
    res.locals.currentPath = req.path;
    next();
  });
  app.use(chooseLanguage);

  // Route table: pages, then the JSON API, then the editor. Handlers live in routes/*.ts.
  const embeds = embedRoutes(context);
  app.get('/', embeds.timelineEmbedCode, timelineRoutes(context).timeline);
  app.get('/statements/:id', statementsRoutes(context).page);
  app.get('/figures', figuresRoutes(context).page);
  const metrics = metricsRoutes(context);
  app.get('/metrics', metrics.list);
  app.get('/metrics/:id.svg', metrics.svg);
  app.get('/metrics/:id.png', metrics.png);
  app.get('/metrics/:id.csv', metrics.csv);
  app.get('/metrics/:id', metrics.page);
  // Made for other sites' iframes: security.ts lets these alone be framed.
  app.get('/embed/metrics/:id', metrics.embed);
  app.get('/embed/timeline', embeds.embedTimeline);
  app.get('/oembed', embeds.oembed);
  const about = aboutRoutes(context);
  app.get('/about', about.page);
  app.get('/verify-export.py', about.verifyScript);
  const search = searchRoutes(context);
  app.get('/search', search.page);

  const api = apiReadRoutes(context);
  app.get('/api/statements', api.statements);
  app.get('/api/statements/:id', api.statement);
  app.get('/api/figures', api.figures);
  app.get('/api/figures.csv', api.figuresCsv);
  app.get('/api/metrics', api.metrics);
  app.get('/api/metrics/:id', api.metric);
  app.get('/api/search', search.api);

  const writes = apiWriteRoutes(context, tokens);
  const json = express.json({ limit: bodyLimit });
  // Who writes is known before the rate limit, so that each editor has a quota of their own.
  app.post('/api/statements', writes.identify, limitWrites, writes.authorize, json, writes.publish);
  app.post('/api/statements/:id/corrections', writes.identify, limitWrites, writes.authorize, writes.requireIfMatch, json, writes.correct);
  app.post('/api/statements/:id/retractions', writes.identify, limitWrites, writes.authorize, writes.requireIfMatch, json, writes.retract);

  // Issue 5: consistency checks, comparing dates, the log itself, exports and the Atom feed.
  app.use(checksRoutes(context), compareRoutes(context), historyRoutes(context), exportsRoutes(context));

  const editor = editorRoutes(context, tokens);
  const form = express.urlencoded({ extended: false, limit: bodyLimit, parameterLimit: 2000 });
  app.use('/editor', noStore, editorSession(sessionSecret, options.sessionStore ?? new session.MemoryStore()));
  app.get('/editor', editor.page);
  app.get('/editor/appended/:id', editor.appended);
  app.post('/editor/login', limitWrites, form, editor.verifyCsrf, editor.login);
  app.post('/editor/logout', form, editor.verifyCsrf, editor.logout);
  app.post('/editor', editor.identify, limitWrites, form, editor.verifyCsrf, editor.submit);

  app.use(healthRoutes(context));
  app.use(notFound);
  app.use(errorHandler);
  return app;
}

/** A wrong public address would put broken links in every citation: refuse to start instead. */
function checkedPublicUrl(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  if (!URL.canParse(url) || !['http:', 'https:'].includes(new URL(url).protocol)) {
    throw new Error(`QANTAR_PUBLIC_URL must be an http(s) address such as https://qantar.example, not "${url}"`);
  }
  return url.replace(/\/+$/, '');
}
