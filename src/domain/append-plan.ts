import type { MetricDefinition } from '../../events/schema/catalogue.js';
import type { Figure } from '../../events/schema/figure.js';
import { statementPublishedData } from '../../events/schema/statement.js';
import { schemaVersions, streamFor, type ArchiveEvent, type StatementCorrected, type StatementEvent, type StatementRetracted } from '../../events/types.js';
import { ValidationError, issuesOf } from '../../events/validate.js';
import { WrongExpectedRevisionError } from '../store/errors.js';
import { eventIdFor } from '../store/ids.js';
import type { EventStore, NewEvent } from '../store/port.js';
import { hashesFor, streamChainHead } from '../store/hashes.js';
import { DomainError } from './errors.js';
import { evolveStatement, type StatementState } from './statement-state.js';

export type WriteChannel = 'import' | 'cli' | 'api' | 'editor' | 'migrate';

export type AppendOptions = Readonly<{
  via: WriteChannel;
  /** Who appends, recorded in each event's metadata: the editor's name, the CLI's OS user, "seed". */
  appendedBy?: string;
  /** For a correction or retraction: the statement revision the editor saw (If-Match). */
  expectedRevision?: bigint;
}>;

/** One event of a batch, placed at the revision it takes in its stream. */
export type PlannedEvent = Readonly<{ event: ArchiveEvent; stream: string; revision: bigint; id: string }> &
  (
    | Readonly<{ kind: 'new'; envelope: NewEvent }>
    /** Already in the log at that revision: a retry of the same request, nothing to write. */
    | Readonly<{ kind: 'there'; position: bigint }>
  );

/**
 * The envelope the store keeps. Its id is derived from its stream, revision and content
 * (src/store/ids.ts), so a retry of the same request against the same revision is a no-op; the
 * metadata carries the content hash and the stream's hash chain (src/store/hashes.ts), which link
 * it to the event before it in its stream (`previousHash`, null for a stream's first).
 */
export function toNewEvent(
  event: ArchiveEvent,
  via: WriteChannel,
  previousHash: string | null = null,
  revision = 0n,
  appendedBy?: string,
): NewEvent {
  return {
    id: eventIdFor(streamFor(event), event.type, event.data, revision),
    type: event.type,
    data: event.data,
    metadata: {
      schemaVersion: schemaVersions[event.type],
      via,
      ...(appendedBy === undefined ? {} : { appendedBy }),
      ...hashesFor(event.type, event.data, previousHash),
    },
  };
}

/**
 * Places every event of a batch at its revision and checks the new ones against the archive as
 * the batch leaves it (figures name known metrics in their unit, a correction names a live
 * statement and leaves it valid), before anything is written. Where an event goes:
 * - a publication, a metric or a relation opens its stream: revision 0;
 * - a change after an earlier event of the same stream in the batch: the revision after it, so
 *   an archive directory imported again finds its corrections where it put them;
 * - a change with the editor's revision (If-Match): the revision after that one;
 * - any other change (`qantar append` of a file): on top of the stream, unless the stream's
 *   newest events are already the batch's changes of it (the same file run twice).
 * An event found at its revision is a retry; another event there is a conflict.
 */
export async function planAppend(store: EventStore, events: readonly ArchiveEvent[], options: AppendOptions): Promise<PlannedEvent[]> {
  const streams = streamTails(store);
  const batchOf = new Map<string, ArchiveEvent[]>();
  for (const event of events) {
    const stream = streamFor(event);
    if (!batchOf.has(stream)) batchOf.set(stream, []);
    batchOf.get(stream)!.push(event);
  }
  const placedInBatch = new Map<string, bigint>();
  const plan: PlannedEvent[] = [];
  for (const [i, event] of events.entries()) {
    const at = events.length > 1 ? `[${i}].data` : 'data';
    const stream = streamFor(event);
    const tail = await streams.tail(stream);
    if (isChange(event) && tail.length === 0) {
      throw new DomainError('UNKNOWN_STATEMENT', `${at}.statementId`, `no statement "${event.data.statementId}"`);
    }
    const revision = revisionFor(event, stream, tail, batchOf.get(stream)!, placedInBatch.get(stream), options.expectedRevision);
    placedInBatch.set(stream, revision);
    const id = eventIdFor(stream, event.type, event.data, revision);
    const there = tail[Number(revision)];
    if (there?.id === id) {
      if (there.position === undefined) throw new DomainError('DUPLICATE', at, 'repeats an earlier event of this batch');
      plan.push({ kind: 'there', event, stream, revision, id, position: there.position });
      continue;
    }
    if (there || revision > BigInt(tail.length)) throw refusal(event, stream, revision, tail.length, at);
    await checkNewEvent(streams, event, at);
    const envelope = toNewEvent(event, options.via, streamChainHead(tail), revision, options.appendedBy);
    tail.push({ id, type: event.type, data: event.data });
    plan.push({ kind: 'new', event, stream, revision, id, envelope });
  }
  return plan;
}

