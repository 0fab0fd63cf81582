import { archiveDirectories, loadArchiveDirectories } from '../../events/seed.js';
import type { EventStore } from '../store/port.js';
import { appendArchiveEvents } from './append.js';
import { DomainError } from './errors.js';

export type ArchiveImport = Readonly<{ appended: number; alreadyThere: number }>;

/**
 * Appends the archive directories' events that the log does not hold yet, as one batch: on the
 * embedded store one transaction, so a process killed midway leaves all of it or none; on any
 * store, run again it appends what is missing. Every file is read and validated first, and a
 * refusal names the file and the event in it.
 */
export async function importArchive(
  store: EventStore,
  dirs: readonly string[] = archiveDirectories,
  appendedBy?: string,
): Promise<ArchiveImport> {
  const { events, origins } = loadArchiveDirectories(dirs);
  const appended = await appendArchiveEvents(store, events, { via: 'import', appendedBy }).catch((error: unknown) => {
    if (!(error instanceof DomainError)) throw error;
    const [, index = '0', path = error.path] = /^\[(\d+)\]\.(.*)$/.exec(error.path) ?? [];
    throw error.in(origins[Number(index)] ?? '').at(path);
  });
  const written = appended.filter((e) => e.written).length;
  return { appended: written, alreadyThere: appended.length - written };
}
