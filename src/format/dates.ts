import { DateTime } from 'luxon';
import { precisionOf } from '../../events/schema/dates.js';

/** Kazakhstan's time zone (one zone since March 2024): every date is shown as Almaty saw it. */
export const archiveZone = 'Asia/Almaty';

/** "27 October 2022", "October 2022" or "2022": never a day the source did not give. */
export function formatPartialDate(value: string, locale = 'en-GB'): string {
  const precision = precisionOf(value);
  if (!precision) return value;
  const date = DateTime.fromISO(value, { zone: archiveZone }).setLocale(locale);
  if (precision === 'year') return date.toFormat('yyyy');
  if (precision === 'month') return date.toFormat('LLLL yyyy');
  return date.toFormat('d LLLL yyyy');
}

/** An instant the archive recorded, in Almaty time: "24 November 2026, 17:23 (UTC+5)". */
export function formatInstant(iso: string, locale = 'en-GB'): string {
  const date = DateTime.fromISO(iso, { zone: 'utc' }).setZone(archiveZone).setLocale(locale);
  return `${date.toFormat('d LLLL yyyy, HH:mm')} (${date.toFormat("'UTC'Z")})`;
}

/** Today in Almaty, for "as of today" defaults; the clock is read here, at the edge, never in a projection. */
export function todayInAlmaty(now: Date = new Date()): string {
  return DateTime.fromJSDate(now).setZone(archiveZone).toISODate()!;
}

/** The day of an instant the archive recorded, in Almaty time: "24 November 2026" (for "corrected on …"). */
export function formatInstantDay(iso: string, locale = 'en-GB'): string {
  return DateTime.fromISO(iso, { zone: 'utc' }).setZone(archiveZone).setLocale(locale).toFormat('d LLLL yyyy');
}

/** The same instant for running text, where parentheses would nest: "24 November 2026, 17:23 UTC+5". */
export function formatInstantInline(iso: string, locale = 'en-GB'): string {
  return DateTime.fromISO(iso, { zone: 'utc' }).setZone(archiveZone).setLocale(locale).toFormat("d LLLL yyyy, HH:mm 'UTC'Z");
}
