import { z } from 'zod';
import { LRUCache } from 'lru-cache';
import { DateTime } from 'luxon';

/**
 * A date the source gave, at the precision it gave it: "2022" (year), "2022-10" (month)
 * or "2022-10-27" (day). The precision is the string's own shape, so a day is never
 * invented for a date the source gave only as a month.
 */
export type Precision = 'year' | 'month' | 'day';

const shapes: Record<Precision, RegExp> = {
  year: /^\d{4}$/,
  month: /^\d{4}-\d{2}$/,
  day: /^\d{4}-\d{2}-\d{2}$/,
};

export function precisionOf(value: string): Precision | undefined {
  return (Object.keys(shapes) as Precision[]).find((p) => shapes[p].test(value));
}

/** Each date string is checked once: query strings and inputs repeat them. */
const realDates = new LRUCache<string, boolean>({ max: 20_000 });

function isRealDate(value: string): boolean {
  // Nothing longer than YYYY-MM-DD is a date, and nothing longer is kept.
  if (value.length > 10) return false;
  let real = realDates.get(value);
  if (real === undefined) realDates.set(value, (real = checkRealDate(value)));
  return real;
}

function checkRealDate(value: string): boolean {
  const precision = precisionOf(value);
  if (!precision) return false;
  const format = { year: 'yyyy', month: 'yyyy-MM', day: 'yyyy-MM-dd' }[precision];
  // Whether a calendar day exists does not depend on the zone; UTC spares luxon a zone's offset rules.
  return DateTime.fromFormat(value, format, { zone: 'utc' }).isValid;
}

export const partialDate = z
  .string()
  .refine(isRealDate, { message: 'must be a real date written YYYY, YYYY-MM or YYYY-MM-DD' });

export const dayDate = z
  .string()
  .refine((v) => precisionOf(v) === 'day' && isRealDate(v), {
    message: 'must be a real day written YYYY-MM-DD',
  });

/** The first day a partial date covers: where it sorts among days. */
export function firstDay(value: string): string {
  const precision = precisionOf(value);
  if (precision === 'year') return `${value}-01-01`;
  if (precision === 'month') return `${value}-01`;
  return value;
}
