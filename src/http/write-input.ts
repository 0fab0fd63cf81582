import { z } from 'zod';
import { ValidationError, toArchiveEvent, type FieldIssue } from '../../events/validate.js';
import type { ArchiveEvent } from '../../events/types.js';
import { DomainError } from '../domain/errors.js';

/** Moves an issue path from toArchiveEvent's "data.…" to where the field is in the request body. */
const rebase = (path: string, base: string) => [base, path.replace(/^data\.?/, '')].filter(Boolean).join('.');

/** One event from one part of a request body; issues name the body's own paths. */
function eventAt(type: ArchiveEvent['type'], data: unknown, base: string, issues: FieldIssue[]): ArchiveEvent | undefined {
  try {
    return toArchiveEvent({ type, data });
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    issues.push(...error.issues.map((i) => ({ path: rebase(i.path, base), message: i.message })));
    return undefined;
  }
}

const envelope = z.strictObject({ statement: z.unknown(), metrics: z.array(z.unknown()).max(100).default([]) });

export type WriteBatch = Readonly<{ events: ArchiveEvent[]; bases: string[] }>;

/**
 * POST /api/statements takes either a StatementPublished's data, or
 * { statement, metrics: [MetricDefined data…] } to define new metrics with it in one request.
 * Every invalid field of every part is reported at once.
 */
export function publishBatch(body: unknown): WriteBatch & { statementId: string } {
  const isObject = typeof body === 'object' && body !== null && !Array.isArray(body);
  if (!isObject) throw new ValidationError([{ path: '', message: 'must be a JSON object sent with Content-Type: application/json' }]);
  const issues: FieldIssue[] = [];
  const parts: { type: ArchiveEvent['type']; data: unknown; base: string }[] = [];
  if ('statement' in body) {
    const parsed = envelope.safeParse(body);
    if (!parsed.success) throw new ValidationError(parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
    parsed.data.metrics.forEach((data, i) => parts.push({ type: 'MetricDefined', data, base: `metrics.${i}` }));
    parts.push({ type: 'StatementPublished', data: parsed.data.statement, base: 'statement' });
  } else {
    parts.push({ type: 'StatementPublished', data: body, base: '' });
  }
  const events = parts.map((p) => eventAt(p.type, p.data, p.base, issues));
  if (issues.length) throw new ValidationError(issues);
  const statement = events[events.length - 1]!;
  return {
    events: events as ArchiveEvent[],
    bases: parts.map((p) => p.base),
    statementId: statement.type === 'StatementPublished' ? statement.data.id : '',
  };
}

/** A correction or retraction of the statement the URL names; the body holds the rest of its data. */
export function changeEvent(type: 'StatementCorrected' | 'StatementRetracted', statementId: string, body: unknown): ArchiveEvent {
  const isObject = typeof body === 'object' && body !== null && !Array.isArray(body);
  if (!isObject) throw new ValidationError([{ path: '', message: 'must be a JSON object sent with Content-Type: application/json' }]);
  const issues: FieldIssue[] = [];
  const event = eventAt(type, { ...body, statementId }, '', issues);
  if (!event) throw new ValidationError(issues);
  return event;
}

/** appendArchiveEvents names "[i].data.…" in a batch, "data.…" alone: rename to the request body's paths. */
export function rebaseDomainError(error: unknown, bases: readonly string[]): unknown {
  if (error instanceof ValidationError) {
    return new ValidationError(error.issues.map((i) => ({ ...i, path: bodyPath(i.path, bases) ?? i.path })), error.where);
  }
  if (!(error instanceof DomainError)) return error;
  const path = bodyPath(error.path, bases);
  return path === undefined ? error : new DomainError(error.code, path, error.message);
}

function bodyPath(path: string, bases: readonly string[]): string | undefined {
  const match = /^(?:\[(\d+)\]\.)?data\.?(.*)$/.exec(path);
  if (!match) return undefined;
  const base = bases[match[1] === undefined ? 0 : Number(match[1])] ?? '';
  return [base, match[2]].filter(Boolean).join('.');
}
