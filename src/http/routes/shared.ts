import type Database from 'better-sqlite3';
import type { Request } from 'express';
import { listMetrics } from '../../../projections/catalogue/catalogue.js';
import type { AppContext } from '../context.js';
import { permalink } from '../present/links.js';
import { resolveAt } from '../query.js';

export const metricLabels = (db: Database.Database, at: number) =>
  new Map(listMetrics(db, at).map((m) => [m.id, m.label]));

/**
 * The archive time a page is read at, and what the layout shows of it: links keep `at` only
 * when the page was pinned, and every page offers its permalink at the current position.
 */
export function archiveTime(req: Request, context: AppContext, requested: number | undefined) {
  const { at, pinned } = resolveAt(context.readModel, requested);
  return {
    at,
    linkAt: pinned ? at : undefined,
    layout: { position: at, pinned, permalink: permalink(req.originalUrl, at), livePath: pinned ? req.path : undefined },
  };
}
