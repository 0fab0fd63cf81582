import { setImmediate as nextTurn } from 'node:timers/promises';
import pLimit from 'p-limit';
import { HttpError } from './errors.js';

export type HeavyReadLimits = Readonly<{
  /** Evaluations running at once. They hold the event loop while they run, so more would not finish sooner. */
  running: number;
  /** Requests that may wait their turn; past these, 503 with Retry-After. */
  waiting: number;
}>;

export const heavyReadLimits: HeavyReadLimits = { running: 1, waiting: 3 };

/**
 * A gate for reads that hold the event loop for long: the consistency checks are evaluated on
 * each request over every figure up to the date (0.5 s and more on 3,000 statements) until their
 * findings are kept as a read model. Without it, eight at once kept /healthz waiting 3.75 s.
 * Through it, one runs at a time, a few wait, the rest are told to come back; and the event
 * loop takes its turn between two of them, so every other request (health probes, pages) waits
 * for the evaluation running when it comes, and at worst the next one (a new connection takes
 * two turns to be read), never for the whole queue.
 */
export function heavyReadGate(limits: HeavyReadLimits = heavyReadLimits) {
  const limit = pLimit(limits.running);
  return async <T>(work: () => T): Promise<T> => {
    if (limit.activeCount + limit.pendingCount >= limits.running + limits.waiting) {
      throw new HttpError(503, 'The archive is busy evaluating other consistency checks; try again in a few seconds.', [], { 'Retry-After': '5' });
    }
    return limit(async () => {
      // p-limit starts the next job as soon as one ends: without this turn, requests that arrived
      // meanwhile (a health probe) would wait for every queued evaluation, not just one.
      await nextTurn();
      return work();
    });
  };
}
