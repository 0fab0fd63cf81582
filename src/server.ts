import type { Server } from 'node:http';
import { ValidationError } from '../events/validate.js';
import { openArchive } from './archive.js';
import { editorSessionsFile, importDirectories, parseEditorTokens, readModelFile, storeConnection, type Editor } from './config.js';
import { DomainError } from './domain/errors.js';
import { importArchive } from './domain/import-archive.js';
import { createApp } from './http/app.js';
import { openSessionStore, type SessionStore } from './http/session-store.js';
import { listen } from './http/listen.js';
import { followStore } from './read-model/follow.js';
import { StoreUnavailableError } from './store/errors.js';

/**
 * `npm start`: opens the log (QANTAR_STORE, default the embedded SQLite file), imports what it
 * lacks of the archive directories (all of them on a first run), follows it into the read model,
 * and serves the archive on PORT (default 3000).
 */
const env = process.env;
const editors = namedEditors();
const archive = await openArchive({ store: storeConnection() }).catch((error: Error) => {
  console.error(`Cannot open the archive: ${error.message}`);
  process.exit(1);
});
const { store, readModel, reader } = archive;
for (const note of archive.notes) console.warn(note);

await importOnStart();
if (readModel.rebuiltBecause) console.log(`Rebuilding the read model from the log: ${readModel.rebuiltBecause}.`);

const subscription = followStore(store, readModel);
// A read model that cannot catch up (its disk is full) must not keep the archive offline: serve
// what it holds while the follower retries, and let /readyz say how far behind it is.
const stalled = await Promise.race([subscription.caughtUp.then(() => undefined), subscription.stalled]);
if (stalled) console.warn(`Serving the read model at log position ${readModel.checkpoint() ?? 0} while it cannot catch up: ${stalled.message}`);

const sessions = await openEditorSessions(editorSessionsFile(readModelFile(storeConnection())));
const app = createApp(
  { store, readModel, reader, editors, now: () => new Date() },
  {
    sessionSecret: env.QANTAR_SESSION_SECRET || undefined,
    sessionStore: sessions.store,
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
console.log(
  editors.length ? `Editing enabled for ${editors.length} editor(s): ${editors.map((e) => e.name).join(', ')}.` : 'Editing disabled: set QANTAR_EDITOR_TOKENS to enable it.',
);

/** Refuses to start with an editor token that names no editor: every append must say who made it. */
function namedEditors(): Editor[] {
  try {
    return parseEditorTokens(env.QANTAR_EDITOR_TOKENS);
  } catch (error) {
    console.error(`Cannot start: ${(error as Error).message}`);
    process.exit(1);
  }
}

/** A sessions file that cannot be opened (a read-only disk) costs sign-ins across restarts, never the archive. */
async function openEditorSessions(file: string): Promise<SessionStore> {
  try {
    return await openSessionStore(file);
  } catch (error) {
    console.warn(`Cannot keep editor sessions in ${file} (${(error as Error).message}): keeping them in memory, so they end with this process.`);
    return openSessionStore(':memory:');
  }
}

/**
 * Every start imports the archive directories, appending only what the log lacks: a first start
 * killed while it seeded is finished by the next. A log that cannot take writes now is served as
 * it is; directories that contradict the log stop the start, for a person to look at.
 */
async function importOnStart() {
  try {
    const { appended, alreadyThere } = await importArchive(store, importDirectories(), 'seed');
    if (appended > 0) console.log(`Imported ${appended} events from the archive directories (${alreadyThere} already in the log).`);
  } catch (error) {
    if (error instanceof StoreUnavailableError) {
      console.warn(`Could not import the archive directories, serving the log as it is: ${error.message}`);
    } else if (error instanceof ValidationError || error instanceof DomainError) {
      const where = error.where ? `${error.where}: ` : '';
      console.error(`Cannot start: the archive directories do not fit the log. ${where}${error instanceof DomainError ? `${error.path}: ` : ''}${error.message}`);
      process.exit(1);
    } else {
      throw error;
    }
  }
}

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
  await sessions.close();
  await archive.close();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
