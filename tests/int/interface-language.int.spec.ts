import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestArchive, type TestArchive } from './http-fixture.js';

let archive: TestArchive;
beforeAll(async () => {
  archive = await openTestArchive();
});
afterAll(() => archive.close());

const htmlLang = (html: string) => /<html lang="([^"]+)">/.exec(html)?.[1];

describe('choosing the interface language', () => {
  it('speaks English when the browser asks for nothing the archive speaks', async () => {
    const res = await request(archive.app).get('/about').set('Accept-Language', 'fr-FR,fr;q=0.9').expect(200);
    expect(htmlLang(res.text)).toBe('en');
    expect(res.headers['content-language']).toBe('en');
  });

  it('follows Accept-Language, and says so to caches', async () => {
    const res = await request(archive.app).get('/about').set('Accept-Language', 'ru-RU,ru;q=0.9,en;q=0.5').expect(200);
    expect(htmlLang(res.text)).toBe('ru');
    expect(res.text).toContain('Хронология');
    expect(res.headers.vary).toMatch(/Accept-Language/);
    const kazakh = await request(archive.app).get('/about').set('Accept-Language', 'kk').expect(200);
    expect(htmlLang(kazakh.text)).toBe('kk');
    expect(kazakh.text).toContain('Көрсеткіштер');
  });

  it('takes ?lang=, remembers it in a cookie, and the cookie outranks Accept-Language', async () => {
    const chosen = await request(archive.app).get('/about?lang=kk').set('Accept-Language', 'ru').expect(200);
    expect(htmlLang(chosen.text)).toBe('kk');
    const cookie = chosen.headers['set-cookie']?.[0] ?? '';
    expect(cookie).toMatch(/^qantar_lang=kk;/);
    expect(cookie).toMatch(/HttpOnly/i);
    const later = await request(archive.app).get('/figures').set('Cookie', cookie.split(';')[0]!).set('Accept-Language', 'ru').expect(200);
    expect(htmlLang(later.text)).toBe('kk');
  });

  it('offers a switcher that keeps the page and its query, and hreflang alternates', async () => {
    const res = await request(archive.app).get('/figures?date=2022-01-10&known=2022-02-01').set('Accept-Language', 'en').expect(200);
    const html = res.text.replaceAll('&#x3D;', '=').replaceAll('&amp;', '&');
    expect(html).toContain('<a href="/figures?date=2022-01-10&known=2022-02-01&lang=ru" hreflang="ru" lang="ru"');
    expect(html).toContain('<link rel="alternate" hreflang="kk" href="/figures?date=2022-01-10&known=2022-02-01&lang=kk">');
    expect(html).toMatch(/lang="en" aria-current="true">English</);
  });

  it('refuses a language it does not speak, naming the field', async () => {
    const res = await request(archive.app).get('/?lang=fr').set('Accept', 'text/html').expect(400);
    expect(res.text).toContain('lang must be one of en, ru, kk');
  });

  it('keeps the JSON API language-neutral: neither the cookie nor Accept-Language changes it', async () => {
    const plain = await request(archive.app).get('/api/metrics').expect(200);
    const asked = await request(archive.app).get('/api/metrics').set('Cookie', 'qantar_lang=ru').set('Accept-Language', 'ru').expect(200);
    expect(asked.body).toEqual(plain.body);
    expect(asked.headers['set-cookie']).toBeUndefined();
  });

  it('shows a missing page in the reader’s language', async () => {
    const res = await request(archive.app).get('/no-such-page').set('Accept-Language', 'ru').set('Accept', 'text/html').expect(404);
    expect(res.text).toContain('Страница не найдена');
  });
});
