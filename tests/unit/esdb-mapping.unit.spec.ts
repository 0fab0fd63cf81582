import {
  ANY,
  DeadlineExceededError,
  InvalidArgumentError,
  NO_STREAM,
  NotLeaderError,
  STREAM_EXISTS,
  StreamNotFoundError as EsdbStreamNotFoundError,
  WrongExpectedVersionError,
  jsonEvent,
  type JSONType,
  type ResolvedEvent,
} from '@eventstore/db-client';
import { validate as isUuid, version as uuidVersion } from 'uuid';
import { describe, expect, it } from 'vitest';
import {
  StoreUnavailableError,
  StreamNotFoundError,
  WrongExpectedRevisionError,
  DuplicateEventIdError,
} from '../../src/store/errors.js';
import { getEventStoreDbEventStore } from '../../src/store/esdb.js';
import { redactConnectionString, toStoreError } from '../../src/store/esdb-errors.js';
import { PositionNotInLogError, StoreRefusedError } from '../../src/store/esdb-refusals.js';
import {
  fromResolvedEvent,
  isSystemEvent,
  parsePosition,
  positionToString,
  toEsdbExpectedRevision,
  toEsdbPosition,
  toEventData,
} from '../../src/store/esdb-mapping.js';
import { eventIdFor } from '../../src/store/ids.js';
import type { NewEvent } from '../../src/store/port.js';

const stream = 'statement-2022-01-05-tokayev-address';
const data = { title: 'Обращение Главы государства', figures: [{ metric: 'detained', value: 1678 }] };
const sent: NewEvent = {
  id: eventIdFor(stream, 'StatementPublished', data),
  type: 'StatementPublished',
  data,
  metadata: { importedBy: 'seed' },
};

/** What the client hands back for an event it read: the shape of convertGrpcRecord's output. */
function resolvedFrom(event: NewEvent, at: { revision: bigint; position: bigint; created: Date }): ResolvedEvent {
  const written = jsonEvent({ id: event.id, type: event.type, data: event.data as JSONType, metadata: event.metadata });
  return {
    event: {
      streamId: stream,
      id: written.id,
      isJson: true,
      revision: at.revision,
      type: written.type,
      created: at.created,
      data: JSON.parse(JSON.stringify(written.data)),
      metadata: JSON.parse(JSON.stringify(written.metadata)),
      position: { commit: at.position, prepare: at.position },
    },
    commitPosition: at.position,
  } as ResolvedEvent;
}

/** A gRPC ServiceError as @grpc/grpc-js raises it: code, details, and metadata with getMap(). */
function serviceError(code: number, details: string, map: Record<string, string> = {}) {
  return Object.assign(new Error(`${code} ${details}`), { code, details, metadata: { getMap: () => map } }) as never;
}

describe('events to and from EventStoreDB records', () => {
  it('builds event data with the real jsonEvent, keeping the deterministic id', () => {
    const eventData = toEventData(sent);
    expect(eventData).toEqual({
      id: sent.id,
      contentType: 'application/json',
      type: 'StatementPublished',
      data,
      metadata: { importedBy: 'seed' },
    });
  });

  it('reads a resolved event back into the port shape: bigints, commit position, ISO recordedAt', () => {
    const created = new Date('2022-01-07T09:30:00.123Z');
    const recorded = fromResolvedEvent(resolvedFrom(sent, { revision: 3n, position: 2n ** 60n, created }));
    expect(recorded).toEqual({ ...sent, stream, revision: 3n, position: 2n ** 60n, recordedAt: '2022-01-07T09:30:00.123Z' });
  });

  it('takes the resolved commit position when the record has the "unknown" marker, and refuses none', () => {
    const resolved = resolvedFrom(sent, { revision: 0n, position: 18446744073709551615n, created: new Date(0) });
    expect(fromResolvedEvent({ ...resolved, commitPosition: 4242n })?.position).toBe(4242n);
    expect(() => fromResolvedEvent({ ...resolved, commitPosition: undefined })).toThrow(/too old/);
  });

  it('maps non-object metadata to {} and a link without its event to undefined', () => {
    const resolved = resolvedFrom(sent, { revision: 0n, position: 10n, created: new Date(0) });
    expect(fromResolvedEvent({ ...resolved, event: { ...resolved.event!, metadata: undefined } })?.metadata).toEqual({});
    expect(fromResolvedEvent({ commitPosition: 10n })).toBeUndefined();
  });

  it('tells EventStoreDB system events from the archive’s', () => {
    expect(isSystemEvent({ streamId: '$settings', type: 'update' })).toBe(true);
    expect(isSystemEvent({ streamId: '$$statement-1', type: '$metadata' })).toBe(true);
    expect(isSystemEvent({ streamId: 'statement-1', type: '$>' })).toBe(true);
    expect(isSystemEvent({ streamId: 'statement-1', type: 'StatementPublished' })).toBe(false);
  });
});

