import type { RequestHandler } from 'express';
import { z } from 'zod';
import { formatInstant } from '../../format/dates.js';
import type { AppContext } from '../context.js';
import { HttpError } from '../errors.js';
import { lookUpInLog } from '../log-lookup.js';
import { appendedByView } from '../present/appended-by.js';
import { link } from '../present/links.js';
import { statementChanges } from '../present/statement-changes.js';
import { statementView } from '../present/statement-view.js';
import { parseQuery, position } from '../query.js';
import { archiveTime, metricLabels } from './shared.js';

const statementQuery = z.object({ at: z.preprocess((v) => (v === '' ? undefined : v), position.optional()) });

/** The events of a statement's stream, each with a message of its own (statement:event.*). */
const statementEvents = new Set(['StatementPublished', 'StatementCorrected', 'StatementRetracted']);

export function statementsRoutes(context: AppContext): { page: RequestHandler } {
  return {
    async page(req, res) {
      const q = parseQuery(statementQuery, req);
      const time = archiveTime(req, context, q.at);
      const { at, linkAt } = time;
      const { reader } = context;
      const id = String(req.params.id);
      const version = reader.getStatement(id, at);
      if (!version) throw new HttpError(404, `The archive has no statement “${id}”${linkAt ? ` at position ${at}` : ''}.`);
      const labels = metricLabels(reader, at);
      const l = time.localized;
      const statement = statementView(version, labels, linkAt, l);
      const versions = reader.statementHistory(id, at);
      // Who appended each version is in the log's metadata, which the read model does not keep.
      const events = await lookUpInLog(context.store.readStream(`statement-${id}`));
      const appendedBy = new Map(events?.map((e) => [Number(e.revision), appendedByView(e.metadata, l)]));
      const history = versions.map((v, i) => ({
        what: statementEvents.has(v.eventType) ? l.t(`statement:event.${v.eventType}`) : v.eventType,
        reason: v.reason,
        recordedAt: formatInstant(v.recordedAt, l.lang),
        recordedAtIso: v.recordedAt,
        revision: v.revision,
        position: v.position,
        appendedBy: appendedBy.get(Number(v.revision)),
        current: v.position === version.position,
        changes: i > 0 && v.eventType === 'StatementCorrected' ? statementChanges(versions[i - 1]!.statement, v.statement, labels, l) : [],
        href: link(`/statements/${id}`, { at: v.position }),
      }));
      // Only this statement's own stream can change this page: a later correction or retraction of it.
      const newer = time.layout.newer && (reader.getStatement(id)?.position ?? at) > at;
      res.render('pages/statement', {
        ...(await time.page(statement.title, newer)),
        statement,
        history,
        corrected: history.length > 1,
        jsonHref: link(`/api/statements/${id}`, { at: linkAt }),
      });
    },
  };
}
