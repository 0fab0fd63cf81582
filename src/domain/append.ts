import type { MetricDefinition } from '../../events/schema/catalogue.js';
import type { Figure } from '../../events/schema/figure.js';
import { schemaVersions, streamFor, type ArchiveEvent, type StatementEvent } from '../../events/types.js';
import { WrongExpectedRevisionError } from '../store/errors.js';
import { eventIdFor } from '../store/ids.js';
import type { EventStore, ExpectedRevision, NewEvent } from '../store/port.js';
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

/** The envelope the store keeps: the id is derived from the content, so retries are no-ops. */
export function toNewEvent(event: ArchiveEvent, via: WriteChannel): NewEvent {
  const stream = streamFor(event);
  return {
    id: eventIdFor(stream, event.type, event.data),
    type: event.type,
    data: event.data,
    metadata: { schemaVersion: schemaVersions[event.type], via },
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
      const result = await store.appendToStream(stream, [envelope], { expectedRevision: expected });
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
      if (event.type === 'StatementCorrected' && event.data.changes.figures) {
        await checkFigures(archive, event.data.changes.figures, `${at}.changes.figures`);
      }
      return options.expectedRevision ?? 'stream_exists';
    }
    default: {
      const exhaustive: never = event;
      return exhaustive;
    }
  }
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
