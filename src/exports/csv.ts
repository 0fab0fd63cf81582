import { stringify } from 'csv-stringify/sync';
import type { Finding } from '../domain/checks/types.js';
import type { Comparison } from '../../projections/figures/compare.js';

export { figuresCsv } from '../http/present/figures-csv.js';

/**
 * escape_formulas everywhere: a stored wording starting with "=", "+", "-" or "@" must not run
 * as a formula when a researcher opens the file in a spreadsheet.
 */
const write = (columns: string[], rows: unknown[][], header = true) =>
  stringify(rows, { header, columns, escape_formulas: true, cast: { boolean: (b) => (b ? 'true' : 'false') } });

/** One row per finding; its figures in one cell, each with its role, wording and statement. Without `header`, rows to append. */
export function checksCsv(findings: readonly Finding[], header = true): string {
  return write(
    ['relation', 'kind', 'date', 'until', 'holds', 'unit', 'expectedLower', 'expectedUpper', 'actualLower', 'actualUpper', 'gap', 'figures', 'missing', 'phrase'],
    findings.map((f) => [
      f.relationId,
      f.kind,
      f.date,
      f.until,
      f.until === null,
      f.figures[0]?.unit,
      f.expected.lower,
      f.expected.upper,
      f.actual.lower,
      f.actual.upper,
      f.gap,
      f.figures.map((x) => `${x.role} ${x.metric} = ${x.value} (${x.qualifier}; “${x.wording}”; ${x.statementId}, as of ${x.asOf})`).join(' | '),
      f.missing.join(' '),
      f.phrase,
    ]),
    header,
  );
}

/** One row per metric that changed, appeared or dropped out between the two dates. */
export function comparisonCsv(c: Comparison): string {
  return write(
    ['metric', 'label', 'topic', 'change', 'unit', 'oldValue', 'oldQualifier', 'oldWording', 'oldAsOf', 'oldStatementId',
      'newValue', 'newQualifier', 'newWording', 'newAsOf', 'newStatementId', 'absolute', 'relative', 'approximate', 'from', 'to'],
    c.changes.map((m) => [
      m.metric, m.label, m.topic, m.kind, (m.new ?? m.old)?.unit,
      m.old?.value, m.old?.qualifier, m.old?.wording, m.old?.asOf, m.old?.statementId,
      m.new?.value, m.new?.qualifier, m.new?.wording, m.new?.asOf, m.new?.statementId,
      m.absolute, m.relative, m.approximate, c.from, c.to,
    ]),
  );
}
