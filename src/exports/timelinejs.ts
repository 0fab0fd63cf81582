import { precisionOf } from '../../events/schema/dates.js';
import type { StatementVersion } from '../../projections/statements/statements.js';
import { formatPartialDate } from '../format/dates.js';
import { formatFigureValue } from '../format/numbers.js';
import { formatPeriod, speakerName } from '../http/present/labels.js';
import { safeHref } from '../http/present/links.js';
import { escapeHtml } from './html.js';

/** A TimelineJS date: only the parts the source gave (https://timeline.knightlab.com/docs/json-format.html). */
export type TimelineDate = { year: number; month?: number; day?: number };
export type TimelineText = { headline: string; text: string };
export type TimelineEvent = {
  start_date: TimelineDate;
  end_date?: TimelineDate;
  display_date?: string;
  text: TimelineText;
  group: string;
  unique_id: string;
};
export type TimelineJs = { title: { text: TimelineText }; events: TimelineEvent[] };

export type TimelineOptions = Readonly<{
  title: string;
  description: string;
  /** Metric labels for the figures listed in each event. */
  labels: ReadonlyMap<string, string>;
  /** The archive page of a statement, absolute: the file is read away from the archive. */
  statementUrl: (id: string) => string;
}>;

/** "2022-10" → { year: 2022, month: 10 }: a day is never invented for a month. */
export function timelineDate(value: string): TimelineDate {
  const [year, month, day] = value.split('-').map(Number);
  const precision = precisionOf(value);
  if (precision === 'year') return { year: year! };
  if (precision === 'month') return { year: year!, month: month! };
  return { year: year!, month: month!, day: day! };
}

/**
 * TimelineJS (3.7 on) treats `group` and `display_date` as plain text in its own way: it takes
 * the text content of the value, which decodes entities once, then writes that text back with
 * innerHTML. Escaped once, stored text such as `<img onerror=…>` comes back as live markup; escaped
 * twice it is text after both steps, and reads as written. (TimelineJS before 3.7 would show the
 * entities: visible, never run.)
 */
const plainTextField = (text: string) => escapeElementText(escapeElementText(text));
/** Element content needs only these three escaped; quotes stay as written, so the JSON reads plainly. */
const escapeElementText = (text: string) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

/**
 * The statements as a TimelineJS timeline, one slide each. TimelineJS renders headline and text
 * as HTML (after its own sanitising), so every stored string is escaped here and only http(s)
 * sources become links; the plain-text fields are escaped for their double reading.
 */
export function timelineJs(versions: readonly StatementVersion[], options: TimelineOptions): TimelineJs {
  return {
    title: { text: { headline: escapeHtml(options.title), text: `<p>${escapeHtml(options.description)}</p>` } },
    events: versions.map(({ statement: s }) => {
      const when = s.period ?? { start: s.publishedOn, end: undefined };
      return {
        start_date: timelineDate(when.start),
        ...(when.end ? { end_date: timelineDate(when.end) } : {}),
        display_date: plainTextField(
          s.period ? formatPeriod(s.period) : `${formatPartialDate(s.publishedOn)}${s.publishedOnInferred ? ' (undated in the source)' : ''}`,
        ),
        text: { headline: escapeHtml(s.title), text: slideText(s, options) },
        group: plainTextField(s.speaker.body),
        unique_id: s.id,
      };
    }),
  };
}

function slideText(s: StatementVersion['statement'], options: TimelineOptions): string {
  const who = [speakerName(s.speaker), s.speaker.body].filter(Boolean).join(', ');
  const figures = s.figures.map(
    (f) => `<li>${escapeHtml(options.labels.get(f.metric) ?? f.metric)}: ${escapeHtml(formatFigureValue(f))} — “${escapeHtml(f.wording)}”</li>`,
  );
  const sources = s.sources.map((src) => {
    const href = safeHref(src.url);
    const title = escapeHtml(src.title);
    return href ? `<a href="${escapeHtml(href)}">${title}</a>` : title;
  });
  return [
    `<p>${escapeHtml(who)}</p>`,
    `<p>${escapeHtml(s.summary)}</p>`,
    s.quote ? `<blockquote>${escapeHtml(s.quote)}</blockquote>` : '',
    figures.length ? `<ul>${figures.join('')}</ul>` : '',
    `<p>Sources: ${sources.join('; ')}</p>`,
    `<p><a href="${escapeHtml(options.statementUrl(s.id))}">This statement in the Qantar archive</a></p>`,
  ].join('');
}
