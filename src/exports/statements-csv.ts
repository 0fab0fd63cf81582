import { stringify } from 'csv-stringify/sync';
import type { StatementVersion } from '../../projections/statements/statements.js';

/**
 * The timeline as a spreadsheet: one row per statement, in date order, its figures and sources in
 * one cell each. A byte-order mark lets Excel read the UTF-8 (Cyrillic names, «», –) under any
 * regional setting; `;` is the column separator Excel expects under Russian and Kazakh settings;
 * escape_formulas keeps a stored "=…" from running as a formula.
 */
export function statementsCsv(versions: readonly StatementVersion[], statementUrl: (id: string) => string, delimiter: ',' | ';' = ','): string {
  const columns = ['id', 'publishedOn', 'publishedOnInferred', 'periodStart', 'periodEnd', 'status', 'kind', 'title', 'summary',
    'speakerName', 'speakerRole', 'body', 'topics', 'figures', 'sources', 'url'];
  const rows = versions.map(({ statement: s, status }) => [
    s.id,
    s.publishedOn,
    s.publishedOnInferred === true,
    s.period?.start,
    s.period?.end,
    status,
    s.kind,
    s.title,
    s.summary,
    s.speaker.name,
    s.speaker.role,
    s.speaker.body,
    s.topics.join(' '),
    s.figures.map((f) => `${f.metric} = ${f.value} (${f.qualifier ?? 'exact'}; “${f.wording}”)`).join(' | '),
    s.sources.map((src) => [src.title, src.url].filter(Boolean).join(' ')).join(' | '),
    statementUrl(s.id),
  ]);
  return stringify(rows, { header: true, columns, bom: true, delimiter, escape_formulas: true, cast: { boolean: (b) => (b ? 'true' : 'false') } });
}
