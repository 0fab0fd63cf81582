import {
  START,
  excludeSystemEvents,
  streamNameFilter,
  type AllStreamResolvedEvent,
  type AllStreamSubscription,
  type EventStoreDBClient,
} from './esdb-client.js';
import { StoreUnavailableError } from './errors.js';
import { redactConnectionString, toStoreError } from './esdb-errors.js';
import { fromResolvedEvent, isSystemEvent, matchesPrefixes, toEsdbPosition } from './esdb-mapping.js';
import { caughtUpTracker } from './esdb-caught-up.js';
import type { EventBatchHandler, RecordedEvent, SubscribeOptions, Subscription } from './port.js';

export type CatchUpDeps = Readonly<{
  client: Pick<EventStoreDBClient, 'subscribeToAll'>;
  connection: string;
  /** Position of the last event the subscription would deliver as the log stands now. */
  lastMatching(prefixes: readonly string[] | undefined, abandoned: () => boolean): Promise<bigint | undefined>;
  /** A batch is handed over once no event has come for this long (ms). */
  idleMs?: number;
  /** The first delay before resubscribing (ms); it doubles with each drop in a row. */
  retryMs?: number;
}>;

/** Drops tolerated before the first catch-up: a store that never answers fails `caughtUp`. */
const attemptsBeforeCaughtUp = 5;
const maxBackoffMs = 5_000;

/**
 * A catch-up subscription on the server's own subscribeToAll: existing events after `after`,
 * then live ones, in batches. After a dropped connection it resubscribes, with backoff, from the
 * last position handed to the handler, so no event is skipped or delivered twice.
 */
export function esdbCatchUpSubscription(
  deps: CatchUpDeps,
  handler: EventBatchHandler,
  options: SubscribeOptions = {},
): Subscription {
  const batchSize = Math.max(1, options.batchSize ?? 500);
  const prefixes = options.streamPrefixes?.length ? [...options.streamPrefixes] : undefined;
  const { idleMs = 10, retryMs = 100 } = deps;
  const tracker = caughtUpTracker(options.after);
  let handled = options.after;
  let batch: RecordedEvent[] = [];
  let work: Promise<void> = Promise.resolve();
  let queued = 0;
  let failures = 0;
  let stopped = false;
  let current: AllStreamSubscription | undefined;
  let idle: NodeJS.Timeout | undefined;
  let retry: NodeJS.Timeout | undefined;

  const detach = () => {
    const sub = current;
    current = undefined;
    return sub?.unsubscribe().catch(() => undefined);
  };

  const stop = (error?: unknown) => {
    stopped = true;
    clearTimeout(idle);
    clearTimeout(retry);
    if (error !== undefined) tracker.fail(error);
    return detach();
  };

  const deliver = async (events: RecordedEvent[]) => {
    if (stopped) return;
    try {
      await handler(events);
    } catch (error) {
      await stop(error);
      return;
    }
    handled = events[events.length - 1]!.position;
    queued -= events.length;
    if (current?.isPaused() && queued <= batchSize) current.resume();
    tracker.handled(handled);
  };

  const flush = () => {
    clearTimeout(idle);
    if (batch.length === 0) return;
    const events = batch;
    batch = [];
    work = work.then(() => deliver(events));
  };

  const onEvent = (sub: AllStreamSubscription, resolved: AllStreamResolvedEvent) => {
    failures = 0;
    const e = resolved.event;
    if (e && !isSystemEvent(e) && matchesPrefixes(e.streamId, prefixes)) {
      let event: RecordedEvent;
      try {
        event = fromResolvedEvent(resolved)!;
      } catch (error) {
        // An event the port cannot represent (LegacyTransactionError): resubscribing would meet it again.
        refused(error);
        return;
      }
      batch.push(event);
      queued += 1;
      // Backpressure: the handler (a read-model transaction) sets the pace, not the server.
      if (queued >= 2 * batchSize) sub.pause();
      if (batch.length >= batchSize) flush();
      else {
        clearTimeout(idle);
        idle = setTimeout(flush, idleMs);
      }
    }
    if (tracker.eventPassed()) markCaughtUp();
  };

  const markCaughtUp = () => {
    flush();
    work = work.then(tracker.serverCaughtUp);
  };

  const drop = (reason: unknown) => {
    void detach();
    failures += 1;
    if (!tracker.isCaughtUp() && failures > attemptsBeforeCaughtUp) {
      void stop(reason);
      return;
    }
    flush();
    const delay = Math.min(retryMs * 2 ** (failures - 1), maxBackoffMs);
    retry = setTimeout(() => void work.then(() => !stopped && start()), delay);
  };

  const start = () => {
    let sub: AllStreamSubscription;
    try {
      sub = deps.client.subscribeToAll({
        fromPosition: handled === undefined ? START : toEsdbPosition(handled),
        filter: prefixes ? streamNameFilter({ prefixes }) : excludeSystemEvents(),
      });
    } catch (error) {
      drop(toStoreError(error, deps.connection));
      return;
    }
    current = sub;
    tracker.resubscribed();
    const mine = (fn: () => void) => () => sub === current && !stopped && fn();
    sub.on('data', (resolved: AllStreamResolvedEvent) => mine(() => onEvent(sub, resolved))());
    sub.on('confirmation', mine(() => (failures = 0)));
    // The server (23.10+) says when the subscription turns live; events still buffered in the
    // stream were sent before that message, so the mark goes after them.
    sub.on('caughtUp', mine(() => tracker.serverSaidCaughtUp(sub.readableLength) && markCaughtUp()));
    sub.on('error', (error: Error) => mine(() => onError(error))());
    sub.on('end', mine(() => drop(new StoreUnavailableError(redactConnectionString(deps.connection), 'it ended'))));
  };

  // Connection trouble is retried; anything else (access denied, a position not in the log, a
  // deleted stream) stops for good: the same request would fail the same way forever.
  const onError = (error: Error) => {
    const mapped = toStoreError(error, deps.connection, { position: handled });
    if (mapped instanceof StoreUnavailableError) drop(mapped);
    else refused(mapped);
  };

  const refused = (error: unknown) => {
    // Once caught up nobody awaits `caughtUp` any more: the log is where the stop can be seen.
    if (tracker.isCaughtUp()) console.error(`EventStoreDB subscription stopped: ${(error as Error).message}`);
    void stop(error);
  };

  // Servers before 23.10 never say "caught up": then it is when the last matching event is handled.
  // The scan stops once its answer is moot (a sparse prefix could otherwise read the whole log).
  const moot = () => stopped || tracker.isCaughtUp();
  deps.lastMatching(prefixes, moot).then((target) => moot() || tracker.setTarget(target), () => undefined);
  start();

  return {
    caughtUp: tracker.caughtUp,
    async unsubscribe() {
      await stop();
      await work;
    },
  };
}
