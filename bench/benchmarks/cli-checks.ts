import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { TableRow } from '../table.js';
import { root } from './server-process.js';

/** Peak RSS (MB) of `qantar checks --date <date>` on the archive, its output thrown away, as the process itself reports it. */
function peakOf(logFile: string, readModelFile: string, date: string) {
  const out = fs.openSync('/dev/null', 'w');
  try {
    const started = performance.now();
    const args = ['--import', 'tsx', '--import', path.join(root, 'bench/peak-rss-on-exit.ts'), path.join(root, 'src/cli/main.ts'), 'checks', '--date', date];
    const run = spawnSync(process.execPath, args, {
      cwd: root,
      env: { ...process.env, QANTAR_STORE: `sqlite:${logFile}`, QANTAR_READ_MODEL: readModelFile, QANTAR_IMPORT: 'none' },
      stdio: ['ignore', out, 'pipe'],
      encoding: 'utf8',
    });
    const kb = Number(/peak-rss-kb=(\d+)/.exec(run.stderr)?.[1]);
    if (run.status !== 0 || !kb) throw new Error(`qantar checks --date ${date} failed (${run.status}): ${run.stderr.slice(-500)}`);
    return { peakMb: Math.round(kb / 1024), seconds: Math.round(performance.now() - started) / 1000 };
  } finally {
    fs.closeSync(out);
  }
}

/**
 * `qantar checks` on the date with the most findings, every one printed: its peak resident memory,
 * beside the same command on a date with none (what the process costs before any finding).
 */
export function cliChecksMemory(logFile: string, readModelFile: string, day: { date: string; total: number }): { row: TableRow; result: unknown } {
  const measured = peakOf(logFile, readModelFile, day.date);
  const limit = peakOf(logFile, readModelFile, '2021-01-01');
  return {
    row: {
      what: `qantar checks --date ${day.date} (${day.total.toLocaleString('en')} findings printed)`,
      measured: `peak RSS ${measured.peakMb} MB (${measured.seconds} s)`,
      limit: `${limit.peakMb} MB (the same command, a date with no findings)`,
      ratio: Math.round((measured.peakMb / limit.peakMb) * 100) / 100,
      target: '< 400 MB',
      met: measured.peakMb < 400,
    },
    result: { ...day, measured, limit },
  };
}
