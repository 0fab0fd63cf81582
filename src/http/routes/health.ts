import { Router } from 'express';
import { StoreUnavailableError } from '../../store/errors.js';
import type { AppContext } from '../context.js';

type Check = { ok: true; [detail: string]: unknown } | { ok: false; reason: string };

/** A probe that hangs (an unreachable EventStoreDB) must not hang the probe's caller. */
const probeTimeoutMs = 2000;

async function check(probe: () => Promise<Record<string, unknown> | void>): Promise<Check> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${probeTimeoutMs} ms`)), probeTimeoutMs);
  });
  try {
    return { ok: true, ...(await Promise.race([probe(), timeout])) };
  } catch (error) {
    return { ok: false, reason: reasonOf(error) };
  } finally {
    clearTimeout(timer);
  }
}

/** The cause, without the store's connection string: /readyz is public, the server log has the rest. */
function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return error instanceof StoreUnavailableError ? message.replace(/^.* is unavailable: /, '') : message;
}

/**
 * /healthz: the process answers (restart it if not). /readyz: can this instance do its job now —
 * read the log, take a write, serve its read model? A 503 names what is wrong; reads of the read
 * model may still work while writes do not (an unwritable or unreachable log), and it says so.
 * Mount with `app.use(healthRoutes(context))` before the 404 handler.
 */
export function healthRoutes(context: AppContext): Router {
  const router = Router();
  let lastWrites: boolean | undefined;

  router.get('/healthz', (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ status: 'ok' });
  });

  router.get('/readyz', async (_req, res) => {
    const { store, readModel } = context;
    const [log, writes, reads] = await Promise.all([
      check(async () => ({ head: String((await store.headPosition()) ?? 0n) })),
      check(async () => {
        // Stores without a write probe (EventStoreDB) take writes whenever they can be reached.
        if (store.probeWrites) await store.probeWrites();
        else await store.headPosition();
      }),
      check(async () => ({ checkpoint: String(readModel.checkpoint() ?? 0n) })),
    ]);
    if (lastWrites !== writes.ok && (lastWrites !== undefined || !writes.ok)) {
      // Logged on change only (and not for a first healthy probe), so probes do not flood the log.
      const say = writes.ok ? console.log : console.warn;
      say(`readiness: writes ${writes.ok ? 'available' : `unavailable (${store.description}: ${(writes as { reason: string }).reason})`}`);
      lastWrites = writes.ok;
    }
    const ready = log.ok && writes.ok && reads.ok;
    res
      .status(ready ? 200 : 503)
      .set('Cache-Control', 'no-store')
      .json({ status: ready ? 'ready' : 'not ready', log, writes, reads });
  });

  return router;
}
