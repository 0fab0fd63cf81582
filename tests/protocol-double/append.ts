/**
 * Streams.BatchAppend and Streams.Append on the protocol double, answering as EventStoreDB's
 * gRPC Streams service does: the decision is the log's (log.ts), the shape of the answer is here.
 */
import type { sendUnaryData, ServerDuplexStream, ServerReadableStream } from '@grpc/grpc-js';
import anyPb from 'google-protobuf/google/protobuf/any_pb.js';
import emptyPb from 'google-protobuf/google/protobuf/empty_pb.js';
import codePb from '@eventstore/db-client/generated/code_pb.js';
import statusPb from '@eventstore/db-client/generated/status_pb.js';
import type streamsPb from '@eventstore/db-client/generated/streams_pb.js';
import type { AppendOutcome, DoubleLog, Expected, ProposedEvent } from './log.js';
import { shared, streamDeleted, streamIdentifier, streamName, streams } from './messages.js';

type Proposed = streamsPb.BatchAppendReq.ProposedMessage | streamsPb.AppendReq.ProposedMessage;
type ExpectedOptions = {
  hasAny(): boolean;
  hasNoStream(): boolean;
  hasStreamExists(): boolean;
};

function expectedOf(options: ExpectedOptions, revision: () => string): Expected {
  if (options.hasAny()) return { kind: 'any' };
  if (options.hasNoStream()) return { kind: 'no_stream' };
  if (options.hasStreamExists()) return { kind: 'stream_exists' };
  return { kind: 'revision', revision: BigInt(revision()) };
}

function eventOf(message: Proposed): ProposedEvent {
  const metadata = message.getMetadataMap();
  return {
    id: message.getId()!.getString(),
    type: metadata.get('type') ?? '',
    contentType: metadata.get('content-type') ?? 'application/octet-stream',
    data: message.getData_asU8(),
    metadata: message.getCustomMetadata_asU8(),
  };
}

/**
 * BatchAppend: a duplex call on which the client sends each append as chunks under one correlation
 * id (options on the first, is_final on the last), and the server answers each with a success or
 * a google.rpc.Status whose details name the error (WrongExpectedVersion, StreamDeleted…).
 */
export function handleBatchAppend(
  log: DoubleLog,
  call: ServerDuplexStream<streamsPb.BatchAppendReq, streamsPb.BatchAppendResp>,
  beforeDecision: () => void,
): void {
  const pending = new Map<string, { options: streamsPb.BatchAppendReq.Options; events: ProposedEvent[] }>();
  call.on('data', (request: streamsPb.BatchAppendReq) => {
    const correlation = request.getCorrelationId()!.getString();
    const batch = pending.get(correlation) ?? { options: request.getOptions()!, events: [] };
    pending.set(correlation, batch);
    batch.events.push(...request.getProposedMessagesList().map(eventOf));
    if (!request.getIsFinal()) return;
    pending.delete(correlation);
    const { options, events } = batch;
    const stream = streamName(options.getStreamIdentifier());
    const expected = expectedOf(options, () => options.getStreamPosition());
    beforeDecision();
    call.write(batchResponse(request.getCorrelationId()!, stream, expected, log.append(stream, events, expected)));
  });
  call.on('end', () => call.end());
}

function batchResponse(correlation: InstanceType<typeof shared.UUID>, stream: string, expected: Expected, outcome: AppendOutcome) {
  const resp = new streams.BatchAppendResp();
  resp.setCorrelationId(correlation);
  resp.setStreamIdentifier(streamIdentifier(stream));
  if (outcome.ok) {
    const success = new streams.BatchAppendResp.Success();
    success.setCurrentRevision(outcome.revision.toString());
    const position = new shared.AllStreamPosition();
    position.setCommitPosition(outcome.position.toString());
    position.setPreparePosition(outcome.position.toString());
    success.setPosition(position);
    resp.setSuccess(success);
    return resp;
  }
  const error = new statusPb.Status();
  const details = new anyPb.Any();
  if (outcome.reason === 'stream_deleted') {
    error.setCode(codePb.Code.FAILED_PRECONDITION);
    error.setMessage(`Event stream '${stream}' is deleted.`);
    const deleted = new shared.StreamDeleted();
    deleted.setStreamIdentifier(streamIdentifier(stream));
    details.pack(deleted.serializeBinary(), 'event_store.client.StreamDeleted');
  } else {
    error.setCode(codePb.Code.FAILED_PRECONDITION);
    error.setMessage('WrongExpectedVersion');
    details.pack(wrongExpectedVersion(expected, outcome.current).serializeBinary(), 'event_store.client.WrongExpectedVersion');
  }
  error.setDetails(details);
  resp.setError(error);
  return resp;
}

function wrongExpectedVersion(expected: Expected, current: bigint | undefined) {
  const wrong = new shared.WrongExpectedVersion();
  if (current === undefined) wrong.setCurrentNoStream(new emptyPb.Empty());
  else wrong.setCurrentStreamRevision(current.toString());
  if (expected.kind === 'revision') wrong.setExpectedStreamPosition(expected.revision.toString());
  else if (expected.kind === 'no_stream') wrong.setExpectedNoStream(new emptyPb.Empty());
  else if (expected.kind === 'stream_exists') wrong.setExpectedStreamExists(new emptyPb.Empty());
  else wrong.setExpectedAny(new emptyPb.Empty());
  return wrong;
}

/**
 * Append, the call clients use where BatchAppend is not offered: the options, then one message per
 * event; a wrong expected version is an answer (AppendResp.WrongExpectedVersion), not an error.
 */
export function handleAppend(
  log: DoubleLog,
  call: ServerReadableStream<streamsPb.AppendReq, streamsPb.AppendResp>,
  callback: sendUnaryData<streamsPb.AppendResp>,
): void {
  let options: streamsPb.AppendReq.Options | undefined;
  const events: ProposedEvent[] = [];
  call.on('data', (request: streamsPb.AppendReq) => {
    if (request.hasOptions()) options = request.getOptions();
    else events.push(eventOf(request.getProposedMessage()!));
  });
  call.on('end', () => {
    const stream = streamName(options!.getStreamIdentifier());
    const expected = expectedOf(options!, () => options!.getRevision());
    const outcome = log.append(stream, events, expected);
    const resp = new streams.AppendResp();
    if (outcome.ok) {
      const success = new streams.AppendResp.Success();
      success.setCurrentRevision(outcome.revision.toString());
      const position = new streams.AppendResp.Position();
      position.setCommitPosition(outcome.position.toString());
      position.setPreparePosition(outcome.position.toString());
      success.setPosition(position);
      resp.setSuccess(success);
    } else if (outcome.reason === 'wrong_expected_version') {
      const wrong = new streams.AppendResp.WrongExpectedVersion();
      if (outcome.current === undefined) wrong.setCurrentNoStream(new shared.Empty());
      else wrong.setCurrentRevision(outcome.current.toString());
      if (expected.kind === 'revision') wrong.setExpectedRevision(expected.revision.toString());
      else if (expected.kind === 'no_stream') wrong.setExpectedNoStream(new shared.Empty());
      else if (expected.kind === 'stream_exists') wrong.setExpectedStreamExists(new shared.Empty());
      else wrong.setExpectedAny(new shared.Empty());
      resp.setWrongExpectedVersion(wrong);
    } else {
      return callback(streamDeleted(stream));
    }
    callback(null, resp);
  });
}
