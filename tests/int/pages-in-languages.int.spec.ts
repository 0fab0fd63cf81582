import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadArchiveDirectories, reportsDirectory, translationsDirectory } from '../../events/seed.js';
import { appendArchiveEvents } from '../../src/domain/append.js';
import { waitForReadModel } from '../../src/http/wait.js';
import { openTestArchive, type TestArchive } from './http-fixture.js';

/**
 * The pages of the t13 engineer (statement, compare, history, about, errors) and the archive's
 * own words in the reader's language: the seed, the reports and the archive's translations.
 */
let archive: TestArchive;
beforeAll(async () => {
  archive = await openTestArchive();
  const { events } = loadArchiveDirectories([reportsDirectory, translationsDirectory]);
  const appended = await appendArchiveEvents(archive.store, events, { via: 'import' });
  expect(appended.length).toBeGreaterThan(0);
  await waitForReadModel(archive.readModel, BigInt(await archive.head()), 20_000);
}, 60_000);
afterAll(() => archive.close());

const page = (path: string, lang: string) => request(archive.app).get(path).set('Accept-Language', lang).set('Accept', 'text/html');
/** The page's text with tags and Handlebars' escapes taken out, and no-break spaces as plain ones. */
const textOf = (html: string) =>
  html.replace(/<[^>]+>/g, ' ').replaceAll('&#x3D;', '=').replaceAll('&amp;', '&').replaceAll('&quot;', '"').replace(/[\u00a0\u202f]/g, ' ').replace(/\s+/g, ' ');

const pages = ['/statements/hearing-2023-01-05-asylov', '/statements/unrest-2022-01-04', '/compare?from=2022-06-01&to=2023-01-05', '/compare', '/history', '/about', '/no-such-page', '/figures?date=2023-02-30'];

describe('pages in Russian and Kazakh', () => {
  it('no page shows a raw message key, in any language', async () => {
    for (const lang of ['en', 'ru', 'kk']) {
      for (const path of pages) {
        const text = textOf((await page(path, lang)).text);
        // A raw key reads "namespace:some.key": no sentence of the archive has that shape.
        expect(text, `${lang} ${path}`).not.toMatch(/\b(common|about|history|compare|statement|format):[a-zA-Z_]+(\.[a-zA-Z_-]+)*\b/);
      }
    }
  });

  it('shows a statement with the archive’s translation of its title, the official’s words as given, and Russian numbers', async () => {
    const res = await page('/statements/hearing-2023-01-05-law-enforcement', 'ru').expect(200);
    expect(res.text).toMatch(/<html lang="ru">/);
    const text = textOf(res.text);
    expect(text).toContain('История в архиве');
    expect(text).toContain('Правоохранительные органы Казахстана');
    expect(text).toContain('Заголовок и краткое содержание — собственный перевод архива');
    // The figure's wording stays in English, marked so; its value is written the Russian way.
    expect(res.text).toMatch(/<span class="quote" lang="en">“[^”]+”<\/span>/);
    // Outside the English data, numbers are grouped the Russian way.
    const russianOnly = textOf(res.text.replace(/<(\w+)[^>]*lang="en"[^>]*>[^<]*<\/\1>/g, ''));
    expect(russianOnly).toMatch(/\b\d{1,3} \d{3}\b/);
    expect(russianOnly).not.toMatch(/\b\d{1,3},\d{3}\b/);
  });

  it('writes Kazakh qualifiers after the number, with the ending its last word asks for', async () => {
    const res = await page('/about', 'kk').expect(200);
    const text = textOf(res.text);
    expect(text).toContain('1 700-ден астам');
    expect(text).toContain('1 700-ге жуық');
    expect(text).toContain('1 650-ден 1 750-ге дейін');
  });

  it('cites a page in its language, and its permalink carries the language', async () => {
    const res = await page('/about', 'ru').expect(200);
    const html = res.text.replaceAll('&#x3D;', '=').replaceAll('&amp;', '&');
    expect(html).toMatch(/<a class="cite-url" href="\/about\?at=\d+&lang=ru">/);
    expect(textOf(res.text)).toMatch(/Qantar — архив официальных заявлений о январских событиях 2022 года в Казахстане\. «Об архиве» \(позиция журнала \d+, записано \d+ [а-я]+ \d{4} г\., \d\d:\d\d UTC\+5\)\. \S+ \(дата обращения: 1 марта 2024 г\.\)\./);
    expect(html).toContain('langid       = {russian}');
  });

  it('marks English data on a Russian page, and leaves untranslated text marked lang="en"', async () => {
    const res = await page('/statements/hearing-2023-01-05-asylov', 'ru').expect(200);
    expect(res.text).toMatch(/<span class="speaker-name" lang="en">/);
    const history = await page('/history', 'kk').expect(200);
    expect(textOf(history.text)).toContain('Мұрағат тарихы');
    expect(history.text).toMatch(/<code lang="en">(statement|translation)-/);
  });

  it('shows a known error in the reader’s language, keeping the field’s name', async () => {
    const res = await page('/compare?from=2023-02-30&to=2023-03-01', 'ru').expect(400);
    const text = textOf(res.text);
    expect(text).toContain('Некорректный запрос');
    expect(text).toContain('from : должна быть существующей датой в виде ГГГГ-ММ-ДД');
    const missing = await page('/statements/no-such-statement', 'kk').expect(404);
    expect(textOf(missing.text)).toContain('Мұрағатта «no-such-statement» мәлімдемесі жоқ.');
    // A language the archive does not speak is refused in the one the reader would otherwise get.
    const badLang = await page('/about?lang=fr', 'ru').expect(400);
    expect(badLang.text).toMatch(/<html lang="ru">/);
    expect(textOf(badLang.text)).toContain('Такого языка интерфейса нет');
  });

  it('compares two dates in Kazakh, with its plural and dates', async () => {
    const res = await page('/compare?from=2022-06-01&to=2023-01-05', 'kk').expect(200);
    const text = textOf(res.text);
    expect(text).toContain('2022 жылғы 1 маусым');
    expect(text).toMatch(/\d+ көрсеткіш өзгерді, пайда болды немесе шығып қалды/);
  });
});
