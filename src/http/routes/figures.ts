import { createHash } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { LRUCache } from 'lru-cache';
import { firstDay } from '../../../events/schema/dates.js';
import { categoryOf, type Finding } from '../../domain/checks/types.js';
import type { FigureRecord } from '../../../projections/figures/figures.js';
import { formatPartialDate, todayInAlmaty } from '../../format/dates.js';
import { findingText } from '../../present/finding-text.js';
import type { AppContext } from '../context.js';
import { figureView } from '../present/figure-view.js';
import { figureOriginView } from '../present/figure-origin.js';
import { localizedTexts } from '../present/localized.js';
import { firstSourceView } from '../present/statement-view.js';
import { holdingAnchor } from '../present/finding-view.js';
import { z } from 'zod';
import { intlLocale, type InterfaceLanguage } from '../../i18n/languages.js';
import { translator } from '../../i18n/messages.js';
import { catalogueTexts, type Worded } from '../charts/catalogue-text.js';
import { pageLanguage } from '../language.js';
import { changeSince, headlineCards, headlineReader } from './figures-headlines.js';
import { link } from '../present/links.js';
import type { ArchiveReader } from '../../reader/port.js';
import { figuresQuery, parseQuery } from '../query.js';
import { archiveTime } from './shared.js';

type Shown = Readonly<{ figure: FigureRecord; previous: FigureRecord | undefined; findings: readonly Finding[] }>;
type TableQuery = Readonly<{ date: string; known?: string; topic?: string; q?: string; at: number; linkAt?: number; lang: InterfaceLanguage }>;

/** The figures table, rendered, with what the rest of the page says about it. */
type Table = Readonly<{ html: string; count: number; findingIds: readonly string[]; content: string; topics: readonly TopicLink[] }>;
type TopicLink = Readonly<{ id: string; name: Worded }>;

/** The page's own filter: words to find in a metric's name or a figure's wording. */
const filterQuery = z.object({ q: z.string().max(200, 'is too long').optional() });

/** Rendered tables kept per process, by size: one of a million-event archive is about 1 MB. */
const tablesKeptBytes = 32 * 2 ** 20;

/**
 * What the table shows depends on the date only through the figures in force on it: a figure's
 * previous one and its findings are read under the same known and at, and no figure describes a
 * day between the newest of them and the date asked. So one rendering serves every date with the
 * same answer, and a finding's link goes to the checks on that newest day, where they are the same.
 */
export function figuresRoutes(context: AppContext): { page: RequestHandler } {
  const { reader } = context;
  type Inputs = Readonly<{ req: Request; q: TableQuery }>;
  // Keyed by one answer (the figures in force, known, topic, at), whatever the date asked; a
  // rendering that fails is not kept, and concurrent requests for one key share a rendering.
  const tables = new LRUCache<string, Table, Inputs>({
    maxSize: tablesKeptBytes,
    sizeCalculation: (t) => t.html.length + t.content.length + 1,
    fetchMethod: (_key, _stale, { context }) => renderTable(context.req, reader, context.q),
  });

  const headlineHistories = headlineReader(reader);
  // The topics the filter offers, per log position: the catalogue changes only with a new metric.
  const topicIds = new LRUCache<number, readonly string[]>({ max: 16 });
  const topicsAt = (at: number) => {
    let ids = topicIds.get(at);
    if (!ids) topicIds.set(at, (ids = [...new Set(reader.listMetrics(at).map((m) => m.topic))]));
    return ids;
  };

  async function tableFor(req: Request, q: TableQuery): Promise<Table> {
    const asOf = { date: q.date, known: q.known, at: q.at };
    // The index names the figures in force without reading them; where it cannot, the figures themselves are the key.
    const ids = reader.figureIdsAsOf(asOf);
    const answer = ids ? ids.join(',') : createHash('sha256').update(JSON.stringify(reader.figuresAsOf(asOf))).digest('base64');
    const key = JSON.stringify([answer, q.known, q.topic, q.q, q.at, q.linkAt, q.lang]);
    return (await tables.fetch(key, { context: { req, q } }))!;
  }

  return {
    async page(req, res) {
      const q = parseQuery(figuresQuery, req);
      const words = parseQuery(filterQuery, req).q?.trim() || undefined;
      const lang = pageLanguage(res);
      const t = translator(lang);
      const time = archiveTime(req, context, q.at);
      const { at, linkAt } = time;
      const date = q.date ?? todayInAlmaty(context.now());
      const query = { date, known: q.known, topic: q.topic, q: words, linkAt, lang };
      const table = await tableFor(req, { ...query, at });
      // A page pinned behind the head is "newer" only if the later events change what it shows (see /about).
      const newer = time.layout.newer && table.content !== (await tableFor(req, { ...query, at: time.head })).content;
      const checksHref = link('/checks', { date, known: q.known, at: linkAt });
      // For the empty state: the first day any figure describes, so the reader knows where to look.
      const earliest = table.count === 0 ? reader.earliestFigureDay(at) : undefined;
      const dataQuery = { date, known: q.known, at: linkAt, topic: q.topic };
      const texts = catalogueTexts(reader, lang, at);
      const dateText = formatPartialDate(date, lang);
      const topics = topicsAt(at).map((id) => ({ id, name: texts.topicName(id), selected: id === q.topic }));
      res.render('pages/figures', {
        ...(await time.page(t('figures:title', { date: dateText }), newer)),
        date,
        dateText,
        known: q.known,
        knownText: q.known && formatPartialDate(q.known, lang),
        topic: q.topic,
        words,
        topics,
        at: linkAt,
        headlines: headlineCards({ reader, date, known: q.known, at, linkAt, lang, texts, histories: headlineHistories(at, q.known) }),
        jumpLinks: table.topics,
        tableHtml: table.html,
        count: table.count,
        filtered: Boolean(words || q.topic),
        clearHref: link('/figures', { date, known: q.known, at: linkAt }),
        checksHref,
        findingCount: table.findingIds.length,
        earliest: earliest && { text: formatPartialDate(earliest, lang), href: link('/figures', { date: earliest, at: linkAt }) },
        csvHref: link('/api/figures.csv', dataQuery),
        csvExcelHref: link('/api/figures.csv', { ...dataQuery, sep: 'semicolon', lang }),
        jsonHref: link('/api/figures', dataQuery),
      });
    },
  };
}

