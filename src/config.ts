import path from 'node:path';
import { archiveDirectories } from '../events/seed.js';
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

/** An editor as QANTAR_EDITOR_TOKENS names one: the name is recorded with every event they append. */
export type Editor = Readonly<{ name: string; token: string }>;

/** A name that reads plainly in the log and on /history: letters, digits, `.`, `_`, `-`. */
const editorName = /^[\p{L}\p{N}][\p{L}\p{N}._-]{0,63}$/u;

/**
 * QANTAR_EDITOR_TOKENS=name:token,name:token… A token without a name is refused rather than
 * appending anonymously: the log must say who appended each event. Messages name the entry by
 * its position and never repeat a token.
 */
export function parseEditorTokens(value: string | undefined): Editor[] {
  const entries = (value ?? '').split(',').map((e) => e.trim()).filter(Boolean);
  const editors = entries.map((entry, i): Editor => {
    const colon = entry.indexOf(':');
    const where = `QANTAR_EDITOR_TOKENS, entry ${i + 1} of ${entries.length}`;
    if (colon < 0) throw new Error(`${where}: an editor token needs the editor's name, as name:token (for example aigerim:<token>).`);
    const name = entry.slice(0, colon).trim();
    const token = entry.slice(colon + 1).trim();
    if (!editorName.test(name)) throw new Error(`${where}: the editor's name must be 1–64 letters, digits, ".", "_" or "-", starting with a letter or digit.`);
    if (!token) throw new Error(`${where}: editor "${name}" has an empty token.`);
    return { name, token };
  });
  for (const [i, editor] of editors.entries()) {
    if (editors.findIndex((e) => e.name === editor.name) !== i) throw new Error(`QANTAR_EDITOR_TOKENS: the name "${editor.name}" is given twice; each editor needs a name of their own.`);
    if (editors.findIndex((e) => e.token === editor.token) !== i) throw new Error(`QANTAR_EDITOR_TOKENS: "${editor.name}" has the same token as another editor; each needs a token of their own.`);
  }
  return editors;
}

/**
 * The archive directories the server imports on start: QANTAR_IMPORT, comma-separated paths, or
 * "none" for a log that is not this archive's (the benchmark's synthetic one, a migrated copy);
 * by default every directory of the archive (events/seed.ts), in order.
 */
export function importDirectories(env = process.env): readonly string[] {
  const value = env.QANTAR_IMPORT?.trim();
  if (!value) return archiveDirectories;
  if (value === 'none') return [];
  return value.split(',').map((dir) => path.resolve(dir.trim())).filter(Boolean);
}
