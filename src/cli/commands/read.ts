import type { Command } from 'commander';
import { withCaughtUpArchive } from '../../archive.js';
import { formatPartialDate, todayInAlmaty } from '../../format/dates.js';
import { formatFigureValue } from '../../format/numbers.js';
import { figureToJson, statementToJson } from '../../present/json.js';
import { parseDay, parsePosition, table, withKnownAndAt } from '../options.js';

type AsOfOptions = { date?: string; known?: string; at?: number; topic?: string; json?: boolean };

export function registerReadCommands(program: Command): void {
  withKnownAndAt(
    program
      .command('figures')
      .description('the official figure of every metric as of a date, each with its wording and source')
      .option('--date <YYYY-MM-DD>', 'valid time: figures describing this day or earlier (default: today)', parseDay),
  )
    .option('--topic <topic>', 'only metrics of this topic')
    .option('--json', 'print JSON instead of a table')
    .action(async (o: AsOfOptions) => {
      const date = o.date ?? todayInAlmaty();
      await withCaughtUpArchive(program.opts(), ({ reader }) => {
        const figures = reader.figuresAsOf({ date, known: o.known, at: o.at, topic: o.topic });
        if (o.json) return console.log(JSON.stringify(figures.map(figureToJson), null, 2));
        console.log(`Official figures as of ${formatPartialDate(date)}${o.known ? `, as known on ${formatPartialDate(o.known)}` : ''}${o.at !== undefined ? `, archive position ${o.at}` : ''}\n`);
        if (figures.length === 0) return console.log('No official figure refers to this date or earlier.');
        console.log(
          table([
            ['METRIC', 'VALUE', 'AS OF', 'STATEMENT'],
            ...figures.map((f) => [
              f.label,
              formatFigureValue(f),
              `${formatPartialDate(f.asOf)}${f.asOfInferred ? ' (undated in source)' : ''}`,
              f.statementId,
            ]),
          ]),
        );
      });
    });

  program
    .command('timeline')
    .description('the statements in date order, up to a date (default: all)')
    .option('--date <YYYY-MM-DD>', 'only statements published on or before this day', parseDay)
    .option('--at <position>', 'archive time: the log as it stood at this position', parsePosition)
    .option('--json', 'print JSON instead of a list')
    .action(async (o: AsOfOptions) => {
      await withCaughtUpArchive(program.opts(), ({ reader }) => {
        const statements = reader.listStatements({ until: o.date, at: o.at });
        if (o.json) return console.log(JSON.stringify(statements.map(statementToJson), null, 2));
        if (statements.length === 0) return console.log('No statement in the archive up to this date.');
        console.log(
          table(
            statements.map(({ statement: s }) => [
              formatPartialDate(s.publishedOn),
              s.kind,
              [s.speaker.name, s.speaker.body].filter(Boolean).join(', '),
              `${s.title}${s.figures.length ? ` (${s.figures.length} figures)` : ''}`,
            ]),
          ),
        );
      });
    });
}
