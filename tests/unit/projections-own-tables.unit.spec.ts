/**
 * Projections own their tables: each folder under projections/ names in its SQL only the tables
 * its own projection's schema creates. What one needs of another comes with the change the runner
 * gives it, or through the reader (src/read-model), which alone joins read models.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { projections } from '../../projections/index.js';
import { tablesOf } from '../../projections/projection.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const projectionsDir = path.join(root, 'projections');
const folders = fs.readdirSync(projectionsDir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
const filesOf = (folder: string) =>
  fs.readdirSync(path.join(projectionsDir, folder)).filter((f) => f.endsWith('.ts')).map((f) => `projections/${folder}/${f}`);
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');

/** The folder each projection lives in: the one whose files declare its name. */
const folderOf = new Map(
  projections.map((p) => [p.name, folders.find((folder) => filesOf(folder).some((f) => read(f).includes(`name: '${p.name}'`)))]),
);
/** Which folder owns each table; the checkpoint is the runner's. */
const ownerOf = new Map<string, string>([['checkpoint', 'src/read-model']]);
for (const p of projections) for (const table of tablesOf(p.schema)) ownerOf.set(table, folderOf.get(p.name)!);

/** The text of every string in a file that reads as SQL, its comments left out. */
function sqlIn(file: string): string[] {
  const source = ts.createSourceFile(file, read(file), ts.ScriptTarget.ES2022, true);
  const texts: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) texts.push(node.text);
    else if (ts.isTemplateExpression(node)) texts.push([node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join(' '));
    ts.forEachChild(node, visit);
  };
  visit(source);
  return texts.filter((t) => /\b(SELECT|INSERT|UPDATE|DELETE|CREATE|FROM|JOIN)\b/.test(t)).map((t) => t.replace(/--[^\n]*/g, ''));
}

/** "file names table (owned by folder)" for every table a folder's SQL names that is not its own. */
function foreignTables(folder: string): string[] {
  return filesOf(folder).flatMap((file) =>
    sqlIn(file).flatMap((sql) =>
      [...new Set(sql.match(/\b[A-Za-z_]\w*\b/g) ?? [])].flatMap((word) => {
        const owner = ownerOf.get(word);
        return owner !== undefined && owner !== folder ? [`${file} names ${word} (${owner}'s)`] : [];
      }),
    ),
  );
}

describe('projections own their tables', () => {
  it('every projection is found in a folder of its own, with tables of its own', () => {
    for (const p of projections) {
      expect(folderOf.get(p.name), p.name).toBeDefined();
      expect(tablesOf(p.schema).length, p.name).toBeGreaterThan(0);
    }
    expect(new Set(folderOf.values()).size).toBe(projections.length);
  });

  it("no projection's SQL names another projection's table, or the runner's checkpoint", () => {
    expect(folders.flatMap(foreignTables)).toEqual([]);
  });

  it('the scan sees a foreign table where one is named', () => {
    // The check above can fail: the SQL the figures once ran to find a statement's previous version.
    const figuresFolder = folderOf.get('figures')!;
    const sql = 'SELECT max(from_position) FROM statement_versions WHERE statement_id = ?';
    const words = sql.match(/\b[A-Za-z_]\w*\b/g)!;
    expect(words.filter((w) => ownerOf.has(w) && ownerOf.get(w) !== figuresFolder)).toEqual(['statement_versions']);
  });

  it('no projection imports the code of another projection folder (types aside)', () => {
    const crossing = folders.flatMap((folder) =>
      filesOf(folder).flatMap((file) => {
        const source = ts.createSourceFile(file, read(file), ts.ScriptTarget.ES2022);
        return source.statements.filter(ts.isImportDeclaration).flatMap((d) => {
          const specifier = (d.moduleSpecifier as ts.StringLiteral).text;
          const typeOnly = Boolean(d.importClause?.isTypeOnly);
          const other = /^\.\.\/(\w+)\//.exec(specifier)?.[1];
          return other && folders.includes(other) && other !== folder && !typeOnly ? [`${file} imports ${specifier}`] : [];
        });
      }),
    );
    expect(crossing).toEqual([]);
  });

  it('the runner names no projection index: each projection lists those a rebuild defers', () => {
    const runner = read('src/read-model/read-model.ts');
    const indexes = projections.flatMap((p) => [...p.schema.matchAll(/CREATE\s+(?:UNIQUE\s+)?INDEX\s+(?:IF\s+NOT\s+EXISTS\s+)?(\w+)/gi)].map((m) => m[1]!));
    expect(indexes.length).toBeGreaterThan(0);
    expect(indexes.filter((name) => runner.includes(name))).toEqual([]);
    for (const p of projections) for (const name of p.deferredIndexes ?? []) expect(indexes, `${p.name} defers ${name}`).toContain(name);
  });
});
