/**
 * Streams.Read on the protocol double: reads of a stream or of $all, in both directions, and
 * catch-up subscriptions to $all, each as EventStoreDB's Streams.Read and its enumerators answer.
 */
import { randomUUID } from 'node:crypto';
import { status, type ServerErrorResponse, type ServerWritableStream } from '@grpc/grpc-js';
import type streamsPb from '@eventstore/db-client/generated/streams_pb.js';
import { InvalidPositionError, type AllPosition, type DoubleLog, type LogRecord } from './log.js';
import { invalidPosition, readEvent, rpcError, streamDeleted, streamIdentifier, streamName, streams } from './messages.js';

type ReadCall = ServerWritableStream<streamsPb.ReadReq, streamsPb.ReadResp>;
type Options = streamsPb.ReadReq.Options;
type Write = (resp: streamsPb.ReadResp) => void;

/** The server's search window for a filtered subscription when the client names none; times the client's multiplier, it spaces checkpoints. */
const checkpointWindow = 32;

export type ReadContext = Readonly<{
  log: DoubleLog;
  /** Subscriptions end with the server that serves them; the server keeps this to drop them on a kill. */
  live: Set<() => void>;
  /** Told how many events each read (not subscription) sent. */
  counted(events: number): void;
}>;

export function handleRead(context: ReadContext, call: ReadCall): void {
  const options = call.request.getOptions();
  if (!options) return void call.emit('error', rpcError(status.INVALID_ARGUMENT, 'Options are required'));
  const unserved = unservedOption(options);
  if (unserved) return void call.emit('error', rpcError(status.UNIMPLEMENTED, `The protocol double does not serve ${unserved} yet`));
  try {
    if (options.hasSubscription()) return subscribe(context, call, options);
    const write = (resp: streamsPb.ReadResp) => {
      if (resp.hasEvent()) context.counted(1);
      call.write(resp);
    };
    const refused = options.hasStream() ? readStream(context.log, write, options) : readAll(context.log, write, options);
    if (refused) call.emit('error', refused);
    else call.end();
  } catch (error) {
    if (error instanceof InvalidPositionError) return void call.emit('error', invalidPosition(error.message));
    throw error;
  }
}

/**
 * What client 6.2 never sends, and so the double does not answer: a client that sends it (a
 * successor, docs/kurrentdb-client.md) gets a loud UNIMPLEMENTED, never a silently wrong answer.
 */
function unservedOption(options: Options): string | undefined {
  if (options.getUuidOption()?.hasStructured()) return 'structured UUIDs';
  if (!options.hasSubscription() && options.hasFilter()) return 'filtered reads';
  return undefined;
}

const direction = (options: Options) =>
  options.getReadDirection() === streams.ReadReq.Options.ReadDirection.BACKWARDS ? 'backwards' : 'forwards';

export function allPosition(all: streamsPb.ReadReq.Options.AllOptions): AllPosition | 'start' | 'end' {
  if (all.hasStart()) return 'start';
  if (all.hasEnd()) return 'end';
  const position = all.getPosition()!;
  return { commit: BigInt(position.getCommitPosition()), prepare: BigInt(position.getPreparePosition()) };
}

/**
 * A stream read: a missing stream is answered with a StreamNotFound message (servers from 21.10
 * on), a tombstoned one with StreamDeleted; otherwise its events from the revision, inclusive.
 */
function readStream(log: DoubleLog, write: Write, options: Options): ServerErrorResponse | undefined {
  const stream = options.getStream()!;
  const name = streamName(stream.getStreamIdentifier());
  if (log.isTombstoned(name)) return streamDeleted(name);
  const from = stream.hasStart() ? 'start' : stream.hasEnd() ? 'end' : BigInt(stream.getRevision());
  const records = log.readStream(name, from, direction(options), BigInt(options.getCount()));
  if (!records) {
    const notFound = new streams.ReadResp.StreamNotFound();
    notFound.setStreamIdentifier(streamIdentifier(name));
    const resp = new streams.ReadResp();
    resp.setStreamNotFound(notFound);
    write(resp);
    return undefined;
  }
  for (const record of records) write(readEvent(record));
  return undefined;
}

/** A read of $all, without a filter (client 6.x sends none with a read; see unservedOption). */
function readAll(log: DoubleLog, write: Write, options: Options): undefined {
  const records = log.readAll(allPosition(options.getAll()!), direction(options), BigInt(options.getCount()));
  for (const record of records) write(readEvent(record));
  return undefined;
}

/** The event filter a subscription asked for (EventFilter.StreamName / EventType, prefixes or a regex). */
function filterOf(options: Options): (record: LogRecord) => boolean {
  if (!options.hasFilter()) return () => true;
  const filter = options.getFilter()!;
  const onStream = filter.hasStreamIdentifier();
  const expression = onStream ? filter.getStreamIdentifier()! : filter.getEventType()!;
  const regex = expression.getRegex() ? new RegExp(expression.getRegex()) : undefined;
  const prefixes = expression.getPrefixList();
  return (record) => {
    const subject = onStream ? record.stream : record.type;
    return regex ? regex.test(subject) : prefixes.some((p) => subject.startsWith(p));
  };
}

/**
 * A catch-up subscription to $all (Enumerator.AllSubscription / AllSubscriptionFiltered):
 * a confirmation; then every event after the start position (exclusive) that passes the filter,
 * with a checkpoint each time a window of events has been searched; then "caught up" (servers
 * from 23.10 on); then events as they are written, until the client cancels or the server goes.
 */
function subscribe(context: ReadContext, call: ReadCall, options: Options): void {
  const all = options.getAll();
  if (!all) return void call.emit('error', rpcError(status.UNIMPLEMENTED, 'The double subscribes to $all only'));
  const passes = filterOf(options);
  const filter = options.getFilter();
  const window = filter ? (filter.hasMax() ? filter.getMax() : checkpointWindow) * Math.max(1, filter.getCheckpointintervalmultiplier()) : 0;
  let searched = 0;
  const send = (records: readonly LogRecord[]) => {
    for (const record of records) {
      if (passes(record)) call.write(readEvent(record));
      searched += 1;
      if (window && searched % window === 0) call.write(checkpoint(record));
    }
  };

  let existing: readonly LogRecord[];
  try {
    existing = context.log.after(allPosition(all));
  } catch (error) {
    if (error instanceof InvalidPositionError) return void call.emit('error', invalidPosition(error.message));
    throw error;
  }
  const confirmation = new streams.ReadResp.SubscriptionConfirmation();
  confirmation.setSubscriptionId(randomUUID());
  const confirmed = new streams.ReadResp();
  confirmed.setConfirmation(confirmation);
  call.write(confirmed);
  // The log is in memory: catching up and going live happen in one turn, so nothing falls between.
  send(existing);
  const caughtUp = new streams.ReadResp();
  caughtUp.setCaughtUp(new streams.ReadResp.CaughtUp());
  call.write(caughtUp);
  const stopListening = context.log.onAppend(send);
  const end = () => {
    stopListening();
    context.live.delete(end);
  };
  context.live.add(end);
  call.on('cancelled', end);
  call.on('close', end);
}

function checkpoint(record: LogRecord) {
  const mark = new streams.ReadResp.Checkpoint();
  mark.setCommitPosition(record.commit.toString());
  mark.setPreparePosition(record.prepare.toString());
  const resp = new streams.ReadResp();
  resp.setCheckpoint(mark);
  return resp;
}
