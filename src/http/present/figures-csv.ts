import { stringify } from 'csv-stringify/sync';
import type { FigureRecord } from '../../../projections/figures/figures.js';
import { csvNumber } from '../charts/chart-numbers.js';
import { commaDialect, type CsvDialect } from '../../exports/csv-dialect.js';

const columns = [
  'metric', 'label', 'topic', 'value', 'qualifier', 'lower', 'upper', 'unit', 'asOf', 'asOfInferred',
  'wording', 'statementId', 'statementTitle', 'speakerName', 'speakerRole', 'speakerBody', 'publishedOn', 'position',
];

/**
 * The figures table as CSV, one row per metric, with a UTF-8 byte-order mark so that Excel reads
 * it as UTF-8 (Cyrillic intact). escape_formulas keeps a stored wording that starts with "=" or
 * "+" from running as a formula when the file is opened in a spreadsheet.
 */
export function figuresCsv(figures: readonly FigureRecord[], dialect: CsvDialect = commaDialect): string {
  const n = (v: number | null) => csvNumber(v, dialect.decimalComma);
  return stringify(
    figures.map((f) => [
      f.metric, f.label, f.topic, n(f.value), f.qualifier, n(f.bounds.lower), n(f.bounds.upper), f.unit, f.asOf, f.asOfInferred,
      f.wording, f.statementId, f.statementTitle, f.speaker.name, f.speaker.role, f.speaker.body, f.publishedOn, String(f.position),
    ]),
    { header: true, columns, bom: true, delimiter: dialect.delimiter, escape_formulas: true, cast: { boolean: (b) => (b ? 'true' : 'false') } },
  );
}
