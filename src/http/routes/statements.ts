import type { RequestHandler } from 'express';
import { z } from 'zod';
import { getStatement, statementHistory } from '../../../projections/statements/statements.js';
import { formatInstant } from '../../format/dates.js';
import type { AppContext } from '../context.js';
import { HttpError } from '../errors.js';
import { link } from '../present/links.js';
import { statementView } from '../present/statement-view.js';
import { parseQuery, position } from '../query.js';
import { archiveTime, metricLabels } from './shared.js';

const statementQuery = z.object({ at: z.preprocess((v) => (v === '' ? undefined : v), position.optional()) });

const eventWords: Record<string, string> = {
  StatementPublished: 'Recorded in the archive',
  StatementCorrected: 'Corrected',
  StatementRetracted: 'Retracted',
};

export function statementsRoutes(context: AppContext): { page: RequestHandler } {
  return {
    page(req, res) {
      const q = parseQuery(statementQuery, req);
      const { at, linkAt, layout } = archiveTime(req, context, q.at);
      const db = context.readModel.db;
      const id = String(req.params.id);
      const version = getStatement(db, id, at);
      if (!version) throw new HttpError(404, `The archive has no statement “${id}”${linkAt ? ` at position ${at}` : ''}.`);
      const statement = statementView(version, metricLabels(db, at), linkAt);
      const history = statementHistory(db, id, at).map((v) => ({
        what: eventWords[v.eventType] ?? v.eventType,
        reason: v.reason,
        recordedAt: formatInstant(v.recordedAt),
        revision: v.revision,
        position: v.position,
        href: link(`/statements/${id}`, { at: v.position }),
      }));
      res.render('pages/statement', {
        title: statement.title,
        ...layout,
        statement,
        history,
        corrected: history.length > 1,
        jsonHref: link(`/api/statements/${id}`, { at: linkAt }),
      });
    },
  };
}
