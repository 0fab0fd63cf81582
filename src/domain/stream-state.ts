import type { MetricDefinition, Relation } from '../../events/schema/catalogue.js';
import type { ArchiveEvent } from '../../events/types.js';
import { chainHashOf, contentHashOf } from '../store/hashes.js';
import { evolveStatement, type StatementState } from './statement-state.js';

/** An event of a stream as the decider sees it: one read from the store has its log position; one just decided has none yet. */
export type StreamEvent = Readonly<{ id: string; type: string; data: unknown; position?: bigint }>;

/** One stream, folded: what the write rules need to know of it. */
export type StreamState = Readonly<{
  /** Each event's id, and its log position once stored, by revision. */
  events: readonly Readonly<{ id: string; position?: bigint }>[];
  /**
   * The stream's hash chain after its last event, recomputed from content so that it holds even
   * for events stored before they carried hashes (src/store/hashes.ts); null for no event.
   */
  chainHead: string | null;
  /** A statement stream's latest transcription and status. */
  statement?: StatementState;
  /** A metric stream's definition. */
  metric?: MetricDefinition;
  /** A relation stream's declaration: whether the archive wrote its phrase decides whether it is translated. */
  relation?: Relation;
}>;

/** The streams a decision consults, by name: every one of them read, an absent stream as `emptyStream`. */
export type ArchiveState = ReadonlyMap<string, StreamState>;

export const emptyStream: StreamState = { events: [], chainHead: null };

export function evolveStream(state: StreamState, stored: StreamEvent): StreamState {
  const next: StreamState = {
    ...state,
    events: [...state.events, { id: stored.id, position: stored.position }],
    chainHead: chainHashOf(state.chainHead, contentHashOf(stored.type, stored.data)),
  };
  // Stored events were validated when they were appended; their type says what their data holds.
  const event = { type: stored.type, data: stored.data } as ArchiveEvent;
  switch (event.type) {
    case 'MetricDefined':
      return { ...next, metric: event.data };
    case 'RelationDeclared':
      return { ...next, relation: event.data };
    case 'TextTranslated':
      return next;
    case 'StatementPublished':
    case 'StatementCorrected':
    case 'StatementRetracted':
      return { ...next, statement: evolveStatement(state.statement, event) };
    default: {
      const exhaustive: never = event;
      return exhaustive;
    }
  }
}

export const foldStream = (events: readonly StreamEvent[]): StreamState => events.reduce(evolveStream, emptyStream);
