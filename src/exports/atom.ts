import { Feed } from 'feed';
import type { StatementVersion } from '../../projections/statements/statements.js';
import { formatPartialDate } from '../format/dates.js';
import { formatFigureValue } from '../format/numbers.js';
import { speakerName } from '../http/present/labels.js';
import { escapeHtml } from './html.js';

export type AtomOptions = Readonly<{
  /** The archive's public address (http or https), without a trailing slash. */
  baseUrl: string;
  labels: ReadonlyMap<string, string>;
  /** The feed's own updated time when it has no entry (an empty archive): passed in, never read from a clock here. */
  emptyUpdated: Date;
  limit?: number;
}>;

export const statementUrn = (id: string) => `urn:qantar:statement:${id}`;

/**
 * An Atom feed of the statements the archive recorded most recently, one entry per statement:
 * its id a URN that never changes, `updated` the time the archive recorded its current version
 * (so a correction or retraction reappears in readers). The `feed` package writes titles and
 * summaries as type="html" CDATA, so every stored string is HTML-escaped here first; escaping
 * also turns any "]]>" into "]]&gt;", which keeps a hostile title from closing the CDATA.
 */
export function atomFeed(versions: readonly StatementVersion[], options: AtomOptions): string {
  const base = new URL(options.baseUrl);
  if (!['http:', 'https:'].includes(base.protocol)) throw new Error('the feed’s base URL must be http(s)');
  const root = base.toString().replace(/\/$/, '');
  const recent = [...versions].sort((a, b) => b.position - a.position).slice(0, options.limit ?? 100);
  const feed = new Feed({
    id: 'urn:qantar:feed:statements',
    title: 'Qantar: official statements on the January 2022 events in Kazakhstan',
    description: 'New, corrected and retracted statements in the Qantar archive',
    link: `${root}/`,
    feedLinks: { atom: `${root}/feed.atom` },
    updated: recent[0] ? new Date(recent[0].recordedAt) : options.emptyUpdated,
    author: { name: 'Qantar archive' },
    generator: false,
  });
  for (const v of recent) {
    const s = v.statement;
    const retracted = v.status === 'retracted';
    feed.addItem({
      id: statementUrn(s.id),
      title: escapeHtml(`${retracted ? 'Retracted: ' : ''}${s.title}`),
      link: `${root}/statements/${encodeURIComponent(s.id)}`,
      date: new Date(v.recordedAt),
      description: escapeHtml(`${formatPartialDate(s.publishedOn)}. ${s.summary}`),
      content: entryContent(v, options.labels),
      author: [{ name: speakerName(s.speaker) ?? s.speaker.body }],
    });
  }
  return feed.atom1();
}

function entryContent(v: StatementVersion, labels: ReadonlyMap<string, string>): string {
  const s = v.statement;
  const figures = s.figures.map(
    (f) => `<li>${escapeHtml(labels.get(f.metric) ?? f.metric)}: ${escapeHtml(formatFigureValue(f))} (“${escapeHtml(f.wording)}”)</li>`,
  );
  return [
    v.status === 'retracted' || v.reason ? `<p><strong>${escapeHtml(`${v.status === 'retracted' ? 'Retracted' : 'Corrected'}: ${v.reason ?? ''}`)}</strong></p>` : '',
    `<p>${escapeHtml(s.speaker.body)}, ${escapeHtml(formatPartialDate(s.publishedOn))}</p>`,
    `<p>${escapeHtml(s.summary)}</p>`,
    figures.length ? `<ul>${figures.join('')}</ul>` : '',
  ].join('');
}
