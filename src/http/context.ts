import type { Editor } from '../config.js';
import type { ArchiveReader } from '../reader/port.js';
import type { EventStore } from '../store/port.js';

/** What every route module is built with: passed in, never module-level singletons. */
export type AppContext = Readonly<{
  store: EventStore;
  /** The read side: every page and API answer is read through it. */
  reader: ArchiveReader;
  /** The named editors of QANTAR_EDITOR_TOKENS; none means writes are off. */
  editors: readonly Editor[];
  /** The wall clock, read at the edge only. */
  now: () => Date;
}>;
