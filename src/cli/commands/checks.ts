import type { Command } from 'commander';
import { categoryOf, type Finding } from '../../domain/checks/types.js';
import { withCaughtUpArchive } from '../../archive.js';
import { formatPartialDate, todayInAlmaty } from '../../format/dates.js';
import { formatAmount, formatFigureValue } from '../../format/numbers.js';
import { comparisonToJson, findingToJson } from '../../present/checks-json.js';
import { findingText } from '../../present/finding-text.js';
import { parseDay, table, withKnownAndAt } from '../options.js';

type TimesOptions = { date?: string; known?: string; at?: number; json?: boolean };

/** `qantar checks` and `qantar compare`: the consistency findings and the change between two dates. */
export function registerChecksCommands(program: Command): void {
  withKnownAndAt(
    program
      .command('checks')
      .description('where official figures contradict the relations the source declares (parts and wholes), are revised (running totals that fall, figures replaced), or disagree (same day, same metric)')
      .option('--date <YYYY-MM-DD>', 'valid time: figures in force up to this day (default: today)', parseDay),
  )
    .option('--json', 'print JSON instead of text')
    .action(async (o: TimesOptions) => {
      const date = o.date ?? todayInAlmaty();
      await withCaughtUpArchive(program.opts(), ({ reader }) => {
        const q = { date, known: o.known, at: o.at };
        // A large archive has over a hundred thousand findings: they are printed a chunk at a time.
        const chunks = () => reader.findingsInDateOrder(q);
        if (o.json) return printJsonArray(chunks(), findingToJson);
        const { total, holding } = reader.countFindings(q);
        console.log(`Consistency checks up to ${formatPartialDate(date)}: ${holding} holding, ${total - holding} resolved earlier.\n`);
        if (total === 0) return console.log('The official figures agree with every declared relation, and none was revised or disputed.');
        let first = true;
        for (const findings of chunks()) {
          if (findings.length === 0) continue;
          process.stdout.write(`${first ? '' : '\n\n'}${findings.map(findingBlock).join('\n\n')}`);
          first = false;
        }
        process.stdout.write('\n');
      });
    });

  withKnownAndAt(
    program
      .command('compare')
      .description('every metric whose official figure changed between two dates')
      .requiredOption('--from <YYYY-MM-DD>', 'the earlier date', parseDay)
      .requiredOption('--to <YYYY-MM-DD>', 'the later date', parseDay),
  )
    .option('--json', 'print JSON instead of a table')
    .action(async (o: { from: string; to: string; known?: string; at?: number; json?: boolean }) => {
      await withCaughtUpArchive(program.opts(), ({ reader }) => {
        const c = reader.compareDates({ from: o.from, to: o.to, known: o.known, at: o.at });
        if (o.json) return console.log(JSON.stringify(comparisonToJson(c), null, 2));
        const count = (kind: string) => c.changes.filter((m) => m.kind === kind).length;
        console.log(
          `From ${formatPartialDate(c.from)} to ${formatPartialDate(c.to)}: ${count('changed')} changed, ${count('appeared')} appeared, ${count('dropped')} dropped out, ${c.unchanged} unchanged.\n`,
        );
        if (c.changes.length === 0) return;
        const cell = (f: typeof c.changes[number]['old']) => (f ? `${formatFigureValue(f)} (${f.statementId})` : '—');
        console.log(
          table([
            ['METRIC', 'CHANGE', 'OLD', 'NEW', 'DIFFERENCE'],
            ...c.changes.map((m) => [
              m.label,
              m.kind,
              cell(m.old),
              cell(m.new),
              m.absolute === null ? '' : `${m.absolute >= 0 ? '+' : '−'}${formatAmount(Math.abs(m.absolute), m.new!.unit)}${m.relative === null ? '' : ` (${(m.relative * 100).toFixed(1)}%)`}${m.approximate ? ' approx.' : ''}`,
            ]),
          ]),
        );
      });
    });
}

function findingBlock(f: Finding): string {
  const text = findingText(f);
  const span = f.until === null ? `since ${formatPartialDate(f.date)}` : `from ${formatPartialDate(f.date)} until ${formatPartialDate(f.until)}`;
  return [
    `${categoryOf(f.kind)}: ${text.headline} (${f.relationId}, ${f.kind}), ${span}`,
    `  expected: ${text.expected}`,
    `  actual:   ${text.actual}`,
    `  gap:      ${text.gap}`,
    ...f.figures.map((x) => `  ${x.role.padEnd(7)} ${x.label ?? x.metric}: ${formatFigureValue(x)}, “${x.wording}” (${x.statementId}, as of ${formatPartialDate(x.asOf)})`),
    ...(f.missing.length ? [`  not yet reported: ${f.missing.join(', ')}`] : []),
    f.declaredBy === 'source' ? `  source: “${f.phrase}”` : `  why:    ${f.phrase}`,
  ].join('\n');
}

/** What JSON.stringify(all, null, 2) prints for the array, written an element at a time. */
function printJsonArray<T>(chunks: Iterable<readonly T[]>, toJson: (item: T) => unknown): void {
  let first = true;
  for (const chunk of chunks) {
    for (const item of chunk) {
      process.stdout.write(`${first ? '[\n' : ',\n'}${JSON.stringify(toJson(item), null, 2).replace(/^/gm, '  ')}`);
      first = false;
    }
  }
  process.stdout.write(first ? '[]\n' : '\n]\n');
}
