import { getMetric, listMetrics, listRelations } from '../../projections/catalogue/catalogue.js';
import { countFindings, eachFindingsChunk, eachRelationsFindings, findingsAsOf, findingsInDateOrder, findingsWindowAsOf } from '../../projections/checks/findings.js';
import { compareDates } from '../../projections/figures/compare.js';
import { asOfIndexOf } from '../../projections/figures/as-of-index.js';
import {
  earliestFigureDay,
  figureIdsAsOf,
  figuresAsOf,
  figuresDescribing,
  metricHistory,
  previousFigure,
} from '../../projections/figures/figures.js';
import {
  countStatements,
  getStatement,
  listStatements,
  statementCounts,
  statementHistory,
  statementsPage,
  timelineFacets,
  type StatementSummaries,
} from '../../projections/statements/statements.js';
import { searchArchive } from '../../projections/search/query.js';
import { openContradictionsOn } from '../http/figure-checks.js';
import { textsIn } from '../../projections/translations/translations.js';
import type { ArchiveReader } from '../reader/port.js';
import { freshChecksOf } from './fresh-checks.js';
import { sqliteHandleOf, type ReadModel } from './read-model.js';

/**
 * The ArchiveReader over the SQLite read model: each answer is one of the projections' own
 * queries on the read model's handle, which nothing outside this folder holds. What it keeps
 * between queries is its own: the in-memory as-of index, and the statement counts at positions
 * behind the head (prepared statements are kept with the handle).
 */
export function sqliteArchiveReader(readModel: ReadModel): ArchiveReader {
  const db = sqliteHandleOf(readModel);
  const index = asOfIndexOf(db);
  const summaries: StatementSummaries = new Map();
  const fresh = freshChecksOf(db);
  return {
    checkpoint: () => readModel.checkpoint(),

    figuresAsOf: (q) => figuresAsOf(db, q, index),
    figureIdsAsOf: (q) => figureIdsAsOf(q, index),
    previousFigure: (metric, before, q) => previousFigure(db, metric, before, q),
    metricHistory: (metric, q) => metricHistory(db, metric, q),
    figuresDescribing: (metric, asOf, q) => figuresDescribing(db, metric, asOf, q),
    earliestFigureDay: (at) => earliestFigureDay(db, at),

    listStatements: (q) => listStatements(db, q),
    statementsPage: (q, size, start) => statementsPage(db, q, size, start),
    textsIn: (subject, language, at) => textsIn(db, subject, language, at),
    statementCounts: (q) => statementCounts(db, q, summaries),
    countStatements: (q) => countStatements(db, q, summaries),
    timelineFacets: (at) => timelineFacets(db, at, summaries),
    getStatement: (id, at) => getStatement(db, id, at),
    statementHistory: (id, at) => statementHistory(db, id, at),

    listMetrics: (at) => listMetrics(db, at),
    getMetric: (id, at) => getMetric(db, id, at),
    listRelations: (at) => listRelations(db, at),

    findingsAsOf: (q) => findingsAsOf(db, fresh, q),
    eachRelationsFindings: (q, take, only) => eachRelationsFindings(db, fresh, q, take, only),
    findingsInDateOrder: (q) => findingsInDateOrder(db, fresh, q),
    eachFindingsChunk: (q) => eachFindingsChunk(db, fresh, q),
    countFindings: (q) => countFindings(db, fresh, q),
    findingsWindowAsOf: (q, choose, keep) => findingsWindowAsOf(db, fresh, q, choose, keep),
    openContradictionsOn: (q, inForce) => openContradictionsOn(db, q, inForce),

    compareDates: (q) => compareDates(db, q, index),

    search: (q) => searchArchive(db, q),
  };
}
