import { LRUCache } from 'lru-cache';
import { DateTime } from 'luxon';
import { precisionOf } from '../../events/schema/dates.js';

/** Kazakhstan's time zone (one zone since March 2024): every date is shown as Almaty saw it. */
export const archiveZone = 'Asia/Almaty';

/**
 * Each formatter below is a pure function of its strings, called for every date of every row
 * and citation: luxon's zone arithmetic was half the time of a figures page, so answers are kept
 * (a bounded set per formatter).
 */
function remembered(format: (value: string, locale: string) => string): (value: string, locale?: string) => string {
  const kept = new LRUCache<string, string>({ max: keptPerFormatter });
  return (value, locale = 'en-GB') => {
    const key = `${locale} ${value}`;
    let text = kept.get(key);
    if (text === undefined) kept.set(key, (text = format(value, locale)));
    return text;
  };
}

const keptPerFormatter = 20_000;

/** "27 October 2022", "October 2022" or "2022": never a day the source did not give. */
export const formatPartialDate = remembered((value, locale) => {
  const precision = precisionOf(value);
  if (!precision) return value;
  const date = DateTime.fromISO(value, { zone: archiveZone }).setLocale(locale);
  if (precision === 'year') return date.toFormat('yyyy');
  if (precision === 'month') return date.toFormat('LLLL yyyy');
  return date.toFormat('d LLLL yyyy');
});

/** An instant the archive recorded, in Almaty time: "24 November 2026, 17:23 (UTC+5)". */
export const formatInstant = remembered((iso, locale) => {
  const date = DateTime.fromISO(iso, { zone: 'utc' }).setZone(archiveZone).setLocale(locale);
  return `${date.toFormat('d LLLL yyyy, HH:mm')} (${date.toFormat("'UTC'Z")})`;
});

/** Today in Almaty, for "as of today" defaults; the clock is read here, at the edge, never in a projection. */
export function todayInAlmaty(now: Date = new Date()): string {
  // Almaty's offsets since 1924 are whole hours, so its date is the same through a UTC hour.
  return dayOfUtcHour(String(Math.floor(now.getTime() / hourMs)));
}

const hourMs = 3_600_000;
const dayOfUtcHour = remembered((hour) => DateTime.fromMillis(Number(hour) * hourMs).setZone(archiveZone).toISODate()!);

/** The day of an instant the archive recorded, in Almaty time: "24 November 2026" (for "corrected on …"). */
export const formatInstantDay = remembered((iso, locale) =>
  DateTime.fromISO(iso, { zone: 'utc' }).setZone(archiveZone).setLocale(locale).toFormat('d LLLL yyyy'),
);

/** The same instant for running text, where parentheses would nest: "24 November 2026, 17:23 UTC+5". */
export const formatInstantInline = remembered((iso, locale) =>
  DateTime.fromISO(iso, { zone: 'utc' }).setZone(archiveZone).setLocale(locale).toFormat("d LLLL yyyy, HH:mm 'UTC'Z"),
);
