import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getSqliteEventStore } from '../../src/store/sqlite.js';
import { qantar } from '../fixtures/cli.js';
import { startTsx } from './fixtures/process.js';
import { newStatement, openTestArchive, type TestArchive } from './http-fixture.js';

const aigerim = { name: 'aigerim', token: 'aigerim-token-4b1f9c' };
const daulet = { name: 'daulet', token: 'daulet-token-77e0a2' };
const bearer = (editor: { token: string }) => ({ Authorization: `Bearer ${editor.token}` });

/** Every event of the log as /api/export.ndjson gives it, metadata included. */
async function exportedLog(app: TestArchive['app']) {
  const res = await request(app).get('/api/export.ndjson').buffer(true).parse((r, done) => {
    let text = '';
    r.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    r.on('end', () => done(null, text));
  });
  return (res.body as string)
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { stream: string; type: string; metadata: Record<string, unknown> });
}

describe('named editors: who appended each event', () => {
  let archive: TestArchive;
  beforeAll(async () => {
    archive = await openTestArchive({ editors: [aigerim, daulet] });
  });
  afterAll(() => archive.close());

  it('records the editor’s name in each event’s metadata, and shows it on /history and in the correction history', async () => {
    await request(archive.app).post('/api/statements').set(bearer(aigerim)).send(newStatement('named-1')).expect(201);
    await request(archive.app)
      .post('/api/statements/named-1/corrections')
      .set({ ...bearer(daulet), 'If-Match': '"0"' })
      .send({ reason: 'The release gave another title', changes: { title: 'Corrected by Daulet' } })
      .expect(200);

    const events = (await exportedLog(archive.app)).filter((e) => e.stream === 'statement-named-1');
    expect(events.map((e) => [e.type, e.metadata.appendedBy, e.metadata.via])).toEqual([
      ['StatementPublished', 'aigerim', 'api'],
      ['StatementCorrected', 'daulet', 'api'],
    ]);

    const history = await request(archive.app).get('/history').expect(200);
    // The row of the event, then the name in its "Appended by" cell (the way it came follows in a note).
    const row = (stream: string, type: string) => {
      const tr = history.text.split('<tr').find((r) => r.includes(`>${type}</code>`) && r.includes(`>${stream}</code>`));
      const cell = tr && /data-label="Appended by">([^]*?)<\/td>/.exec(tr)?.[1];
      return cell && /^\s*<span[^>]*>([^<]*)<\/span>/.exec(cell)?.[1]?.trim();
    };
    expect(row('statement-named-1', 'StatementPublished')).toBe('aigerim');
    expect(row('statement-named-1', 'StatementCorrected')).toBe('daulet');

    const page = await request(archive.app).get('/statements/named-1').expect(200);
    const entries = [...page.text.matchAll(/<li>\s*<strong>([^<]+)<\/strong>[^]*?appended by (?:<span[^>]*>)?([^<]+)/g)].map((m) => [m[1], m[2]!.trim()]);
    expect(entries).toEqual([
      ['Recorded in the archive', 'aigerim'],
      ['Corrected', 'daulet'],
    ]);
  });

  it('records the name of the editor signed in to the form', async () => {
    const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
    const agent = request.agent(archive.app);
    const login = await agent.get('/editor').expect(200);
    await agent.post('/editor/login').type('form').send({ _csrf: csrfOf(login.text), token: daulet.token }).expect(303);
    const form = await agent.get('/editor').expect(200);
    await agent
      .post('/editor')
      .type('form')
      .send({
        _csrf: csrfOf(form.text), rows: '1', action: 'publish', publishedOn: '2023-04-12', kind: 'announcement', title: 'Form statement by Daulet',
        summary: 'Appended through the form.', speakerBody: 'Supreme Court of Kazakhstan', sourceTitle: 'Release', sourceUrl: 'https://example.org/r', topics: 'convictions',
      })
      .expect(303);
    const [event] = (await exportedLog(archive.app)).filter((e) => e.stream === 'statement-form-statement-by-daulet-2023-04-12');
    expect(event?.metadata).toMatchObject({ appendedBy: 'daulet', via: 'editor' });
  });
});

describe('the write rate limit counts per editor', () => {
  it('anonymous writes from the editor’s own address do not use up the editor’s quota, nor one editor another’s', async () => {
    const limited = await openTestArchive({ editors: [aigerim, daulet], app: { writeLimit: { windowMs: 60_000, limit: 3 } } });
    try {
      const post = (id: string, headers: Record<string, string> = {}) => request(limited.app).post('/api/statements').set(headers).send(newStatement(id));
      for (let i = 0; i < 3; i++) await post(`anonymous-${i}`).expect(401);
      await post('anonymous-3').expect(429);
      await post('aigerim-1', bearer(aigerim)).expect(201);
      await post('aigerim-2', bearer(aigerim)).expect(201);
      await post('aigerim-3', bearer(aigerim)).expect(201);
      await post('aigerim-4', bearer(aigerim)).expect(429);
      await post('daulet-1', bearer(daulet)).expect(201);
      // A wrong token is anonymous: it counts against the address, which is spent.
      await post('wrong-1', { Authorization: 'Bearer not-a-token' }).expect(429);
    } finally {
      await limited.close();
    }
  });
});

describe('QANTAR_EDITOR_TOKENS', () => {
  it('a token without an editor’s name stops the server at start, saying how to name it, never printing the token', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qantar-editors-'));
    const token = 'bare-token-never-printed-5d2e';
    const server = startTsx('src/server.ts', [], {
      env: {
        PORT: '0',
        HOST: '127.0.0.1',
        QANTAR_STORE: `sqlite:${path.join(dir, 'qantar.db')}`,
        QANTAR_READ_MODEL: path.join(dir, 'qantar.read.db'),
        QANTAR_EDITOR_TOKENS: `aigerim:first-token-1a2b,${token}`,
      },
    });
    try {
      const outcome = await Promise.race([server.exited, server.waitForLine(/serving/, 30_000).then(() => 'served')]);
      expect(outcome).toEqual({ code: 1, signal: null });
      expect(server.stderr()).toContain('QANTAR_EDITOR_TOKENS, entry 2 of 2');
      expect(server.stderr()).toContain('name:token');
      expect(server.stderr() + server.lines.join('\n')).not.toContain(token);
    } finally {
      await server.kill();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the command line', () => {
  it('records the OS user as who appended, for import and append', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qantar-cli-user-'));
    const store = `sqlite:${path.join(dir, 'qantar.db')}`;
    try {
      expect(qantar(['import', '--store', store]).code).toBe(0);
      const file = path.join(dir, 'retraction.json');
      fs.writeFileSync(file, JSON.stringify({ type: 'StatementRetracted', data: { statementId: 'hearing-2023-01-05-asylov', reason: 'Entered in error' } }));
      const appended = qantar(['append', file, '--store', store]);
      expect(appended.code, appended.stderr).toBe(0);
      const log = getSqliteEventStore(path.join(dir, 'qantar.db'));
      const events = await log.readStream('statement-hearing-2023-01-05-asylov').finally(() => log.close());
      const user = os.userInfo().username;
      expect(events.map((e) => [e.metadata.via, e.metadata.appendedBy])).toEqual([
        ['import', user],
        ['cli', user],
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
