import { DateTime } from 'luxon';
import type { StatementVersion } from '../../../projections/statements/statements.js';
import { firstDay, precisionOf } from '../../../events/schema/dates.js';
import { formatPartialDate } from '../../format/dates.js';
import { intlLocale, type InterfaceLanguage } from '../../i18n/languages.js';
import type { Translate } from '../../i18n/messages.js';
import { link } from '../present/links.js';

/**
 * The visual timeline is an ordered list laid out by CSS, not an SVG: a list keeps every label as
 * text that wraps to the width it is given, is read in date order by a screen reader, puts every
 * event in the tab order as a link, and opens a crowded day with <details>, which needs no script
 * (the CSP allows none) and works from the keyboard and on touch. Time is shown as dates and as
 * the gaps between them ("3 months later"), not as a scale a phone cannot fit.
 */

/** The topic whose statements are drawn as one path: the amnesty law, proposed → approved → signed. */
export const lawPathTopic = 'amnesty-law';
/** A day with more statements than this is folded into a group a reader opens. */
export const openDayLimit = 3;
/** Labels longer than this are cut at a word: the list below the chart gives every title in full. */
const shortTitleLength = 90;
/** A gap of at least this many months between two days is written out. */
const gapMonths = 2;

/** A text as a page shows it: `lang` is set where it is not in the page's language. */
export type ShownText = Readonly<{ text: string; lang?: string }>;

export type TimelineChartOptions = Readonly<{
  lang: InterfaceLanguage;
  t: Translate;
  at?: number;
  /** A statement's title as the page shows it; without it, the archive's English title, marked so. */
  titleOf?: (s: StatementVersion['statement']) => ShownText;
}>;

/** The archive's own words as it holds them: English, marked so on a page in any language. */
export const englishTitle = (s: StatementVersion['statement']): ShownText => ({ text: s.title, lang: 'en' });

export type TimelineEvent = Readonly<{ id: string; href: string; label: string; labelLang?: string; title: string; onLawPath: boolean }>;
export type TimelineDay = Readonly<{
  iso: string;
  date: string;
  events: readonly TimelineEvent[];
  /** More than `openDayLimit` statements: shown as a group that opens. */
  folded: boolean;
  count: string;
  onLawPath: boolean;
  /** "4 months later": the time since the day before it, when it is long. */
  gap?: string;
}>;
export type TimelinePeriod = Readonly<{ id: string; kind: 'period' | 'law'; label: string; labelLang?: string; dates: string; start: string; end: string }>;
export type TimelineRow = Readonly<{ day?: TimelineDay; period?: TimelinePeriod & { days: TimelineDay[] } }>;

/** The statements of a page as rows of the visual timeline: days in date order, those inside a period gathered in its band. */
export function timelineChart(statements: readonly StatementVersion[], options: TimelineChartOptions) {
  const days = groupByDay(statements, options);
  const periods = periodsOf(statements, options);
  const rows: { day?: TimelineDay; period?: TimelinePeriod & { days: TimelineDay[] } }[] = [];
  for (const day of days) {
    const first = firstDay(day.iso);
    const period = periods.find((p) => p.start <= first && first <= p.end);
    const last = rows[rows.length - 1];
    if (!period) rows.push({ day });
    else if (last?.period?.id === period.id) last.period.days.push(day);
    else rows.push({ period: { ...period, days: [day] } });
  }
  return { rows, periods, dayCount: days.length, lawSteps: lawPathSteps(statements, options) };
}

function groupByDay(statements: readonly StatementVersion[], { lang, t, at, titleOf = englishTitle }: TimelineChartOptions): TimelineDay[] {
  const days: TimelineDay[] = [];
  let open: { iso: string; events: TimelineEvent[] } | undefined;
  const close = () => {
    if (!open) return;
    const previous = days[days.length - 1];
    days.push({
      iso: open.iso,
      date: formatPartialDate(open.iso, lang),
      events: open.events,
      folded: open.events.length > openDayLimit,
      count: t('timeline:chart.dayCount', { count: open.events.length }),
      onLawPath: open.events.some((e) => e.onLawPath),
      gap: previous && gapBetween(previous.iso, open.iso, t),
    });
  };
  for (const { statement: s } of statements) {
    // A statement dated only to a month or a year is a "day" of its own: a day is never invented for it.
    if (open?.iso !== s.publishedOn) {
      close();
      open = { iso: s.publishedOn, events: [] };
    }
    const title = titleOf(s);
    open.events.push({
      id: s.id,
      href: link(`/statements/${s.id}`, { at }),
      label: shortTitle(title.text),
      ...(title.lang && { labelLang: title.lang }),
      title: title.text,
      onLawPath: s.topics.includes(lawPathTopic),
    });
  }
  close();
  return days;
}

