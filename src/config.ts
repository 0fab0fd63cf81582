import { defaultStore, parseSqliteConnection } from './store/open.js';

/** Where the log is: `--store`, else QANTAR_STORE, else the embedded default. */
export function storeConnection(flag?: string, env = process.env): string {
  return flag ?? env.QANTAR_STORE ?? defaultStore;
}

/**
 * Where this process keeps its read models: QANTAR_READ_MODEL, else beside an embedded
 * log (data/qantar.db → data/qantar.read.db), else data/read-model.db for a remote log.
 */
export function readModelFile(store: string, env = process.env): string {
  if (env.QANTAR_READ_MODEL) return env.QANTAR_READ_MODEL;
  if (store === 'memory:') return ':memory:';
  if (store.startsWith('sqlite:')) return parseSqliteConnection(store).file.replace(/(\.db)?$/, '.read.db');
  return 'data/read-model.db';
}

/**
 * Where the editors' sessions are kept: beside the read model (data/qantar.read.db →
 * data/qantar.sessions.db), in a file of their own, as the read model may be deleted and rebuilt.
 */
export function editorSessionsFile(readModel: string): string {
  if (readModel === ':memory:') return ':memory:';
  return readModel.replace(/(\.read)?(\.db)?$/, '.sessions.db');
}
