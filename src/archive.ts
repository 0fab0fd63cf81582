import { readModelFile, storeConnection } from './config.js';
import { catchUp } from './read-model/follow.js';
import { openReadModel, type ReadModel } from './read-model/read-model.js';
import { copyToTemp, onReadOnlyFilesystem } from './read-only-filesystem.js';
import { sqliteArchiveReader } from './read-model/reader.js';
import type { ArchiveReader } from './reader/port.js';
import { openEventStore, parseSqliteConnection } from './store/open.js';
import type { EventStore } from './store/port.js';

/** The log, this process's read model of it (the applier's side), and the reader every page and command reads through. */
export type Archive = Readonly<{
  store: EventStore;
  readModel: ReadModel;
  reader: ArchiveReader;
  /** What was opened otherwise than asked, and why (a read-only filesystem), for the server to say. */
  notes: readonly string[];
  close(): Promise<void>;
}>;

/** The log and this process's read model of it, opened together. */
export async function openArchive(options: { store?: string; readModel?: string } = {}): Promise<Archive> {
  const connection = storeConnection(options.store);
  const notes: string[] = [];
  const logFile = connection.startsWith('sqlite:') ? parseSqliteConnection(connection).file : undefined;
  if (logFile && onReadOnlyFilesystem(logFile)) {
    notes.push(`The log ${logFile} is on a read-only filesystem: serving reads only; writes answer 503.`);
  }
  const store = await openEventStore(connection);
  const readModelPath = options.readModel ?? readModelFile(connection);
  // The read model must be written to follow the log: on a read-only filesystem it follows in a
  // copy of the last one (or a new one) in the temp directory, gone when the archive closes.
  const copy = onReadOnlyFilesystem(readModelPath) ? copyToTemp(readModelPath) : undefined;
  if (copy) notes.push(`The read model ${readModelPath} is on a read-only filesystem: following the log in a copy at ${copy.file}.`);
  let readModel: ReadModel;
  try {
    readModel = openReadModel(copy?.file ?? readModelPath);
  } catch (error) {
    copy?.remove();
    await store.close();
    throw error;
  }
  return {
    store,
    readModel,
    notes,
    reader: sqliteArchiveReader(readModel),
    async close() {
      readModel.close();
      copy?.remove();
      await store.close();
    },
  };
}

/** Opens the archive, brings the read model up to the log, runs `work`, and closes. */
export async function withCaughtUpArchive<T>(
  options: { store?: string },
  work: (archive: Archive) => Promise<T> | T,
): Promise<T> {
  const archive = await openArchive(options);
  try {
    await catchUp(archive.store, archive.readModel);
    return await work(archive);
  } finally {
    await archive.close();
  }
}
