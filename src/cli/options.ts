import { InvalidArgumentError, type Command } from 'commander';
import { dayDate } from '../../events/schema/dates.js';

/** `--date 2023-01-05`: a real day, or commander explains what is wrong. */
export function parseDay(value: string): string {
  if (!dayDate.safeParse(value).success) throw new InvalidArgumentError(`"${value}" is not a real day written YYYY-MM-DD.`);
  return value;
}

/** `--at 42`: a log position, a whole number from 0. */
export function parsePosition(value: string): number {
  if (!/^\d{1,15}$/.test(value)) throw new InvalidArgumentError(`"${value}" is not a log position (a whole number).`);
  return Number(value);
}

/** Left-aligned columns for a terminal; the last column is never padded. */
export function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows
    .map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  '))
    .join('\n');
}

/** `--known` and `--at`: publication time and archive time, the same on every read command. */
export function withKnownAndAt(command: Command): Command {
  return command
    .option('--known <YYYY-MM-DD>', 'publication time: only what officials had said by this day', parseDay)
    .option('--at <position>', 'archive time: the log as it stood at this position', parsePosition);
}
