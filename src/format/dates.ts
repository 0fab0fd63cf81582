import { LRUCache } from 'lru-cache';
import { DateTime } from 'luxon';
import { precisionOf } from '../../events/schema/dates.js';
import { defaultLanguage, intlLocale, type InterfaceLanguage } from '../i18n/languages.js';

/** Kazakhstan's time zone (one zone since March 2024): every date is shown as Almaty saw it. */
export const archiveZone = 'Asia/Almaty';

/**
 * Each formatter below is a pure function of its strings, called for every date of every row
 * and citation: luxon's zone arithmetic was half the time of a figures page, so answers are kept
 * (a bounded set per formatter).
 */
function remembered(
  format: (value: string, language: InterfaceLanguage) => string,
): (value: string, language?: InterfaceLanguage) => string {
  const kept = new LRUCache<string, string>({ max: keptPerFormatter });
  return (value, language = defaultLanguage) => {
    const key = `${language} ${value}`;
    let text = kept.get(key);
    if (text === undefined) kept.set(key, (text = format(value, language)));
    return text;
  };
}

const keptPerFormatter = 20_000;

/**
 * How each language writes a day, a month and a year on their own. luxon supplies the month
 * names (through Intl); the order and the words around them are each language's own:
 * "5 January 2023", "5 января 2023 г.", "2023 жылғы 5 қаңтар". A month alone takes the
 * standalone form in Russian ("январь 2023 г."), the running form in Kazakh ("2023 жылғы қаңтар").
 */
const patterns: Record<InterfaceLanguage, Record<'day' | 'month' | 'year' | 'time', string>> = {
  en: { day: 'd LLLL yyyy', month: 'LLLL yyyy', year: 'yyyy', time: 'd LLLL yyyy, HH:mm' },
  ru: { day: "d MMMM yyyy 'г.'", month: "LLLL yyyy 'г.'", year: "yyyy 'г.'", time: "d MMMM yyyy 'г.', HH:mm" },
  kk: { day: "yyyy 'жылғы' d MMMM", month: "yyyy 'жылғы' MMMM", year: "yyyy 'ж.'", time: "yyyy 'жылғы' d MMMM, HH:mm" },
};

function inAlmaty(iso: string, language: InterfaceLanguage): DateTime {
  return DateTime.fromISO(iso, { zone: 'utc' }).setZone(archiveZone).setLocale(intlLocale[language]);
}

/** "27 October 2022", "October 2022" or "2022" (or their Russian and Kazakh forms): never a day the source did not give. */
export const formatPartialDate = remembered((value, language) => {
  const precision = precisionOf(value);
  if (!precision) return value;
  const date = DateTime.fromISO(value, { zone: archiveZone }).setLocale(intlLocale[language]);
  return date.toFormat(patterns[language][precision]);
});

/** An instant the archive recorded, in Almaty time: "24 November 2026, 17:23 (UTC+5)". */
export const formatInstant = remembered((iso, language) => {
  const date = inAlmaty(iso, language);
  return `${date.toFormat(patterns[language].time)} (${date.toFormat("'UTC'Z")})`;
});

/** Today in Almaty, for "as of today" defaults; the clock is read here, at the edge, never in a projection. */
export function todayInAlmaty(now: Date = new Date()): string {
  // Almaty's offsets since 1924 are whole hours, so its date is the same through a UTC hour.
  return dayOfUtcHour(String(Math.floor(now.getTime() / hourMs)));
}

const hourMs = 3_600_000;
const dayOfUtcHour = remembered((hour) => DateTime.fromMillis(Number(hour) * hourMs).setZone(archiveZone).toISODate()!);

/** The day of an instant the archive recorded, in Almaty time: "24 November 2026" (for "corrected on …"). */
export const formatInstantDay = remembered((iso, language) => inAlmaty(iso, language).toFormat(patterns[language].day));

/** The same instant for running text, where parentheses would nest: "24 November 2026, 17:23 UTC+5". */
export const formatInstantInline = remembered((iso, language) =>
  inAlmaty(iso, language).toFormat(`${patterns[language].time} 'UTC'Z`),
);
