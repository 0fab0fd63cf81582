import type { ReadModel } from '../read-model/read-model.js';

/**
 * Waits until the read model has applied the log up to `position`, so the page an editor is
 * sent to after a write already shows it. The subscription is woken by the append itself,
 * so this is usually one or two ticks.
 */
export async function waitForReadModel(readModel: ReadModel, position: bigint, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((readModel.checkpoint() ?? -1n) < position) {
    if (Date.now() > deadline) throw new Error(`The read model did not reach position ${position} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
