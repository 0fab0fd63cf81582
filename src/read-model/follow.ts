import pRetry from 'p-retry';
import { archiveStreamPrefixes } from '../../events/types.js';
import type { EventStore, RecordedEvent, Subscription } from '../store/port.js';
import type { ReadModel } from './read-model.js';

export type Follower = Subscription &
  Readonly<{
    /** Resolves with the error when a batch first fails to apply; the follower goes on retrying it. */
    stalled: Promise<Error>;
  }>;

export type FollowOptions = Readonly<{
  batchSize?: number;
  /**
   * Retry a batch the read model could not apply (a full disk, a lock held too long) until it
   * can, instead of ending. On for a server; one-shot commands would rather fail and say why.
   */
  retry?: boolean;
  /** Where the follower says it stalled and recovered. */
  log?: Pick<Console, 'warn' | 'log'>;
}>;

/**
 * Waits between attempts at one batch: doubling from 100 ms, each delay drawn from [d, 2d) so
 * that instances sharing a disk do not retry in step, and never more than 5 s, so the read
 * model is current within seconds of the disk having room again.
 */
export const applyBackoff = { minTimeout: 100, factor: 2, maxTimeout: 5_000, randomize: true } as const;

/**
 * Keeps a read model following the log by catch-up subscription from its checkpoint,
 * whichever store holds the log: one batch, one transaction, one checkpoint.
 */
export function followStore(store: EventStore, readModel: ReadModel, options: FollowOptions = {}): Follower {
  const { retry = true, log = console } = options;
  const stop = new AbortController();
  let markStalled!: (error: Error) => void;
  const stalled = new Promise<Error>((resolve) => (markStalled = resolve));

  const applyOnce = (events: readonly RecordedEvent[]) => {
    try {
      readModel.apply(events);
    } catch (error) {
      // p-retry gives up at once on a TypeError, taking it for a bug. Here every failure is
      // retried alike: ending would leave the read model behind until a restart either way.
      throw error instanceof TypeError ? new Error(error.message, { cause: error }) : error;
    }
  };

  const applyWithRetry = async (events: readonly RecordedEvent[]) => {
    let failures = 0;
    const range = `${events[0]?.position}…${events.at(-1)?.position}`;
    await pRetry(() => applyOnce(events), {
      ...applyBackoff,
      retries: Infinity,
      signal: stop.signal,
      onFailedAttempt: ({ error }) => {
        failures += 1;
        markStalled(error);
        // Said once per stall, not once per attempt: a full disk can last hours.
        if (failures === 1) log.warn(`The read model could not apply log positions ${range} (${error.message}); retrying with backoff.`);
      },
    });
    if (failures > 0) log.log(`The read model applied log positions ${range} after ${failures} failed attempt(s); it is following the log again.`);
  };

  const subscription = store.subscribeToAll(retry ? applyWithRetry : (events) => readModel.apply(events), {
    after: readModel.checkpoint(),
    streamPrefixes: archiveStreamPrefixes,
    batchSize: options.batchSize ?? 5000,
  });
  // Registered before anyone else can await caughtUp, so a caught-up read model has its indexes.
  // If building them fails (no room), the next batch applied builds them again.
  subscription.caughtUp.then(
    () => {
      try {
        readModel.settle?.();
      } catch (error) {
        log.warn(`The read model could not build its indexes yet (${(error as Error).message}).`);
      }
    },
    () => undefined,
  );
  return {
    caughtUp: subscription.caughtUp,
    stalled,
    async unsubscribe() {
      stop.abort();
      await subscription.unsubscribe();
    },
  };
}

/** Brings a read model up to the end of the log once, for one-shot commands: a failure is thrown, not retried. */
export async function catchUp(store: EventStore, readModel: ReadModel): Promise<void> {
  const subscription = followStore(store, readModel, { retry: false });
  try {
    await subscription.caughtUp;
  } finally {
    await subscription.unsubscribe();
  }
}
