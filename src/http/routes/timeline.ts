import type { RequestHandler } from 'express';
import type { z } from 'zod';
import type { StatementVersion, TimelineQuery } from '../../../projections/statements/statements.js';
import { timelineKey } from '../../../projections/statements/timeline-key.js';
import type { ArchiveReader } from '../../reader/port.js';
import { formatInstantDay, formatPartialDate } from '../../format/dates.js';
import { formatRange, timelineChart } from '../charts/timeline-chart.js';
import type { AppContext } from '../context.js';
import type { InterfaceLanguage } from '../../i18n/languages.js';
import { translator, type Translate } from '../../i18n/messages.js';
import { pageLanguage } from '../language.js';
import { localizedTexts } from '../present/localized.js';
import { statementView, type StatementView } from '../present/statement-view.js';
import { link } from '../present/links.js';
import { cursorAt, timelineCursor } from '../cursor.js';
import { choosePage, keyedPagerView } from '../present/pager.js';
import { parseQuery, timelinePageQuery } from '../query.js';
import { archiveTime, metricLabels } from './shared.js';

type TimelinePageQuery = z.output<typeof timelinePageQuery>;

const keyFigureCount = 3;
/** Statements on one page of the timeline. */
export const timelinePageSize = 100;

export function timelineRoutes(context: AppContext): { timeline: RequestHandler } {
  return {
    async timeline(req, res) {
      const q = parseQuery(timelinePageQuery, req);
      const { reader } = context;
      const lang = pageLanguage(res);
      const t = translator(lang);
      const cursor = q.after ?? q.before;
      const head = Number(reader.checkpoint() ?? 0n);
      const time = archiveTime(req, context, cursorAt(q.at, cursor, q.after ? 'after' : 'before', head));
      const { at, linkAt } = time;
      // Retracted statements stay in the list, marked, so a reader who cited one can find it; the
      // chart, the law's path and the count are of the statements in force.
      const filters = { at, topic: q.topic, body: q.body, kind: q.kind, from: q.from, until: q.until, includeRetracted: true };
      const counts = reader.statementCounts(filters);
      const { listed, earlier, later, numbered } = timelinePage(reader, filters, counts.total, q, t);
      const statements = listed.filter((v) => v.status !== 'retracted');
      const kept = { from: q.from, until: q.until, topic: q.topic, body: q.body, kind: q.kind };
      // A cursor holds the position the page was read at, so its links page through one state of the archive.
      const from = (side: 'after' | 'before', v: StatementVersion | undefined) =>
        v && link('/', { ...kept, [side]: timelineCursor.encode({ at, key: timelineKey(v) }) });
      const [first, last] = [listed[0], listed[listed.length - 1]];
      const paging = keyedPagerView(
        {
          total: counts.total,
          shown: listed.length,
          numbered,
          span: first && last && { from: formatPartialDate(first.statement.publishedOn, lang), to: formatPartialDate(last.statement.publishedOn, lang) },
        },
        {
          earlier: earlier ? from('before', first) : undefined,
          later: later ? from('after', last) : undefined,
          earliest: link('/', { at: linkAt, ...kept, page: 1 }),
          latest: link('/', { at: linkAt, ...kept }),
        },
      );
      const labels = metricLabels(reader, at);
      // The archive's own words (titles, summaries, topics, bodies) in the page's language where a translation is in force.
      const l = localizedTexts(reader, lang, at);
      const views = listed.map((v) => ({
        ...statementView(v, labels, linkAt, l),
        period: v.statement.period && formatRange(v.statement.period.start, v.statement.period.end, lang),
        marker: versionMarker(v, lang, t),
      }));
      const facets = reader.timelineFacets(at);
      // Each option names its language where it is still the archive's English.
      const option = (selected: string | undefined, label: (v: string) => { text: string; lang?: string }) => (value: string) => {
        const shown = label(value);
        return { value, label: shown.text, lang: shown.lang, selected: value === selected };
      };
      // The current version of a page reached by cursor is the same place in the timeline, read at the head.
      const livePath = cursor && link('/', { ...kept, [q.after ? 'after' : 'before']: timelineCursor.encode({ at: head, key: cursor.key }) });
      res.render('pages/timeline', {
        ...(await time.page(t('timeline:pageTitle'))),
        ...(livePath && { livePath }),
        count: counts.total - counts.retracted,
        retractedCount: counts.retracted,
        paging,
        filtered: Boolean(q.topic || q.body || q.kind || q.from || q.until),
        filters: {
          at: linkAt,
          from: q.from,
          until: q.until,
          clearHref: link('/', { at: linkAt }),
          topics: facets.topics.map(option(q.topic, l.topicName)),
          bodies: facets.bodies.map(option(q.body, l.bodyName)),
          kinds: facets.kinds.map(option(q.kind, (k) => ({ text: l.kindName(k) }))),
        },
        chart: statements.length ? timelineChart(statements, { lang, t, at: linkAt, titleOf: (s) => l.statementTitle(s.id, s.title) }) : undefined,
        months: byMonth(views, lang, t),
        feeds: feedLinks(lang, linkAt, kept),
      });
    },
  };
}

