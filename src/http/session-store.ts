import type { SessionData, Store } from 'express-session';
import { ConnectSessionKnexStore } from 'connect-session-knex';
import knex from 'knex';

export type SessionStore = Readonly<{ store: Store; file: string; close(): Promise<void> }>;

/**
 * connect-session-knex hands an error to express-session's callback and then also rejects the
 * promise it returns, which express-session never awaits: an unhandled rejection would end the
 * process. Its touch never calls back on an error, so the response would never end. Here each
 * error reaches the callback once, and the request fails instead of the server.
 */
class CallbackSessionStore extends ConnectSessionKnexStore {
  override get(sid: string, callback: (err: unknown, session?: SessionData | null) => void) {
    return super.get(sid, callback).catch(() => null);
  }
  override set(sid: string, session: SessionData, callback?: (err?: unknown) => void) {
    return super.set(sid, session, callback).catch(() => undefined);
  }
  override destroy(sid: string, callback?: (err?: unknown) => void) {
    return super.destroy(sid, callback).catch(() => 0);
  }
  override touch(sid: string, session: SessionData, callback?: (err?: unknown) => void) {
    return super.touch(sid, session, callback).catch((error: unknown) => callback?.(error));
  }
}

/**
 * The editors' sessions, kept on the server in their own SQLite file (QANTAR_READ_MODEL's
 * neighbour; not the read model itself, which is rebuilt from the log at will). A session ends
 * when it is destroyed at logout, and a row past its expiry is never read back and is swept
 * every quarter of an hour. `:memory:` keeps them for this process only.
 */
export async function openSessionStore(file: string): Promise<SessionStore> {
  const db = knex({ client: 'better-sqlite3', connection: { filename: file }, useNullAsDefault: true });
  const store = new CallbackSessionStore({
    knex: db,
    tableName: 'editor_sessions',
    cleanupInterval: 15 * 60_000,
    onDbCleanupError: (error) => console.warn(`Could not sweep expired editor sessions: ${(error as Error).message}`),
  });
  try {
    await store.ready;
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return {
    store,
    file,
    async close() {
      clearTimeout(store.nextDbCleanup);
      await db.destroy();
    },
  };
}
