import type { Figure } from '../../../events/schema/figure.js';
import type { Statement } from '../../../events/schema/statement.js';
import { formatPartialDate } from '../../format/dates.js';
import { formatFigureValue } from '../../format/numbers.js';
import { formatPeriod } from './labels.js';
import { english, type Localized } from './localized.js';

/**
 * One line of "what a correction changed": a field (or a figure) with its old and new wording.
 * `oldLang`/`newLang` are set where the values are the archive's English data on a page in another
 * language; a figure's wordings come apart (`oldWording`, `newWording`) in their own language.
 */
export type FieldChange = Readonly<{
  field: string;
  old: string;
  new: string;
  oldLang?: string;
  newLang?: string;
  oldWording?: string;
  newWording?: string;
  wordingLang?: string;
}>;

type Field = Readonly<{ key: string; text: (s: Statement, l: Localized) => string; data: boolean }>;

const none = (l: Localized) => l.t('statement:changes.notGiven');
const quoted = (text: string | undefined, l: Localized) => (text === undefined ? none(l) : l.t('statement:changes.quoted', { text }));

/** The simple fields, in the order the statement page shows them, each worded as a reader would read it. */
const simpleFields: readonly Field[] = [
  { key: 'title', text: (s, l) => quoted(s.title, l), data: true },
  { key: 'date', text: (s, l) => formatPartialDate(s.publishedOn, l.lang), data: false },
  { key: 'period', text: (s, l) => (s.period ? formatPeriod(s.period, l.lang) : none(l)), data: false },
  { key: 'kind', text: (s, l) => l.kindName(s.kind), data: false },
  { key: 'speaker', text: (s, l) => s.speaker.name ?? none(l), data: true },
  { key: 'role', text: (s, l) => s.speaker.role ?? none(l), data: true },
  { key: 'body', text: (s) => s.speaker.body, data: true },
  { key: 'venue', text: (s, l) => s.venue ?? none(l), data: true },
  { key: 'summary', text: (s, l) => quoted(s.summary, l), data: true },
  { key: 'quote', text: (s, l) => quoted(s.quote, l), data: true },
  { key: 'topics', text: (s, l) => s.topics.map((t) => l.topicName(t).text).join(l.t('format:list.separator')) || none(l), data: false },
  { key: 'sources', text: (s) => s.sources.map((x) => [x.title, x.url].filter(Boolean).join(', ')).join('; '), data: true },
];

const figureKey = (f: Figure) => `${f.metric}|${f.asOf}`;

/** Figures are matched by metric and the date they describe; a figure moved to another date is one removed and one added. */
function figureChanges(before: readonly Figure[], after: readonly Figure[], labels: ReadonlyMap<string, string>, l: Localized): FieldChange[] {
  const old = new Map(before.map((f) => [figureKey(f), f]));
  const now = new Map(after.map((f) => [figureKey(f), f]));
  const name = (f: Figure) =>
    l.t('statement:changes.figure', { label: l.metricLabel(f.metric, labels.get(f.metric) ?? f.metric).text, date: formatPartialDate(f.asOf, l.lang) });
  const same = (f: Figure, g: Figure) => formatFigureValue(f) === formatFigureValue(g) && f.wording === g.wording;
  const changes: FieldChange[] = [];
  const wordingLang = (f: Figure) => (f.wordingKind === 'paraphrase' ? 'en' : (f.language ?? 'en'));
  for (const [key, f] of old) {
    const g = now.get(key);
    if (!g) changes.push({ field: name(f), old: formatFigureValue(f, l.lang), oldWording: f.wording, wordingLang: wordingLang(f), new: l.t('statement:changes.removed') });
    else if (!same(f, g)) {
      changes.push({ field: name(f), old: formatFigureValue(f, l.lang), oldWording: f.wording, new: formatFigureValue(g, l.lang), newWording: g.wording, wordingLang: wordingLang(g) });
    }
  }
  for (const [key, g] of now) {
    if (!old.has(key)) changes.push({ field: name(g), old: none(l), new: formatFigureValue(g, l.lang), newWording: g.wording, wordingLang: wordingLang(g) });
  }
  return changes;
}

/** What a correction changed between two versions of a statement, field by field, in the page's language. */
export function statementChanges(before: Statement, after: Statement, labels: ReadonlyMap<string, string>, l: Localized = english): FieldChange[] {
  const dataLang = (f: Field, text: string) => (f.data && l.lang !== 'en' && text !== none(l) ? 'en' : undefined);
  const simple = simpleFields
    .map((f) => {
      const [old, now] = [f.text(before, l), f.text(after, l)];
      return { field: l.t(`statement:changes.field.${f.key}`), old, new: now, oldLang: dataLang(f, old), newLang: dataLang(f, now) };
    })
    .filter((c) => c.old !== c.new);
  return [...simple, ...figureChanges(before.figures, after.figures, labels, l)];
}
