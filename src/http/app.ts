import express from 'express';
import type { AppContext } from './context.js';
import { editorTokens } from './auth.js';
import { errorHandler, notFound } from './errors.js';
import { aboutRoutes } from './routes/about.js';
import { apiReadRoutes } from './routes/api-read.js';
import { apiWriteRoutes } from './routes/api-write.js';
import { editorRoutes } from './routes/editor.js';
import { figuresRoutes } from './routes/figures.js';
import { metricsRoutes } from './routes/metrics.js';
import { statementsRoutes } from './routes/statements.js';
import { timelineRoutes } from './routes/timeline.js';
import { editorSession, randomSecret, securityHeaders, writeRateLimit, type WriteLimit } from './security.js';
import { configureViews, publicDirectory } from './views.js';

export type AppOptions = Readonly<{
  /** Signs the editor session cookie; random per process when not given (sessions end on restart). */
  sessionSecret?: string;
  /** Express's `trust proxy` setting, for a TLS-terminating proxy in front (e.g. 'loopback' or 1). */
  trustProxy?: boolean | number | string;
  writeLimit?: WriteLimit;
  /** Largest JSON or form body accepted; larger ones get 413. */
  bodyLimit?: string;
}>;

/** The whole HTTP surface, built from its context: tests build it on a temp store, server.ts on the real one. */
export function createApp(context: AppContext, options: AppOptions = {}) {
  const app = express();
  const sessionSecret = options.sessionSecret ?? randomSecret();
  const tokens = editorTokens(context.editorTokens, sessionSecret);
  const limitWrites = writeRateLimit(options.writeLimit ?? { windowMs: 60_000, limit: 30 });
  const bodyLimit = options.bodyLimit ?? '100kb';

  app.disable('x-powered-by');
  app.set('trust proxy', options.trustProxy ?? false);
  configureViews(app);
  app.use(securityHeaders());
  app.use('/static', express.static(publicDirectory, { maxAge: '1h', index: false }));
  app.use((req, res, next) => {
    res.locals.currentPath = req.path;
    next();
  });

  // Route table: pages, then the JSON API, then the editor. Handlers live in routes/*.ts.
  app.get('/', timelineRoutes(context).timeline);
  app.get('/statements/:id', statementsRoutes(context).page);
  app.get('/figures', figuresRoutes(context).page);
  app.get('/metrics', metricsRoutes(context).list);
  app.get('/metrics/:id', metricsRoutes(context).page);
  app.get('/about', aboutRoutes(context).page);

  const api = apiReadRoutes(context);
  app.get('/api/statements', api.statements);
  app.get('/api/statements/:id', api.statement);
  app.get('/api/figures', api.figures);
  app.get('/api/figures.csv', api.figuresCsv);
  app.get('/api/metrics', api.metrics);
  app.get('/api/metrics/:id', api.metric);

  const writes = apiWriteRoutes(context, tokens);
  const json = express.json({ limit: bodyLimit });
  app.post('/api/statements', limitWrites, writes.authorize, json, writes.publish);
  app.post('/api/statements/:id/corrections', limitWrites, writes.authorize, writes.requireIfMatch, json, writes.correct);
  app.post('/api/statements/:id/retractions', limitWrites, writes.authorize, writes.requireIfMatch, json, writes.retract);

  const editor = editorRoutes(context, tokens);
  const form = express.urlencoded({ extended: false, limit: bodyLimit, parameterLimit: 2000 });
  app.use('/editor', editorSession(sessionSecret));
  app.get('/editor', editor.page);
  app.post('/editor/login', limitWrites, form, editor.verifyCsrf, editor.login);
  app.post('/editor/logout', form, editor.verifyCsrf, editor.logout);
  app.post('/editor', limitWrites, form, editor.verifyCsrf, editor.submit);

  app.use(notFound);
  app.use(errorHandler);
  return app;
}
