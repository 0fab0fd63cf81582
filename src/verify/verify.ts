import type { EventStore } from '../store/port.js';
import type { LogHead } from './log-chain.js';
import { verifyLog, type LogReport } from './log.js';
import { verifyReadModel, type ReadModelReport } from './read-model.js';

export type VerifyReport = Readonly<{ ok: boolean; log: LogReport; readModel?: ReadModelReport }>;

/**
 * The whole check behind `qantar verify`: the log first (a read model is only as good as the log
 * it was built from), then the stored read model against a rebuild of it.
 */
export async function verifyArchive(
  store: EventStore,
  options: { contiguous: boolean; readModelFile?: string; expectHead?: LogHead },
): Promise<VerifyReport> {
  const log = await verifyLog(store, { contiguous: options.contiguous, expectHead: options.expectHead });
  if (log.problem || options.readModelFile === undefined) return { ok: !log.problem, log };
  const readModel = await verifyReadModel(store, options.readModelFile);
  return { ok: !readModel.problem, log, readModel };
}
