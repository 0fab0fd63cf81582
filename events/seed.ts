import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ArchiveEvent } from './types.js';
import { ValidationError, toArchiveEvent } from './validate.js';

export const seedDirectory = path.join(path.dirname(fileURLToPath(import.meta.url)), 'seed');
/** Statements the archive added from public reports of what officials said, after the seed. */
export const reportsDirectory = path.join(path.dirname(fileURLToPath(import.meta.url)), 'reports');

/**
 * Reads an archive directory: its catalogue (catalogue.json, then any catalogue-*.json, each
 * metrics before the relations between them) and statements/*.json, in file-name order. Each
 * file holds an array of event inputs ({ type, data }). Every event is validated; an error
 * names the file and the field.
 */
export function loadArchiveDirectory(dir: string = seedDirectory): ArchiveEvent[] {
  const statementsDir = path.join(dir, 'statements');
  const catalogues = fs
    .readdirSync(dir)
    .filter((f) => f === 'catalogue.json' || /^catalogue-.+\.json$/.test(f))
    .sort()
    .map((f) => path.join(dir, f));
  const files = [
    ...catalogues,
    ...(fs.existsSync(statementsDir)
      ? fs
          .readdirSync(statementsDir)
          .filter((f) => f.endsWith('.json'))
          .sort()
          .map((f) => path.join(statementsDir, f))
      : []),
  ];
  return files.flatMap((file) => readEventFile(file));
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
