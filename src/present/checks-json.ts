import type { Finding, FindingFigure } from '../domain/checks/types.js';
import type { Comparison } from '../../projections/figures/compare.js';
import { figureToJson } from './json.js';

/** A finding's figure as the CLI and API show it; the log position is a string, as everywhere. */
function findingFigureToJson(f: FindingFigure) {
  return {
    role: f.role,
    metric: f.metric,
    ...(f.label ? { label: f.label } : {}),
    value: f.value,
    qualifier: f.qualifier,
    bounds: f.bounds,
    unit: f.unit,
    asOf: f.asOf,
    wording: f.wording,
    statementId: f.statementId,
    publishedOn: f.publishedOn,
    position: String(f.position),
  };
}

export function findingToJson(f: Finding) {
  return {
    relation: f.relationId,
    kind: f.kind,
    phrase: f.phrase,
    declaredBy: f.declaredBy,
    date: f.date,
    until: f.until,
    holds: f.until === null,
    expected: f.expected,
    actual: f.actual,
    gap: f.gap,
    figures: f.figures.map(findingFigureToJson),
    missing: f.missing,
  };
}

export function comparisonToJson(c: Comparison) {
  return {
    from: c.from,
    to: c.to,
    unchanged: c.unchanged,
    changes: c.changes.map((m) => ({
      metric: m.metric,
      label: m.label,
      topic: m.topic,
      change: m.kind,
      old: m.old && figureToJson(m.old),
      new: m.new && figureToJson(m.new),
      absolute: m.absolute,
      relative: m.relative,
      approximate: m.approximate,
    })),
  };
}
