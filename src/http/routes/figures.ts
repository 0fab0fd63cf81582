import type Database from 'better-sqlite3';
import type { RequestHandler } from 'express';
import type { Finding } from '../../../projections/checks/types.js';
import { figuresAsOf, previousFigure, type FigureRecord } from '../../../projections/figures/figures.js';
import { firstDay } from '../../../events/schema/dates.js';
import { listStatements } from '../../../projections/statements/statements.js';
import { formatPartialDate, todayInAlmaty } from '../../format/dates.js';
import { findingText } from '../../present/finding-text.js';
import type { AppContext } from '../context.js';
import { openContradictionsOn } from '../figure-checks.js';
import { changeText, figureView } from '../present/figure-view.js';
import { holdingAnchor } from '../present/finding-view.js';
import { humanize, speakerName } from '../present/labels.js';
import { link } from '../present/links.js';
import { figuresQuery, parseQuery } from '../query.js';
import { archiveTime } from './shared.js';

type Shown = Readonly<{ figure: FigureRecord; previous: FigureRecord | undefined; findings: readonly Finding[] }>;
type TableQuery = Readonly<{ date: string; known?: string; topic?: string }>;

/** What the figures table shows at a log position: each figure, the one before it, and the open findings it is part of. */
function figuresShown(db: Database.Database, q: TableQuery, at: number): Shown[] {
  // Every topic's figures: a relation may join metrics of different topics.
  const inForce = figuresAsOf(db, { date: q.date, known: q.known, at });
  const open = openContradictionsOn(db, { date: q.date, known: q.known, at }, inForce);
  return inForce.filter((f) => q.topic === undefined || f.topic === q.topic).map((figure) => ({
    figure,
    previous: previousFigure(db, figure.metric, figure.asOf, { known: q.known, at }),
    findings: open.get(figure.metric) ?? [],
  }));
}

/**
 * The table's content without log positions: a correction elsewhere in a statement moves its
 * figures' position without changing a word of this page, and must not make it "newer".
 */
function contentOf(rows: readonly Shown[]): string {
  const bare = (f: FigureRecord | undefined) => f && { ...f, position: undefined };
  return JSON.stringify(rows.map((r) => [bare(r.figure), bare(r.previous), r.findings.map((f) => f.relationId)]));
}

export function figuresRoutes(context: AppContext): { page: RequestHandler } {
  return {
    async page(req, res) {
      const q = parseQuery(figuresQuery, req);
      const time = archiveTime(req, context, q.at);
      const { at, linkAt } = time;
      const db = context.readModel.db;
      const date = q.date ?? todayInAlmaty(context.now());
      const table = { date, known: q.known, topic: q.topic };
      const shown = figuresShown(db, table, at);
      // A page pinned behind the head is "newer" only if the later events change what it shows (see /about).
      const newer = time.layout.newer && contentOf(shown) !== contentOf(figuresShown(db, table, time.head));
      const checksHref = link('/checks', { date, known: q.known, at: linkAt });
      const row = ({ figure: f, previous, findings }: Shown) => ({
        ...figureView(f, f.label, linkAt),
        speakerName: speakerName(f.speaker),
        body: f.speaker.body,
        statementHref: link(`/statements/${f.statementId}`, { at: linkAt }),
        statementTitle: f.statementTitle,
        change: changeText(f, previous),
        findings: findings.map((x) => ({ text: findingText(x).headline, href: `${checksHref}#${holdingAnchor(x.relationId)}` })),
      });
      const topics = [...new Set(shown.map((r) => r.figure.topic))].map((topic) => ({
        topic,
        label: humanize(topic),
        id: `topic-${topic}`,
        rows: shown.filter((r) => r.figure.topic === topic).map(row),
      }));
      const dataQuery = { date, known: q.known, at: linkAt, topic: q.topic };
      // For the empty state: the first day any figure describes, so the reader knows where to look.
      const earliest = listStatements(db, { at })
        .flatMap((s) => s.statement.figures.map((f) => firstDay(f.asOf)))
        .sort()[0];
      res.render('pages/figures', {
        ...(await time.page(`Official figures as of ${formatPartialDate(date)}`, newer)),
        date,
        dateText: formatPartialDate(date),
        known: q.known,
        knownText: q.known && formatPartialDate(q.known),
        topic: q.topic,
        at: linkAt,
        topics,
        count: shown.length,
        checksHref,
        findingCount: new Set(shown.flatMap((r) => r.findings.map((f) => f.relationId))).size,
        earliest: earliest && { text: formatPartialDate(earliest), href: link('/figures', { date: earliest, at: linkAt }) },
        csvHref: link('/api/figures.csv', dataQuery),
        jsonHref: link('/api/figures', dataQuery),
      });
    },
  };
}
