import type { FieldIssue } from '../../events/validate.js';
import type { Metric } from '../../projections/catalogue/catalogue.js';

/** The editor form's text fields, in the order the form shows them. */
export const textFields = [
  'id', 'publishedOn', 'speakerName', 'speakerRole', 'speakerBody', 'venue', 'kind',
  'title', 'summary', 'quote', 'sourceTitle', 'sourcePublisher', 'sourceUrl', 'topics',
] as const;
export const figureFields = ['metric', 'value', 'qualifier', 'wording', 'asOf'] as const;

export const initialRows = 5;
export const maxRows = 50;

/** What the browser sent, as strings, kept as typed so the form can be shown again with its input. */
export type EditorForm = Readonly<{ values: Readonly<Record<string, string>>; rows: number }>;

export function readForm(body: Record<string, unknown> = {}): EditorForm {
  const text = (name: string) => (typeof body[name] === 'string' ? (body[name] as string) : '');
  const rows = Math.min(maxRows, Math.max(initialRows, Number.parseInt(text('rows'), 10) || initialRows));
  const names = [...textFields, ...Array.from({ length: rows }, (_, i) => figureFields.map((f) => `figure-${i}-${f}`)).flat()];
  return { values: Object.fromEntries(names.map((n) => [n, text(n)])), rows };
}

const blank = (v: string | undefined) => (v ?? '').trim() === '';
const orUndefined = (v: string | undefined) => (blank(v) ? undefined : v!.trim());

/** A readable id from the title and date when the editor leaves it empty: a resubmitted form gets the same one. */
export function suggestedId(title: string, publishedOn: string): string {
  const words = title.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-');
  const date = publishedOn.replace(/[^0-9]+/g, '-');
  return [words.slice(0, 60), date].join('-').replace(/-+/g, '-').replace(/^-|-$/g, '') || 'statement';
}

/**
 * The StatementPublished data the form describes. Empty figure rows are skipped; `rowOf` maps
 * each figure back to its form row, so an error on figures.1.value lands next to the right input.
 */
export function statementInput(form: EditorForm, catalogue: ReadonlyMap<string, Metric>) {
  const v = form.values;
  const issues: FieldIssue[] = [];
  const rowOf: number[] = [];
  const figures = [];
  for (let row = 0; row < form.rows; row++) {
    const field = (f: string) => v[`figure-${row}-${f}`];
    if (['metric', 'value', 'wording', 'asOf'].every((f) => blank(field(f)))) continue;
    // Thousands separators as people type them: "1,700", "1 700".
    const number = Number((field('value') ?? '').replace(/[\s,\u00a0\u202f]/g, ''));
    if (blank(field('value')) || !Number.isFinite(number)) {
      issues.push({ path: `figure-${row}-value`, message: 'must be a number, such as 1700 or 37500000000' });
    }
    rowOf.push(row);
    const metric = catalogue.get(field('metric') ?? '');
    figures.push({
      metric: field('metric') ?? '',
      value: number,
      qualifier: field('qualifier') || 'exact',
      // The unit is the catalogue's: an editor picks a metric, not a unit.
      ...(metric ? { unit: metric.unit } : {}),
      ...(orUndefined(field('asOf')) ? { asOf: orUndefined(field('asOf')) } : {}),
      wording: field('wording') ?? '',
    });
  }
  const optional = (name: string) => (orUndefined(v[name]) ? { [name]: orUndefined(v[name]) } : {});
  const input = {
    id: orUndefined(v.id) ?? suggestedId(v.title ?? '', v.publishedOn ?? ''),
    publishedOn: (v.publishedOn ?? '').trim(),
    speaker: { ...(orUndefined(v.speakerName) ? { name: orUndefined(v.speakerName) } : {}), ...(orUndefined(v.speakerRole) ? { role: orUndefined(v.speakerRole) } : {}), body: v.speakerBody ?? '' },
    ...optional('venue'),
    kind: v.kind ?? '',
    title: v.title ?? '',
    summary: v.summary ?? '',
    ...optional('quote'),
    figures,
    topics: (v.topics ?? '').toLowerCase().split(/[\s,]+/).filter(Boolean),
    sources: [{ title: v.sourceTitle ?? '', ...(orUndefined(v.sourcePublisher) ? { publisher: orUndefined(v.sourcePublisher) } : {}), ...(orUndefined(v.sourceUrl) ? { url: orUndefined(v.sourceUrl) } : {}) }],
  };
  return { input, rowOf, issues };
}

/** The form field an issue path of the statement's data belongs to; '' is the form as a whole. */
export function fieldOf(path: string, rowOf: readonly number[]): string {
  const [head, second, third] = path.split('.');
  switch (head) {
    case 'id': case 'publishedOn': case 'venue': case 'kind': case 'title': case 'summary': case 'quote': case 'topics':
      return head;
    case 'period':
      return 'publishedOn';
    case 'speaker':
      return ({ name: 'speakerName', role: 'speakerRole' } as Record<string, string>)[second ?? ''] ?? 'speakerBody';
    case 'sources':
      return ({ url: 'sourceUrl', publisher: 'sourcePublisher' } as Record<string, string>)[third ?? ''] ?? 'sourceTitle';
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
