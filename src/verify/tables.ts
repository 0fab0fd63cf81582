import type Database from 'better-sqlite3';

/** The tables a read model holds (SQLite's own bookkeeping left out), by name. */
export function tableNames(db: Database.Database): string[] {
  const rows = db
    // A full-text index's shadow tables are its internal layout, which depends on how its rows were
    // written (segments merge differently in batches); its virtual table's rows are what it holds.
    .prepare(
      "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type IN ('table', 'virtual') AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .all() as { name: string }[];
  return rows.map((r) => r.name);
}

/** Every row of a table as JSON text, sorted: two equal lists are two identical tables. */
export function tableRows(db: Database.Database, table: string): string[] {
  const rows = db.prepare(`SELECT * FROM "${table.replaceAll('"', '""')}"`).all() as Record<string, unknown>[];
  return rows.map((r) => JSON.stringify(r)).sort();
}

export type TableDifference = Readonly<{ table: string; reason: string }>;

/** The first table whose rows differ between the two databases, with the first row that differs. */
export function firstDifference(stored: Database.Database, rebuilt: Database.Database): TableDifference | undefined {
  const storedTables = new Set(tableNames(stored));
  for (const table of tableNames(rebuilt)) {
    if (!storedTables.has(table)) return { table, reason: 'the table is missing' };
    const a = tableRows(stored, table);
    const b = tableRows(rebuilt, table);
    const i = a.findIndex((row, n) => row !== b[n]);
    if (i === -1 && a.length === b.length) continue;
    const at = i === -1 ? a.length : i;
    return {
      table,
      reason:
        `${a.length} stored rows, ${b.length} rebuilt; first difference at sorted row ${at + 1}: ` +
        `stored ${clip(a[at])}, rebuilt ${clip(b[at])}`,
    };
  }
  return undefined;
}

const clip = (row: string | undefined) => (row === undefined ? '(none)' : row.length > 300 ? `${row.slice(0, 300)}…` : row);
