import { precisionOf } from '../../events/schema/dates.js';
import type { StatementVersion } from '../../projections/statements/statements.js';
import { formatPartialDate } from '../format/dates.js';
import { formatFigureValue } from '../format/numbers.js';
import { defaultLanguage, type InterfaceLanguage } from '../i18n/languages.js';
import { translator, type Translate } from '../i18n/messages.js';
import { formatRange, lawPathTopic } from '../http/charts/timeline-chart.js';
import { speakerName } from '../http/present/labels.js';
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
export type TimelineEra = { start_date: TimelineDate; end_date: TimelineDate; text: TimelineText };
/**
 * `language` is the language of the file's own text, the value to pass as TimelineJS's `language`
 * option (`new TL.Timeline(el, data, { language: data.language })`); TimelineJS ships no Kazakh
 * locale, so a Kazakh file's navigation would fall back to TimelineJS's English.
 */
export type TimelineJs = { language: InterfaceLanguage; title: { text: TimelineText }; events: TimelineEvent[]; eras?: TimelineEra[] };

export type TimelineOptions = Readonly<{
  /** The log position the statements were read at, named in the title slide. */
  at: number;
  /** The language of the file's own text; the statements' titles and summaries stay as the archive holds them. */
  lang?: InterfaceLanguage;
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
  const lang = options.lang ?? defaultLanguage;
  const t = translator(lang);
  const eras = erasOf(versions, t);
  return {
    language: lang,
    title: {
      text: {
        headline: escapeHtml(t('feeds:timelinejsExport.title')),
        text: `<p>${escapeHtml(t('feeds:timelinejsExport.description', { at: String(options.at) }))}</p>`,
      },
    },
    events: versions.map(({ statement: s }) => {
      const when = s.period ?? { start: s.publishedOn, end: undefined };
      const date = formatPartialDate(s.publishedOn, lang);
      return {
        start_date: timelineDate(when.start),
        ...(when.end ? { end_date: timelineDate(when.end) } : {}),
        display_date: plainTextField(
          s.period ? formatRange(s.period.start, s.period.end, lang) : s.publishedOnInferred ? t('feeds:timelinejsExport.undated', { date }) : date,
        ),
        text: { headline: escapeHtml(s.title), text: slideText(s, { ...options, t }) },
        group: plainTextField(s.speaker.body),
        unique_id: s.id,
      };
    }),
    ...(eras.length && { eras }),
  };
}

/**
 * The bands of the archive's own timeline as TimelineJS eras, drawn under the slides' markers:
 * each period a statement gives (the unrest of 4–7 January 2022), and the amnesty law's path
 * from its first step to its last.
 */
function erasOf(versions: readonly StatementVersion[], t: Translate): TimelineEra[] {
  const eras: TimelineEra[] = versions
    .filter(({ statement: s }) => s.period)
    .map(({ statement: s }) => ({ start_date: timelineDate(s.period!.start), end_date: timelineDate(s.period!.end), text: { headline: escapeHtml(s.title), text: '' } }));
  const law = versions.filter(({ statement: s }) => s.topics.includes(lawPathTopic)).map(({ statement: s }) => s.publishedOn);
  if (law.length > 1) {
    eras.push({ start_date: timelineDate(law[0]!), end_date: timelineDate(law.at(-1)!), text: { headline: escapeHtml(t('timeline:chart.lawPath')), text: '' } });
  }
  return eras;
}

function slideText(s: StatementVersion['statement'], options: TimelineOptions & { t: Translate }): string {
  const who = [speakerName(s.speaker), s.speaker.body].filter(Boolean).join(', ');
  const figures = s.figures.map(
    (f) => `<li>${escapeHtml(options.labels.get(f.metric) ?? f.metric)}: ${escapeHtml(formatFigureValue(f))} — “${escapeHtml(f.wording)}”</li>`,
  );
  const sources = s.sources.map((src) => {
    const href = safeHref(src.url);
    const title = escapeHtml(src.title);
    return href ? `<a href="${escapeHtml(href)}">${title}</a>` : title;
  });
  // The archive's data is English until it is translated, and marked so inside a slide in another language.
  return [
    `<p lang="en">${escapeHtml(who)}</p>`,
    `<p lang="en">${escapeHtml(s.summary)}</p>`,
    s.quote ? `<blockquote>${escapeHtml(s.quote)}</blockquote>` : '',
    figures.length ? `<ul lang="en">${figures.join('')}</ul>` : '',
    `<p>${escapeHtml(options.t('feeds:timelinejsExport.sources'))} <span lang="en">${sources.join('; ')}</span></p>`,
    `<p><a href="${escapeHtml(options.statementUrl(s.id))}">${escapeHtml(options.t('feeds:timelinejsExport.inArchive'))}</a></p>`,
  ].join('');
}
