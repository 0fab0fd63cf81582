import { qualifiers } from '../../../events/schema/figure.js';
import { statementKinds } from '../../../events/schema/statement.js';
import type { FieldIssue } from '../../../events/validate.js';
import type { Metric } from '../../../projections/catalogue/catalogue.js';
import type { InterfaceLanguage } from '../../i18n/languages.js';
import { translator, type Translate } from '../../i18n/messages.js';
import type { ArchiveReader } from '../../reader/port.js';
import { datePrecisions, figureFields, textFields, type EditorForm } from '../editor-form.js';
import { parseFormDate } from '../form-input.js';
import { humanize } from './labels.js';

/** Fields the form may leave empty; every other one is required by the statement's schema. */
const optionalFields = new Set(['id', 'speakerName', 'speakerRole', 'newBody', 'venue', 'quote', 'sourcePublisher', 'sourceUrl', 'sourceDate', 'newTopics', 'asOf']);
const hinted = new Set(['publishedOn', 'title', 'newTopics', 'id', 'speakerBody', 'newBody', 'sourceUrl', 'sourceDate', 'value', 'wording', 'asOf']);
const dateFields = new Set(['publishedOn', 'sourceDate', 'asOf']);

/** The label of a form field in the page's language: "Title", or "Figure 2: Value" for a figure row's. */
export function fieldLabel(field: string, t: Translate): string {
  const figure = /^figure-(\d+)-(\w+)$/.exec(field);
  if (figure) return t('editor:field.figureField', { number: Number(figure[1]) + 1, field: t(`editor:field.${figure[2]}`) });
  return (textFields as readonly string[]).includes(field) ? t(`editor:field.${field}`) : t('editor:form');
}

/**
 * zod's and the decider's messages (English, terse) said the way a form says them, in the page's
 * language. The form's own messages (dates and numbers as typed) come already worded.
 */
export function fieldMessage(field: string, message: string, language: InterfaceLanguage): string {
  const t = translator(language);
  const tooLong = /^Too big: expected string to have <=(\d+)/.exec(message);
  if (tooLong) return t('editor:error.tooLong', { max: Number(tooLong[1]) });
  const known: [RegExp, string][] = [
    [/^Too small: expected string to have >=1 character/, 'empty'],
    [/^Invalid option/, 'chooseOption'],
    [/expected number to be >=0/, 'negative'],
    [/^Invalid input: expected number/, 'number'],
    [/must be an http\(s\) URL/, 'url'],
    [/must be lower-case words joined by hyphens/, field === 'newTopics' ? 'topic' : 'slug'],
    [/must be a real (date|day)/, 'date'],
    [/must be a metric id|unknown metric/, 'unknownMetric'],
    [/already exists/, 'idTaken'],
    [/Someone else changed it first/, 'conflict'],
    [/surrogate|Unicode/i, 'badText'],
  ];
  const key = known.find(([pattern]) => pattern.test(message))?.[1];
  if (key) return t(`editor:error.${key}`);
  // An English reader gets the schema's own words; others a plain "not valid" beside the named field.
  return language === 'en' ? message : t('editor:error.invalid');
}

/** The form's errors by field, each in the page's language. */
export function errorsByField(issues: readonly FieldIssue[]): Map<string, string[]> {
  const errors = new Map<string, string[]>();
  for (const issue of issues) errors.set(issue.path, [...(errors.get(issue.path) ?? []), issue.message]);
  return errors;
}

/** What the form offers to choose from: the catalogue and the archive's bodies and topics, each named in the page's language. */
export type EditorChoices = Readonly<{ metrics: readonly Metric[]; bodies: readonly string[]; topics: readonly string[] }>;

/** The form as the template shows it: every field's value as typed, its label, hint and errors beside it. */
export function editorFormView(
  form: EditorForm,
  errors: ReadonlyMap<string, string[]>,
  choices: EditorChoices,
  language: InterfaceLanguage,
  reader: ArchiveReader,
  at: number,
) {
  const t = translator(language);
  const metricNames = reader.textsIn('metric', language, at);
  const topicNames = reader.textsIn('topic', language, at);
  const bodyNames = reader.textsIn('body', language, at);
  const unitNames = reader.textsIn('unit', language, at);
  const field = (name: string) => {
    const base = /^figure-\d+-(\w+)$/.exec(name)?.[1] ?? name;
    const id = `field-${name}`;
    const error = errors.get(name)?.join('; ');
    const hint = hinted.has(base) ? t(`editor:hint.${base}`) : undefined;
    let value = form.values[name] ?? '';
    // A date input shows only YYYY-MM-DD: a day typed as 05.01.2023 elsewhere is shown in it as that day.
    if (dateFields.has(base)) {
      const parsed = parseFormDate(value);
      if ('value' in parsed && parsed.value?.length === 10) value = parsed.value;
    }
    return {
      name,
      id,
      value,
      error,
      label: /^figure-/.test(name) ? t(`editor:field.${base}`) : t(`editor:field.${name}`),
      hint,
      optional: optionalFields.has(base),
      describedBy: [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined,
    };
  };
  const topics = [...new Set([...choices.topics, ...choices.metrics.map((m) => m.topic)])].sort();
  const body = form.values.speakerBody ?? '';
  return {
    rows: form.rows,
    fields: Object.fromEntries(textFields.map((n) => [n, field(n)])),
    precisions: datePrecisions.map((p) => ({ value: p, label: t(`editor:precision.${p}`), selected: (form.values.publishedOnPrecision || 'day') === p })),
    kinds: statementKinds.map((k) => ({ value: k, label: t(`editor:kind.${k}`), selected: form.values.kind === k })),
    bodies: [...new Set([...choices.bodies, ...(body ? [body] : [])])].map((b) => {
      const name = bodyNames(b, 'name', b);
      return { value: b, label: name.text, lang: name.language === language ? undefined : name.language, selected: b === body };
    }),
    topics: topics.map((slug, i) => {
      const name = topicNames(slug, 'name', humanize(slug));
      return { value: slug, id: `topic-${i}`, label: name.text, lang: name.language === language ? undefined : name.language, checked: form.topics.includes(slug) };
    }),
    figureRows: Array.from({ length: form.rows }, (_, i) => {
      const f = Object.fromEntries(figureFields.map((n) => [n, field(`figure-${i}-${n}`)]));
      const groups = [...new Set(choices.metrics.map((m) => m.topic))];
      return {
        number: i + 1,
        legend: t('editor:legend.figure', { number: i + 1 }),
        ...f,
        metricGroups: groups.map((topic) => ({
          label: topicNames(topic, 'name', humanize(topic)).text,
          options: choices.metrics
            .filter((m) => m.topic === topic)
            .map((m) => ({
              value: m.id,
              label: `${metricNames(m.id, 'label', m.label).text} (${unitNames(m.unit, 'name', m.unit).text})`,
              selected: m.id === f.metric!.value,
            })),
        })),
        qualifiers: qualifiers.map((q) => ({ value: q, label: t(`editor:qualifier.${q}`), selected: (f.qualifier!.value || 'exact') === q })),
      };
    }),
    errorSummary: [...errors].flatMap(([name, messages]) =>
      messages.map((message) => ({ href: name ? `#field-${name}` : undefined, label: fieldLabel(name, t), message })),
    ),
  };
}
