import fs from 'node:fs';
import readline from 'node:readline';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import { storeConnection } from '../../config.js';
import { exportLog } from '../../exports/ndjson.js';
import { ImportRefusedError, importLog } from '../../exports/import-log.js';
import { openEventStore } from '../../store/open.js';

/** `qantar export` and `qantar import-log`: the whole log as NDJSON, and back into an empty store. */
export function registerLogCommands(program: Command): void {
  program
    .command('export')
    .description('write the whole log as NDJSON, one event a line (ids, streams, revisions, data, metadata)')
    .option('--out <file>', 'write to this file instead of standard output')
    .action(async (o: { out?: string }) => {
      // Read-only: an export must never create or change the log it reads.
      const store = await openEventStore(storeConnection(program.opts().store), { readonly: true });
      try {
        // Read where the log ends first: events appended during the export belong to the next one.
        const upTo = await store.headPosition();
        const lines = upTo === undefined ? Readable.from([]) : Readable.from(exportLog(store, { upTo }));
        await pipeline(lines, o.out ? fs.createWriteStream(o.out) : process.stdout, { end: Boolean(o.out) });
      } catch (error) {
        // `qantar export | head`: the reader closing the pipe early is not a failure of the export.
        if ((error as NodeJS.ErrnoException).code !== 'EPIPE') throw error;
      } finally {
        await store.close();
      }
    });

  program
    .command('import-log')
    .description('restore an exported NDJSON log into an empty store (--store), keeping ids and order; a re-run appends nothing')
    .argument('<file>', 'NDJSON file written by `qantar export`')
    .action(async (file: string) => {
      if (!fs.existsSync(file)) {
        process.exitCode = 1;
        return console.error(`No such file: ${file}`);
      }
      const store = await openEventStore(storeConnection(program.opts().store));
      try {
        const lines = () => readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity });
        const r = await importLog(store, lines);
        console.log(`Imported ${file} into ${store.description}: ${r.appended} events appended, ${r.alreadyThere} already there, ${r.read} in the file.`);
      } catch (error) {
        if (!(error instanceof ImportRefusedError)) throw error;
        process.exitCode = 1;
        console.error(error.message);
      } finally {
        await store.close();
      }
    });
}
