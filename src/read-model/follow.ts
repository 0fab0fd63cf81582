import { archiveStreamPrefixes } from '../../events/types.js';
import type { EventStore, Subscription } from '../store/port.js';
import type { ReadModel } from './read-model.js';

/**
 * Keeps a read model following the log by catch-up subscription from its checkpoint,
 * whichever store holds the log: one batch, one transaction, one checkpoint.
 */
export function followStore(store: EventStore, readModel: ReadModel, options: { batchSize?: number } = {}): Subscription {
  const subscription = store.subscribeToAll((events) => readModel.apply(events), {
    after: readModel.checkpoint(),
    streamPrefixes: archiveStreamPrefixes,
    batchSize: options.batchSize ?? 5000,
  });
  // Registered before anyone else can await caughtUp, so a caught-up read model has its indexes.
  subscription.caughtUp.then(() => readModel.settle?.(), () => undefined);
  return subscription;
}

/** Brings a read model up to the end of the log once, for one-shot commands. */
export async function catchUp(store: EventStore, readModel: ReadModel): Promise<void> {
  const subscription = followStore(store, readModel);
  try {
    await subscription.caughtUp;
  } finally {
    await subscription.unsubscribe();
  }
}
