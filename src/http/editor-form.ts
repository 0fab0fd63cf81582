import slugify from 'slugify';
import type { FieldIssue } from '../../events/validate.js';
import type { Metric } from '../../projections/catalogue/catalogue.js';
import type { InterfaceLanguage } from '../i18n/languages.js';
import type { Translate } from '../i18n/messages.js';
import { atPrecision, parseFormDate, parseFormNumber, type Parsed } from './form-input.js';

/** The editor form's text fields, in the order the form shows them. */
export const textFields = [
  'id', 'publishedOn', 'publishedOnPrecision', 'speakerName', 'speakerRole', 'speakerBody', 'newBody', 'venue', 'kind',
  'title', 'summary', 'quote', 'sourceTitle', 'sourcePublisher', 'sourceUrl', 'sourceDate', 'newTopics',
] as const;
export const figureFields = ['metric', 'value', 'qualifier', 'wording', 'asOf'] as const;
export const datePrecisions = ['day', 'month', 'year'] as const;

export const initialRows = 5;
export const maxRows = 50;

/**
 * What the browser sent, as strings, kept as typed so the form can be shown again with its input
 * (and carried, hidden, through the preview). `topics` are the existing topics ticked.
 */
export type EditorForm = Readonly<{ values: Readonly<Record<string, string>>; topics: readonly string[]; rows: number }>;

export function readForm(body: Record<string, unknown> = {}): EditorForm {
  const text = (name: string) => (typeof body[name] === 'string' ? (body[name] as string) : '');
  const rows = Math.min(maxRows, Math.max(initialRows, Number.parseInt(text('rows'), 10) || initialRows));
  const names = [...textFields, ...Array.from({ length: rows }, (_, i) => figureFields.map((f) => `figure-${i}-${f}`)).flat()];
  // One ticked box arrives as a string, several as an array.
  const topics = ([] as unknown[]).concat(body.topics ?? []).filter((t): t is string => typeof t === 'string' && t !== '');
  return { values: Object.fromEntries(names.map((n) => [n, text(n)])), topics: [...new Set(topics)], rows };
}

/** The form's fields as name/value pairs, for the preview's hidden inputs: confirming posts the same draft. */
export function formPairs(form: EditorForm): { name: string; value: string }[] {
  return [
    ...Object.entries(form.values).filter(([, v]) => v !== '').map(([name, value]) => ({ name, value })),
    ...form.topics.map((value) => ({ name: 'topics', value })),
    { name: 'rows', value: String(form.rows) },
  ];
}

const blank = (v: string | undefined) => (v ?? '').trim() === '';
const orUndefined = (v: string | undefined) => (blank(v) ? undefined : v!.trim());

/**
 * A readable id from the title and date when the editor leaves it empty: a resubmitted form gets
 * the same one. A Russian or Kazakh title is transliterated (slugify's character map knows both
 * alphabets), so it names the statement rather than leaving the date alone.
 */
export function suggestedId(title: string, publishedOn: string): string {
  // Punctuation splits words, as it always has: "1,250" stays "1-250".
  const words = slugify(title.replace(/[^\p{L}\p{N}]+/gu, ' '), { lower: true, strict: true, locale: 'ru' });
  const date = publishedOn.replace(/[^0-9]+/g, '-');
  return [words.slice(0, 60), date].join('-').replace(/-+/g, '-').replace(/^-|-$/g, '') || 'statement';
}

/** Topics typed as words ("Amnesty law, trials"): the slugs the archive files them under. */
export function topicSlugs(typed: string): string[] {
  return typed
    .split(/[,;\n]+/)
    .map((t) => t.trim().toLowerCase().replace(/[\s_]+/g, '-'))
    .filter(Boolean);
}

/**
 * The StatementPublished data the form describes, with the issues found in reading the form
 * itself (dates and numbers as typed), already in the page's language. Empty figure rows are
 * skipped; `rowOf` maps each figure back to its form row, so an error on figures.1.value lands
 * next to the right input.
 */
