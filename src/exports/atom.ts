import { XMLBuilder } from 'fast-xml-parser';
import { DateTime } from 'luxon';
import { firstDay } from '../../events/schema/dates.js';
import type { StatementVersion } from '../../projections/statements/statements.js';
import { archiveZone, formatPartialDate } from '../format/dates.js';
import { formatFigureValue } from '../format/numbers.js';
import { defaultLanguage, type InterfaceLanguage } from '../i18n/languages.js';
import { translator, type Translate } from '../i18n/messages.js';
import { speakerName } from '../http/present/labels.js';
import { escapeHtml } from './html.js';

export type AtomOptions = Readonly<{
  /** The archive's public address (http or https), without a trailing slash. */
  baseUrl: string;
  labels: ReadonlyMap<string, string>;
  /** The feed's own updated time when it has no entry (an empty archive): passed in, never read from a clock here. */
  emptyUpdated: Date;
  limit?: number;
  /** The language of the feed's own text (xml:lang on the feed); English when not given. */
  lang?: InterfaceLanguage;
}>;

export const statementUrn = (id: string) => `urn:qantar:statement:${id}`;

/** The archive's data (titles, summaries, labels) is English until it is translated: each such element says so. */
const dataLanguage = 'en';

/**
 * The day a statement was made as an Atom date-time: the start of that day in Almaty, with
 * Almaty's offset then, so the date reads as the source gave it ("2023-01-05T00:00:00+06:00").
 * Atom needs a time; a statement dated only to a month or a year starts at its first day.
 */
export function publishedAt(publishedOn: string): string {
  return DateTime.fromISO(firstDay(publishedOn), { zone: archiveZone }).toISO({ suppressMilliseconds: true })!;
}

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@', format: true, suppressEmptyNode: true });

/**
 * An Atom feed of the statements the archive recorded most recently, one entry per statement:
 * its id a URN that never changes, `published` the day the statement was made, `updated` the
 * time the archive recorded its current version (so a correction or retraction reappears in
 * readers). The feed's own words are in `lang` and it says so (xml:lang); the XML builder
 * escapes every stored string, and the HTML content is escaped once more before it.
 */
export function atomFeed(versions: readonly StatementVersion[], options: AtomOptions): string {
  const base = new URL(options.baseUrl);
  if (!['http:', 'https:'].includes(base.protocol)) throw new Error('the feed’s base URL must be http(s)');
  const root = base.toString().replace(/\/$/, '');
  const lang = options.lang ?? defaultLanguage;
  const t = translator(lang);
  // Links into the archive open in the feed's language; English is the archive's default and needs no parameter.
  const inLanguage = (path: string) => (lang === defaultLanguage ? `${root}${path}` : `${root}${path}${path.includes('?') ? '&' : '?'}lang=${lang}`);
  const recent = [...versions].sort((a, b) => b.position - a.position).slice(0, options.limit ?? 100);
  const feed = {
    '@xmlns': 'http://www.w3.org/2005/Atom',
    '@xml:lang': lang,
    id: 'urn:qantar:feed:statements',
    title: { '@type': 'text', '#text': t('feeds:feed.title') },
    subtitle: { '@type': 'text', '#text': t('feeds:feed.subtitle') },
    link: [
      { '@rel': 'self', '@type': 'application/atom+xml', '@href': inLanguage('/feed.atom') },
      { '@rel': 'alternate', '@type': 'text/html', '@href': inLanguage('/') },
    ],
    updated: (recent[0] ? new Date(recent[0].recordedAt) : options.emptyUpdated).toISOString(),
    author: { name: t('feeds:feed.author') },
    entry: recent.map((v) => entry(v, { ...options, t, lang, link: inLanguage })),
  };
  return builder.build({ '?xml': { '@version': '1.0', '@encoding': 'utf-8' }, feed }) as string;
}

type EntryOptions = AtomOptions & { t: Translate; lang: InterfaceLanguage; link: (path: string) => string };

function entry(v: StatementVersion, options: EntryOptions) {
  const s = v.statement;
  const retracted = v.status === 'retracted';
  return {
    id: statementUrn(s.id),
    // A retracted statement's title carries the word in the feed's language; otherwise it is the archive's data alone.
    title: retracted
      ? { '@type': 'text', '#text': options.t('feeds:feed.retractedTitle', { title: s.title }) }
      : { '@type': 'text', '@xml:lang': dataLanguage, '#text': s.title },
    link: { '@rel': 'alternate', '@type': 'text/html', '@href': options.link(`/statements/${encodeURIComponent(s.id)}`) },
    published: publishedAt(s.publishedOn),
    updated: new Date(v.recordedAt).toISOString(),
    author: { name: speakerName(s.speaker) ?? s.speaker.body },
    summary: { '@type': 'text', '@xml:lang': dataLanguage, '#text': s.summary },
    content: { '@type': 'html', '#text': entryContent(v, options) },
  };
}

function entryContent(v: StatementVersion, { labels, t, lang }: EntryOptions): string {
  const s = v.statement;
  const figures = s.figures.map(
    (f) =>
      `<li><span lang="${dataLanguage}">${escapeHtml(labels.get(f.metric) ?? f.metric)}</span>: ${escapeHtml(formatFigureValue(f))} ` +
      `(“<span lang="${escapeHtml(wordingLanguage(f))}">${escapeHtml(f.wording)}</span>”)</li>`,
  );
  const reason = v.reason ?? '';
  const marker = v.status === 'retracted' ? t('feeds:feed.retracted', { reason }) : v.reason ? t('feeds:feed.corrected', { reason }) : undefined;
  return [
    marker ? `<p><strong>${escapeHtml(marker)}</strong></p>` : '',
    `<p><span lang="${dataLanguage}">${escapeHtml(s.speaker.body)}</span>, ${escapeHtml(formatPartialDate(s.publishedOn, lang))}</p>`,
    `<p lang="${dataLanguage}">${escapeHtml(s.summary)}</p>`,
    figures.length ? `<ul>${figures.join('')}</ul>` : '',
  ].join('');
}

/** A quote is in the language it was given in; a paraphrase is the archive's, in English. */
function wordingLanguage(f: StatementVersion['statement']['figures'][number]): string {
  return f.wordingKind === 'paraphrase' ? dataLanguage : (f.language ?? dataLanguage);
}
