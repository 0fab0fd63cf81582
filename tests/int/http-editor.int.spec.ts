import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { editorToken, openTestArchive, type TestArchive } from './http-fixture.js';

let archive: TestArchive;
beforeAll(async () => {
  archive = await openTestArchive();
});
afterAll(() => archive.close());

const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1]!;

/** A browser-like agent signed in as an editor, with the CSRF token of its session. */
async function signedIn() {
  const agent = request.agent(archive.app);
  const login = await agent.get('/editor').expect(200);
  await agent.post('/editor/login').type('form').send({ _csrf: csrfOf(login.text), token: editorToken }).expect(303);
  const form = await agent.get('/editor').expect(200);
  return { agent, csrf: csrfOf(form.text), form: form.text };
}

const filled = {
  publishedOn: '2023-04-10',
  kind: 'announcement',
  title: 'Supreme Court reports appeals',
  summary: 'The Supreme Court reported on appeals in January events cases.',
  speakerName: 'Aslambek Mergaliyev',
  speakerRole: 'Chairman',
  speakerBody: 'Supreme Court of Kazakhstan',
  sourceTitle: 'Supreme Court press release',
  sourceUrl: 'https://example.org/supreme-court',
  topics: 'convictions, trials',
  'figure-0-metric': 'persons-convicted',
  'figure-0-value': '1,250',
  'figure-0-qualifier': 'exact',
  'figure-0-wording': '1,250 persons have been convicted',
  'figure-1-metric': 'persons-tried',
  'figure-1-value': '1300',
  'figure-1-qualifier': 'over',
  'figure-1-wording': 'over 1,300 persons were tried',
};

describe('/editor', () => {
  it('refuses with 403 and says how to enable writes when no token is configured', async () => {
    const closed = await openTestArchive({ tokens: [] });
    try {
      const res = await request(closed.app).get('/editor').expect(403);
      expect(res.text).toContain('QANTAR_EDITOR_TOKENS');
    } finally {
      await closed.close();
    }
  });

  it('signs in with the token into an HttpOnly SameSite=strict cookie; rejects a wrong token or a missing CSRF token', async () => {
    const agent = request.agent(archive.app);
    const page = await agent.get('/editor').expect(200);
    expect(page.text).toContain('Editor token');
    await agent.post('/editor/login').type('form').send({ token: editorToken }).expect(403);
    const wrong = await agent.post('/editor/login').type('form').send({ _csrf: csrfOf(page.text), token: 'nope' }).expect(401);
    expect(wrong.text).toContain('That editor token is not valid');
    const ok = await agent.post('/editor/login').type('form').send({ _csrf: csrfOf(page.text), token: editorToken }).expect(303);
    const cookie = ([] as string[]).concat(ok.headers['set-cookie'] ?? []).join('\n');
    expect(cookie).toMatch(/httponly/i);
    expect(cookie).toMatch(/samesite=strict/i);
    expect(cookie).not.toMatch(/secure/i);
    expect(cookie).not.toContain(editorToken);
  });

  it('marks the cookie Secure behind a trusted TLS proxy', async () => {
    const proxied = await openTestArchive({ app: { trustProxy: 'loopback' } });
    try {
      // The sign-in page already starts a session (for its CSRF token): its cookie is the one to check.
      const overTls = await request(proxied.app).get('/editor').set('X-Forwarded-Proto', 'https').expect(200);
      expect(([] as string[]).concat(overTls.headers['set-cookie'] ?? []).join('\n')).toMatch(/;\s*secure/i);
      const plain = await request(proxied.app).get('/editor').expect(200);
      expect(([] as string[]).concat(plain.headers['set-cookie'] ?? []).join('\n')).not.toMatch(/;\s*secure/i);
    } finally {
      await proxied.close();
    }
  });

  it('appends a statement with two figures and redirects to its page', async () => {
    const { agent, csrf, form } = await signedIn();
    expect(form).toContain('name="figure-4-metric"');
    const res = await agent.post('/editor').type('form').send({ ...filled, _csrf: csrf, rows: '5', action: 'publish' }).expect(303);
    expect(res.headers.location).toBe('/statements/supreme-court-reports-appeals-2023-04-10');
    const api = await request(archive.app).get('/api/statements/supreme-court-reports-appeals-2023-04-10').expect(200);
    expect(api.body.figures).toHaveLength(2);
    expect(api.body.figures[0]).toMatchObject({ metric: 'persons-convicted', value: 1250, unit: 'persons' });
    expect(api.body.figures[1]).toMatchObject({ qualifier: 'over', bounds: { lower: 1300, upper: null } });
  });

  it('shows validation errors next to their fields and keeps the input', async () => {
    const { agent, csrf } = await signedIn();
    const head = await archive.head();
    const res = await agent
      .post('/editor')
      .type('form')
      .send({ ...filled, title: '', 'figure-1-value': 'lots', sourceUrl: 'ftp://example.org', _csrf: csrf, rows: '5', action: 'publish' })
      .expect(400);
    expect(res.text).toMatch(/id="field-figure-1-value-error">.*must be a number/s);
    expect(res.text).toContain('id="field-sourceUrl-error"');
    expect(res.text).toContain('href="#field-title"');
    expect(res.text).toContain('value="Aslambek Mergaliyev"');
    expect(res.text).toContain('value="lots"');
    expect(res.text).toContain('<option value="persons-tried" selected>');
    expect(await archive.head()).toBe(head);
  });

  it('adds figure rows without JavaScript, keeping what was typed', async () => {
    const { agent, csrf } = await signedIn();
    const res = await agent.post('/editor').type('form').send({ ...filled, _csrf: csrf, rows: '5', action: 'more' }).expect(200);
    expect(res.text).toContain('name="figure-9-metric"');
    expect(res.text).toContain('value="1,250"');
  });

  it('refuses a form post without a session (401) or without its CSRF token (403)', async () => {
    await request(archive.app).post('/editor').type('form').send(filled).expect(403);
    const { agent } = await signedIn();
    await agent.post('/editor').type('form').send({ ...filled, _csrf: 'forged' }).expect(403);
    const anonymous = request.agent(archive.app);
    const page = await anonymous.get('/editor');
    await anonymous.post('/editor').type('form').send({ ...filled, _csrf: csrfOf(page.text) }).expect(401);
  });
});
