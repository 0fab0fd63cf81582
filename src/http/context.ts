import type { Editor } from '../config.js';
import type { ReadModel } from '../read-model/read-model.js';
import type { EventStore } from '../store/port.js';

/** What every route module is built with: passed in, never module-level singletons. */
export type AppContext = Readonly<{
  store: EventStore;
  readModel: ReadModel;
  /** The named editors of QANTAR_EDITOR_TOKENS; none means writes are off. */
  editors: readonly Editor[];
  /** The wall clock, read at the edge only. */
  now: () => Date;
}>;
