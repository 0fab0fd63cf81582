import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ValidationError, type FieldIssue } from '../../events/validate.js';
import { DomainError } from '../domain/errors.js';
import { DuplicateEventIdError, StoreUnavailableError } from '../store/errors.js';
import { translator } from '../i18n/messages.js';
import { pageLanguage } from './language.js';
import { errorText } from './error-text.js';

/** An error that already knows its status: thrown by handlers for what the typed errors do not cover. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly issues: readonly FieldIssue[] = [],
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

type Answer = { status: number; error: string; code?: string; issues?: readonly FieldIssue[]; headers?: Record<string, string> };

const domainStatus: Record<DomainError['code'], number> = {
  UNKNOWN_STATEMENT: 404,
  UNKNOWN_METRIC: 400,
  UNKNOWN_RELATION: 400,
  UNTRANSLATABLE: 400,
  UNIT_MISMATCH: 400,
  CONFLICT: 409,
  DUPLICATE: 409,
  RETRACTED: 409,
};

/** The one place typed errors become statuses; anything unknown is a 500 that leaks no detail. */
export function answerFor(error: unknown, hasIfMatch: boolean): Answer {
  if (error instanceof HttpError) {
    return { status: error.status, error: error.message, issues: error.issues, headers: { ...error.headers } };
  }
  if (error instanceof ValidationError) {
    return { status: 400, error: 'Invalid input', code: error.code, issues: error.issues };
  }
  if (error instanceof DomainError) {
    // A revision conflict on a conditional request is a failed precondition: the editor's copy is stale.
    const status = error.code === 'CONFLICT' && hasIfMatch ? 412 : domainStatus[error.code];
    return { status, error: error.message, code: error.code, issues: [{ path: error.path, message: error.message }] };
  }
  if (error instanceof DuplicateEventIdError) return { status: 409, error: error.message, code: error.code };
  if (error instanceof StoreUnavailableError) {
    return { status: 503, error: 'The archive’s event store is unavailable; try again shortly.', code: error.code, headers: { 'Retry-After': '5' } };
  }
  // body-parser and friends (http-errors) carry their own 4xx: 413 too large, 400 malformed JSON, 415.
  const status = (error as { status?: unknown })?.status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return { status, error: (error as Error).message || 'Bad request' };
  }
  return { status: 500, error: 'Something went wrong on our side.' };
}

const titledStatuses = new Set([400, 403, 404, 503]);
const titleKey = (status: number) => (titledStatuses.has(status) ? `common:error.title${status}` : 'common:error.titleOther');

export const errorHandler: ErrorRequestHandler = (error, req, res, next) => {
  if (res.headersSent) return next(error);
  const answer = answerFor(error, req.get('If-Match') !== undefined);
  // Requests are logged by method and path only: headers (and the tokens in them) never are.
  if (answer.status === 500) console.error(`${req.method} ${req.path}:`, error);
  if (answer.status === 503) console.warn(`${req.method} ${req.path}: ${(error as Error).message}`);
  res.status(answer.status).set(answer.headers ?? {});
  const body = { error: answer.error, ...(answer.code ? { code: answer.code } : {}), ...(answer.issues?.length ? { issues: answer.issues } : {}) };
  if (req.path.startsWith('/api/')) return void res.json(body);
  res.format({
    html: () => {
      const t = translator(pageLanguage(res));
      res.render('pages/error', { title: t(titleKey(answer.status)), status: answer.status, ...errorText(answer.error, answer.issues, t) });
    },
    json: () => res.json(body),
    default: () => res.type('text').send(`${answer.error}\n${(answer.issues ?? []).map((i) => `${i.path}: ${i.message}\n`).join('')}`),
  });
};

export const notFound: RequestHandler = (req, res) => {
  res.status(404);
  const body = { error: 'Not found', path: req.path };
  if (req.path.startsWith('/api/')) return void res.json(body);
  res.format({
    html: () => res.render('pages/not-found', { title: translator(pageLanguage(res))('common:notFound.title'), path: req.path }),
    json: () => res.json(body),
    default: () => res.type('text').send(`Not found: ${req.path}\n`),
  });
};
