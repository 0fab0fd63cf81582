import type Database from 'better-sqlite3';
import type { MetricDefinition, Relation } from '../../events/schema/catalogue.js';
import type { Unit } from '../../events/schema/figure.js';
import { endOfLog, preparedFor, type Projection } from '../projection.js';

const writes = preparedFor((db) => ({
  metric: db.prepare(
    `INSERT INTO metrics (id, position, label, unit, topic, parent, description) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ),
  relation: db.prepare('INSERT INTO relations (id, position, kind, data) VALUES (?, ?, ?, ?)'),
}));

export type Metric = MetricDefinition & { unit: Unit; definedAt: number };
export type DeclaredRelation = Relation & { declaredAt: number };

export const catalogueProjection: Projection = {
  name: 'catalogue',
  schema: `
    CREATE TABLE IF NOT EXISTS metrics (
      id TEXT PRIMARY KEY, position INTEGER NOT NULL, label TEXT NOT NULL, unit TEXT NOT NULL,
      topic TEXT NOT NULL, parent TEXT, description TEXT NOT NULL
    );
    CREATE TABLE IF NOT EXISTS relations (
      id TEXT PRIMARY KEY, position INTEGER NOT NULL, kind TEXT NOT NULL, data TEXT NOT NULL
    );`,
  handles: ['metric', 'relation'],
  evolve(db, change, recorded) {
    switch (change.kind) {
      case 'metric': {
        const m = change.metric;
        writes(db).metric.run(m.id, recorded.position, m.label, m.unit, m.topic, m.parent ?? null, m.description);
        return;
      }
      case 'relation':
        writes(db).relation.run(
          change.relation.id,
          recorded.position,
          change.relation.kind,
          JSON.stringify(change.relation),
        );
        return;
      case 'statement':
      case 'translation':
        return;
      default: {
        const exhaustive: never = change;
        return exhaustive;
      }
    }
  },
};

type MetricRow = {
  id: string;
  position: number;
  label: string;
  unit: Unit;
  topic: string;
  parent: string | null;
  description: string;
};

const toMetric = (r: MetricRow): Metric => ({
  id: r.id,
  label: r.label,
  unit: r.unit,
  topic: r.topic,
  ...(r.parent ? { parent: r.parent } : {}),
  description: r.description,
  definedAt: r.position,
});

/** The catalogue as it stood at log position `at`, in topic order. */
export function listMetrics(db: Database.Database, at = endOfLog): Metric[] {
  return db
    .prepare<[number], MetricRow>('SELECT * FROM metrics WHERE position <= ? ORDER BY topic, id')
    .all(at)
    .map(toMetric);
}

export function getMetric(db: Database.Database, id: string, at = endOfLog): Metric | undefined {
  const row = db.prepare<[string, number], MetricRow>('SELECT * FROM metrics WHERE id = ? AND position <= ?').get(id, at);
  return row && toMetric(row);
}

export function listRelations(db: Database.Database, at = endOfLog): DeclaredRelation[] {
  return db
    .prepare<[number], { data: string; position: number }>('SELECT data, position FROM relations WHERE position <= ? ORDER BY id')
    .all(at)
    .map((r) => ({ ...(JSON.parse(r.data) as Relation), declaredAt: r.position }));
}
