import { StreamNotFoundError } from './errors.js';

/**
 * EventStoreDB refused the request itself: sending it again cannot help, so it is neither
 * "unavailable" (a 503 and a retry) nor retried by a subscription. Not a StoreError: no code of the
 * port fits, and the caller did nothing it could change. Messages never quote the connection
 * string (/readyz shows them).
 */
export class StoreRefusedError extends Error {
  constructor(readonly reason: string) {
    super(`EventStoreDB refused the request: ${reason}`);
  }
}

/** Credentials the server does not accept, or a user without the rights: a setting to fix, not an outage. */
export class StoreAccessDeniedError extends StoreRefusedError {
  constructor() {
    super('access denied. Check the user and password in the connection string, and that user’s rights');
  }
}

/**
 * A read of $all from a number that is not an event's position in this log: positions are byte
 * offsets, and the server cannot start a read inside a record. It is the request's fault, so it
 * carries status 400 (as http-errors do) for the HTTP layer to answer with.
 */
export class PositionNotInLogError extends StoreRefusedError {
  readonly status = 400;
  constructor(readonly position: bigint) {
    super(`${position} is not the position of an event in this log`);
  }
}

/** A stream deleted in the server (the archive never deletes): to the archive it is gone, with the reason said. */
export class StreamDeletedError extends StreamNotFoundError {
  constructor(stream: string) {
    super(stream);
    this.message = `Stream ${stream} was deleted in EventStoreDB, outside the archive, and cannot be read or written`;
  }
}

/**
 * Events written by an old explicit transaction (the TCP API's TransactionStart…Commit) share
 * their transaction's commit position and each keep their own prepare position. The port gives
 * each event one number, and a read or subscription resumes from it as commit = prepare, so such
 * an event cannot be addressed: the log is refused, by name, rather than misread.
 */
export class LegacyTransactionError extends Error {
  constructor(
    readonly stream: string,
    readonly revision: bigint,
    commit: bigint,
    prepare: bigint,
  ) {
    super(
      `The event ${stream}@${revision} was written by an explicit transaction ` +
        `(commit position ${commit}, prepare position ${prepare}): ` +
        'Qantar gives each event one log position and cannot read logs holding such events. ' +
        'Copy those streams with a gRPC append first, or keep the archive in a log of its own.',
    );
  }
}
