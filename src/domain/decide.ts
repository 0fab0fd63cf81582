import { streamFor, streamOf, type ArchiveEvent, type StatementCorrected, type StatementRetracted } from '../../events/types.js';
import { expectedBefore, revisionConflict } from '../store/append-rules.js';
import type { WrongExpectedRevisionError } from '../store/errors.js';
import { eventIdFor } from '../store/ids.js';
import type { NewEvent } from '../store/port.js';
import { toNewEvent, type WriteChannel } from './envelope.js';
import { DomainError } from './errors.js';
import { checkNewEvent, metricsNamedBy, publishedStatement, translatedSubjectStreams } from './event-rules.js';
import { evolveStream, type ArchiveState, type StreamState } from './stream-state.js';

export type AppendOptions = Readonly<{
  via: WriteChannel;
  /** Who appends, recorded in each event's metadata: the editor's name, the CLI's OS user, "seed". */
  appendedBy?: string;
  /** For a correction or retraction: the statement revision the editor saw (If-Match). */
  expectedRevision?: bigint;
}>;

/** Append these events, in order, as one request: an archive directory, a file, a form or an API call. */
export type AppendCommand = Readonly<{ events: readonly ArchiveEvent[] }> & AppendOptions;

/** One event of the command, placed at the revision it takes in its stream. */
export type DecidedEvent = Readonly<{ event: ArchiveEvent; stream: string; revision: bigint; id: string }> &
  (
    | Readonly<{ kind: 'new'; envelope: NewEvent }>
    /** Already in the log at that revision: a retry of the same request, nothing to write. */
    | Readonly<{ kind: 'there'; position: bigint }>
  );

/** Every stream `decide` consults: the streams the command's events go to, the metrics they name, and what they translate. */
export function streamsConsulted(command: AppendCommand): string[] {
  const streams = command.events.flatMap((event) => [
    streamFor(event),
    ...metricsNamedBy(event).map(streamOf.metric),
    ...translatedSubjectStreams(event),
  ]);
  return [...new Set(streams)];
}

/**
 * The write side's rules, pure: given the streams the command consults, folded from the log,
 * either the events to append (each placed at its revision, with its envelope) and the ones
 * already there, or a refusal thrown as a DomainError or ValidationError naming the field.
 * Each new event is checked against the archive as the events before it in the command leave
 * it (src/domain/event-rules.ts). Where an event goes:
 * - a publication, a metric or a relation opens its stream: revision 0;
 * - a change after an earlier event of the same stream in the command: the revision after it, so
 *   an archive directory imported again finds its corrections where it put them;
 * - a change with the editor's revision (If-Match): the revision after that one;
 * - any other change (`qantar append` of a file): on top of the stream, unless the stream's
 *   newest events are already the command's changes of it (the same file run twice).
 * A translation is a change of its stream, except that an archive directory's (via "import")
 * opens it: its first in the import at revision 0, as a publication would be.
 * An event found at its revision is a retry; anything else must pass the store's own revision
 * rule (src/store/append-rules.ts): another event there is a conflict, or a reused id.
 */
export function decide(command: AppendCommand, state: ArchiveState): DecidedEvent[] {
  const streams = new Map(state);
  const streamNamed = (name: string): StreamState => {
    const stream = streams.get(name);
    // Read them all first (streamsConsulted): a stream taken for empty would hide a duplicate.
    if (!stream) throw new Error(`decide: stream ${name} was not read`);
    return stream;
  };
  const placedInCommand = new Map<string, bigint>();
  const decided: DecidedEvent[] = [];
  for (const [i, event] of command.events.entries()) {
    const at = command.events.length > 1 ? `[${i}].data` : 'data';
    const stream = streamFor(event);
    const before = streamNamed(stream);
    // Before placing it: a change of no statement has no revision to take.
    if (isChange(event)) publishedStatement(before, event.data.statementId, at);
    const revision = revisionFor(command, event, stream, before, placedInCommand.get(stream));
    placedInCommand.set(stream, revision);
    const id = eventIdFor(stream, event.type, event.data, revision);
    const there = before.events[Number(revision)];
    if (there?.id === id) {
      if (there.position === undefined) throw new DomainError('DUPLICATE', at, 'repeats an earlier event of this batch');
      decided.push({ kind: 'there', event, stream, revision, id, position: there.position });
      continue;
    }
    const conflict = revisionConflict(stream, expectedBefore(revision), currentRevision(before));
    if (conflict) throw refusal(event, conflict, at, revision);
    checkNewEvent(event, at, streamNamed);
    const envelope = toNewEvent(event, command.via, before.chainHead, revision, command.appendedBy);
    streams.set(stream, evolveStream(before, envelope));
    decided.push({ kind: 'new', event, stream, revision, id, envelope });
  }
  return decided;
}

/** A correction or retraction: it changes a statement, where every other event opens its stream. */
const isChange = (event: ArchiveEvent): event is StatementCorrected | StatementRetracted =>
  event.type === 'StatementCorrected' || event.type === 'StatementRetracted';

const currentRevision = (stream: StreamState): bigint | undefined =>
  stream.events.length === 0 ? undefined : BigInt(stream.events.length - 1);

function revisionFor(
  command: AppendCommand,
  event: ArchiveEvent,
  stream: string,
  before: StreamState,
  previousInCommand: bigint | undefined,
): bigint {
  if (!isChange(event) && event.type !== 'TextTranslated') return 0n;
  if (previousInCommand !== undefined) return previousInCommand + 1n;
  // An archive directory's translation opens its stream, as its statements do: imported again, it
  // is found where it was put, and an editor's later translation stays the one in force.
  if (event.type === 'TextTranslated' && command.via === 'import') return 0n;
  if (command.expectedRevision !== undefined) return command.expectedRevision + 1n;
  // The command's changes of this stream are its newest events already: the same command run again.
  const changes = command.events.filter((e) => streamFor(e) === stream);
  const start = before.events.length - changes.length;
  const again =
    start >= 0 && changes.every((e, j) => before.events[start + j]!.id === eventIdFor(stream, e.type, e.data, BigInt(start + j)));
  return BigInt(again ? start : before.events.length);
}

/** Another event holds the place this one was meant for: its id is taken, or the editor's revision is not the stream's. */
function refusal(event: ArchiveEvent, conflict: WrongExpectedRevisionError, at: string, revision: bigint): DomainError {
  if (event.type === 'TextTranslated' && revision === 0n) {
    const { language, subject, id } = event.data;
    return new DomainError('DUPLICATE', at, `the ${language} translation of ${subject} "${id}" already begins with other content`);
  }
  if (!isChange(event) && event.type !== 'TextTranslated') {
    const what = event.type === 'StatementPublished' ? 'statement' : event.type === 'MetricDefined' ? 'metric' : 'relation';
    return new DomainError('DUPLICATE', `${at}.id`, `${what} "${event.data.id}" already exists with other content`);
  }
  return new DomainError('CONFLICT', at, `${conflict.message}. Someone else changed it first: reload and retry.`);
}
