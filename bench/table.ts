export type TableRow = Readonly<{
  what: string;
  measured: string;
  limit: string;
  ratio: number | string;
  target: string;
  /** null when the benchmark could not run. */
  met: boolean | null;
}>;

/** A Markdown table, so the output can be pasted into the README as it is. */
export function printTable(rows: readonly TableRow[], machine: Record<string, unknown>): void {
  const header = ['what', 'measured', 'limit, same run', 'ratio', 'target', 'met'];
  const lines = rows.map((r) => [r.what, r.measured, r.limit, String(r.ratio), r.target, r.met === null ? '–' : r.met ? 'yes' : 'NO']);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const l of lines) console.log(line(l));
  console.log(`\nmachine: ${Object.entries(machine).map(([k, v]) => `${k} ${Array.isArray(v) ? v.join('/') : String(v)}`).join('; ')}`);
}
