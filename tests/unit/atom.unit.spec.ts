import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type { Statement } from '../../events/schema/statement.js';
import type { StatementVersion } from '../../projections/statements/statements.js';
import { atomFeed, publishedAt } from '../../src/exports/atom.js';
import { statement } from '../fixtures/archive.js';

const hostileTitle = 'A ]]> B ]]> <script>alert("x")</script> & <b>bold</b>';

const version = (id: string, position: number, extra: Record<string, unknown> = {}, status: 'published' | 'retracted' = 'published'): StatementVersion => {
  const e = statement(id, '2022-10-27', [{ metric: 'amnestied', value: 1000, qualifier: 'over' }], extra);
  return {
    statement: e.data as Statement, status, revision: 0, position, replacedAt: null,
    eventType: status === 'retracted' ? 'StatementRetracted' : 'StatementPublished',
    reason: status === 'retracted' ? 'entered in error' : null,
    recordedAt: `2026-01-0${position}T10:00:00.000Z`,
  };
};

const options = { baseUrl: 'https://qantar.example', labels: new Map([['amnestied', 'Persons amnestied']]), emptyUpdated: new Date('2026-02-01T00:00:00Z') };
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => ['entry', 'link'].includes(name) });
type Text = { '#text': string; '@type': string; '@xml:lang'?: string };
type Entry = { id: string; title: Text; summary: Text; published: string; updated: string; link: { '@href': string }[]; author: { name: string }; content: { '#text': string } };
const parse = (xml: string) => {
  expect(XMLValidator.validate(xml)).toBe(true);
  return parser.parse(xml).feed as { '@xmlns': string; '@xml:lang': string; id: string; title: Text; updated: string; link: { '@rel': string; '@href': string }[]; entry?: Entry[] };
};
const decode = (html: string) => html.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&quot;', '"').replaceAll('&#39;', "'").replaceAll('&amp;', '&');

describe('the Atom feed of statements', () => {
  const feed = parse(atomFeed([version('law', 1), version('hearing', 2), version('mistake', 3, {}, 'retracted')], options));

  it('is an Atom feed with its id, title, updated time and self link', () => {
    expect(feed['@xmlns']).toBe('http://www.w3.org/2005/Atom');
    expect(feed.id).toBe('urn:qantar:feed:statements');
    expect(feed.title['#text']).toContain('Qantar');
    expect(feed.updated).toBe('2026-01-03T10:00:00.000Z');
    expect(feed.link).toContainEqual({ '@rel': 'self', '@type': 'application/atom+xml', '@href': 'https://qantar.example/feed.atom' });
  });

  it('has one entry per statement, newest recorded first, with a URN id, its recording time and a link', () => {
    expect(feed.entry!.map((e) => e.id)).toEqual(['urn:qantar:statement:mistake', 'urn:qantar:statement:hearing', 'urn:qantar:statement:law']);
    const law = feed.entry![2]!;
    expect(law.updated).toBe('2026-01-01T10:00:00.000Z');
    expect(law.link[0]!['@href']).toBe('https://qantar.example/statements/law');
    expect(law.author.name).toBe('Berik Asylov, Prosecutor General');
    expect(law.content['#text']).toContain('<span lang="en">Persons amnestied</span>: over 1,000');
    expect(feed.entry![0]!.title['#text']).toBe('Retracted: Statement mistake');
  });

  it('dates each entry by the day the statement was made (published) beside the day the archive recorded it (updated)', () => {
    const law = feed.entry![2]!;
    // The start of 27 October 2022 in Almaty, at Almaty's offset then.
    expect(law.published).toBe('2022-10-27T00:00:00+06:00');
    expect(law.updated).toBe('2026-01-01T10:00:00.000Z');
    expect(publishedAt('2022-10')).toBe('2022-10-01T00:00:00+06:00');
    expect(publishedAt('2025-01-05')).toBe('2025-01-05T00:00:00+05:00');
  });

  it('says its language, and writes its own text in the language asked for, the archive’s data marked English', () => {
    expect(feed['@xml:lang']).toBe('en');
    const ru = parse(atomFeed([version('law', 1), version('mistake', 3, {}, 'retracted')], { ...options, lang: 'ru' }));
    expect(ru['@xml:lang']).toBe('ru');
    expect(ru.title['#text']).toBe('Qantar: официальные заявления о январских событиях 2022 года в Казахстане');
    expect(ru.link).toContainEqual({ '@rel': 'self', '@type': 'application/atom+xml', '@href': 'https://qantar.example/feed.atom?lang=ru' });
    const [mistake, law] = ru.entry!;
    expect(mistake!.title['#text']).toBe('Отозвано: Statement mistake');
    expect(law!.title).toMatchObject({ '@xml:lang': 'en', '#text': 'Statement law' });
    expect(law!.summary['@xml:lang']).toBe('en');
    expect(law!.link[0]!['@href']).toBe('https://qantar.example/statements/law?lang=ru');
    expect(law!.content['#text']).toContain('27 октября 2022 г.');
    expect(mistake!.content['#text']).toContain('Отозвано: entered in error');
  });

  it('keeps a hostile title as text: valid XML, no markup, the words intact', () => {
    const hostile = parse(atomFeed([version('hostile', 1, { title: hostileTitle, summary: '<img src=x onerror=alert(1)>' })], options));
    const entry = hostile.entry![0]!;
    // Plain text: the XML carries the characters, escaped, and a reader shows them as written.
    expect(entry.title['@type']).toBe('text');
    expect(entry.title['#text']).toBe(hostileTitle);
    expect(entry.summary['#text']).toBe('<img src=x onerror=alert(1)>');
    // The HTML content escapes stored text once more, so no element comes from it.
    expect(entry.content['#text']).not.toContain('<img');
    expect(decode(entry.content['#text'])).toContain('<img src=x onerror=alert(1)>');
  });

  it('an empty archive gives a valid feed with the given updated time', () => {
    const empty = parse(atomFeed([], options));
    expect(empty.updated).toBe('2026-02-01T00:00:00.000Z');
    expect(empty.entry).toBeUndefined();
  });

  it('refuses a base URL that is not http(s)', () => {
    expect(() => atomFeed([], { ...options, baseUrl: 'javascript:alert(1)' })).toThrow(/http/);
  });
});
