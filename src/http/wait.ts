import type { ReadModel } from '../read-model/read-model.js';

/** Whether the read model shows a write yet, and if not, why not. */
export type Projection = { shown: true } | { shown: false; reason: string };

/**
 * Waits until the read model has applied the log up to `position`, so the page an editor is
 * sent to after a write already shows it. The subscription is woken by the append itself,
 * so this is usually one or two ticks. A read model that is failing to apply (a full disk)
 * is not waited for: the write is in the log all the same, and the caller says so.
 */
export async function waitForReadModel(readModel: ReadModel, position: bigint, timeoutMs = 5000): Promise<Projection> {
  const deadline = Date.now() + timeoutMs;
  while ((readModel.checkpoint() ?? -1n) < position) {
    const failure = readModel.lastFailure();
    if (failure !== undefined) return { shown: false, reason: `the read model cannot apply it yet (${failure})` };
    if (Date.now() > deadline) return { shown: false, reason: `the read model has not applied it within ${timeoutMs} ms` };
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return { shown: true };
}
