import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ArchiveEvent } from './types.js';
import { ValidationError, toArchiveEvent } from './validate.js';

export const seedDirectory = path.join(path.dirname(fileURLToPath(import.meta.url)), 'seed');
/** Statements the archive added from public reports of what officials said, after the seed. */
export const reportsDirectory = path.join(path.dirname(fileURLToPath(import.meta.url)), 'reports');
/** The archive's Russian and Kazakh translations of its own words, about what the directories before it hold. */
export const translationsDirectory = path.join(path.dirname(fileURLToPath(import.meta.url)), 'translations');

/**
 * The archive directories the server imports on every start, and `qantar import` with no
 * argument, in this order: a later directory may use the metrics of an earlier one, or correct
 * its statements. What a log already holds is skipped, so a start finishes an import cut short.
 */
export const archiveDirectories: readonly string[] = [seedDirectory, reportsDirectory, translationsDirectory];

/** Every event of several archive directories in the order given, and the file and index each comes from. */
export function loadArchiveDirectories(dirs: readonly string[] = archiveDirectories): { events: ArchiveEvent[]; origins: string[] } {
  const files = dirs.flatMap(archiveFiles).map((file) => ({ file, events: readEventFile(file) }));
  return {
    events: files.flatMap((f) => f.events),
    origins: files.flatMap((f) => f.events.map((_, i) => `${f.file} [${i}]`)),
  };
}

/**
 * Reads an archive directory: its catalogue (catalogue.json, then any catalogue-*.json, each
 * metrics before the relations between them), statements/*.json, then translations-*.json (of
 * what comes before them), each in file-name order. Each file holds an array of event inputs
 * ({ type, data }). Every event is validated; an error names the file and the field.
 */
export function loadArchiveDirectory(dir: string = seedDirectory): ArchiveEvent[] {
  return archiveFiles(dir).flatMap((file) => readEventFile(file));
}

function archiveFiles(dir: string): string[] {
  if (!fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory()) {
    throw new ValidationError([{ path: '', message: 'is not an archive directory (it does not exist)' }], dir);
  }
  const statementsDir = path.join(dir, 'statements');
  const named = (pattern: RegExp) =>
    fs
      .readdirSync(dir)
      .filter((f) => pattern.test(f))
      .sort()
      .map((f) => path.join(dir, f));
  return [
    ...named(/^catalogue(-.+)?\.json$/),
    ...(fs.existsSync(statementsDir)
      ? fs
          .readdirSync(statementsDir)
          .filter((f) => f.endsWith('.json'))
          .sort()
          .map((f) => path.join(statementsDir, f))
      : []),
    ...named(/^translations-.+\.json$/),
  ];
}

/** One file of event inputs: a single { type, data } or an array of them. */
export function readEventFile(file: string): ArchiveEvent[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ValidationError([{ path: '', message: `is not readable JSON: ${(error as Error).message}` }], file);
  }
  const inputs = Array.isArray(parsed) ? parsed : [parsed];
  try {
    return inputs.map((input, i) => toArchiveEvent(input, Array.isArray(parsed) ? `[${i}]` : ''));
  } catch (error) {
    if (error instanceof ValidationError) throw new ValidationError(error.issues, file);
    throw error;
  }
}
