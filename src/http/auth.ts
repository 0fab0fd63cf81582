import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { HttpError } from './errors.js';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest();

export type EditorTokens = Readonly<{
  enabled: boolean;
  /** True when `candidate` is one of the editor tokens; compared in constant time. */
  matches(candidate: string): boolean;
  /** A keyed fingerprint of a token, for the session cookie: never the token, never a plain hash of it. */
  fingerprint(token: string): string;
  /** True when a session's fingerprint still belongs to a configured token (tokens can be revoked). */
  knowsFingerprint(fingerprint: string): boolean;
}>;

export function editorTokens(tokens: readonly string[], sessionSecret: string): EditorTokens {
  // Hashing first gives equal-length buffers, so timingSafeEqual never leaks a token's length.
  const hashes = tokens.filter((t) => t.length > 0).map(sha256);
  const fingerprint = (token: string) => createHmac('sha256', sessionSecret).update(token, 'utf8').digest('base64url');
  const fingerprints = tokens.filter((t) => t.length > 0).map((t) => sha256(fingerprint(t)));
  const anyEqual = (list: Buffer[], candidate: Buffer) =>
    // No early exit: every configured token is compared whatever matches.
    list.reduce((found, h) => timingSafeEqual(h, candidate) || found, false);
  return {
    enabled: hashes.length > 0,
    matches: (candidate) => anyEqual(hashes, sha256(candidate)),
    fingerprint,
    knowsFingerprint: (f) => anyEqual(fingerprints, sha256(f)),
  };
}

export const writesDisabledMessage =
  'Writes are disabled on this archive: start it with QANTAR_EDITOR_TOKENS=<token>[,<token>…] to let editors append.';

/** `Authorization: Bearer <token>` for the JSON write API. The token is never logged or echoed. */
export function requireBearer(tokens: EditorTokens): RequestHandler {
  return (req, _res, next) => {
    if (!tokens.enabled) throw new HttpError(403, writesDisabledMessage);
    const match = /^Bearer\s+(\S+)\s*$/i.exec(req.get('Authorization') ?? '');
    if (!match) {
      throw new HttpError(401, 'An editor token is required: send Authorization: Bearer <token>.', [], {
        'WWW-Authenticate': 'Bearer realm="qantar"',
      });
    }
    if (!tokens.matches(match[1]!)) {
      throw new HttpError(401, 'That editor token is not valid.', [], {
        'WWW-Authenticate': 'Bearer realm="qantar", error="invalid_token"',
      });
    }
    next();
  };
}
