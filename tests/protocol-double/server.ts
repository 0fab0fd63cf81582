/**
 * The EventStoreDB protocol double: a gRPC server, on 127.0.0.1, that serves the service
 * definitions shipped with @eventstore/db-client (the server's own .proto files, compiled), so the
 * real, unmodified client connects to it over real gRPC. It implements what the archive's adapter
 * uses — Streams.Read (streams, $all, subscriptions), Streams.BatchAppend and Streams.Append, and
 * ServerFeatures — each as the server behaves (see log.ts, read.ts, append.ts). It is a test
 * double: no cluster, no disk, no fsync, and the log lives as long as the test process.
 */
import {
  Server,
  ServerCredentials,
  status,
  type sendUnaryData,
  type ServerDuplexStream,
  type ServerReadableStream,
  type ServerUnaryCall,
  type ServerWritableStream,
  type UntypedServiceImplementation,
} from '@grpc/grpc-js';
import featuresGrpc from '@eventstore/db-client/generated/serverfeatures_grpc_pb.js';
import featuresPb from '@eventstore/db-client/generated/serverfeatures_pb.js';
import streamsGrpc from '@eventstore/db-client/generated/streams_grpc_pb.js';
import type streamsPb from '@eventstore/db-client/generated/streams_pb.js';
import { handleAppend, handleBatchAppend } from './append.js';
import { createDoubleLog, type AllPosition, type DoubleLog } from './log.js';
import { accessDenied, rpcError } from './messages.js';
import { allPosition, handleRead } from './read.js';

export type ProtocolDouble = Readonly<{
  /** A connection string for the client: one node, no TLS, on loopback. */
  connectionString: string;
  port: number;
  log: DoubleLog;
  /** Calls received by method, and events sent by reads (not subscriptions), since the start. */
  calls: Record<'read' | 'subscribe' | 'batchAppend' | 'append' | 'features' | 'eventsRead', number>;
  /** Where each subscription to $all asked to start, in the order they came. */
  subscribedFrom: (AllPosition | 'start' | 'end')[];
  /** Runs `write` once, when the next BatchAppend arrives and before it is decided: another writer got there first. */
  interleave(write: () => void): void;
  /** From now on every call is refused as the server refuses a user without the rights (AccessDenied). */
  denyAccess(deny: boolean): void;
  /** The server process dies: every open call ends at once; the log (durable on a real server) stays. */
  kill(): Promise<void>;
  /** The server comes back on the same port, with the same log. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}>;

export type ProtocolDoubleOptions = Readonly<{
  /** Offer BatchAppend in ServerFeatures, as servers from 21.10 on do (default true). */
  batchAppend?: boolean;
  log?: DoubleLog;
}>;

/** What a fresh EventStoreDB node has written before any client writes: its own system events. */
function freshLog(): DoubleLog {
  const log = createDoubleLog();
  log.appendSystemEvents('$settings', '$settings', 1);
  log.appendSystemEvents('$scavenges', '$metadata', 1);
  return log;
}

export async function startProtocolDouble(options: ProtocolDoubleOptions = {}): Promise<ProtocolDouble> {
  const log = options.log ?? freshLog();
  const batchAppend = options.batchAppend ?? true;
  const calls = { read: 0, subscribe: 0, batchAppend: 0, append: 0, features: 0, eventsRead: 0 };
  let interleaved: (() => void) | undefined;
  const subscribedFrom: (AllPosition | 'start' | 'end')[] = [];
  const live = new Set<() => void>();
  let denied = false;
  let server: Server | undefined;
  let port = 0;

  const streamsService: UntypedServiceImplementation = {
    read(call: ServerWritableStream<streamsPb.ReadReq, streamsPb.ReadResp>) {
      const subscription = call.request.getOptions()?.hasSubscription() === true;
      calls[subscription ? 'subscribe' : 'read'] += 1;
      const all = call.request.getOptions()?.getAll();
      if (subscription && all) subscribedFrom.push(allPosition(all));
      if (denied) return void call.emit('error', accessDenied());
      handleRead({ log, live, counted: (events) => (calls.eventsRead += events) }, call);
    },
    batchAppend(call: ServerDuplexStream<streamsPb.BatchAppendReq, streamsPb.BatchAppendResp>) {
      calls.batchAppend += 1;
      if (denied) return void call.emit('error', accessDenied());
      handleBatchAppend(log, call, () => {
        const write = interleaved;
        interleaved = undefined;
        write?.();
      });
    },
    append(call: ServerReadableStream<streamsPb.AppendReq, streamsPb.AppendResp>, callback: sendUnaryData<streamsPb.AppendResp>) {
      calls.append += 1;
      if (denied) return callback(accessDenied());
      handleAppend(log, call, callback);
    },
    delete: unimplemented,
    tombstone: unimplemented,
  };

  /**
   * ServerFeatures.GetSupportedMethods: the methods this node serves, so the client picks
   * BatchAppend for appends (servers before 21.10 answer UNIMPLEMENTED, and the client uses Append).
   */
  const featuresService: UntypedServiceImplementation = {
    getSupportedMethods(_call: ServerUnaryCall<unknown, unknown>, callback: sendUnaryData<featuresPb.SupportedMethods>) {
      calls.features += 1;
      const methods = ['read', 'append', ...(batchAppend ? ['batchappend'] : [])].map((name) => {
        const method = new featuresPb.SupportedMethod();
        method.setServiceName('event_store.client.streams.streams');
        method.setMethodName(name);
        return method;
      });
      const supported = new featuresPb.SupportedMethods();
      supported.setMethodsList(methods);
      supported.setEventStoreServerVersion('24.10.0-protocol-double');
      callback(null, supported);
    },
  };

  const listen = async () => {
    const next = new Server();
    next.addService(streamsGrpc.StreamsService, streamsService);
    next.addService(featuresGrpc.ServerFeaturesService, featuresService);
    port = await new Promise<number>((resolve, reject) =>
      next.bindAsync(`127.0.0.1:${port}`, ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
    );
    server = next;
  };

  const kill = async () => {
    for (const end of [...live]) end();
    server?.forceShutdown();
    server = undefined;
  };

  await listen();
  return {
    connectionString: `esdb://127.0.0.1:${port}?tls=false`,
    port,
    log,
    calls,
    subscribedFrom,
    denyAccess: (deny) => void (denied = deny),
    interleave: (write) => void (interleaved = write),
    kill,
    restart: listen,
    stop: kill,
  };
}

function unimplemented(_call: unknown, callback: sendUnaryData<unknown>): void {
  callback(rpcError(status.UNIMPLEMENTED, 'The protocol double does not delete streams: the archive never does'));
}
