import { copyEvent } from '../migrate/copy-event.js';
import { eventContent } from '../migrate/digest.js';
import { readEvents } from '../migrate/pages.js';
import type { EventStore, RecordedEvent } from '../store/port.js';
import { ValidationError } from '../../events/validate.js';
import { lineToEvent } from './ndjson.js';

/** The target holds something other than the file's first events: nothing was appended. */
export class ImportRefusedError extends Error {
  readonly code = 'IMPORT_REFUSED';
}

export type ImportReport = Readonly<{ read: number; appended: number; alreadyThere: number }>;

/** The file's lines, readable more than once (the import reads it twice). */
export type LineSource = () => AsyncIterable<string>;

/**
 * Restores an exported log into `target`, each event at its own stream and revision, in the
 * file's order, keeping ids, types, data and metadata (positions and recordedAt are the
 * target's own). First pass: every line is validated and the target is compared with the
 * file; the target must be empty or hold exactly the file's first events (an earlier run),
 * else nothing is written. Second pass: only what is missing is appended, so a re-run appends
 * nothing.
 */
export async function importLog(target: EventStore, lines: LineSource): Promise<ImportReport> {
  const alreadyThere = await checkFile(target, lines);
  let read = 0;
  let appended = 0;
  for await (const e of events(lines)) {
    read += 1;
    if (read <= alreadyThere) continue;
    if (await copyEvent(target, e)) appended += 1;
  }
  return { read, appended, alreadyThere };
}

/** Validates the whole file and returns how many of its first events the target already holds. */
async function checkFile(target: EventStore, lines: LineSource): Promise<number> {
  const held = readEvents(target);
  const nextRevision = new Map<string, bigint>();
  let lastPosition = -1n;
  let matched = 0;
  let targetEnded = false;
  try {
    for await (const [e, where] of numbered(lines)) {
      // The file must be a log: positions rising, each stream's revisions 0, 1, 2… with no hole.
      const expected = nextRevision.get(e.stream) ?? 0n;
      if (e.revision !== expected) throw new ValidationError([{ path: 'revision', message: `must be ${expected} for stream ${e.stream}` }], where);
      if (e.position <= lastPosition) throw new ValidationError([{ path: 'position', message: 'must be greater than the line before' }], where);
      nextRevision.set(e.stream, expected + 1n);
      lastPosition = e.position;
      if (targetEnded) continue;
      const there = await held.next();
      if (there.done) targetEnded = true;
      else if (eventContent(there.value) === eventContent(e)) matched += 1;
      else throw refused(target, `its event ${matched + 1} (${there.value.stream} revision ${there.value.revision}) differs from ${where} of the file`);
    }
    if (!targetEnded && !(await held.next()).done) {
      throw refused(target, `it holds more events than the file (${matched})`);
    }
  } finally {
    await held.return(undefined);
  }
  return matched;
}

const refused = (target: EventStore, why: string) =>
  new ImportRefusedError(
    `Refused: the target ${target.description} is not empty and is not an earlier import of this file: ${why}. Nothing was appended. Import into an empty store.`,
  );

async function* numbered(lines: LineSource): AsyncGenerator<[RecordedEvent, string]> {
  let n = 0;
  for await (const line of lines()) {
    n += 1;
    if (line.trim() === '') continue;
    yield [lineToEvent(line, n), `line ${n}`];
  }
}

async function* events(lines: LineSource): AsyncGenerator<RecordedEvent> {
  for await (const [e] of numbered(lines)) yield e;
}
