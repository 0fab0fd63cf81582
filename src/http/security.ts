import { randomBytes } from 'node:crypto';
import type { RequestHandler } from 'express';
import session, { type Store } from 'express-session';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import helmet from 'helmet';

/** The CSP every page shares: no inline script or style, every page is static HTML + one stylesheet. */
const directives = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
  // The archive may be served over plain HTTP on a laptop; TLS deployments get HSTS instead.
  'upgrade-insecure-requests': null,
};

/** Paths made to be framed by other sites: the embeds (/embed/*) and nothing else. */
export const isEmbedPath = (path: string) => path.startsWith('/embed/');

/**
 * Helmet's headers. Every page refuses to be framed (frame-ancestors 'none' and X-Frame-Options
 * DENY, against clickjacking), except the embeds, which any site may frame: they hold no form
 * and no session, only a chart or the timeline with its permalink. Scripts only from the
 * archive's own files (public/), never inline.
 */
export function securityHeaders(): RequestHandler {
  const pages = helmet({
    contentSecurityPolicy: { useDefaults: true, directives },
    xFrameOptions: { action: 'deny' },
  });
  const embeds = helmet({
    contentSecurityPolicy: { useDefaults: true, directives: { ...directives, 'frame-ancestors': ['*'] } },
    // X-Frame-Options has no "anyone": leaving it out lets frame-ancestors decide.
    xFrameOptions: false,
    // So that another origin's page may show the embed's document.
    crossOriginResourcePolicy: { policy: 'cross-origin' },
  });
  return (req, res, next) => (isEmbedPath(req.path) ? embeds : pages)(req, res, next);
}

declare module 'express-session' {
  interface SessionData {
    /** The synchronizer token of this session's forms (csrf.ts). */
    csrf: string;
    /** Set at sign-in: the keyed fingerprint of the editor's token, never the token. */
    editor: string;
    /** When the editor signed in (ms, from the app's clock): the session's lifetime is counted from it. */
    signedInAt: number;
  }
}

/** How long a sign-in lasts, counted by the server from sign-in, whatever the browser keeps. */
export const editorSessionLifetimeMs = 8 * 60 * 60 * 1000;
export const editorSessionCookie = 'qantar-session';

/**
 * The editor session: kept on the server (`store`), the cookie holding only its signed random id.
 * HttpOnly and SameSite=strict, and Secure whenever the request came over TLS (directly, or
 * through a proxy the `trust proxy` setting believes). Nothing is stored for a visitor who never
 * opens a form.
 */
export function editorSession(secret: string, store: Store): RequestHandler {
  return session({
    name: editorSessionCookie,
    secret,
    store,
    resave: false,
    saveUninitialized: false,
    unset: 'destroy',
    cookie: { httpOnly: true, sameSite: 'strict', secure: 'auto', maxAge: editorSessionLifetimeMs },
  });
}

/** The editor's pages hold a CSRF token and unpublished input: no cache (browser or proxy) may keep them. */
export const noStore: RequestHandler = (_req, res, next) => {
  res.set('Cache-Control', 'no-store');
  next();
};

/** No session secret configured: a random one, so sessions end with the process instead of being forgeable. */
export const randomSecret = () => randomBytes(32).toString('base64url');

export type WriteLimit = Readonly<{ windowMs: number; limit: number }>;

/**
 * Writes per window: an editor's (res.locals.editor, set before this runs) count against that
 * editor, whatever address they come from; any other write, a sign-in or a wrong token, against
 * the client's address. So no one can use up an editor's quota but the editor. Reads are not
 * limited (they are cheap, indexed queries).
 */
export function writeRateLimit({ windowMs, limit }: WriteLimit): RequestHandler {
  return rateLimit({
    windowMs,
    limit,
    keyGenerator: (req, res) => (typeof res.locals.editor === 'string' ? `editor:${res.locals.editor}` : `address:${ipKeyGenerator(req.ip ?? '')}`),
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    message: { error: `Too many writes: at most ${limit} every ${Math.round(windowMs / 1000)} seconds. Try again later.` },
  });
}
