import type { MetricDefinition } from '../../events/schema/catalogue.js';
import type { Figure } from '../../events/schema/figure.js';
import { statementPublishedData } from '../../events/schema/statement.js';
import { schemaVersions, streamFor, type ArchiveEvent, type StatementCorrected, type StatementEvent } from '../../events/types.js';
import { ValidationError, issuesOf } from '../../events/validate.js';
import { WrongExpectedRevisionError, describeExpected } from '../store/errors.js';
import { eventIdFor } from '../store/ids.js';
import type { AppendResult, EventStore, ExpectedRevision, NewEvent, RecordedEvent } from '../store/port.js';
import { hashesFor, streamChainHead } from '../verify/hash.js';
import { DomainError } from './errors.js';
import { evolveStatement, type StatementState } from './statement-state.js';

export type WriteChannel = 'import' | 'cli' | 'api' | 'editor' | 'migrate';

export type AppendOptions = Readonly<{
  via: WriteChannel;
  /** For a correction or retraction: the statement revision the editor saw (If-Match). */
  expectedRevision?: bigint;
}>;

export type AppendedEvent = Readonly<{
  type: ArchiveEvent['type'];
  stream: string;
  id: string;
  revision: bigint;
  position: bigint;
  written: boolean;
}>;

/**
 * The envelope the store keeps. The id is derived from the content only, so a retry is a no-op;
 * the metadata carries the content hash and the stream's hash chain (src/verify/hash.ts), which
 * link it to the event before it in its stream (`previousHash`, null for a stream's first).
 */
export function toNewEvent(event: ArchiveEvent, via: WriteChannel, previousHash: string | null = null): NewEvent {
  const stream = streamFor(event);
  return {
    id: eventIdFor(stream, event.type, event.data),
    type: event.type,
    data: event.data,
    metadata: { schemaVersion: schemaVersions[event.type], via, ...hashesFor(event.type, event.data, previousHash) },
  };
}

/**
 * Checks every event of a batch against the archive before writing any of them (figures
 * name known metrics in their unit, corrections name a live statement, an id is not
 * reused for other content), then appends them in order, each to its own stream.
 */
export async function appendArchiveEvents(
  store: EventStore,
  events: readonly ArchiveEvent[],
  options: AppendOptions,
): Promise<AppendedEvent[]> {
  const archive = archiveLookup(store);
  const planned: { event: ArchiveEvent; envelope: NewEvent; expected: ExpectedRevision }[] = [];
  for (const [i, event] of events.entries()) {
    const at = events.length > 1 ? `[${i}].data` : 'data';
    const envelope = toNewEvent(event, options.via);
    planned.push({ event, envelope, expected: await check(archive, event, envelope, at, options) });
  }
  const appended: AppendedEvent[] = [];
  for (const { event, envelope, expected } of planned) {
    const stream = streamFor(event);
    try {
      const result = await appendChained(store, stream, event, options.via, expected);
      appended.push({ type: event.type, stream, id: envelope.id, ...result, revision: result.nextRevision });
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError) {
        throw new DomainError('CONFLICT', 'data', `${error.message}. Someone else changed it first: reload and retry.`);
      }
      throw error;
    }
  }
  return appended;
}

/**
 * Appends one event on top of its stream's hash chain. The chain is read from the stream, so the
 * append is pinned to the revision it was read at: a writer that got in between fails the pin
 * instead of leaving a broken link. A pin lost under 'stream_exists' (no If-Match) is re-read and
 * retried; under an editor's own revision it is the conflict they must see.
 */
async function appendChained(
  store: EventStore,
  stream: string,
  event: ArchiveEvent,
  via: WriteChannel,
  expected: ExpectedRevision,
): Promise<AppendResult> {
  const id = eventIdFor(stream, event.type, event.data);
  for (let attempt = 1; ; attempt++) {
    const events: RecordedEvent[] = (await store.streamRevision(stream)) === undefined ? [] : await store.readStream(stream);
    const earlier = events.find((e) => e.id === id);
    // The same content is already there: an idempotent retry writes nothing, whatever the revision.
    if (earlier) return { nextRevision: earlier.revision, position: earlier.position, written: false };
    const current = events.length ? events[events.length - 1]!.revision : undefined;
    if (!holds(expected, current)) throw new WrongExpectedRevisionError(stream, describeExpected(expected), current);
    const envelope = toNewEvent(event, via, streamChainHead(events));
    try {
      return await store.appendToStream(stream, [envelope], { expectedRevision: current ?? 'no_stream' });
    } catch (error) {
      const mayRetry = expected === 'stream_exists' || expected === 'any';
      if (!(error instanceof WrongExpectedRevisionError) || !mayRetry || attempt >= 5) throw error;
    }
  }
}

function holds(expected: ExpectedRevision, current: bigint | undefined): boolean {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return current === undefined;
  if (expected === 'stream_exists') return current !== undefined;
  return current === expected;
}

