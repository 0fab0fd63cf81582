import type { Statement } from '../../../events/schema/statement.js';
import { formatPartialDate } from '../../format/dates.js';
import { defaultLanguage, type InterfaceLanguage } from '../../i18n/languages.js';
import { translator } from '../../i18n/messages.js';

/**
 * "court-decision" → "Court decision": the English stand-in for a slug that has no name of its
 * own in the archive's data (a topic or unit without one). Pages show translated names through
 * localized.ts; this is only what they fall back to, marked lang="en".
 */
export function humanize(slug: string): string {
  const words = slug.replace(/[-_]+/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** "Berik Asylov, Prosecutor General" — the body is shown on its own line or column. */
export function speakerName(speaker: Statement['speaker']): string | undefined {
  return [speaker.name, speaker.role].filter(Boolean).join(', ') || undefined;
}

/** "4–7 January 2022" when both ends share a month (where the language writes it so), else both dates in full. */
export function formatPeriod(period: { start: string; end: string }, language: InterfaceLanguage = defaultLanguage): string {
  const { start, end } = period;
  const t = translator(language);
  const dates = { start: formatPartialDate(start, language), end: formatPartialDate(end, language) };
  if (start.length === 10 && end.length === 10 && start.slice(0, 7) === end.slice(0, 7)) {
    return t('format:period.sameMonth', { ...dates, startDay: String(Number(start.slice(8))) });
  }
  return t('format:period.range', dates);
}
