import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * True when nothing can be written where `file` lives because its filesystem is mounted
 * read-only (a read-only container image or volume, or a disk the kernel remounted read-only
 * after errors). Unlike file permissions, this binds root too.
 */
export function onReadOnlyFilesystem(file: string): boolean {
  if (file === ':memory:') return false;
  try {
    fs.accessSync(path.dirname(path.resolve(file)), fs.constants.W_OK);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EROFS';
  }
}

export type TempCopy = Readonly<{ file: string; remove(): void }>;

/**
 * A private copy of a SQLite file and its write-ahead log, in a new directory under the system's
 * temp directory: for a file on a read-only filesystem that SQLite cannot use in place. A WAL
 * database needs its -shm file beside it even to be read, and cannot create one there. A file
 * that does not exist yet gives an empty place for one.
 */
export function copyToTemp(file: string): TempCopy {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qantar-'));
  const copy = path.join(dir, path.basename(file));
  try {
    // Only the file and its -wal hold data; the -shm index is rebuilt from them.
    for (const suffix of ['', '-wal']) {
      if (fs.existsSync(file + suffix)) fs.copyFileSync(file + suffix, copy + suffix);
    }
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return { file: copy, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
