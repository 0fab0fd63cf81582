import { createHash } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { LRUCache } from 'lru-cache';
import { firstDay } from '../../../events/schema/dates.js';
import { categoryOf, type Finding } from '../../domain/checks/types.js';
import type { FigureRecord } from '../../../projections/figures/figures.js';
import { formatPartialDate, todayInAlmaty } from '../../format/dates.js';
import { findingText } from '../../present/finding-text.js';
import type { AppContext } from '../context.js';
import { changeText, figureView } from '../present/figure-view.js';
import { firstSourceView } from '../present/statement-view.js';
import { categoryLabels, holdingAnchor } from '../present/finding-view.js';
import { humanize, speakerName } from '../present/labels.js';
import { link } from '../present/links.js';
import type { ArchiveReader } from '../../reader/port.js';
import { figuresQuery, parseQuery } from '../query.js';
import { archiveTime } from './shared.js';

type Shown = Readonly<{ figure: FigureRecord; previous: FigureRecord | undefined; findings: readonly Finding[] }>;
type TableQuery = Readonly<{ date: string; known?: string; topic?: string; at: number; linkAt?: number }>;

/** The figures table, rendered, with what the rest of the page says about it. */
type Table = Readonly<{ html: string; count: number; findingIds: readonly string[]; content: string }>;

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
    sizeCalculation: (t) => t.html.length + t.content.length,
    fetchMethod: (_key, _stale, { context }) => renderTable(context.req, reader, context.q),
  });

  async function tableFor(req: Request, q: TableQuery): Promise<Table> {
    const asOf = { date: q.date, known: q.known, at: q.at };
    // The index names the figures in force without reading them; where it cannot, the figures themselves are the key.
    const ids = reader.figureIdsAsOf(asOf);
    const answer = ids ? ids.join(',') : createHash('sha256').update(JSON.stringify(reader.figuresAsOf(asOf))).digest('base64');
    const key = JSON.stringify([answer, q.known, q.topic, q.at, q.linkAt]);
    return (await tables.fetch(key, { context: { req, q } }))!;
  }

  return {
    async page(req, res) {
      const q = parseQuery(figuresQuery, req);
      const time = archiveTime(req, context, q.at);
      const { at, linkAt } = time;
      const date = q.date ?? todayInAlmaty(context.now());
      const query = { date, known: q.known, topic: q.topic, linkAt };
      const table = await tableFor(req, { ...query, at });
      // A page pinned behind the head is "newer" only if the later events change what it shows (see /about).
      const newer = time.layout.newer && table.content !== (await tableFor(req, { ...query, at: time.head })).content;
      const checksHref = link('/checks', { date, known: q.known, at: linkAt });
      // For the empty state: the first day any figure describes, so the reader knows where to look.
      const earliest = table.count === 0 ? reader.earliestFigureDay(at) : undefined;
      const dataQuery = { date, known: q.known, at: linkAt, topic: q.topic };
      res.render('pages/figures', {
        ...(await time.page(`Official figures as of ${formatPartialDate(date)}`, newer)),
        date,
        dateText: formatPartialDate(date),
        known: q.known,
        knownText: q.known && formatPartialDate(q.known),
        topic: q.topic,
        at: linkAt,
        tableHtml: table.html,
        count: table.count,
        checksHref,
        findingCount: table.findingIds.length,
        earliest: earliest && { text: formatPartialDate(earliest), href: link('/figures', { date: earliest, at: linkAt }) },
        csvHref: link('/api/figures.csv', dataQuery),
        jsonHref: link('/api/figures', dataQuery),
      });
    },
  };
}

async function renderTable(req: Request, reader: ArchiveReader, q: TableQuery): Promise<Table> {
  const inForce = reader.figuresAsOf({ date: q.date, known: q.known, at: q.at });
  const shown = figuresShown(reader, q, inForce);
  const newestDay = inForce.map((f) => firstDay(f.asOf)).sort().at(-1) ?? q.date;
  const checksHref = link('/checks', { date: newestDay, known: q.known, at: q.linkAt });
  const row = ({ figure: f, previous, findings }: Shown) => ({
    ...figureView(f, f.label, q.linkAt),
    speakerName: speakerName(f.speaker),
    body: f.speaker.body,
    statementHref: link(`/statements/${f.statementId}`, { at: q.linkAt }),
    statementTitle: f.statementTitle,
    source: firstSourceView(reader.getStatement(f.statementId, q.at)?.statement.sources),
    change: changeText(f, previous),
    findings: findings.map((x) => ({ category: categoryLabels[categoryOf(x.kind)], text: findingText(x).headline, href: `${checksHref}#${holdingAnchor(x.relationId)}` })),
  });
  const topics = [...new Set(shown.map((r) => r.figure.topic))].map((topic) => ({
    topic,
    label: humanize(topic),
    id: `topic-${topic}`,
    rows: shown.filter((r) => r.figure.topic === topic).map(row),
  }));
  const html = await new Promise<string>((resolve, reject) =>
    req.app.render('partials/figures-table', { topics, layout: false }, (error, out) => (error ? reject(error) : resolve(out))),
  );
  return {
    html,
    count: shown.length,
    findingIds: [...new Set(shown.flatMap((r) => r.findings.map((f) => f.relationId)))],
    content: contentOf(shown),
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
