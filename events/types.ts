import type { MetricDefinition, Relation } from './schema/catalogue.js';
import type { Statement, StatementChanges } from './schema/statement.js';

/** The shape every event of the archive shares: a past-tense type and readonly data. */
export type Event<Type extends string, Data> = Readonly<{ type: Type; data: Readonly<Data> }>;

export type MetricDefined = Event<'MetricDefined', MetricDefinition>;
export type RelationDeclared = Event<'RelationDeclared', Relation>;
export type StatementPublished = Event<'StatementPublished', Statement>;
export type StatementCorrected = Event<
  'StatementCorrected',
  { statementId: string; reason: string; changes: StatementChanges }
>;
export type StatementRetracted = Event<'StatementRetracted', { statementId: string; reason: string }>;

export type CatalogueEvent = MetricDefined | RelationDeclared;
export type StatementEvent = StatementPublished | StatementCorrected | StatementRetracted;
export type ArchiveEvent = CatalogueEvent | StatementEvent;
export type ArchiveEventType = ArchiveEvent['type'];

/** Bumped when an event's data changes shape; readers upcast older versions. */
export const schemaVersions: Record<ArchiveEventType, number> = {
  MetricDefined: 1,
  RelationDeclared: 1,
  StatementPublished: 1,
  StatementCorrected: 1,
  StatementRetracted: 1,
};

export const streamOf = {
  metric: (id: string) => `metric-${id}`,
  relation: (id: string) => `relation-${id}`,
  statement: (id: string) => `statement-${id}`,
};

/** Every stream the archive writes starts with one of these; subscriptions filter on them. */
export const archiveStreamPrefixes = ['metric-', 'relation-', 'statement-'] as const;

export function streamFor(event: ArchiveEvent): string {
  switch (event.type) {
    case 'MetricDefined':
      return streamOf.metric(event.data.id);
    case 'RelationDeclared':
      return streamOf.relation(event.data.id);
    case 'StatementPublished':
      return streamOf.statement(event.data.id);
    case 'StatementCorrected':
    case 'StatementRetracted':
      return streamOf.statement(event.data.statementId);
    default: {
      const exhaustive: never = event;
      return exhaustive;
    }
  }
}