describe('expected revisions, ids and positions', () => {
  it('maps every expected revision onto the client constants', () => {
    expect(toEsdbExpectedRevision('no_stream')).toBe(NO_STREAM);
    expect(toEsdbExpectedRevision('stream_exists')).toBe(STREAM_EXISTS);
    expect(toEsdbExpectedRevision('any')).toBe(ANY);
    expect(toEsdbExpectedRevision(7n)).toBe(7n);
  });

  it('derives a stable, valid UUID v5 per event, different when anything differs', () => {
    const id = eventIdFor(stream, 'StatementPublished', data);
    expect(eventIdFor(stream, 'StatementPublished', { figures: data.figures, title: data.title })).toBe(id);
    expect(isUuid(id) && uuidVersion(id)).toBe(5);
    expect(eventIdFor(`${stream}-x`, 'StatementPublished', data)).not.toBe(id);
    expect(eventIdFor(stream, 'StatementCorrected', data)).not.toBe(id);
  });

  it('serialises bigint positions as decimal strings, beyond 2^53 and back', () => {
    const big = 2n ** 63n + 5n;
    expect(positionToString(big)).toBe('9223372036854775813');
    expect(parsePosition(positionToString(big))).toBe(big);
    expect(JSON.stringify({ position: positionToString(1234n) })).toBe('{"position":"1234"}');
    for (const bad of ['-1', '1.5', '', 'abc', '1e3']) expect(() => parsePosition(bad)).toThrow(RangeError);
    expect(toEsdbPosition(4096n)).toEqual({ commit: 4096n, prepare: 4096n });
  });
});

