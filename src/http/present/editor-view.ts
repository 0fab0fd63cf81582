import { qualifiers } from '../../../events/schema/figure.js';
import { statementKinds } from '../../../events/schema/statement.js';
import type { Metric } from '../../../projections/catalogue/catalogue.js';
import { figureFields, textFields, type EditorForm } from '../editor-form.js';
import { humanize } from './labels.js';

export const fieldLabels: Record<string, string> = {
  id: 'Statement id',
  publishedOn: 'Date published',
  speakerName: 'Speaker’s name',
  speakerRole: 'Speaker’s role',
  speakerBody: 'Body or institution',
  venue: 'Venue',
  kind: 'Kind',
  title: 'Title',
  summary: 'Summary',
  quote: 'Quote',
  sourceTitle: 'Source title',
  sourcePublisher: 'Source publisher',
  sourceUrl: 'Source URL',
  topics: 'Topics',
  metric: 'Metric',
  value: 'Value',
  qualifier: 'Qualifier',
  wording: 'Wording in the source',
  asOf: 'As of',
};

const labelOf = (field: string) => {
  const figure = /^figure-(\d+)-(\w+)$/.exec(field);
  return figure ? `Figure ${Number(figure[1]) + 1}: ${fieldLabels[figure[2]!]}` : (fieldLabels[field] ?? 'Form');
};

/** zod's terse defaults, said the way a form says them. */
function friendly(message: string): string {
  if (/^Too small: expected string to have >=1 character/.test(message)) return 'Enter this: it cannot be empty';
  if (/^Too big: expected string to have <=(\d+)/.test(message)) return message.replace(/^Too big: expected string to have <=(\d+) characters?/, 'Shorten this to at most $1 characters');
  if (/^Invalid option/.test(message)) return 'Choose one of the options';
  if (/^Invalid input: expected number/.test(message)) return 'must be a number';
  return message;
}

/** The form as the template shows it: every field's value as typed and its errors beside it. */
export function editorFormView(form: EditorForm, errors: ReadonlyMap<string, string[]>, metrics: readonly Metric[]) {
  const field = (name: string) => ({ name, id: `field-${name}`, value: form.values[name] ?? '', error: errors.get(name)?.map(friendly).join('; ') });
  const topics = [...new Set(metrics.map((m) => m.topic))];
  return {
    rows: form.rows,
    fields: Object.fromEntries(textFields.map((n) => [n, field(n)])),
    kinds: statementKinds.map((k) => ({ value: k, label: humanize(k), selected: form.values.kind === k })),
    figureRows: Array.from({ length: form.rows }, (_, i) => {
      const f = Object.fromEntries(figureFields.map((n) => [n, field(`figure-${i}-${n}`)]));
      return {
        number: i + 1,
        ...f,
        metricGroups: topics.map((topic) => ({
          label: humanize(topic),
          options: metrics.filter((m) => m.topic === topic).map((m) => ({ value: m.id, label: `${m.label} (${m.unit})`, selected: m.id === f.metric!.value })),
        })),
        qualifiers: qualifiers.map((q) => ({ value: q, label: humanize(q), selected: (f.qualifier!.value || 'exact') === q })),
      };
    }),
    errorSummary: [...errors].flatMap(([name, messages]) =>
      messages.map((message) => ({ href: name ? `#field-${name}` : undefined, label: labelOf(name), message: friendly(message) })),
    ),
  };
}