/**
 * The statements of the page asked for, and whether others lie before and after it. A cursor's
 * page and the latest are read by key; an old `page=` link still gives the page of that number,
 * read by offset as before (from whichever end is nearer), and its links lead on by cursor.
 */
function timelinePage(reader: ArchiveReader, filters: TimelineQuery, total: number, q: TimelinePageQuery, t: Translate) {
  const tooFar = (count: number) => t('timeline:pager.tooFar', { count });
  if (q.after || q.before) {
    const start = q.after ? { after: q.after.key } : { before: q.before!.key };
    const { versions, earlier, later } = reader.statementsPage(filters, timelinePageSize, start);
    return { listed: versions, earlier, later, numbered: undefined };
  }
  const numbered = choosePage(total, timelinePageSize, q.page, tooFar);
  const size = Math.min(timelinePageSize, total - numbered.offset);
  if (q.page === undefined) {
    // The latest page keeps the numbered pages' bounds, so "Earlier" from it is exactly the page before.
    const { versions, earlier } = reader.statementsPage(filters, size, 'latest');
    return { listed: versions, earlier, later: false, numbered };
  }
  const listed =
    numbered.offset * 2 > total
      ? reader.listStatements({ ...filters, limit: size, offset: total - numbered.offset - size, fromEnd: true })
      : reader.listStatements({ ...filters, limit: size, offset: numbered.offset });
  return { listed, earlier: numbered.page > 1, later: numbered.page < numbered.pages, numbered };
}

/**
 * Where the timeline's data can be taken away: the feed and the TimelineJS file in the page's
 * language, the statements CSV and JSON with the page's filters, and the figures and checks CSVs.
 */
function feedLinks(lang: InterfaceLanguage, at: number | undefined, kept: Record<string, string | undefined>) {
  return {
    atom: link('/feed.atom', { lang }),
    timelinejs: link('/api/timelinejs.json', { lang, at }),
    // A reader of the Russian or Kazakh page most likely opens it in Excel set to their region, which splits on ";".
    statementsCsv: link('/api/statements.csv', { ...kept, at, sep: lang === 'en' ? undefined : 'semicolon' }),
    statementsJson: link('/api/statements', { ...kept, at }),
    figuresCsv: link('/api/figures.csv', { at }),
    checksCsv: link('/api/checks.csv', { at }),
  };
}

/** "Corrected on 1 March 2024: reason" or "Retracted on …": what the latest event of a statement did to it. */
function versionMarker(v: StatementVersion, lang: InterfaceLanguage, t: Translate) {
  if (v.eventType === 'StatementPublished') return undefined;
  const retracted = v.status === 'retracted';
  const date = formatInstantDay(v.recordedAt, lang);
  return { retracted, text: t(retracted ? 'timeline:entry.retractedOn' : 'timeline:entry.correctedOn', { date }), reason: v.reason, recordedAtIso: v.recordedAt };
}

/** Month groups in date order; a statement dated only to the year gets a group of its own. */
function byMonth(views: readonly TimelineEntry[], lang: InterfaceLanguage, t: Translate) {
  const groups: { key: string; label: string; id: string; entries: ReturnType<typeof entry>[] }[] = [];
  for (const v of views) {
    const key = v.dateIso.slice(0, 7);
    let group = groups.find((g) => g.key === key);
    if (!group) {
      const label = key.length === 7 ? formatPartialDate(key, lang) : t('timeline:list.yearOnly', { year: formatPartialDate(key, lang) });
      groups.push((group = { key, label, id: `month-${key}`, entries: [] }));
    }
    group.entries.push(entry(v));
  }
  return groups;
}

type TimelineEntry = StatementView & { marker: ReturnType<typeof versionMarker> };

const entry = (v: TimelineEntry) => ({
  ...v,
  // A retracted statement's figures are not official: its page still shows them, the list does not.
  keyFigures: v.retracted ? [] : v.figures.slice(0, keyFigureCount),
  moreFigures: v.retracted ? 0 : Math.max(0, v.figures.length - keyFigureCount),
});