type TailEvent = Readonly<{ id: string; type: string; data: unknown; position?: bigint }>;

/** Each stream the batch touches, read once, with the batch's new events added as they are placed. */
function streamTails(store: EventStore) {
  const tails = new Map<string, TailEvent[]>();
  return {
    async tail(stream: string): Promise<TailEvent[]> {
      let tail = tails.get(stream);
      if (!tail) {
        tail = (await store.streamRevision(stream)) === undefined ? [] : await store.readStream(stream);
        tails.set(stream, tail);
      }
      return tail;
    },
  };
}

/** A correction or retraction: it changes a statement, where every other event opens its stream. */
const isChange = (event: ArchiveEvent): event is StatementCorrected | StatementRetracted =>
  event.type === 'StatementCorrected' || event.type === 'StatementRetracted';

function revisionFor(
  event: ArchiveEvent,
  stream: string,
  tail: readonly TailEvent[],
  batch: readonly ArchiveEvent[],
  previousInBatch: bigint | undefined,
  expectedRevision: bigint | undefined,
): bigint {
  if (!isChange(event)) return 0n;
  if (previousInBatch !== undefined) return previousInBatch + 1n;
  if (expectedRevision !== undefined) return expectedRevision + 1n;
  // The batch's changes of this stream are its newest events already: the same command run again.
  const start = tail.length - batch.length;
  const again = start > 0 && batch.every((e, j) => tail[start + j]!.id === eventIdFor(stream, e.type, e.data, BigInt(start + j)));
  return BigInt(again ? start : tail.length);
}

/** Another event holds the place this one was meant for, or the editor's revision is not the stream's. */
function refusal(event: ArchiveEvent, stream: string, revision: bigint, length: number, at: string): DomainError {
  if (!isChange(event)) {
    const what = event.type === 'StatementPublished' ? 'statement' : event.type === 'MetricDefined' ? 'metric' : 'relation';
    return new DomainError('DUPLICATE', `${at}.id`, `${what} "${event.data.id}" already exists with other content`);
  }
  const stale = new WrongExpectedRevisionError(stream, String(revision - 1n), BigInt(length - 1));
  return new DomainError('CONFLICT', at, `${stale.message}. Someone else changed it first: reload and retry.`);
}

async function checkNewEvent(streams: ReturnType<typeof streamTails>, event: ArchiveEvent, at: string): Promise<void> {
  const metric = async (id: string) => (await streams.tail(`metric-${id}`))[0]?.data as MetricDefinition | undefined;
  switch (event.type) {
    case 'MetricDefined':
      if (event.data.parent && !(await metric(event.data.parent))) {
        throw new DomainError('UNKNOWN_METRIC', `${at}.parent`, `unknown parent metric "${event.data.parent}"`);
      }
      return;
    case 'RelationDeclared': {
      const metrics = event.data.kind === 'cumulative' ? [event.data.metric] : [event.data.whole, ...event.data.parts];
      for (const id of metrics) {
        if (!(await metric(id))) throw new DomainError('UNKNOWN_METRIC', at, `relation "${event.data.id}" names unknown metric "${id}"`);
      }
      return;
    }
    case 'StatementPublished':
      return checkFigures(metric, event.data.figures, `${at}.figures`);
    case 'StatementCorrected':
    case 'StatementRetracted': {
      const tail = await streams.tail(streamFor(event));
      const state = tail.reduce<StatementState | undefined>((s, e) => evolveStatement(s, e as StatementEvent), undefined)!;
      if (state.status === 'retracted') {
        throw new DomainError('RETRACTED', `${at}.statementId`, `statement "${event.data.statementId}" was retracted`);
      }
      if (event.type === 'StatementRetracted') return;
      assertValidCorrection(state, event, at);
      if (event.data.changes.figures) await checkFigures(metric, event.data.changes.figures, `${at}.changes.figures`);
      return;
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
  metric: (id: string) => Promise<MetricDefinition | undefined>,
  figures: readonly Pick<Figure, 'metric' | 'unit'>[],
  at: string,
): Promise<void> {
  for (const [i, figure] of figures.entries()) {
    const defined = await metric(figure.metric);
    if (!defined) {
      throw new DomainError('UNKNOWN_METRIC', `${at}.${i}.metric`, `unknown metric "${figure.metric}": define it first`);
    }
    if (defined.unit !== figure.unit) {
      throw new DomainError('UNIT_MISMATCH', `${at}.${i}.unit`, `metric "${defined.id}" is counted in ${defined.unit}, not ${figure.unit}`);
    }
  }
}
