import {
  ErrorType,
  StreamNotFoundError as EsdbStreamNotFoundError,
  WrongExpectedVersionError,
  convertToCommandError,
  isCommandError,
} from '@eventstore/db-client';
import {
  StoreError,
  StoreUnavailableError,
  StreamNotFoundError,
  WrongExpectedRevisionError,
  describeExpected,
} from './errors.js';
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
 * no connection, a deadline, a follower asked to write, or credentials the server refuses.
 * Unknown (gRPC INTERNAL, such as a reset stream) is counted in: the request may be retried.
 */
const unavailable = new Set<ErrorType>([
  ErrorType.UNAVAILABLE,
  ErrorType.DEADLINE_EXCEEDED,
  ErrorType.TIMEOUT,
  ErrorType.CANCELLED,
  ErrorType.NOT_LEADER,
  ErrorType.ACCESS_DENIED,
  ErrorType.UNKNOWN,
]);

export type ErrorContext = Readonly<{ stream?: string; expected?: ExpectedRevision }>;

/**
 * Maps whatever the client threw onto the port's errors, so callers check one code whatever
 * holds the log. Raw gRPC errors are first converted the way the client converts its own.
 */
export function toStoreError(error: unknown, connection: string, context: ErrorContext = {}): unknown {
  if (error instanceof StoreError || !(error instanceof Error)) return error;
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
  const discoveryFailed = !isCommandError(converted) && /^Failed to discover/.test(converted.message);
  if ((isCommandError(converted) && unavailable.has(converted.type)) || discoveryFailed) {
    return new StoreUnavailableError(store, hidePassword(converted.message || 'no reason given', connection));
  }
  return converted;
}

export function isUnavailable(error: unknown): boolean {
  return error instanceof StoreUnavailableError;
}

/** Hides the password wherever a message echoes it (parse errors quote the whole string). */
export function hidePassword(text: string, connection: string): string {
  const password = passwordOf(connection);
  return password ? text.split(password).join('***') : text;
}
