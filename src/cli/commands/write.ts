import os from 'node:os';
import type { Command } from 'commander';
import { archiveDirectories, readEventFile } from '../../../events/seed.js';
import { withCaughtUpArchive } from '../../archive.js';
import { appendArchiveEvents } from '../../domain/append.js';
import { DomainError } from '../../domain/errors.js';
import { importArchive } from '../../domain/import-archive.js';
import { ValidationError } from '../../../events/validate.js';

/** The OS user running the command, recorded as who appended; a container may have no passwd entry for it. */
function osUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    return process.env.USER ?? process.env.LOGNAME ?? `uid ${process.getuid?.() ?? 'unknown'}`;
  }
}

export function registerWriteCommands(program: Command): void {
  program
    .command('import')
    .description('append archive directories, in order (default: those the server imports on start); events already there are skipped')
    .argument('[dirs...]', 'directories with catalogue.json and/or statements/*.json')
    .action(async (dirs: string[]) => {
      const imported = dirs.length ? dirs : archiveDirectories;
      await withCaughtUpArchive(program.opts(), async ({ store }) => {
        const { appended, alreadyThere } = await importArchive(store, imported, osUser());
        console.log(`Imported ${imported.join(', ')}: ${appended} new events, ${alreadyThere} already in the log.`);
      });
    });

  program
    .command('append')
    .description('append events from a JSON file: one { "type", "data" } or an array of them')
    .argument('<file>', 'JSON file (StatementPublished, StatementCorrected, StatementRetracted, MetricDefined, RelationDeclared)')
    .action(async (file: string) => {
      const events = readEventFile(file);
      await withCaughtUpArchive(program.opts(), async ({ store }) => {
        const appended = await appendArchiveEvents(store, events, { via: 'cli', appendedBy: osUser() }).catch((error: unknown) => {
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
