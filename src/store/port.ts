/**
 * The event store port: the only thing the rest of the archive knows about storage.
 * Adapters (memory, SQLite, EventStoreDB) are factories returning it, and one contract
 * suite (tests/int/store-contract.ts) holds every one of them to the same behaviour.
 */

/** An event ready to append. Its id is derived from its stream, revision and content (ids.ts), so a retried append is a no-op. */
export type NewEvent = Readonly<{
  id: string;
  type: string;
  data: unknown;
  metadata: Readonly<Record<string, unknown>>;
}>;

export type RecordedEvent = NewEvent &
  Readonly<{
    stream: string;
    /** Zero-based index of the event in its stream. */
    revision: bigint;
    /** Global log position: strictly increasing across the whole log (archive time). */
    position: bigint;
    /** When the store recorded the event, as an ISO instant (archive time). */
    recordedAt: string;
  }>;

/** What the writer expects the stream to be before the append: optimistic concurrency. */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | bigint;

/** One append of a multi-stream write: as appendToStream's arguments. */
export type StreamAppend = Readonly<{ stream: string; events: readonly NewEvent[]; expectedRevision: ExpectedRevision }>;

export type AppendResult = Readonly<{
  /** Revision of the last event of the stream after the append. */
  nextRevision: bigint;
  /** Position of the last event written (or found, for an idempotent retry). */
  position: bigint;
  /** False when every event was already there: an idempotent retry wrote nothing. */
  written: boolean;
}>;

export type ReadDirection = 'forwards' | 'backwards';

export type ReadStreamOptions = Readonly<{
  direction?: ReadDirection;
  /** Inclusive; defaults to the start (forwards) or the end (backwards). */
  fromRevision?: bigint;
  maxCount?: number;
}>;

export type ReadAllOptions = Readonly<{
  direction?: ReadDirection;
  /** Inclusive; forwards defaults to the start, backwards to the end. */
  fromPosition?: bigint;
  maxCount?: number;
  /** Only streams whose name starts with one of these. */
  streamPrefixes?: readonly string[];
}>;

export type SubscribeOptions = Readonly<{
  /** Deliver events strictly after this position; undefined means from the start. */
  after?: bigint;
  streamPrefixes?: readonly string[];
  /** Events handed to the handler at once; a read model applies each batch in one transaction. */
  batchSize?: number;
}>;

export type EventBatchHandler = (events: readonly RecordedEvent[]) => Promise<void> | void;

export type Subscription = Readonly<{
  /** Resolves once every event that existed when the subscription started has been handled. */
  caughtUp: Promise<void>;
  /** Stops delivery; resolves when no handler call is running any more. */
  unsubscribe(): Promise<void>;
}>;

/** How much of the log-wide hash chain (src/verify/log-chain.ts) a store holds. */
export type LogChainStatus =
  | Readonly<{ stored: true; /** The newest link stored, if any. */ last?: Readonly<{ position: bigint; hash: string }> }>
  | Readonly<{ stored: false; why: string }>;

/** The log-wide chain as a store keeps it: each event's link, written with the event. */
export type LogChain = Readonly<{
  status(): Promise<LogChainStatus>;
  /** The stored links of the events at positions from…to (inclusive), by position. */
  links(from: bigint, to: bigint): Promise<ReadonlyMap<bigint, string>>;
}>;

export type EventStore = Readonly<{
  /** A name for logs and errors, with any password hidden. */
  description: string;
  appendToStream(
    stream: string,
    events: readonly NewEvent[],
    options?: { expectedRevision?: ExpectedRevision },
  ): Promise<AppendResult>;
  /**
   * Several appends, in order, in one transaction: all are written or none is, even if the
   * process dies midway. Each follows appendToStream's rules (a retry writes nothing; a wrong
   * expected revision throws, and then nothing of the whole call is written). Optional:
   * EventStoreDB, through @eventstore/db-client 6, cannot write to two streams at once.
   */
  appendToStreams?(appends: readonly StreamAppend[]): Promise<AppendResult[]>;
  /** Throws StreamNotFoundError when the stream has no events. */
  readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /** The current revision of a stream, or undefined when it does not exist. */
  streamRevision(stream: string): Promise<bigint | undefined>;
  /** Position of the last event in the log, or undefined when the log is empty. */
  headPosition(): Promise<bigint | undefined>;
  /** Catch-up subscription: existing events after `after`, then new ones as they are appended. */
  subscribeToAll(handler: EventBatchHandler, options?: SubscribeOptions): Subscription;
  /**
   * Throws StoreUnavailableError when the store could not take a write now, without writing
   * (for /readyz). Optional: where reaching the store is all it takes, readiness reads the head.
   */
  probeWrites?(): Promise<void>;
  /**
   * Absent where no writer can know what to chain: EventStoreDB assigns positions and record
   * times on the server, after the event was sent. `qantar verify` recomputes the chain there,
   * and only a head kept from an earlier run can check it.
   */
  logChain?: LogChain;
  close(): Promise<void>;
}>;