describe('errors onto the port’s, with the password hidden', () => {
  const connection = 'esdb://admin:s3cret@db1:2113,db2:2113?tls=false';

  it('redacts the password of any connection string, and only the password', () => {
    expect(redactConnectionString(connection)).toBe('esdb://admin:***@db1:2113,db2:2113?tls=false');
    expect(redactConnectionString('kurrentdb+discover://ops:p@ss:w0rd@cluster.local')).toBe(
      'kurrentdb+discover://ops:***@cluster.local',
    );
    expect(redactConnectionString('esdb://localhost:2113?tls=false')).toBe('esdb://localhost:2113?tls=false');
  });

  it('WrongExpectedVersionError becomes WrongExpectedRevisionError with the actual revision', () => {
    const conflict = new WrongExpectedVersionError(undefined, { streamName: stream, expected: 3n, current: 5n });
    const mapped = toStoreError(conflict, connection, { stream, expected: 3n });
    expect(mapped).toBeInstanceOf(WrongExpectedRevisionError);
    expect(mapped).toMatchObject({ stream, expected: '3', actual: 5n, code: 'WRONG_EXPECTED_REVISION' });

    const absent = new WrongExpectedVersionError(undefined, { streamName: stream, expected: STREAM_EXISTS, current: NO_STREAM });
    expect(toStoreError(absent, connection)).toMatchObject({ expected: 'stream_exists', actual: undefined });
  });

  it('StreamNotFoundError (stream name as bytes, as the reader raises it) becomes the port’s', () => {
    const mapped = toStoreError(new EsdbStreamNotFoundError(undefined, Buffer.from(stream)), connection);
    expect(mapped).toBeInstanceOf(StreamNotFoundError);
    expect(mapped).toMatchObject({ stream, code: 'STREAM_NOT_FOUND' });
  });

  it('unavailable, deadline, not-leader and discovery failures become StoreUnavailableError', () => {
    const failures = [
      serviceError(14, 'UNAVAILABLE: No connection established (admin:s3cret)'), // raw, as appends raise it
      new DeadlineExceededError(serviceError(4, 'DEADLINE_EXCEEDED: Deadline exceeded')),
      new NotLeaderError(
        serviceError(9, 'Leader info available', { 'leader-endpoint-host': 'db2', 'leader-endpoint-port': '2113' }),
      ),
      new Error('Failed to discover after 10 attempts.'),
    ];
    for (const failure of failures) {
      const mapped = toStoreError(failure, connection) as StoreUnavailableError;
      expect(mapped).toBeInstanceOf(StoreUnavailableError);
      expect(mapped.code).toBe('STORE_UNAVAILABLE');
      expect(mapped.message).toContain('esdb://admin:***@db1:2113');
      expect(mapped.message).not.toContain('s3cret');
    }
  });

  it('an unknown error is unavailable only under a code worth retrying; otherwise the server refused the request', () => {
    for (const retryable of [serviceError(13, 'INTERNAL: Received RST_STREAM'), serviceError(2, 'UNKNOWN: reset')]) {
      expect(toStoreError(retryable, connection)).toBeInstanceOf(StoreUnavailableError);
    }
    const inside = toStoreError(serviceError(3, 'INVALID_ARGUMENT: Invalid position'), connection, { position: 42n });
    expect(inside).toBeInstanceOf(PositionNotInLogError);
    expect((inside as Error).message).toContain('42 is not the position of an event in this log');
    const refused = toStoreError(serviceError(3, 'INVALID_ARGUMENT: bad request (admin:s3cret)'), connection);
    expect(refused).toBeInstanceOf(StoreRefusedError);
    expect(refused).not.toBeInstanceOf(StoreUnavailableError);
    expect((refused as Error).message).not.toContain('s3cret');
  });

  it('leaves the port’s own errors and unrelated client errors as they are', () => {
    const duplicate = new DuplicateEventIdError(sent.id);
    expect(toStoreError(duplicate, connection)).toBe(duplicate);
    const invalid = new InvalidArgumentError('bad filter');
    expect(toStoreError(invalid, connection)).toBe(invalid);
  });

  it('an append to a server that is not there rejects quickly with StoreUnavailableError naming the host', async () => {
    const store = getEventStoreDbEventStore('esdb://admin:secret@127.0.0.1:1?tls=false&defaultDeadline=2000');
    expect(store.description).toBe('esdb://admin:***@127.0.0.1:1?tls=false&defaultDeadline=2000');
    try {
      const error = await store.appendToStream(stream, [sent]).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(StoreUnavailableError);
      expect((error as Error).message).toContain('127.0.0.1:1');
      expect((error as Error).message).not.toContain('secret');
    } finally {
      await store.close();
    }
  }, 10_000);

  it('accepts KurrentDB’s scheme for the same protocol, and describes the store as given', async () => {
    const store = getEventStoreDbEventStore('kurrentdb://ops:pw@127.0.0.1:1?tls=false');
    expect(store.description).toBe('kurrentdb://ops:***@127.0.0.1:1?tls=false');
    await expect(store.headPosition()).rejects.toBeInstanceOf(StoreUnavailableError);
    await store.close();
  });

  it('a malformed connection string is refused without echoing its password', () => {
    expect(() => getEventStoreDbEventStore('esdb://admin:secret@db:notaport')).toThrow(/admin:\*\*\*@db/);
    expect(() => getEventStoreDbEventStore('esdb://admin:secret@db:notaport')).not.toThrow(/secret/);
  });
});
