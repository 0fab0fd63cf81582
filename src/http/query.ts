import type { Request } from 'express';
import { z } from 'zod';
import { dayDate } from '../../events/schema/dates.js';
import { parseOrThrow } from '../../events/validate.js';
import type { ArchiveReader } from '../reader/port.js';
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

export const timelineQuery = z.object({
  at: optional(position),
  topic: optional(filter),
  body: optional(filter),
  kind: optional(filter),
  until: optional(day),
});

const count = (what: string, min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,9}$/, `must be ${what}, a whole number`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `must be between ${min} and ${max}`);

/** The timeline page: its filters and which page of them, 1 the earliest; none given is the latest. */
export const timelinePageQuery = timelineQuery.extend({ page: optional(count('a page number', 1, 999_999_999)) });

/** The most statements one API answer holds. */
export const apiStatementsMax = 500;

/** /api/statements: its filters and a window, `offset` statements in, `limit` long. */
export const apiStatementsQuery = timelineQuery.extend({
  limit: optional(count('a number of statements', 1, apiStatementsMax)),
  offset: optional(count('a number of statements to skip', 0, 999_999_999)),
});

export const figuresQuery = timesQuery.extend({ topic: optional(filter) });

/** /checks: the three times, and which page of the resolved findings, 1 the earliest; none given is the latest. */
export const checksPageQuery = timesQuery.extend({ page: optional(count('a page number', 1, 999_999_999)) });

/** The most findings one API answer holds. */
export const apiFindingsMax = 100;

/** /api/checks: the three times and a window of the findings, `offset` in, `limit` long. */
export const apiChecksQuery = timesQuery.extend({
  limit: optional(count('a number of findings', 1, apiFindingsMax)),
  offset: optional(count('a number of findings to skip', 0, 999_999_999)),
});

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
