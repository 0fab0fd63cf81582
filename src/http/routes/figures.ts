import type { RequestHandler } from 'express';
import { figuresAsOf, previousFigure, type FigureRecord } from '../../../projections/figures/figures.js';
import { firstDay } from '../../../events/schema/dates.js';
import { listStatements } from '../../../projections/statements/statements.js';
import { formatPartialDate, todayInAlmaty } from '../../format/dates.js';
import type { AppContext } from '../context.js';
import { changeText, figureView } from '../present/figure-view.js';
import { humanize, speakerName } from '../present/labels.js';
import { link } from '../present/links.js';
import { figuresQuery, parseQuery } from '../query.js';
import { archiveTime } from './shared.js';

export function figuresRoutes(context: AppContext): { page: RequestHandler } {
  return {
    page(req, res) {
      const q = parseQuery(figuresQuery, req);
      const { at, linkAt, layout } = archiveTime(req, context, q.at);
      const db = context.readModel.db;
      const date = q.date ?? todayInAlmaty(context.now());
      const times = { date, known: q.known, at };
      const figures = figuresAsOf(db, { ...times, topic: q.topic });
      const row = (f: FigureRecord) => ({
        ...figureView(f, f.label, linkAt),
        speakerName: speakerName(f.speaker),
        body: f.speaker.body,
        statementHref: link(`/statements/${f.statementId}`, { at: linkAt }),
        statementTitle: f.statementTitle,
        change: changeText(f, previousFigure(db, f.metric, f.asOf, { known: q.known, at })),
      });
      const topics = [...new Set(figures.map((f) => f.topic))].map((topic) => ({
        topic,
        label: humanize(topic),
        id: `topic-${topic}`,
        rows: figures.filter((f) => f.topic === topic).map(row),
      }));
      const dataQuery = { date, known: q.known, at: linkAt, topic: q.topic };
      // For the empty state: the first day any figure describes, so the reader knows where to look.
      const earliest = listStatements(db, { at })
        .flatMap((s) => s.statement.figures.map((f) => firstDay(f.asOf)))
        .sort()[0];
      res.render('pages/figures', {
        title: `Official figures as of ${formatPartialDate(date)}`,
        ...layout,
        date,
        dateText: formatPartialDate(date),
        known: q.known,
        knownText: q.known && formatPartialDate(q.known),
        topic: q.topic,
        at: linkAt,
        topics,
        count: figures.length,
        earliest: earliest && { text: formatPartialDate(earliest), href: link('/figures', { date: earliest, at: linkAt }) },
        csvHref: link('/api/figures.csv', dataQuery),
        jsonHref: link('/api/figures', dataQuery),
      });
    },
  };
}
