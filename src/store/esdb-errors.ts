import {
  ErrorType,
  EsdbStreamDeletedError,
  EsdbStreamNotFoundError,
  WrongExpectedVersionError,
  convertToCommandError,
  isCommandError,
  type CommandError,
} from './esdb-client.js';
import {
  StoreError,
  StoreUnavailableError,
  StreamNotFoundError,
  WrongExpectedRevisionError,
  describeExpected,
} from './errors.js';
import { PositionNotInLogError, StoreAccessDeniedError, StoreRefusedError, StreamDeletedError } from './esdb-refusals.js';
import type { ExpectedRevision } from './port.js';

/**
 * The connection string with its password replaced by ***, fit for logs and error messages.
 * The match runs to the last '@' so that a password holding '@' or ':' is hidden whole.
 */
export function redactConnectionString(connection: string): string {
  return connection.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:@/?]*):.*@/i, '$1:***@');
}

function passwordOf(connection: string): string | undefined {
  return /^[a-z][a-z0-9+.-]*:\/\/[^:@/?]*:(.*)@/i.exec(connection)?.[1] || undefined;
}

/**
 * Failures that say nothing about the request, only that the server cannot serve it now:
 * no connection, a deadline, a follower asked to write, or a call the server cancelled (a server
 * that stops cancels its open calls: the protocol double's kill-and-restart test shows it).
 */
const unavailable = new Set<ErrorType>([
  ErrorType.UNAVAILABLE,
  ErrorType.DEADLINE_EXCEEDED,
  ErrorType.TIMEOUT,
  ErrorType.CANCELLED,
  ErrorType.NOT_LEADER,
]);

/**
 * The gRPC status codes (grpc/doc/statuscodes.md) under which client 6.x reports an UnknownError
 * that is still worth retrying: UNKNOWN and INTERNAL (a reset HTTP/2 stream), RESOURCE_EXHAUSTED
 * (a busy server). Any other code, INVALID_ARGUMENT first, or none (an error the server named
 * and the client did not recognise), is the server refusing the request.
 */
const transientGrpcCodes = new Set([2, 8, 13]);
const invalidArgument = 3;

export type ErrorContext = Readonly<{
  stream?: string;
  expected?: ExpectedRevision;
  /** The $all position the request started from, if any: the one thing a read can give that is not in the log. */
  position?: bigint;
}>;

/**
 * Maps whatever the client threw onto the port's errors, so callers check one code whatever
 * holds the log. Raw gRPC errors are first converted the way the client converts its own.
 * Whatever retrying cannot mend (access denied, a position inside a record, an argument the server
 * rejects) becomes a StoreRefusedError that says so, never "unavailable".
 */
export function toStoreError(error: unknown, connection: string, context: ErrorContext = {}): unknown {
  if (error instanceof StoreError || error instanceof StoreRefusedError || !(error instanceof Error)) return error;
  const converted = convertToCommandError(error);
  const store = redactConnectionString(connection);
  if (converted instanceof WrongExpectedVersionError) {
    const actual = converted.actualVersion === 'no_stream' ? undefined : converted.actualVersion;
    const expected = context.expected ?? converted.expectedVersion;
    return new WrongExpectedRevisionError(converted.streamName || context.stream || '?', describeExpected(expected), actual);
  }
  if (converted instanceof EsdbStreamNotFoundError) {
    return new StreamNotFoundError(converted.streamName || context.stream || '?');
  }
  if (converted instanceof EsdbStreamDeletedError) {
    return new StreamDeletedError(converted.streamName || context.stream || '?');
  }
  const discoveryFailed = !isCommandError(converted) && /^Failed to discover/.test(converted.message);
  if (discoveryFailed || (isCommandError(converted) && isTransient(converted))) {
    return new StoreUnavailableError(store, hidePassword(converted.message || 'no reason given', connection));
  }
  if (!isCommandError(converted)) return converted;
  if (converted.type === ErrorType.ACCESS_DENIED) return new StoreAccessDeniedError();
  if (converted.code === invalidArgument && context.position !== undefined) return new PositionNotInLogError(context.position);
  // What the server answered; the client's own checks of its arguments (no gRPC code) stay as they are.
  const fromServer = converted.type === ErrorType.UNKNOWN || converted.code !== undefined;
  return fromServer ? new StoreRefusedError(hidePassword(converted.message || converted.type, connection)) : converted;
}

function isTransient(error: CommandError): boolean {
  if (error.type === ErrorType.UNKNOWN) return error.code !== undefined && transientGrpcCodes.has(error.code);
  return unavailable.has(error.type);
}

export function isUnavailable(error: unknown): boolean {
  return error instanceof StoreUnavailableError;
}

/** Hides the password wherever a message echoes it (parse errors quote the whole string). */
export function hidePassword(text: string, connection: string): string {
  const password = passwordOf(connection);
  return password ? text.split(password).join('***') : text;
}
