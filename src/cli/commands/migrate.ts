import fs from 'node:fs';
import { InvalidArgumentError, type Command } from 'commander';
import { migrate, MigrationError, type MigrationReport } from '../../migrate/migrate.js';
import { defaultPageSize } from '../../migrate/pages.js';
import { openEventStore } from '../../store/open.js';

type MigrateOptions = { from: string; to: string; pageSize: number };

export function registerMigrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('copy the whole log into another store, keeping ids, order and metadata; resumable, verified by hashes')
    .requiredOption('--from <store>', 'the store to copy: sqlite:<path>, memory: or esdb://…')
    .requiredOption('--to <store>', 'the store to copy into (empty, or holding an earlier copy)')
    .option('--page-size <n>', 'events read at once from either store', parsePageSize, defaultPageSize)
    .action(async (o: MigrateOptions) => {
      // Opening a SQLite file creates it: a mistyped source would be an empty log, "migrated".
      const file = o.from.startsWith('sqlite:') ? o.from.slice('sqlite:'.length) : undefined;
      if (file && file !== ':memory:' && !fs.existsSync(file)) {
        console.error(`Nothing to migrate: --from names ${file}, which does not exist.`);
        process.exitCode = 1;
        return;
      }
      const source = await openEventStore(o.from);
      const target = await openEventStore(o.to).catch(async (error: unknown) => {
        await source.close();
        throw error;
      });
      try {
        console.log(`Migrating ${source.description} → ${target.description}`);
        const report = await migrate(source, target, { pageSize: o.pageSize, onProgress: progressLine() });
        if (process.stderr.isTTY) process.stderr.write('\n');
        printReport(report);
      } catch (error) {
        if (!(error instanceof MigrationError)) throw error;
        console.error(error.message);
        process.exitCode = 1;
      } finally {
        await Promise.all([source.close(), target.close()]);
      }
    });
}

function printReport(r: MigrationReport): void {
  console.log(`${r.copied} events copied, ${r.skipped} already in the target, ${r.streams} streams.`);
  console.log(`source: ${r.source.count} events, sha256 ${r.source.sha256}`);
  console.log(`target: ${r.target.count} events in those streams, sha256 ${r.target.sha256}`);
  if (r.verified) return console.log('Verified: the target holds the same events in the same order.');
  process.exitCode = 1;
  console.error('MISMATCH: the target does not hold exactly the source\'s events in the source\'s order.');
  if (r.target.beyondSource) console.error(`The target has events the source lacks, first ${r.target.beyondSource}.`);
}

/** A progress line on a terminal only; logs and pipes get the summary alone. */
function progressLine() {
  if (!process.stderr.isTTY) return undefined;
  return ({ read, copied }: { read: number; copied: number }) =>
    process.stderr.write(`\r${read} events read, ${copied} copied…`);
}

function parsePageSize(value: string): number {
  if (!/^\d{1,6}$/.test(value) || Number(value) < 1) throw new InvalidArgumentError(`"${value}" is not a page size (1 to 999999).`);
  return Number(value);
}
