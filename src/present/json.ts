import type { FigureRecord } from '../../projections/figures/figures.js';
import type { StatementVersion } from '../../projections/statements/statements.js';

/**
 * The JSON shapes the CLI and the API share. Log positions are strings at every
 * boundary: EventStoreDB's are 64-bit, past what a JSON number holds exactly.
 */
export function figureToJson(f: FigureRecord) {
  return {
    metric: f.metric,
    label: f.label,
    topic: f.topic,
    value: f.value,
    qualifier: f.qualifier,
    bounds: f.bounds,
    unit: f.unit,
    asOf: f.asOf,
    asOfInferred: f.asOfInferred,
    wording: f.wording,
    wordingKind: f.wordingKind ?? null,
    language: f.language ?? null,
    languageInferred: f.languageInferred === true,
    statementId: f.statementId,
    statementTitle: f.statementTitle,
    speaker: f.speaker,
    publishedOn: f.publishedOn,
    position: String(f.position),
  };
}

export function statementToJson(v: StatementVersion) {
  return {
    ...v.statement,
    status: v.status,
    revision: String(v.revision),
    position: String(v.position),
    recordedAt: v.recordedAt,
    ...(v.replacedAt !== null ? { replacedAt: String(v.replacedAt) } : {}),
  };
}
