import type { EventBatchHandler, ReadAllOptions, RecordedEvent, SubscribeOptions, Subscription } from './port.js';

type Source = Readonly<{
  readAll(options: ReadAllOptions): Promise<RecordedEvent[]>;
  /** Resolves when new events may be there: on an append in this process, or after a poll interval. */
  waitForAppend(signal: AbortSignal): Promise<void>;
}>;

/**
 * A catch-up subscription for stores that are read by polling (memory, SQLite):
 * read batches after the checkpoint until none is left, then wait for an append.
 */
export function pollingSubscription(
  source: Source,
  handler: EventBatchHandler,
  options: SubscribeOptions = {},
): Subscription {
  const stop = new AbortController();
  const batchSize = options.batchSize ?? 500;
  let markCaughtUp!: () => void;
  let fail!: (error: unknown) => void;
  const caughtUp = new Promise<void>((resolve, reject) => {
    markCaughtUp = resolve;
    fail = reject;
  });
  caughtUp.catch(() => undefined);

  const run = async () => {
    let after = options.after;
    let isCaughtUp = false;
    while (!stop.signal.aborted) {
      const batch = await source.readAll({
        fromPosition: after === undefined ? undefined : after + 1n,
        maxCount: batchSize,
        streamPrefixes: options.streamPrefixes,
      });
      if (stop.signal.aborted) return;
      if (batch.length > 0) {
        await handler(batch);
        after = batch[batch.length - 1]!.position;
      }
      if (batch.length < batchSize) {
        if (!isCaughtUp) {
          isCaughtUp = true;
          markCaughtUp();
        }
        await source.waitForAppend(stop.signal);
      }
    }
  };
  const running = run().catch((error: unknown) => {
    fail(error);
    throw error;
  });
  running.catch(() => undefined);

  return {
    caughtUp,
    async unsubscribe() {
      stop.abort();
      await running.catch(() => undefined);
    },
  };
}

/** Wakes waiting subscriptions when this process appends; pollMs covers appends by other processes. */
export function appendSignal(pollMs: number) {
  const waiters = new Set<() => void>();
  return {
    notify() {
      for (const wake of waiters) wake();
      waiters.clear();
    },
    wait(signal: AbortSignal): Promise<void> {
      return new Promise((resolve) => {
        const done = () => {
          clearTimeout(timer);
          signal.removeEventListener('abort', done);
          waiters.delete(done);
          resolve();
        };
        const timer = setTimeout(done, pollMs);
        signal.addEventListener('abort', done);
        waiters.add(done);
      });
    },
  };
}
