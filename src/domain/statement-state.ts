import { completeFigures, type Statement } from '../../events/schema/statement.js';
import type { StatementEvent } from '../../events/types.js';

export type StatementStatus = 'published' | 'retracted';

/** A statement as its stream tells it now: the latest transcription, and whether it was retracted. */
export type StatementState = Readonly<{ statement: Statement; status: StatementStatus }>;

/**
 * The fold of one statement stream: pure, so the read models, the API's checks and
 * `qantar verify` all agree on what a stream says.
 */
export function evolveStatement(state: StatementState | undefined, event: StatementEvent): StatementState {
  switch (event.type) {
    case 'StatementPublished':
      return { statement: event.data, status: 'published' };
    case 'StatementCorrected': {
      if (!state) throw new Error(`Correction of ${event.data.statementId} before its publication`);
      const { figures, ...changes } = event.data.changes;
      const publishedOn = changes.publishedOn ?? state.statement.publishedOn;
      return {
        ...state,
        statement: {
          ...state.statement,
          ...changes,
          figures: figures ? completeFigures(figures, publishedOn) : state.statement.figures,
        },
      };
    }
    case 'StatementRetracted':
      if (!state) throw new Error(`Retraction of ${event.data.statementId} before its publication`);
      return { ...state, status: 'retracted' };
    default: {
      const exhaustive: never = event;
      return exhaustive;
    }
  }
}
