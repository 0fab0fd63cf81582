import { stringify } from 'csv-stringify/sync';
import type { FigureRecord } from '../../../projections/figures/figures.js';

const columns = [
  'metric', 'label', 'topic', 'value', 'qualifier', 'lower', 'upper', 'unit', 'asOf', 'asOfInferred',
  'wording', 'statementId', 'statementTitle', 'speakerName', 'speakerRole', 'speakerBody', 'publishedOn', 'position',
];

/**
 * The figures table as CSV, one row per metric. escape_formulas keeps a stored wording that
 * starts with "=" or "+" from running as a formula when the file is opened in a spreadsheet.
 */
export function figuresCsv(figures: readonly FigureRecord[]): string {
  return stringify(
    figures.map((f) => [
      f.metric, f.label, f.topic, f.value, f.qualifier, f.bounds.lower, f.bounds.upper, f.unit, f.asOf, f.asOfInferred,
      f.wording, f.statementId, f.statementTitle, f.speaker.name, f.speaker.role, f.speaker.body, f.publishedOn, String(f.position),
    ]),
    { header: true, columns, escape_formulas: true, cast: { boolean: (b) => (b ? 'true' : 'false') } },
  );
}
