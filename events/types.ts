import type { MetricDefinition, Relation } from './schema/catalogue.js';
import type { Statement, StatementChanges } from './schema/statement.js';
import type { TextTranslation } from './schema/translation.js';

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
/** The archive's translation of its own words about a subject into Russian or Kazakh. */
export type TextTranslated = Event<'TextTranslated', TextTranslation>;

export type CatalogueEvent = MetricDefined | RelationDeclared;
export type StatementEvent = StatementPublished | StatementCorrected | StatementRetracted;
export type ArchiveEvent = CatalogueEvent | StatementEvent | TextTranslated;
export type ArchiveEventType = ArchiveEvent['type'];

/** Bumped when an event's data changes shape; readers upcast older versions. */
export const schemaVersions: Record<ArchiveEventType, number> = {
  MetricDefined: 1,
  RelationDeclared: 1,
  StatementPublished: 1,
  StatementCorrected: 1,
  StatementRetracted: 1,
  TextTranslated: 1,
};

export const streamOf = {
  metric: (id: string) => `metric-${id}`,
  relation: (id: string) => `relation-${id}`,
  statement: (id: string) => `statement-${id}`,
  /**
   * One stream per subject and language ("translation-kk-metric-police-cases"): the unit of
   * concurrency is one translation, so the Russian and the Kazakh of a subject are corrected
   * independently (usually by different translators), and each stream reads as the history of
   * one text. The language comes first, so one language's streams share a prefix.
   */
  translation: (t: Pick<TextTranslation, 'language' | 'subject' | 'id'>) =>
    `translation-${t.language}-${t.subject}-${t.subject === 'body' ? bodyKey(t.id) : t.id}`,
};

/**
 * A body is known by its name, free text: its stream is named by a slug of it. Two spellings of
 * one name ("General’s", "General's") then share a stream, which costs nothing: each event names
 * the body exactly, and the stream is only the unit of concurrency.
 */
function bodyKey(name: string): string {
  const key = name.normalize('NFKD').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '');
  return key.slice(0, 120) || 'unnamed';
}

/** Every stream the archive writes starts with one of these; subscriptions filter on them. */
export const archiveStreamPrefixes = ['metric-', 'relation-', 'statement-', 'translation-'] as const;

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
    case 'TextTranslated':
      return streamOf.translation(event.data);
    default: {
      const exhaustive: never = event;
      return exhaustive;
    }
  }
}
