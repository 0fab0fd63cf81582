/**
 * The read side's seam, held by the code's own imports: pages, the API, the CLI and the exports
 * read through the ArchiveReader (src/reader/port.ts), never through the read model's SQLite
 * handle or the projections' SQL queries. Only src/read-model (where the reader over SQLite
 * lives) reaches past it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { openReadModel } from '../../src/read-model/read-model.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The projections' modules that run SQL on a read model's handle. */
const queryModules = ['catalogue/catalogue', 'checks/findings', 'figures/compare', 'figures/as-of-index', 'figures/figures', 'statements/statements'].map(
  (m) => `projections/${m}.ts`,
);

/**
 * Allowed past the reader, each for a reason:
 * - verify/read-model.ts compares the read model's tables with a rebuild's: that is what verifying it is;
 * - http/figure-checks.ts is today's /figures findings, which the SQLite reader delegates to
 *   until findings are a read model of their own;
 * - http/session-store.ts keeps editors' sessions in a SQLite file of their own, no read model.
 */
const handleAllowed = new Set(['src/verify/read-model.ts']);
const queriesAllowed = new Set(['src/http/figure-checks.ts']);
const sqliteAllowed = new Set(['src/http/figure-checks.ts', 'src/http/session-store.ts', 'src/verify/read-model.ts', 'src/verify/tables.ts']);

type Import = Readonly<{ file: string; from: string; names: readonly string[]; typeOnly: boolean }>;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    return e.isDirectory() ? sourceFiles(rel) : rel.endsWith('.ts') ? [rel] : [];
  });
}

/** Every import of a file, resolved to a path from the root (packages by name), with whether it brings in values. */
function importsOf(file: string): Import[] {
  const source = ts.createSourceFile(file, fs.readFileSync(path.join(root, file), 'utf8'), ts.ScriptTarget.ES2022);
  return source.statements.filter(ts.isImportDeclaration).map((d) => {
    const specifier = (d.moduleSpecifier as ts.StringLiteral).text;
    const from = specifier.startsWith('.') ? path.posix.join(path.posix.dirname(file), specifier).replace(/\.js$/, '.ts') : specifier;
    const clause = d.importClause;
    const named = clause?.namedBindings && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings.elements : [];
    const valueNames = named.filter((e) => !e.isTypeOnly).map((e) => e.name.text);
    const typeOnly = Boolean(clause?.isTypeOnly) || (clause !== undefined && !clause.name && named.length > 0 && valueNames.length === 0);
    return { file, from, names: clause?.isTypeOnly ? [] : valueNames, typeOnly };
  });
}

const outsideReadModel = sourceFiles('src').filter((f) => !f.startsWith('src/read-model/'));
const imports = outsideReadModel.flatMap(importsOf);
const where = (list: readonly Import[]) => list.map((i) => `${i.file} imports ${i.names.join(', ') || '*'} from ${i.from}`);

describe('the read side has one port', () => {
  it('nothing outside src/read-model takes the SQLite handle of a read model (verifying its tables aside)', () => {
    const takers = imports.filter((i) => i.from === 'src/read-model/read-model.ts' && i.names.includes('sqliteHandleOf') && !handleAllowed.has(i.file));
    expect(where(takers)).toEqual([]);
  });

  it("pages, the API, the CLI and the exports call none of the projections' queries: they ask the reader", () => {
    const callers = imports.filter((i) => queryModules.includes(i.from) && !i.typeOnly && !queriesAllowed.has(i.file));
    expect(where(callers)).toEqual([]);
  });

  it('nothing outside src/read-model and the store opens SQLite, but the editor sessions and verify', () => {
    const openers = imports.filter((i) => i.from === 'better-sqlite3' && !i.file.startsWith('src/store/') && !sqliteAllowed.has(i.file));
    expect(where(openers)).toEqual([]);
  });

  it('an open read model carries no handle to take', () => {
    const readModel = openReadModel(':memory:');
    try {
      expect(Object.keys(readModel)).not.toContain('db');
      expect(Object.values(readModel).some((v) => v?.constructor?.name === 'Database')).toBe(false);
    } finally {
      readModel.close();
    }
  });
});
