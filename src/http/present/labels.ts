import type { Statement } from '../../../events/schema/statement.js';
import { formatPartialDate } from '../../format/dates.js';

/** "court-decision" → "Court decision", "up_to" → "Up to". */
export function humanize(slug: string): string {
  const words = slug.replace(/[-_]+/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** "Berik Asylov, Prosecutor General" — the body is shown on its own line or column. */
export function speakerName(speaker: Statement['speaker']): string | undefined {
  return [speaker.name, speaker.role].filter(Boolean).join(', ') || undefined;
}

/** "4–7 January 2022" when both ends share a month, else both dates in full. */
export function formatPeriod(period: { start: string; end: string }): string {
  const { start, end } = period;
  if (start.length === 10 && end.length === 10 && start.slice(0, 7) === end.slice(0, 7)) {
    return `${Number(start.slice(8))}–${formatPartialDate(end)}`;
  }
  return `${formatPartialDate(start)} – ${formatPartialDate(end)}`;
}
