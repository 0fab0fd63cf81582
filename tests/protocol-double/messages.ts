/**
 * The protocol double's messages, built with the client's own generated classes (the server's
 * .proto files compiled), so the bytes on the wire are what the real server sends.
 */
import { Metadata, status, type ServerErrorResponse } from '@grpc/grpc-js';
import shared from '@eventstore/db-client/generated/shared_pb.js';
import streams from '@eventstore/db-client/generated/streams_pb.js';
import type { LogRecord } from './log.js';

export { shared, streams };

export const streamName = (identifier: { getStreamName_asU8(): Uint8Array } | undefined) =>
  Buffer.from(identifier?.getStreamName_asU8() ?? new Uint8Array()).toString('utf8');

export function streamIdentifier(name: string) {
  const identifier = new shared.StreamIdentifier();
  identifier.setStreamName(new Uint8Array(Buffer.from(name, 'utf8')));
  return identifier;
}

/**
 * A record as Streams.Read sends it (ConvertToReadEvent): the id as a string (the client asks for
 * the string UUID option), type, created ticks and content type in the metadata map, and both
 * positions on the record; the read event carries the commit position as well.
 */
export function readEvent(record: LogRecord) {
  const event = new streams.ReadResp.ReadEvent.RecordedEvent();
  const id = new shared.UUID();
  id.setString(record.id);
  event.setId(id);
  event.setStreamIdentifier(streamIdentifier(record.stream));
  event.setStreamRevision(record.revision.toString());
  event.setCommitPosition(record.commit.toString());
  event.setPreparePosition(record.prepare.toString());
  event.getMetadataMap().set('type', record.type).set('created', record.created.toString()).set('content-type', record.contentType);
  event.setData(record.data);
  event.setCustomMetadata(record.metadata);
  const read = new streams.ReadResp.ReadEvent();
  read.setEvent(event);
  read.setCommitPosition(record.commit.toString());
  const resp = new streams.ReadResp();
  resp.setEvent(read);
  return resp;
}

/** An error status as the server raises it (RpcExceptions): a gRPC code, a text, and metadata naming the exception. */
export function rpcError(code: status, details: string, metadata: Record<string, string> = {}): ServerErrorResponse {
  const trailers = new Metadata();
  for (const [key, value] of Object.entries(metadata)) trailers.set(key, value);
  return Object.assign(new Error(details), { code, details, metadata: trailers });
}

/** RpcExceptions.AccessDenied: PermissionDenied, with `exception: access-denied`. */
export const accessDenied = () => rpcError(status.PERMISSION_DENIED, 'Access Denied', { exception: 'access-denied' });

/** RpcExceptions.StreamDeleted: FailedPrecondition, with the exception and the stream's name. */
export const streamDeleted = (stream: string) =>
  rpcError(status.FAILED_PRECONDITION, `Event stream '${stream}' is deleted.`, { exception: 'stream-deleted', 'stream-name': stream });

/** A read of $all from inside a record (ReadAllResult.InvalidPosition): InvalidArgument. */
export const invalidPosition = (message: string) => rpcError(status.INVALID_ARGUMENT, message);
