import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from './fixtures/server.js';
import { editorName, editorToken, openTestArchive, type TestArchive } from './http-fixture.js';

/**
 * The editor's session as a browser (or someone who copied its cookie) holds it: the cookie
 * header, sent by hand, so that a copy can be replayed after the browser has moved on.
 */
const sessionCookie = (res: { headers: Record<string, unknown> }) =>
  ([] as string[])
    .concat((res.headers['set-cookie'] as string[] | undefined) ?? [])
    .filter((c) => c.startsWith('qantar-session'))
    .map((c) => c.split(';')[0])
    .join('; ');
const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
const isForm = (html: string) => html.includes('Append a statement');
const isLogin = (html: string) => html.includes('Editor token');

const statementForm = {
  publishedOn: '2023-04-11',
  kind: 'announcement',
  title: 'Copied cookie test',
  summary: 'A statement sent with a session cookie after its logout.',
  speakerBody: 'Supreme Court of Kazakhstan',
  sourceTitle: 'Press release',
  sourceUrl: 'https://example.org/release',
  topics: 'convictions',
  rows: '1',
  action: 'publish',
};

/** Signs in over HTTP; returns the cookie before sign-in, the session cookie after it, and its form's CSRF token. */
async function signIn(base: string | TestArchive['app']) {
  const login = await request(base).get('/editor').expect(200);
  const before = sessionCookie(login)!;
  const signedIn = await request(base).post('/editor/login').set('Cookie', before).type('form').send({ _csrf: csrfOf(login.text), token: editorToken }).expect(303);
  const form = await request(base).get('/editor').set('Cookie', sessionCookie(signedIn)).expect(200);
  expect(isForm(form.text)).toBe(true);
  // As a browser does, the latest cookie the server set (a cookie that holds the session itself changes with it).
  return { before, after: sessionCookie(form) || sessionCookie(signedIn), csrf: csrfOf(form.text) };
}

describe('editor sessions, kept on the server', () => {
  let archive: TestArchive;
  let now = new Date('2024-03-01T06:00:00Z');
  beforeAll(async () => {
    archive = await openTestArchive({ context: { now: () => now } });
  });
  afterAll(() => archive.close());

  it('after logout, a copy of the session cookie neither opens the form nor appends', async () => {
    const { after: copy, csrf } = await signIn(archive.app);
    await request(archive.app).post('/editor/logout').set('Cookie', copy).type('form').send({ _csrf: csrf }).expect(303);
    const head = await archive.head();

    const page = await request(archive.app).get('/editor').set('Cookie', copy).expect(200);
    expect(isForm(page.text)).toBe(false);
    expect(isLogin(page.text)).toBe(true);
    const post = await request(archive.app).post('/editor').set('Cookie', copy).type('form').send({ ...statementForm, _csrf: csrf });
    expect(post.status).toBeGreaterThanOrEqual(400);
    expect(await archive.head()).toBe(head);
  });

  it('sign-in gives a new session id: the cookie from before sign-in is not signed in', async () => {
    const { before, after } = await signIn(archive.app);
    expect(after).not.toBe(before);
    const page = await request(archive.app).get('/editor').set('Cookie', before).expect(200);
    expect(isForm(page.text)).toBe(false);
  });

  it('a sign-in ends 8 hours after it began, by the server’s clock, whatever cookie the browser still sends', async () => {
    const { after, csrf } = await signIn(archive.app);
    const head = await archive.head();
    now = new Date(now.getTime() + 8 * 60 * 60 * 1000 - 1000);
    expect(isForm((await request(archive.app).get('/editor').set('Cookie', after).expect(200)).text)).toBe(true);
    now = new Date(now.getTime() + 2000);
    const page = await request(archive.app).get('/editor').set('Cookie', after).expect(200);
    expect(isLogin(page.text)).toBe(true);
    const post = await request(archive.app).post('/editor').set('Cookie', after).type('form').send({ ...statementForm, _csrf: csrf }).expect(401);
    expect(post.text).toContain('Your editor session has ended');
    expect(await archive.head()).toBe(head);
  });

  it('the editor’s pages say Cache-Control: no-store: sign-in page, form, and the answers to its posts', async () => {
    const login = await request(archive.app).get('/editor').expect(200);
    expect(login.headers['cache-control']).toBe('no-store');
    const { after, csrf } = await signIn(archive.app);
    const form = await request(archive.app).get('/editor').set('Cookie', after).expect(200);
    expect(form.headers['cache-control']).toBe('no-store');
    const invalid = await request(archive.app).post('/editor').set('Cookie', after).type('form').send({ ...statementForm, title: '', _csrf: csrf }).expect(400);
    expect(invalid.headers['cache-control']).toBe('no-store');
    // The public pages may still be cached.
    expect((await request(archive.app).get('/about').expect(200)).headers['cache-control']).toBeUndefined();
  });
});

describe('editor sessions when their store fails', () => {
  it('a session that cannot be read answers 500 to that request, and the server goes on', async () => {
    const broken = await openTestArchive();
    try {
      const { after } = await signIn(broken.app);
      await broken.sessions.close();
      const res = await request(broken.app).get('/editor').set('Cookie', after);
      expect(res.status).toBe(500);
      expect((await request(broken.app).get('/about')).status).toBe(200);
    } finally {
      await broken.close();
    }
  });
});

describe('editor sessions in the real server', () => {
  it('are kept in a SQLite file beside the read model: a restart keeps a sign-in, and a logout ends it for good', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qantar-sessions-'));
    const env = {
      QANTAR_STORE: `sqlite:${path.join(dir, 'qantar.db')}`,
      QANTAR_READ_MODEL: path.join(dir, 'qantar.read.db'),
      QANTAR_EDITOR_TOKENS: `${editorName}:${editorToken}`,
      QANTAR_SESSION_SECRET: 'sessions-test-secret',
    };
    let server = await startServer(env);
    try {
      const { after, csrf } = await signIn(server.url);
      expect(fs.existsSync(path.join(dir, 'qantar.sessions.db'))).toBe(true);

      await server.stop();
      server = await startServer(env);
      expect(isForm((await request(server.url).get('/editor').set('Cookie', after).expect(200)).text)).toBe(true);
      await request(server.url).post('/editor/logout').set('Cookie', after).type('form').send({ _csrf: csrf }).expect(303);

      await server.stop();
      server = await startServer(env);
      const page = await request(server.url).get('/editor').set('Cookie', after).expect(200);
      expect(isLogin(page.text)).toBe(true);
    } finally {
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
