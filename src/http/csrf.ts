import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { HttpError } from './errors.js';
import { translator } from '../i18n/messages.js';
import { pageLanguage } from './language.js';

/**
 * Synchronizer-token CSRF protection: one random token per session, put in every form and
 * compared in constant time on every POST. The SameSite=strict cookie is the first line; this
 * is the second, for browsers that ignore SameSite.
 */
export function csrfToken(req: Request): string {
  const session = req.session;
  if (typeof session.csrf !== 'string') session.csrf = randomBytes(32).toString('base64url');
  return session.csrf;
}

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

export const verifyCsrf: RequestHandler = (req, res, next) => {
  const expected = req.session?.csrf;
  const sent = (req.body as Record<string, unknown> | undefined)?._csrf;
  if (typeof expected !== 'string' || typeof sent !== 'string' || !timingSafeEqual(digest(expected), digest(sent))) {
    throw new HttpError(403, translator(pageLanguage(res))('editor:error.csrf'));
  }
  next();
};
