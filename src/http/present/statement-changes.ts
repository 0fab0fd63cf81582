import type { Figure } from '../../../events/schema/figure.js';
import type { Statement } from '../../../events/schema/statement.js';
import { formatPartialDate } from '../../format/dates.js';
import { formatFigureValue } from '../../format/numbers.js';
import { formatPeriod, humanize } from './labels.js';

/** One line of "what a correction changed": a field (or a figure) with its old and new wording. */
export type FieldChange = Readonly<{ field: string; old: string; new: string }>;

const none = 'not given';
const quoted = (text: string | undefined) => (text === undefined ? none : `“${text}”`);

/** The simple fields, in the order the statement page shows them, each worded as a reader would read it. */
const simpleFields: readonly [string, (s: Statement) => string][] = [
  ['Title', (s) => quoted(s.title)],
  ['Date', (s) => formatPartialDate(s.publishedOn)],
  ['Period', (s) => (s.period ? formatPeriod(s.period) : none)],
  ['Kind', (s) => humanize(s.kind)],
  ['Speaker', (s) => s.speaker.name ?? none],
  ['Role', (s) => s.speaker.role ?? none],
  ['Body', (s) => s.speaker.body],
  ['Venue', (s) => s.venue ?? none],
  ['Summary', (s) => quoted(s.summary)],
  ['Quote', (s) => quoted(s.quote)],
  ['Topics', (s) => s.topics.map(humanize).join(', ') || none],
  ['Sources', (s) => s.sources.map((x) => [x.title, x.url].filter(Boolean).join(', ')).join('; ')],
];

const figureKey = (f: Figure) => `${f.metric}|${f.asOf}`;
const figureText = (f: Figure) => `${formatFigureValue(f)} (“${f.wording}”)`;

/** Figures are matched by metric and the date they describe; a figure moved to another date is one removed and one added. */
function figureChanges(before: readonly Figure[], after: readonly Figure[], labels: ReadonlyMap<string, string>): FieldChange[] {
  const old = new Map(before.map((f) => [figureKey(f), f]));
  const now = new Map(after.map((f) => [figureKey(f), f]));
  const name = (f: Figure) => `Figure: ${labels.get(f.metric) ?? f.metric}, as of ${formatPartialDate(f.asOf)}`;
  const changes: FieldChange[] = [];
  for (const [key, f] of old) {
    const g = now.get(key);
    if (!g) changes.push({ field: name(f), old: figureText(f), new: 'removed' });
    else if (figureText(f) !== figureText(g)) changes.push({ field: name(f), old: figureText(f), new: figureText(g) });
  }
  for (const [key, g] of now) if (!old.has(key)) changes.push({ field: name(g), old: 'not given', new: figureText(g) });
  return changes;
}

/** What a correction changed between two versions of a statement, field by field. */
export function statementChanges(before: Statement, after: Statement, labels: ReadonlyMap<string, string>): FieldChange[] {
  const simple = simpleFields
    .map(([field, text]) => ({ field, old: text(before), new: text(after) }))
    .filter((c) => c.old !== c.new);
  return [...simple, ...figureChanges(before.figures, after.figures, labels)];
}
