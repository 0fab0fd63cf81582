import type { ReadModel } from '../read-model/read-model.js';
import type { EventStore } from '../store/port.js';

/** What every route module is built with: passed in, never module-level singletons. */
export type AppContext = Readonly<{
  store: EventStore;
  readModel: ReadModel;
  /** Editor tokens from QANTAR_EDITOR_TOKENS; empty means writes are off. */
  editorTokens: readonly string[];
  /** The wall clock, read at the edge only. */
  now: () => Date;
}>;
