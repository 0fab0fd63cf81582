import type { Command } from 'commander';
import { loadArchiveDirectory, readEventFile, seedDirectory } from '../../../events/seed.js';
import { withCaughtUpArchive } from '../../archive.js';
import { appendArchiveEvents } from '../../domain/append.js';
import { DomainError } from '../../domain/errors.js';
import { ValidationError } from '../../../events/validate.js';

export function registerWriteCommands(program: Command): void {
  program
    .command('import')
    .description('append an archive directory (default: the seed archive); events already there are skipped')
    .argument('[dir]', 'directory with catalogue.json and statements/*.json', seedDirectory)
    .action(async (dir: string) => {
      const events = loadArchiveDirectory(dir);
      await withCaughtUpArchive(program.opts(), async ({ store }) => {
        const appended = await appendArchiveEvents(store, events, { via: 'import' });
        const written = appended.filter((e) => e.written).length;
        console.log(`Imported ${dir}: ${written} new events, ${appended.length - written} already in the log.`);
      });
    });

  program
    .command('append')
    .description('append events from a JSON file: one { "type", "data" } or an array of them')
    .argument('<file>', 'JSON file (StatementPublished, StatementCorrected, StatementRetracted, MetricDefined, RelationDeclared)')
    .action(async (file: string) => {
      const events = readEventFile(file);
      await withCaughtUpArchive(program.opts(), async ({ store }) => {
        const appended = await appendArchiveEvents(store, events, { via: 'cli' }).catch((error: unknown) => {
          if (error instanceof ValidationError) throw new ValidationError(error.issues, file);
          throw error instanceof DomainError ? error.in(file) : error;
        });
        for (const e of appended) {
          const what = e.written ? 'appended' : 'already in the log';
          console.log(`${e.type} ${e.stream} revision ${e.revision} at position ${e.position}: ${what}`);
        }
      });
    });
}
