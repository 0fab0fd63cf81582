import type { Editor } from '../config.js';
import type { ReadModel } from '../read-model/read-model.js';
import type { ArchiveReader } from '../reader/port.js';
import type { EventStore } from '../store/port.js';

/** What every route module is built with: passed in, never module-level singletons. */
export type AppContext = Readonly<{
  store: EventStore;
  /** How far this process's read model has applied the log: what a write waits for and readiness reports. No handle to read it by. */
  readModel: ReadModel;
  /** The read side: every page and API answer is read through it. */
  reader: ArchiveReader;
  /** The named editors of QANTAR_EDITOR_TOKENS; none means writes are off. */
  editors: readonly Editor[];
  /** The wall clock, read at the edge only. */
  now: () => Date;
}>;
