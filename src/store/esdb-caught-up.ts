/**
 * When a catch-up subscription on EventStoreDB has caught up, from whichever signal comes first:
 * - the server's "caught up" message (23.10+), counted from the events still buffered ahead of it
 *   in the client's stream, so `caughtUp` never resolves before those are handled;
 * - otherwise, the handler reaching the last matching event that stood in the log at the start.
 */
export function caughtUpTracker(after: bigint | undefined) {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const caughtUp = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // A subscription nobody waits on must not crash the process with an unhandled rejection.
  caughtUp.catch(() => undefined);
  let done = false;
  let target: bigint | undefined;
  let lastHandled = after;
  let eventsBeforeMark = 0;

  const finish = () => {
    if (done) return;
    done = true;
    resolve();
  };

  return {
    caughtUp,
    isCaughtUp: () => done,
    fail(error: unknown) {
      if (done) return;
      done = true;
      reject(error);
    },
    /** The handler has taken every event up to this position. */
    handled(position: bigint) {
      lastHandled = position;
      if (target !== undefined && position >= target) finish();
    },
    /** The last matching event in the log when the subscription started, if any. */
    setTarget(position: bigint | undefined) {
      if (position === undefined || (lastHandled !== undefined && position <= lastHandled)) finish();
      else target = position;
    },
    /** True when the mark can go at once; otherwise after `buffered` more events. */
    serverSaidCaughtUp(buffered: number): boolean {
      eventsBeforeMark = buffered;
      return buffered === 0;
    },
    /** An event left the client's buffer; true when it was the last one before the mark. */
    eventPassed(): boolean {
      if (eventsBeforeMark === 0) return false;
      eventsBeforeMark -= 1;
      return eventsBeforeMark === 0;
    },
    /** A new server subscription: a mark owed by the old one no longer applies. */
    resubscribed() {
      eventsBeforeMark = 0;
    },
    /** The mark reached the handler's queue after every event buffered before it. */
    serverCaughtUp: finish,
  };
}