async function check(
  archive: ReturnType<typeof archiveLookup>,
  event: ArchiveEvent,
  envelope: NewEvent,
  at: string,
  options: AppendOptions,
): Promise<ExpectedRevision> {
  switch (event.type) {
    case 'MetricDefined': {
      const { parent, id } = event.data;
      if (parent && !(await archive.metric(parent))) {
        throw new DomainError('UNKNOWN_METRIC', `${at}.parent`, `unknown parent metric "${parent}"`);
      }
      await assertNewOrRetry(archive.store, streamFor(event), envelope.id, `${at}.id`, `metric "${id}"`);
      archive.define(event.data);
      return 'no_stream';
    }
    case 'RelationDeclared': {
      const metrics = event.data.kind === 'cumulative' ? [event.data.metric] : [event.data.whole, ...event.data.parts];
      for (const metric of metrics) {
        if (!(await archive.metric(metric))) {
          throw new DomainError('UNKNOWN_METRIC', `${at}`, `relation "${event.data.id}" names unknown metric "${metric}"`);
        }
      }
      await assertNewOrRetry(archive.store, streamFor(event), envelope.id, `${at}.id`, `relation "${event.data.id}"`);
      return 'no_stream';
    }
    case 'StatementPublished':
      await checkFigures(archive, event.data.figures, `${at}.figures`);
      await assertNewOrRetry(archive.store, streamFor(event), envelope.id, `${at}.id`, `statement "${event.data.id}"`);
      return 'no_stream';
    case 'StatementCorrected':
    case 'StatementRetracted': {
      const state = await archive.statement(event.data.statementId);
      if (!state) {
        throw new DomainError('UNKNOWN_STATEMENT', `${at}.statementId`, `no statement "${event.data.statementId}"`);
      }
      if (state.status === 'retracted' && !(await archive.hasEvent(streamFor(event), envelope.id))) {
        throw new DomainError('RETRACTED', `${at}.statementId`, `statement "${event.data.statementId}" was retracted`);
      }
      if (event.type === 'StatementCorrected') {
        assertValidCorrection(state, event, at);
        if (event.data.changes.figures) await checkFigures(archive, event.data.changes.figures, `${at}.changes.figures`);
      }
      return options.expectedRevision ?? 'stream_exists';
    }
    default: {
      const exhaustive: never = event;
      return exhaustive;
    }
  }
}

/**
 * A correction must leave a statement that publishing would accept: the rules that tie fields
 * together (a period's start not after its end) hold for the state it produces, not only for
 * its changes taken alone. Each issue is named where the editor can fix it, in the changes.
 */
function assertValidCorrection(state: StatementState, event: StatementCorrected, at: string): void {
  const result = statementPublishedData.safeParse(evolveStatement(state, event).statement);
  if (!result.success) throw new ValidationError(issuesOf(result.error, `${at}.changes`));
}

async function checkFigures(
  archive: ReturnType<typeof archiveLookup>,
  figures: readonly Pick<Figure, 'metric' | 'unit'>[],
  at: string,
): Promise<void> {
  for (const [i, figure] of figures.entries()) {
    const metric = await archive.metric(figure.metric);
    if (!metric) {
      throw new DomainError('UNKNOWN_METRIC', `${at}.${i}.metric`, `unknown metric "${figure.metric}": define it first`);
    }
    if (metric.unit !== figure.unit) {
      throw new DomainError('UNIT_MISMATCH', `${at}.${i}.unit`, `metric "${metric.id}" is counted in ${metric.unit}, not ${figure.unit}`);
    }
  }
}

/** The same content again is a retry and fine; the same id with other content is refused. */
async function assertNewOrRetry(store: EventStore, stream: string, id: string, path: string, what: string) {
  if ((await store.streamRevision(stream)) === undefined) return;
  const [first] = await store.readStream(stream, { maxCount: 1 });
  if (first?.id !== id) throw new DomainError('DUPLICATE', path, `${what} already exists with other content`);
}

/** What the checks need to know of the archive, read from the log itself so any store will do. */
function archiveLookup(store: EventStore) {
  const metrics = new Map<string, MetricDefinition | undefined>();
  return {
    store,
    define(metric: MetricDefinition) {
      metrics.set(metric.id, metric);
    },
    async metric(id: string): Promise<MetricDefinition | undefined> {
      if (!metrics.has(id)) {
        const stream = `metric-${id}`;
        const exists = (await store.streamRevision(stream)) !== undefined;
        const [first] = exists ? await store.readStream(stream, { maxCount: 1 }) : [];
        metrics.set(id, first?.data as MetricDefinition | undefined);
      }
      return metrics.get(id);
    },
    async statement(id: string): Promise<StatementState | undefined> {
      const stream = `statement-${id}`;
      if ((await store.streamRevision(stream)) === undefined) return undefined;
      const events = await store.readStream(stream);
      return events.reduce<StatementState | undefined>(
        (state, e) => evolveStatement(state, { type: e.type, data: e.data } as StatementEvent),
        undefined,
      );
    },
    async hasEvent(stream: string, id: string): Promise<boolean> {
      return (await store.readStream(stream)).some((e) => e.id === id);
    },
  };
}