export function statementInput(form: EditorForm, catalogue: ReadonlyMap<string, Metric>, language: InterfaceLanguage, t: Translate) {
  const v = form.values;
  const issues: FieldIssue[] = [];
  const read = <T>(path: string, parsed: Parsed<T>): T | undefined => {
    if ('value' in parsed) return parsed.value;
    issues.push({ path, message: t(`editor:${parsed.problem.key}`, parsed.problem.values) });
    return undefined;
  };
  const rowOf: number[] = [];
  const figures = [];
  for (let row = 0; row < form.rows; row++) {
    const field = (f: string) => v[`figure-${row}-${f}`] ?? '';
    if (['metric', 'value', 'wording', 'asOf'].every((f) => blank(field(f)))) continue;
    const value = read(`figure-${row}-value`, parseFormNumber(field('value'), language));
    if (value === undefined && blank(field('value'))) issues.push({ path: `figure-${row}-value`, message: t('editor:error.empty') });
    const asOf = read(`figure-${row}-asOf`, parseFormDate(field('asOf')));
    rowOf.push(row);
    const metric = catalogue.get(field('metric'));
    figures.push({
      metric: field('metric'),
      value: value ?? Number.NaN,
      qualifier: field('qualifier') || 'exact',
      // The unit is the catalogue's: an editor picks a metric, not a unit.
      ...(metric ? { unit: metric.unit } : {}),
      ...(asOf ? { asOf } : {}),
      wording: field('wording'),
    });
  }
  const publishedOn = atPrecision(read('publishedOn', parseFormDate(v.publishedOn ?? '')), v.publishedOnPrecision ?? 'day') ?? '';
  const sourceDate = read('sourceDate', parseFormDate(v.sourceDate ?? ''));
  const optional = (name: string) => (orUndefined(v[name]) ? { [name]: orUndefined(v[name]) } : {});
  const input = {
    id: orUndefined(v.id) ?? suggestedId(v.title ?? '', publishedOn),
    publishedOn,
    speaker: {
      ...(orUndefined(v.speakerName) ? { name: orUndefined(v.speakerName) } : {}),
      ...(orUndefined(v.speakerRole) ? { role: orUndefined(v.speakerRole) } : {}),
      // A body typed as new wins over the list: the editor chose "another body" to write it.
      body: orUndefined(v.newBody) ?? v.speakerBody ?? '',
    },
    ...optional('venue'),
    kind: v.kind ?? '',
    title: v.title ?? '',
    summary: v.summary ?? '',
    ...optional('quote'),
    figures,
    topics: [...new Set([...form.topics, ...topicSlugs(v.newTopics ?? '')])],
    sources: [
      {
        title: v.sourceTitle ?? '',
        ...(orUndefined(v.sourcePublisher) ? { publisher: orUndefined(v.sourcePublisher) } : {}),
        ...(orUndefined(v.sourceUrl) ? { url: orUndefined(v.sourceUrl) } : {}),
        ...(sourceDate ? { date: sourceDate } : {}),
      },
    ],
  };
  return { input, rowOf, issues };
}

/** The form field an issue path of the statement's data belongs to; '' is the form as a whole. */
export function fieldOf(path: string, rowOf: readonly number[], form?: EditorForm): string {
  const [head, second, third] = path.split('.');
  switch (head) {
    case 'id': case 'publishedOn': case 'venue': case 'kind': case 'title': case 'summary': case 'quote':
      return head;
    case 'topics':
      // Ticked topics are the archive's own, so a bad one is one the editor typed.
      return 'newTopics';
    case 'period':
      return 'publishedOn';
    case 'speaker': {
      const named = ({ name: 'speakerName', role: 'speakerRole' } as Record<string, string>)[second ?? ''];
      return named ?? (blank(form?.values.newBody) ? 'speakerBody' : 'newBody');
    }
    case 'sources':
      return ({ url: 'sourceUrl', publisher: 'sourcePublisher', date: 'sourceDate' } as Record<string, string>)[third ?? ''] ?? 'sourceTitle';
    case 'figures': {
      const row = rowOf[Number(second)];
      if (row === undefined) return '';
      const field = (figureFields as readonly string[]).includes(third ?? '') ? third : third === 'asOfInferred' ? 'asOf' : third === 'bounds' ? 'value' : 'metric';
      return `figure-${row}-${field}`;
    }
    default:
      return path.startsWith('figure-') ? path : '';
  }
}
