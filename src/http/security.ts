import { randomBytes } from 'node:crypto';
import type { RequestHandler } from 'express';
import cookieSession from 'cookie-session';
import { rateLimit } from 'express-rate-limit';
import helmet from 'helmet';

/** Helmet's headers with a CSP that allows no inline script or style: every page is static HTML + one stylesheet. */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'none'"],
        'style-src': ["'self'"],
        'img-src': ["'self'", 'data:'],
        'form-action': ["'self'"],
        'frame-ancestors': ["'none'"],
        // The archive may be served over plain HTTP on a laptop; TLS deployments get HSTS instead.
        'upgrade-insecure-requests': null,
      },
    },
  });
}

/**
 * The editor session: a signed cookie, HttpOnly and SameSite=strict, marked Secure whenever the
 * request came over TLS (directly, or through a proxy the `trust proxy` setting believes).
 */
export function editorSession(secret: string): RequestHandler[] {
  const session = cookieSession({
    name: 'qantar-session',
    keys: [secret],
    httpOnly: true,
    sameSite: 'strict',
    maxAge: 8 * 60 * 60 * 1000,
  });
  const secureWhenTls: RequestHandler = (req, _res, next) => {
    if (req.sessionOptions) req.sessionOptions.secure = req.secure;
    next();
  };
  return [session, secureWhenTls];
}

/** No session secret configured: a random one, so sessions end with the process instead of being forgeable. */
export const randomSecret = () => randomBytes(32).toString('base64url');

export type WriteLimit = Readonly<{ windowMs: number; limit: number }>;

/** Writes per client and window; reads are not limited (they are cheap, indexed queries). */
export function writeRateLimit({ windowMs, limit }: WriteLimit): RequestHandler {
  return rateLimit({
    windowMs,
    limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    message: { error: `Too many writes: at most ${limit} every ${Math.round(windowMs / 1000)} seconds. Try again later.` },
  });
}
