import type { MetricDefinition, Relation } from '../../events/schema/catalogue.js';
import type { Figure } from '../../events/schema/figure.js';
import { statementPublishedData } from '../../events/schema/statement.js';
import type { TextTranslation } from '../../events/schema/translation.js';
import { streamOf, type ArchiveEvent, type StatementCorrected } from '../../events/types.js';
import { ValidationError, issuesOf } from '../../events/validate.js';
import { DomainError } from './errors.js';
import { evolveStatement, type StatementState } from './statement-state.js';
import type { StreamState } from './stream-state.js';

/** The streams `checkNewEvent` consults besides the event's own: the metrics it names. */
export function metricsNamedBy(event: ArchiveEvent): string[] {
  switch (event.type) {
    case 'MetricDefined':
      return event.data.parent ? [event.data.parent] : [];
    case 'RelationDeclared':
      return metricFieldsOf(event.data).map(([, id]) => id);
    case 'StatementPublished':
      return event.data.figures.map((f) => f.metric);
    case 'StatementCorrected':
      return (event.data.changes.figures ?? []).map((f) => f.metric);
    case 'StatementRetracted':
    case 'TextTranslated':
      return [];
    default: {
      const exhaustive: never = event;
      return exhaustive;
    }
  }
}

/** The stream of what a translation translates, where it has one: `checkNewEvent` consults it. */
export function translatedSubjectStreams(event: ArchiveEvent): string[] {
  if (event.type !== 'TextTranslated') return [];
  const { subject, id } = event.data;
  if (subject === 'metric') return [streamOf.metric(id)];
  if (subject === 'statement') return [streamOf.statement(id)];
  if (subject === 'relation') return [streamOf.relation(id)];
  return [];
}

/**
 * What a new event must say against the archive as the batch leaves it: a figure names a known
 * metric in its unit, a metric's parent and a relation's metrics are known, a correction or
 * retraction names a live statement, and a correction leaves it valid. `at` is where the event
 * sits in the input, so that a refusal names the field.
 */
export function checkNewEvent(event: ArchiveEvent, at: string, streamNamed: (stream: string) => StreamState): void {
  const metric = (id: string) => streamNamed(streamOf.metric(id)).metric;
  switch (event.type) {
    case 'MetricDefined':
      if (event.data.parent && !metric(event.data.parent)) {
        throw new DomainError('UNKNOWN_METRIC', `${at}.parent`, `unknown parent metric "${event.data.parent}"`);
      }
      return;
    case 'RelationDeclared':
      for (const [field, id] of metricFieldsOf(event.data)) {
        if (!metric(id)) throw new DomainError('UNKNOWN_METRIC', `${at}.${field}`, `relation "${event.data.id}" names unknown metric "${id}"`);
      }
      return;
    case 'StatementPublished':
      return checkFigures(metric, event.data.figures, `${at}.figures`);
    case 'StatementCorrected':
    case 'StatementRetracted': {
      const state = liveStatement(streamNamed(streamOf.statement(event.data.statementId)), event.data.statementId, at);
      if (event.type === 'StatementRetracted') return;
      assertValidCorrection(state, event, at);
      if (event.data.changes.figures) checkFigures(metric, event.data.changes.figures, `${at}.changes.figures`);
      return;
    }
    case 'TextTranslated':
      return checkTranslatedSubject(event.data, at, streamNamed);
    default: {
      const exhaustive: never = event;
      return exhaustive;
    }
  }
}

/**
 * A translation names a metric, relation or statement the log holds. A relation's phrase is
 * translated only where the archive wrote it: where it quotes its source, it is the officials' words.
 * Units, topics and bodies have no stream of their own: the schema bounds them.
 */
function checkTranslatedSubject(t: TextTranslation, at: string, streamNamed: (stream: string) => StreamState): void {
  switch (t.subject) {
    case 'metric':
      if (!streamNamed(streamOf.metric(t.id)).metric) throw new DomainError('UNKNOWN_METRIC', `${at}.id`, `unknown metric "${t.id}"`);
      return;
    case 'statement':
      if (!streamNamed(streamOf.statement(t.id)).statement) throw new DomainError('UNKNOWN_STATEMENT', `${at}.id`, `no statement "${t.id}"`);
      return;
    case 'relation': {
      const relation = streamNamed(streamOf.relation(t.id)).relation;
      if (!relation) throw new DomainError('UNKNOWN_RELATION', `${at}.id`, `no relation "${t.id}"`);
      if (relation.declaredBy !== 'archive') {
        throw new DomainError(
          'UNTRANSLATABLE',
          `${at}.text.phrase`,
          `relation "${t.id}" quotes its source: its phrase is the officials' own words, never translated`,
        );
      }
      return;
    }
    case 'unit':
    case 'topic':
    case 'body':
      return;
    default: {
      const exhaustive: never = t;
      return exhaustive;
    }
  }
}

/** Each metric a relation names, with the field that names it: the one a refusal points the editor to. */
function metricFieldsOf(relation: Relation): [field: string, metric: string][] {
  if (relation.kind === 'cumulative') return [['metric', relation.metric]];
  return [['whole', relation.whole], ...relation.parts.map((id, i): [string, string] => [`parts.${i}`, id])];
}

/** The statement a correction or retraction changes: it must have been published. */
export function publishedStatement(stream: StreamState, statementId: string, at: string): StatementState {
  if (!stream.statement) throw new DomainError('UNKNOWN_STATEMENT', `${at}.statementId`, `no statement "${statementId}"`);
  return stream.statement;
}

/** ...and, for a new correction or retraction, not retracted. */
function liveStatement(stream: StreamState, statementId: string, at: string): StatementState {
  const state = publishedStatement(stream, statementId, at);
  if (state.status === 'retracted') throw new DomainError('RETRACTED', `${at}.statementId`, `statement "${statementId}" was retracted`);
  return state;
}

/**
 * A correction must leave a statement that publishing would accept: the rules that tie fields
 * together (a period's start not after its end) hold for the state it produces, not only for
 * its changes taken alone. Each issue is named where the editor can fix it, in the changes.
 */
function assertValidCorrection(state: StatementState, event: StatementCorrected, at: string): void {
  const result = statementPublishedData.safeParse(evolveStatement(state, event).statement);
  if (!result.success) throw new ValidationError(issuesOf(result.error, `${at}.changes`));
}

function checkFigures(
  metric: (id: string) => MetricDefinition | undefined,
  figures: readonly Pick<Figure, 'metric' | 'unit'>[],
  at: string,
): void {
  for (const [i, figure] of figures.entries()) {
    const defined = metric(figure.metric);
    if (!defined) {
      throw new DomainError('UNKNOWN_METRIC', `${at}.${i}.metric`, `unknown metric "${figure.metric}": define it first`);
    }
    if (defined.unit !== figure.unit) {
      throw new DomainError('UNIT_MISMATCH', `${at}.${i}.unit`, `metric "${defined.id}" is counted in ${defined.unit}, not ${figure.unit}`);
    }
  }
}
