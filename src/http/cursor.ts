import { z } from 'zod';
import { dayDate, partialDate } from '../../events/schema/dates.js';
import type { FindingKey } from '../../projections/checks/findings.js';
import type { TimelineKey } from '../../projections/statements/statements.js';
import { HttpError } from './errors.js';

/**
 * Cursors: where the next or previous page starts, as an opaque string for links and API
 * answers. Each holds the log position its page was read at besides the key, so following
 * cursors pages through one state of the archive: a statement corrected or retracted meanwhile
 * is neither shown twice nor skipped, and a cursor link shows the same page forever.
 * The string is base64url of a small JSON array; only the one spelling this code writes is
 * read back, so a link is never two strings for one page.
 */
export type Cursor<K> = Readonly<{ at: number; key: K }>;

const position = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

const codec = <K, T extends [string, ...unknown[]]>(
  schema: z.ZodType<T>,
  toTuple: (c: Cursor<K>) => T,
  fromTuple: (t: T) => Cursor<K>,
) => {
  const encode = (c: Cursor<K>) => Buffer.from(JSON.stringify(toTuple(c))).toString('base64url');
  const decode = (text: string): Cursor<K> | undefined => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    } catch {
      return undefined;
    }
    const tuple = schema.safeParse(parsed);
    if (!tuple.success) return undefined;
    const cursor = fromTuple(tuple.data);
    return encode(cursor) === text ? cursor : undefined;
  };
  const param = z
    .string()
    .max(400, 'is too long for a cursor')
    .transform((text, ctx) => {
      const cursor = decode(text);
      if (!cursor) {
        ctx.addIssue({ code: 'custom', message: 'must be a cursor from a link or answer of this archive, unchanged' });
        return z.NEVER;
      }
      return cursor;
    });
  return { encode, decode, param };
};

/** Cursors into the timeline (the statements in date order). */
export const timelineCursor = codec<TimelineKey, ['s', number, string, number]>(
  z.tuple([z.literal('s'), position, dayDate, position]),
  (c) => ['s', c.at, c.key.day, c.key.position],
  ([, at, day, p]) => ({ at, key: { day, position: p } }),
);

/** Cursors into the findings of the checks. */
export const findingCursor = codec<FindingKey, ['f', number, string, string]>(
  z.tuple([z.literal('f'), position, z.string().min(1).max(200), partialDate]),
  (c) => ['f', c.at, c.key.relationId, c.key.date],
  ([, at, relationId, date]) => ({ at, key: { relationId, date } }),
);

/**
 * The archive position a page by cursor is read at: the cursor's own. An `at` given beside it
 * must agree, and a cursor made past the end of this log (another archive's) is refused by name.
 */
export function cursorAt(at: number | undefined, cursor: Cursor<unknown> | undefined, name: string, head: number): number | undefined {
  if (!cursor) return at;
  const refuse = (message: string) => new HttpError(400, 'Invalid input', [{ path: name, message }]);
  if (at !== undefined && at !== cursor.at) throw refuse(`was made at log position ${cursor.at}, not at=${at}: give one or the other`);
  if (cursor.at > head) throw refuse(`was made at log position ${cursor.at}, past the end of this archive’s log (${head})`);
  return cursor.at;
}

/**
 * Cursors into search results: how many results lie before the page, at the log position the
 * search was first made at, so that paging on lists the texts the archive held then.
 */
export const searchCursor = codec<number, ['q', number, number]>(
  z.tuple([z.literal('q'), position, z.number().int().min(0).max(1_000_000)]),
  (c) => ['q', c.at, c.key],
  ([, at, offset]) => ({ at, key: offset }),
);
