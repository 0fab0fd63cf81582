import { scaleUtc, type ScaleTime } from 'd3-scale';
import { DateTime } from 'luxon';
import { firstDay } from '../../../events/schema/dates.js';
import { intlLocale, type InterfaceLanguage } from '../../i18n/languages.js';

/**
 * Calendar days as UTC midnights: a source date is a day in Almaty, not an instant, so placing
 * it at UTC midnight keeps every day the same width whatever the server's zone.
 */
export const dayToDate = (value: string) => new Date(`${firstDay(value)}T00:00:00Z`);

const addDays = (date: Date, days: number) => new Date(date.getTime() + days * 86_400_000);

/** A d3 time scale over the days given, padded so the first and last marks are not on the edge. */
export function timeScale(days: readonly string[], range: [number, number], padDays: number): ScaleTime<number, number> {
  const dates = days.map(dayToDate).sort((a, b) => a.getTime() - b.getTime());
  const first = dates[0] ?? new Date('2022-01-01T00:00:00Z');
  const last = dates[dates.length - 1] ?? first;
  const pad = Math.max(padDays, (last.getTime() - first.getTime()) / 86_400_000 / 40);
  return scaleUtc().domain([addDays(first, -pad), addDays(last, pad)]).range(range);
}

/**
 * The ticks d3 chooses for the width: months over a long span ("Jan 2022", "Feb"…, the year at
 * its first tick), days over a short one ("29 Dec", "5 Jan"), in the page's language.
 */
export function monthTicks(x: ScaleTime<number, number>, count: number, lang: InterfaceLanguage = 'en') {
  let lastYear: number | undefined;
  const ticks = x.ticks(count);
  const monthly = ticks.every((date) => date.getUTCDate() === 1);
  return ticks.map((date) => {
    const d = DateTime.fromJSDate(date, { zone: 'utc' }).setLocale(intlLocale[lang]);
    const month = d.toFormat(monthly ? 'LLL' : 'd LLL');
    const label = d.year !== lastYear ? `${month} ${d.year}` : month;
    lastYear = d.year;
    return { x: round(x(date)), label };
  });
}

export const round = (n: number) => Math.round(n * 10) / 10;
export { addDays };
