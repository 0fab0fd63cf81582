/**
 * The port's error contract. Every adapter maps its own failures onto these, so callers
 * (the CLI, the HTTP error handler) check one code whatever holds the log.
 */
export type StoreErrorCode = 'WRONG_EXPECTED_REVISION' | 'STREAM_NOT_FOUND' | 'DUPLICATE_EVENT_ID' | 'STORE_UNAVAILABLE';

export abstract class StoreError extends Error {
  abstract readonly code: StoreErrorCode;
}

export class WrongExpectedRevisionError extends StoreError {
  readonly code = 'WRONG_EXPECTED_REVISION';
  constructor(
    readonly stream: string,
    readonly expected: string,
    readonly actual: bigint | undefined,
  ) {
    super(
      `Concurrency conflict on ${stream}: expected revision ${expected}, but the stream is ${
        actual === undefined ? 'absent' : `at revision ${actual}`
      }`,
    );
  }
}

export class StreamNotFoundError extends StoreError {
  readonly code = 'STREAM_NOT_FOUND';
  constructor(readonly stream: string) {
    super(`Stream ${stream} does not exist`);
  }
}

/** An event id already stands in the log for other content or another place. */
export class DuplicateEventIdError extends StoreError {
  readonly code = 'DUPLICATE_EVENT_ID';
  constructor(readonly eventId: string) {
    super(`Event id ${eventId} is already in the log with other content or at another place`);
  }
}

export class StoreUnavailableError extends StoreError {
  readonly code = 'STORE_UNAVAILABLE';
  constructor(
    readonly store: string,
    reason: string,
  ) {
    super(`The event store ${store} is unavailable: ${reason}`);
  }
}

export function describeExpected(expected: 'any' | 'no_stream' | 'stream_exists' | bigint): string {
  return typeof expected === 'bigint' ? expected.toString() : expected;
}

/**
 * A stored event that cannot be read back (its JSON was damaged on disk or by hand). Not a
 * StoreError: nothing the caller did or can retry; `qantar verify` names it.
 */
export class CorruptEventError extends Error {
  constructor(
    readonly position: bigint,
    readonly stream: string,
    readonly eventId: string,
    reason: string,
  ) {
    super(`The event at position ${position} (stream ${stream}, id ${eventId}) cannot be read: ${reason}`);
  }
}
