import type { Request } from 'express';
import { z } from 'zod';
import { dayDate } from '../../events/schema/dates.js';
import { parseOrThrow } from '../../events/validate.js';
import type { ArchiveReader } from '../reader/port.js';
import { findingCursor, timelineCursor } from './cursor.js';
import { HttpError } from './errors.js';

/** An empty form field (`?known=`) means "not given", as a browser sends it. */
const optional = <S extends z.ZodType>(schema: S) =>
  z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

export const day = dayDate;
export const position = z
  .string()
  .regex(/^\d{1,15}$/, 'must be a log position, a whole number such as 42')
  .transform(Number);
const filter = z.string().max(300, 'is too long');

/** The three times of DESIGN.md, as every page and API read takes them. */
export const timesQuery = z.object({
  date: optional(day),
  known: optional(day),
  at: optional(position),
});

export const timelineQuery = z
  .object({
    at: optional(position),
    topic: optional(filter),
    body: optional(filter),
    kind: optional(filter),
    from: optional(day),
    until: optional(day),
  })
  .superRefine((q, ctx) => {
    // An empty range is a mistake in the form, not a question with no answer: say which field.
    if (q.from !== undefined && q.until !== undefined && q.until < q.from) {
      ctx.addIssue({ code: 'custom', path: ['until'], message: 'must be on or after from' });
    }
  });

const count = (what: string, min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,9}$/, `must be ${what}, a whole number`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `must be between ${min} and ${max}`);

/** Two ways of saying where a page starts cannot both be given: which would win is a guess. */
const notBoth =
  (first: string, ...others: string[]) =>
  (q: Record<string, unknown>, ctx: z.RefinementCtx) => {
    for (const other of others) {
      if (q[first] !== undefined && q[other] !== undefined) {
        ctx.addIssue({ code: 'custom', path: [other], message: `cannot be given with ${first}` });
      }
    }
  };

/**
 * The timeline page: its filters and where the page starts: after or before a cursor from a
 * link, or an old page number (1 the earliest); none given is the latest.
 */
export const timelinePageQuery = timelineQuery
  .extend({
    page: optional(count('a page number', 1, 999_999_999)),
    after: optional(timelineCursor.param),
    before: optional(timelineCursor.param),
  })
  .superRefine(notBoth('page', 'after', 'before'))
  .superRefine(notBoth('after', 'before'));

/** The most statements one API answer holds. */
export const apiStatementsMax = 500;

/** An API window of `what`, `limit` long, from the cursor `after` (an answer's `next`) or, as old links do, `offset` in. */
const windowOf = <C extends z.ZodType>(what: string, max: number, cursor: C) => ({
  limit: optional(count(`a number of ${what}`, 1, max)),
  offset: optional(count(`a number of ${what} to skip`, 0, 999_999_999)),
  after: optional(cursor),
});

/** /api/statements: its filters and a window of the statements. */
export const apiStatementsQuery = timelineQuery
  .extend(windowOf('statements', apiStatementsMax, timelineCursor.param))
  .superRefine(notBoth('after', 'offset'));

export const figuresQuery = timesQuery.extend({ topic: optional(filter) });

/** /checks: the three times, and which page of the resolved findings, 1 the earliest; none given is the latest. */
export const checksPageQuery = timesQuery.extend({ page: optional(count('a page number', 1, 999_999_999)) });

/** The most findings one API answer holds. */
export const apiFindingsMax = 100;

/** /api/checks: the three times and a window of the findings. */
export const apiChecksQuery = timesQuery
  .extend(windowOf('findings', apiFindingsMax, findingCursor.param))
  .superRefine(notBoth('after', 'offset'));

/** Parses req.query; a bad parameter is a 400 naming it (ValidationError path = the parameter). */
export function parseQuery<S extends z.ZodType>(schema: S, req: Request): z.output<S> {
  return parseOrThrow(schema, req.query);
}

/**
 * The archive position a read is made at: the one asked for, or the read model's current one.
 * A position past the end of the log is refused: a citation must show the same page forever.
 */
export function resolveAt(reader: Pick<ArchiveReader, 'checkpoint'>, at: number | undefined): { at: number; pinned: boolean } {
  const head = Number(reader.checkpoint() ?? 0n);
  if (at === undefined) return { at: head, pinned: false };
  if (at > head) {
    throw new HttpError(400, 'Invalid input', [{ path: 'at', message: `the archive’s log ends at position ${head}` }]);
  }
  return { at, pinned: true };
}
