import type { Server } from 'node:http';
import { loadArchiveDirectory } from '../events/seed.js';
import { openArchive } from './archive.js';
import { storeConnection } from './config.js';
import { appendArchiveEvents } from './domain/append.js';
import { createApp } from './http/app.js';
import { listen } from './http/listen.js';
import { followStore } from './read-model/follow.js';

/**
 * `npm start`: opens the log (QANTAR_STORE, default the embedded SQLite file), seeds it on first
 * run, follows it into the read model, and serves the archive on PORT (default 3000).
 */
const env = process.env;
const archive = await openArchive({ store: storeConnection() }).catch((error: Error) => {
  console.error(`Cannot open the archive: ${error.message}`);
  process.exit(1);
});
const { store, readModel } = archive;
for (const note of archive.notes) console.warn(note);

if ((await store.headPosition()) === undefined) {
  const appended = await appendArchiveEvents(store, loadArchiveDirectory(), { via: 'import' });
  console.log(`Seeded an empty archive with ${appended.filter((e) => e.written).length} events.`);
}
if (readModel.rebuiltBecause) console.log(`Rebuilding the read model from the log: ${readModel.rebuiltBecause}.`);

const subscription = followStore(store, readModel);
// A read model that cannot catch up (its disk is full) must not keep the archive offline: serve
// what it holds while the follower retries, and let /readyz say how far behind it is.
const stalled = await Promise.race([subscription.caughtUp.then(() => undefined), subscription.stalled]);
if (stalled) console.warn(`Serving the read model at log position ${readModel.checkpoint() ?? 0} while it cannot catch up: ${stalled.message}`);

const editorTokens = (env.QANTAR_EDITOR_TOKENS ?? '').split(',').map((t) => t.trim()).filter(Boolean);
const app = createApp(
  { store, readModel, editorTokens, now: () => new Date() },
  {
    sessionSecret: env.QANTAR_SESSION_SECRET || undefined,
    publicUrl: env.QANTAR_PUBLIC_URL || undefined,
    // e.g. QANTAR_TRUST_PROXY=loopback behind a local TLS proxy, so Secure cookies and client IPs are right.
    trustProxy: env.QANTAR_TRUST_PROXY ? (/^\d+$/.test(env.QANTAR_TRUST_PROXY) ? Number(env.QANTAR_TRUST_PROXY) : env.QANTAR_TRUST_PROXY) : false,
  },
);

let server: Server;
try {
  server = await listen(app, Number(env.PORT ?? 3000), env.HOST ?? '0.0.0.0');
} catch (error) {
  // A port in use, say: then there is nothing to serve.
  console.error(`Cannot serve on port ${env.PORT ?? 3000}: ${(error as Error).message}`);
  process.exit(1);
}
const address = server.address();
const port = typeof address === 'object' && address ? address.port : env.PORT;
console.log(`Qantar is serving ${store.description} at http://localhost:${port}/ (log position ${readModel.checkpoint() ?? 0})`);
console.log(editorTokens.length ? `Editing enabled for ${editorTokens.length} editor token(s).` : 'Editing disabled: set QANTAR_EDITOR_TOKENS to enable it.');

let closing = false;
async function shutdown(signal: string) {
  if (closing) return;
  closing = true;
  console.log(`${signal}: closing.`);
  // Stop taking requests, let the ones in flight finish, then stop following and close the files.
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  await closed;
  await subscription.unsubscribe();
  await archive.close();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
