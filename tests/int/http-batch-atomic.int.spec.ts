import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { editorToken, newStatement, openTestArchive, serveOnLoopback, type TestArchive } from './http-fixture.js';

/**
 * Issue 11, item 2: a statement and the metrics it defines, sent in one request, are written
 * together or not at all. The log file is made to refuse the statement's row (a trigger, as a
 * full disk or a failing write would), after the metric's row went in.
 */
let archive: TestArchive;
let served: Awaited<ReturnType<typeof serveOnLoopback>>;
let logFile: string;
beforeAll(async () => {
  archive = await openTestArchive();
  served = await serveOnLoopback(archive.app);
  logFile = archive.store.description.replace(/^sqlite:/, '');
});
afterAll(async () => {
  await served.close();
  await archive.close();
});

/** Direct SQL on the log file, from outside the app. */
const sql = (statement: string) => {
  const db = new Database(logFile);
  try {
    db.exec(statement);
  } finally {
    db.close();
  }
};
const streams = (...names: string[]) => {
  const db = new Database(logFile, { readonly: true });
  try {
    return names.flatMap((n) => db.prepare('SELECT stream FROM events WHERE stream = ?').all(n) as { stream: string }[]).map((r) => r.stream);
  } finally {
    db.close();
  }
};

const body = {
  statement: newStatement('with-new-metrics', {
    figures: [{ metric: 'detainees-released', value: 12, unit: 'persons', asOf: '2023-02-01', wording: '12 detainees were released' }],
  }),
  metrics: [{ id: 'detainees-released', label: 'Detainees released', unit: 'persons', topic: 'detentions', description: 'Persons released from detention' }],
};
const post = () =>
  fetch(`${served.base}/api/statements`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${editorToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('{ statement, metrics } is written whole or not at all', () => {
  it('when the statement cannot be written, its metric is not in the log either; sent again, both are', async () => {
    sql(`CREATE TRIGGER refuse_statement BEFORE INSERT ON events WHEN NEW.stream = 'statement-with-new-metrics'
         BEGIN SELECT RAISE(ABORT, 'simulated write failure'); END`);
    const head = await archive.head();
    const failed = await post();
    expect(failed.status).toBeGreaterThanOrEqual(500);
    expect(streams('metric-detainees-released', 'statement-with-new-metrics')).toEqual([]);
    expect(await archive.head()).toBe(head);

    sql('DROP TRIGGER refuse_statement');
    const retried = await post();
    expect(retried.status).toBe(201);
    expect(((await retried.json()) as { appended: number }).appended).toBe(2);
    expect(streams('metric-detainees-released', 'statement-with-new-metrics')).toEqual(['metric-detainees-released', 'statement-with-new-metrics']);
  });
});