/** "Parliament approves the amnesty law", or a long title cut at a word before 90 characters, with "…". */
export function shortTitle(title: string): string {
  if (title.length <= shortTitleLength) return title;
  const cut = title.slice(0, shortTitleLength);
  const space = cut.lastIndexOf(' ');
  return `${(space > shortTitleLength / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:–—-]+$/, '')}…`;
}

function gapBetween(before: string, after: string, t: Translate): string | undefined {
  const months = Math.floor(DateTime.fromISO(firstDay(after)).diff(DateTime.fromISO(firstDay(before)), 'months').months);
  if (months < gapMonths) return undefined;
  return months < 24 ? t('timeline:chart.monthsLater', { count: months }) : t('timeline:chart.yearsLater', { count: Math.floor(months / 12) });
}

/**
 * The periods drawn as bands: each statement that gives a period (the unrest of 4–7 January 2022,
 * as the seed dates it), and the amnesty law's path from its first step to its last.
 */
function periodsOf(statements: readonly StatementVersion[], { lang, t, titleOf = englishTitle }: TimelineChartOptions): TimelinePeriod[] {
  const periods: TimelinePeriod[] = statements
    .filter(({ statement: s }) => s.period)
    .map(({ statement: s }) => ({
      id: `period-${s.id}`,
      kind: 'period' as const,
      // The statement that gives the period names it.
      label: titleOf(s).text,
      labelLang: titleOf(s).lang,
      dates: formatRange(s.period!.start, s.period!.end, lang),
      start: firstDay(s.period!.start),
      end: lastDay(s.period!.end),
    }));
  const law = statements.filter(({ statement: s }) => s.topics.includes(lawPathTopic)).map(({ statement: s }) => s.publishedOn);
  if (law.length > 1) {
    const [start, end] = [law[0]!, law[law.length - 1]!];
    periods.push({ id: 'period-amnesty-law', kind: 'law', label: t('timeline:chart.lawPath'), dates: formatRange(start, end, lang), start: firstDay(start), end: lastDay(end) });
  }
  return periods.sort((a, b) => a.start.localeCompare(b.start));
}

/** The last day a partial date covers. */
function lastDay(value: string): string {
  const precision = precisionOf(value);
  if (precision === 'day') return value;
  return DateTime.fromISO(firstDay(value)).endOf(precision === 'month' ? 'month' : 'year').toISODate()!;
}

/** "4–7 January 2022", "4–7 января 2022 г.", "2022 ж. 4–7 қаңтар": Intl writes a range in each language's own way. */
export function formatRange(start: string, end: string, lang: InterfaceLanguage): string {
  if (precisionOf(start) !== 'day' || precisionOf(end) !== 'day') return `${formatPartialDate(start, lang)} – ${formatPartialDate(end, lang)}`;
  const format = new Intl.DateTimeFormat(intlLocale[lang], { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  return format.formatRange(new Date(`${start}T00:00:00Z`), new Date(`${end}T00:00:00Z`));
}

const lawVerbs: Record<string, string> = { address: 'proposed', law: 'approved', signing: 'signed' };

/** The amnesty law's steps in words, for the legend under the chart: "proposed 1 September 2022 → …". */
export function lawPathSteps(statements: readonly StatementVersion[], { lang, t, at }: TimelineChartOptions) {
  const seen = new Set<string>();
  // The law's milestones only (its proposal, its passage, its signing), each once: hearings and reports about it are on the band.
  return statements.flatMap(({ statement: s }) => {
    const verb = lawVerbs[s.kind];
    if (!verb || !s.topics.includes(lawPathTopic) || seen.has(`${verb} ${s.publishedOn}`)) return [];
    seen.add(`${verb} ${s.publishedOn}`);
    return [{ step: t(`timeline:law.${verb}`), date: formatPartialDate(s.publishedOn, lang), href: link(`/statements/${s.id}`, { at }) }];
  });
}
