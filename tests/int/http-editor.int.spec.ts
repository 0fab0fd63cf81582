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
  topics: ['convictions', 'trials'],
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

  it('offers no publication date, real date inputs, the archive’s topics and bodies, and a source date', async () => {
    const { form } = await signedIn();
    expect(form).toContain('<input id="field-publishedOn" name="publishedOn" type="date" value=""');
    expect(form).toContain('name="sourceDate" type="date"');
    expect(form).toContain('name="figure-0-asOf" type="date"');
    expect(form).toMatch(/<input type="checkbox" id="topic-\d+" name="topics" value="amnesty-law">/);
    expect(form).toContain('<option value="Prosecutor General’s Office">Prosecutor General’s Office</option>');
    expect(form).toContain('name="newBody"');
    expect(form).toContain('name="newTopics"');
  });

  it('previews the statement without appending it, then appends it on confirmation and links to it from a success page', async () => {
    const { agent, csrf } = await signedIn();
    const head = await archive.head();
    const preview = await agent.post('/editor').type('form').send({ ...filled, _csrf: csrf, rows: '5', action: 'preview' }).expect(200);
    expect(preview.text).toContain('Check the statement before it is appended');
    expect(preview.text).toContain('<h3 id="draft-title">Supreme Court reports appeals</h3>');
    expect(preview.text).toContain('1,250');
    // 1,250 convicted of over 1,300 tried contradicts nothing.
    expect(preview.text).toContain('Its figures agree with every relation the archive checks');
    expect(await archive.head()).toBe(head);
    // The confirmation posts the same draft: every field, hidden, with the session's CSRF token.
    const hidden = Object.fromEntries([...preview.text.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1], m[2]!.replace(/&#x27;/g, "'").replace(/&amp;/g, '&')]));
    expect(hidden).toMatchObject({ _csrf: csrf, title: filled.title, 'figure-0-value': '1,250', rows: '5' });
    const topics = [...preview.text.matchAll(/<input type="hidden" name="topics" value="([^"]*)">/g)].map((m) => m[1]);
    const confirmed = await agent.post('/editor').type('form').send({ ...hidden, topics, action: 'publish' }).expect(303);
    expect(confirmed.headers.location).toBe('/editor/appended/supreme-court-reports-appeals-2023-04-10');
    const success = await agent.get(confirmed.headers.location!).expect(200);
    expect(success.text).toContain('Statement appended');
    expect(success.text).toContain('<a href="/statements/supreme-court-reports-appeals-2023-04-10">Open “Supreme Court reports appeals”</a>');
    const api = await request(archive.app).get('/api/statements/supreme-court-reports-appeals-2023-04-10').expect(200);
    expect(api.body.figures).toHaveLength(2);
    expect(api.body.figures[0]).toMatchObject({ metric: 'persons-convicted', value: 1250, unit: 'persons' });
    expect(api.body.figures[1]).toMatchObject({ qualifier: 'over', bounds: { lower: 1300, upper: null } });
    expect(api.body.topics).toEqual(['convictions', 'trials']);
  });

  it('warns in words, before anything is appended, that 1,250 convicted contradicts 1,221 tried', async () => {
    const { agent, csrf } = await signedIn();
    const head = await archive.head();
    const { 'figure-1-metric': _m, 'figure-1-value': _v, 'figure-1-qualifier': _q, 'figure-1-wording': _w, ...convictedOnly } = filled;
    const preview = await agent.post('/editor').type('form').send({ ...convictedOnly, title: 'Court: 1,250 convicted', publishedOn: '2023-02-01', _csrf: csrf, action: 'preview' }).expect(200);
    expect(preview.text).toContain('1 finding of the checks involves its figures.');
    expect(preview.text).toContain('Persons convicted exceeds Persons whose cases courts considered');
    expect(preview.text).toContain('at most 1,221');
    expect(preview.text).toContain('29 more than the whole, at the least');
    // The relation is named by the source's sentence, the archive's figure by its statement's title.
    expect(preview.text).toContain('courts considered cases against 1,221 persons, of which 1,205 citizens were convicted');
    expect(preview.text).toMatch(/<strong>This draft<\/strong>/);
    expect(preview.text).toContain('Append it all the same');
    expect(await archive.head()).toBe(head);
  });

  it('reads dates typed as 05.01.2023, cuts them to the precision the source gives, and records the source’s date', async () => {
    const { agent, csrf } = await signedIn();
    const form = { ...filled, title: 'Dated by hand', publishedOn: '05.01.2023', publishedOnPrecision: 'month', sourceDate: '6.1.2023', 'figure-0-asOf': '04.01.2023', _csrf: csrf, rows: '5' };
    const preview = await agent.post('/editor').type('form').send({ ...form, action: 'preview' }).expect(200);
    expect(preview.text).toContain('<time datetime="2023-01">January 2023</time>');
    await agent.post('/editor').type('form').send({ ...form, action: 'publish' }).expect(303);
    const api = await request(archive.app).get('/api/statements/dated-by-hand-2023-01').expect(200);
    expect(api.body).toMatchObject({ publishedOn: '2023-01', sources: [{ date: '2023-01-06' }] });
    expect(api.body.figures[0].asOf).toBe('2023-01-04');
  });

  it('refuses a date that does not exist, naming the field', async () => {
    const { agent, csrf } = await signedIn();
    const res = await agent.post('/editor').type('form').send({ ...filled, publishedOn: '31.02.2023', _csrf: csrf, action: 'preview' }).expect(400);
    expect(res.text).toContain('<a href="#field-publishedOn">Date published: Enter a real date, such as 05.01.2023 or 2023-01-05');
  });

  it('takes a body and topics not in the lists', async () => {
    const { agent, csrf } = await signedIn();
    const form = { ...filled, title: 'A new body speaks', speakerBody: '', newBody: 'Ombudsman of Kazakhstan', topics: 'amnesty-law', newTopics: 'Appeals, human rights', _csrf: csrf };
    await agent.post('/editor').type('form').send({ ...form, action: 'publish' }).expect(303);
    const api = await request(archive.app).get('/api/statements/a-new-body-speaks-2023-04-10').expect(200);
    expect(api.body.speaker.body).toBe('Ombudsman of Kazakhstan');
    expect(api.body.topics).toEqual(['amnesty-law', 'appeals', 'human-rights']);
  });

  it('shows validation errors next to their fields and keeps the input', async () => {
    const { agent, csrf } = await signedIn();
    const head = await archive.head();
    const res = await agent
      .post('/editor')
      .type('form')
      .send({ ...filled, title: '', 'figure-1-value': 'lots', sourceUrl: 'ftp://example.org', _csrf: csrf, rows: '5', action: 'preview' })
      .expect(400);
    expect(res.text).toMatch(/id="field-figure-1-value-error">.*Enter a number, such as 1,700 or 37.5/s);
    expect(res.text).toMatch(/id="field-sourceUrl-error">.*begins with http:\/\/ or https:\/\//s);
    expect(res.text).toContain('href="#field-title"');
    expect(res.text).toContain('value="Aslambek Mergaliyev"');
    expect(res.text).toContain('value="lots"');
    expect(res.text).toContain('<option value="persons-tried" selected>');
    expect(await archive.head()).toBe(head);
  });

  it('says an empty form’s fields are missing, once each', async () => {
    const { agent, csrf } = await signedIn();
    const res = await agent.post('/editor').type('form').send({ _csrf: csrf, action: 'preview', 'figure-0-value': '5' }).expect(400);
    expect(res.text).toContain('<a href="#field-publishedOn">Date published: Enter this: it cannot be empty</a>');
    expect(res.text).toContain('<a href="#field-figure-0-metric">Figure 1: Metric: Choose a metric from the list</a>');
    expect(res.text.match(/href="#field-figure-0-metric"/g)).toHaveLength(1);
  });

  it('goes back from the preview to the form with every field kept', async () => {
    const { agent, csrf } = await signedIn();
    const res = await agent.post('/editor').type('form').send({ ...filled, _csrf: csrf, rows: '5', action: 'edit' }).expect(200);
    expect(res.text).toContain('value="Supreme Court reports appeals"');
    expect(res.text).toContain('value="1,250"');
    expect(res.text).toMatch(/name="topics" value="convictions" checked/);
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

describe('/editor in the page’s language', () => {
  /** Signed in with the interface in `lang`, chosen by ?lang= and kept in its cookie. */
  async function signedInIn(lang: 'en' | 'ru' | 'kk') {
    const agent = request.agent(archive.app);
    const login = await agent.get(`/editor?lang=${lang}`).expect(200);
    await agent.post('/editor/login').type('form').send({ _csrf: csrfOf(login.text), token: editorToken }).expect(303);
    const form = await agent.get('/editor').expect(200);
    return { agent, csrf: csrfOf(form.text), form: form.text };
  }
  const amount = (value: string, title: string) => ({
    ...filled,
    title,
    'figure-0-metric': 'business-damage-kzt',
    'figure-0-value': value,
    'figure-0-wording': 'damage of 37.5 billion tenge',
    'figure-1-metric': '',
    'figure-1-value': '',
    'figure-1-wording': '',
  });

  it('speaks Russian and Kazakh, with no English label left', async () => {
    const ru = await signedInIn('ru');
    expect(ru.form).toContain('<h1>Добавить заявление</h1>');
    expect(ru.form).toContain('Дата заявления');
    expect(ru.form).toContain('Просмотреть заявление');
    // The fixture holds the seed without its translations: a body's English name is marked as English.
    expect(ru.form).toContain('<option value="Prosecutor General’s Office" lang="en">Prosecutor General’s Office</option>');
    const kk = await signedInIn('kk');
    expect(kk.form).toContain('<h1>Мәлімдеме қосу</h1>');
    for (const english of ['Date published', 'Preview the statement', 'Body or institution', '(optional)', 'Choose a kind', 'More figure rows']) {
      expect(ru.form).not.toContain(english);
      expect(kk.form).not.toContain(english);
    }
  });

  it('reads “37,5” as 37.5 in Russian, and refuses “1,250”, which could be either, naming the field', async () => {
    const { agent, csrf } = await signedInIn('ru');
    const head = await archive.head();
    const ambiguous = await agent.post('/editor').type('form').send({ ...amount('1,250', 'Ущерб'), _csrf: csrf, action: 'preview' }).expect(400);
    expect(ambiguous.text).toContain('<a href="#field-figure-0-value">Цифра 1: Значение: «1,250» может быть и целым числом, и дробью');
    expect(await archive.head()).toBe(head);
    await agent.post('/editor').type('form').send({ ...amount('37,5', 'Damage in Russian'), _csrf: csrf, action: 'publish' }).expect(303);
    const api = await request(archive.app).get('/api/statements/damage-in-russian-2023-04-10').expect(200);
    expect(api.body.figures[0].value).toBe(37.5);
  });

  it('refuses “37,5” in English, where a comma groups thousands, and reads “1,250” as 1250', async () => {
    const { agent, csrf } = await signedInIn('en');
    const refused = await agent.post('/editor').type('form').send({ ...amount('37,5', 'Damage in English'), _csrf: csrf, action: 'preview' }).expect(400);
    expect(refused.text).toContain('<a href="#field-figure-0-value">Figure 1: Value: “37,5” is not clear: in English a comma groups thousands (1,250)');
    const read = await agent.post('/editor').type('form').send({ ...amount('1,250', 'Damage in English'), _csrf: csrf, action: 'preview' }).expect(200);
    expect(read.text).toContain('1,250');
  });

  it('says the preview’s warnings in Russian', async () => {
    const { agent, csrf } = await signedInIn('ru');
    const { 'figure-1-metric': _m, 'figure-1-value': _v, 'figure-1-qualifier': _q, 'figure-1-wording': _w, ...convictedOnly } = filled;
    const preview = await agent.post('/editor').type('form').send({ ...convictedOnly, title: 'Суд: 1 250 осуждённых', id: 'court-ru-2023-02-01', publishedOn: '01.02.2023', 'figure-0-value': '1 250', _csrf: csrf, action: 'preview' }).expect(200);
    expect(preview.text).toContain('Цифры заявления затрагивает 1 находка проверок.');
    expect(preview.text).toContain('Всё равно добавить');
  });

  it('says them in Kazakh too', async () => {
    const { agent, csrf } = await signedInIn('kk');
    const { 'figure-1-metric': _m, 'figure-1-value': _v, 'figure-1-qualifier': _q, 'figure-1-wording': _w, ...convictedOnly } = filled;
    const preview = await agent.post('/editor').type('form').send({ ...convictedOnly, title: 'Сот: 1 250 адам сотталды', publishedOn: '2023-02-02', 'figure-0-value': '1 250', _csrf: csrf, action: 'preview' }).expect(200);
    expect(preview.text).toContain('<h1>Қоспас бұрын мәлімдемені тексеріңіз</h1>');
    expect(preview.text).toContain('Мәлімдеменің сандарына тексерулердің 1 табылған жайты қатысты.');
    expect(preview.text).toContain('Қайшылық');
    expect(preview.text).toContain('Бәрібір қосу');
  });
});

describe('/editor refusals in the page’s language', () => {
  it('says a forged or expired form is refused in Russian', async () => {
    const agent = request.agent(archive.app);
    await agent.get('/editor?lang=ru').expect(200);
    const res = await agent.post('/editor/login').type('form').send({ _csrf: 'forged', token: editorToken }).expect(403);
    expect(res.text).toContain('Срок действия этой формы истёк');
  });
});