async function renderTable(req: Request, reader: ArchiveReader, q: TableQuery): Promise<Table> {
  const inForce = reader.figuresAsOf({ date: q.date, known: q.known, at: q.at });
  const texts = catalogueTexts(reader, q.lang, q.at);
  const shown = figuresShown(reader, q, inForce).filter((r) => matches(r.figure, q.q, texts.metricLabel(r.figure.metric, r.figure.label).text, q.lang));
  const newestDay = inForce.map((f) => firstDay(f.asOf)).sort().at(-1) ?? q.date;
  const checksHref = link('/checks', { date: newestDay, known: q.known, at: q.linkAt });
  const l = localizedTexts(reader, q.lang, q.at);
  const row = ({ figure: f, previous, findings }: Shown) => ({
    ...figureView(f, f.label, q.linkAt, l),
    ...figureOriginView(f, q.linkAt, l),
    label: texts.metricLabel(f.metric, f.label),
    source: firstSourceView(reader.getStatement(f.statementId, q.at)?.statement.sources, l),
    change: changeSince(f, previous, q.lang),
    findings: findings.map((x) => ({
      category: l.t(`findings:category.${categoryOf(x.kind)}`),
      text: findingText(x, q.lang, (id, label) => texts.metricLabel(id, label ?? id).text).headline,
      href: `${checksHref}#${holdingAnchor(x.relationId)}`,
    })),
  });
  const topics = [...new Set(shown.map((r) => r.figure.topic))].map((topic) => ({
    topic,
    name: texts.topicName(topic),
    id: `topic-${topic}`,
    rows: shown.filter((r) => r.figure.topic === topic).map(row),
  }));
  const html = await new Promise<string>((resolve, reject) =>
    req.app.render('partials/figures-table', { topics, lang: q.lang, layout: false }, (error, out) => (error ? reject(error) : resolve(out))),
  );
  return {
    html,
    count: shown.length,
    findingIds: [...new Set(shown.flatMap((r) => r.findings.map((f) => f.relationId)))],
    content: contentOf(shown),
    topics: topics.map((t) => ({ id: t.id, name: t.name })),
  };
}

/** What the figures table shows at a log position: each figure, the one before it, and the open findings it is part of. */
function figuresShown(reader: ArchiveReader, q: TableQuery, inForce: readonly FigureRecord[]): Shown[] {
  // Every topic's figures: a relation may join metrics of different topics.
  const open = reader.openContradictionsOn({ date: q.date, known: q.known, at: q.at }, inForce);
  return inForce
    .filter((f) => q.topic === undefined || f.topic === q.topic)
    .map((figure) => ({
      figure,
      previous: reader.previousFigure(figure.metric, figure.asOf, { known: q.known, at: q.at }),
      findings: open.get(figure.metric) ?? [],
    }));
}

/**
 * The table's content without log positions: a correction elsewhere in a statement moves its
 * figures' position without changing a word of this page, and must not make it "newer".
 */
function contentOf(rows: readonly Shown[]): string {
  const bare = (f: FigureRecord | undefined) => f && { ...f, position: undefined };
  const json = JSON.stringify(rows.map((r) => [bare(r.figure), bare(r.previous), r.findings.map((f) => f.relationId)]));
  return createHash('sha256').update(json).digest('base64');
}

/** Whether a figure matches the page's filter: every word in its metric's name (as shown, or in English) or its wording. */
function matches(f: FigureRecord, words: string | undefined, shownLabel: string, lang: InterfaceLanguage): boolean {
  if (!words) return true;
  const haystack = `${shownLabel} ${f.label} ${f.wording}`.toLocaleLowerCase(intlLocale[lang]);
  return words.toLocaleLowerCase(intlLocale[lang]).split(/\s+/).every((w) => haystack.includes(w));
}
