import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import type { Editor } from '../config.js';
import { HttpError } from './errors.js';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest();

export type EditorTokens = Readonly<{
  enabled: boolean;
  /** The name of the editor whose token `candidate` is; compared in constant time against every token. */
  editorFor(candidate: string): string | undefined;
  /** A keyed fingerprint of a token, for the session: never the token, never a plain hash of it. */
  fingerprint(token: string): string;
  /** The editor a session's fingerprint belongs to, while their token is still configured (tokens can be revoked). */
  editorForFingerprint(fingerprint: string): string | undefined;
}>;

export function editorTokens(editors: readonly Editor[], sessionSecret: string): EditorTokens {
  const fingerprint = (token: string) => createHmac('sha256', sessionSecret).update(token, 'utf8').digest('base64url');
  // Hashing first gives equal-length buffers, so timingSafeEqual never leaks a token's length.
  const known = editors.map((e) => ({ name: e.name, token: sha256(e.token), fingerprint: sha256(fingerprint(e.token)) }));
  const find = (key: 'token' | 'fingerprint', candidate: Buffer) =>
    // No early exit: every configured token is compared whatever matches.
    known.reduce<string | undefined>((found, e) => (timingSafeEqual(e[key], candidate) ? e.name : found), undefined);
  return {
    enabled: known.length > 0,
    editorFor: (candidate) => find('token', sha256(candidate)),
    fingerprint,
    editorForFingerprint: (f) => find('fingerprint', sha256(f)),
  };
}

export const writesDisabledMessage =
  'Writes are disabled on this archive: start it with QANTAR_EDITOR_TOKENS=<name>:<token>[,<name>:<token>…] to let editors append.';

const bearer = /^Bearer\s+(\S+)\s*$/i;

/**
 * Who sends a write: the editor whose `Authorization: Bearer <token>` it carries, or nobody. Kept
 * in res.locals before the rate limit, so an editor's writes count against their own quota and
 * anonymous ones against their address. Refusing is requireBearer's job, after the limit.
 */
export function identifyBearer(tokens: EditorTokens): RequestHandler {
  return (req, res, next) => {
    const match = bearer.exec(req.get('Authorization') ?? '');
    res.locals.editor = match ? tokens.editorFor(match[1]!) : undefined;
    next();
  };
}

/** Lets through only a request identifyBearer found an editor for. The token is never logged or echoed. */
export function requireBearer(tokens: EditorTokens): RequestHandler {
  return (req, res, next) => {
    if (!tokens.enabled) throw new HttpError(403, writesDisabledMessage);
    if (res.locals.editor !== undefined) return next();
    if (!bearer.test(req.get('Authorization') ?? '')) {
      throw new HttpError(401, 'An editor token is required: send Authorization: Bearer <token>.', [], {
        'WWW-Authenticate': 'Bearer realm="qantar"',
      });
    }
    throw new HttpError(401, 'That editor token is not valid.', [], {
      'WWW-Authenticate': 'Bearer realm="qantar", error="invalid_token"',
    });
  };
}

/** The editor a write was authorised for (identifyBearer, or the editor's session). */
export function editorOf(res: Response): string {
  const editor: unknown = res.locals.editor;
  if (typeof editor !== 'string') throw new Error('a write reached its handler without an editor');
  return editor;
}
