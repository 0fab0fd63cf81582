/**
 * The read side's port: the only thing pages, the API, the CLI and the exports know about the
 * read model, as the store port (src/store/port.ts) is all the write side knows about the log.
 * A reader is bound to one read model when it is made; its implementations are factories
 * (src/read-model/reader.ts over SQLite), and one contract suite (tests/int/reader-contract.ts)
 * holds every implementation to the same answers.
 *
 * Every query takes the three times of DESIGN.md where they apply: `date` (valid time), `known`
 * (publication time) and `at` (archive time, a log position; the checkpoint when absent).
 */
import type { DeclaredRelation, Metric } from '../../projections/catalogue/catalogue.js';
import type { ChecksQuery, FindingKey, FindingPlace } from '../../projections/checks/findings.js';
import type { Finding } from '../domain/checks/types.js';
import type { CompareQuery, Comparison } from '../../projections/figures/compare.js';
import type { AsOfQuery, FigureRecord } from '../../projections/figures/figures.js';
import type { SearchAnswer, SearchQuery } from '../../projections/search/query.js';
import type { TextsIn } from '../../projections/translations/translations.js';
import type { Language } from '../../events/schema/statement.js';
import type { TranslatedSubject } from '../../events/schema/translation.js';
import type { KeyedPage, Page, PageStart, StatementVersion, TimelineQuery } from '../../projections/statements/statements.js';

export type { AsOfQuery, ChecksQuery, CompareQuery, FindingKey, KeyedPage, Page, PageStart, SearchAnswer, SearchQuery, TimelineQuery };

/** A day and its other two times, all given: what /figures checks its rows on. */
export type DayQuery = Readonly<{ date: string; known?: string; at: number }>;

export type TimelineFacets = Readonly<{ bodies: string[]; kinds: string[]; topics: string[] }>;

export type ArchiveReader = Readonly<{
  /** Position of the last event the read model has applied, or undefined when none has been. */
  checkpoint(): bigint | undefined;

  // Figures
  /** For each metric, the figure in force as of `date`, known by `known`, at `at`; in topic, then metric order. */
  figuresAsOf(q: AsOfQuery): FigureRecord[];
  /**
   * A key for figuresAsOf's answer without reading the figures: the same ids mean the same answer.
   * Opaque (read-model ids); undefined where the reader cannot say without answering.
   */
  figureIdsAsOf(q: AsOfQuery): number[] | undefined;
  /** The figure a metric had for the latest day before `before`, under the same publication and archive times. */
  previousFigure(metric: string, before: string, q?: Partial<AsOfQuery>): FigureRecord | undefined;
  /** Every figure given for a metric, in valid-time order; with `date`, only those describing that day or earlier. */
  metricHistory(metric: string, q?: Partial<AsOfQuery>): FigureRecord[];
  /** Every figure given for a metric that describes exactly `asOf`, as the source gave it. */
  figuresDescribing(metric: string, asOf: string, q?: Partial<AsOfQuery>): FigureRecord[];
  /** The first day any figure in force at `at` describes, if any. */
  earliestFigureDay(at?: number): string | undefined;

  // Statements
  /** The statements in date order (then log order), each in the version held at `at`; with a page, one window of them. */
  listStatements(q?: TimelineQuery & Page): StatementVersion[];
  /**
   * `size` statements in date order after or before a key (the latest ones for 'latest'), and
   * whether others lie before and after them: a seek into the index, whatever the depth.
   */
  statementsPage(q: TimelineQuery, size: number, start: PageStart): KeyedPage;
  /** How many statements listStatements would list without a page, and how many of those are retracted. */
  statementCounts(q?: TimelineQuery): { total: number; retracted: number };
  countStatements(q?: TimelineQuery): number;
  /** The bodies, kinds (of published statements) and topics in force at `at`, sorted: the timeline's filters. */
  timelineFacets(at?: number): TimelineFacets;
  /** One statement as held at `at`, retracted or not. */
  getStatement(id: string, at?: number): StatementVersion | undefined;
  /** Every version of a statement up to `at`, oldest first: its publication, corrections and retraction. */
  statementHistory(id: string, at?: number): StatementVersion[];

  // Translations of the archive's own words
  /** The texts of every subject of one kind in a language at `at`, falling back to English and saying so. */
  textsIn(subject: TranslatedSubject, language: Language, at?: number): TextsIn;

  // The catalogue
  /** The metrics defined by `at`, in topic, then id order. */
  listMetrics(at?: number): Metric[];
  getMetric(id: string, at?: number): Metric | undefined;
  /** The relations between metrics declared by `at`, by id. */
  listRelations(at?: number): DeclaredRelation[];

  // Findings: contradictions, revisions, disagreements
  /** Every finding up to `date`, in date order, all in memory: for small archives and tests. */
  findingsAsOf(q: ChecksQuery): Finding[];
  /** The findings up to `date`, handed over one relation (then one metric's series) at a time, each in date order. */
  eachRelationsFindings(q: ChecksQuery, take: (findings: Finding[], relation: number) => void, only?: (relation: number) => boolean): void;
  /** Every finding up to `date` in date order, a chunk at a time: a command printing them holds a chunk, not all. */
  findingsInDateOrder(q: ChecksQuery): Iterable<Finding[]>;
  /** Every finding up to `date`, check after check, a chunk at a time, all at one log position: the CSV's order. */
  eachFindingsChunk(q: ChecksQuery): Iterable<Finding[]>;
  /** How many findings there are up to `date`, and how many of them hold on it. */
  countFindings(q: ChecksQuery): { total: number; holding: number };
  /** The findings `choose` picks by their places in date order, whole, and how many there are in all. */
  findingsWindowAsOf(
    q: ChecksQuery & { after?: FindingKey },
    choose: (places: readonly FindingPlace[]) => Iterable<number>,
    keep?: (finding: Finding, rank: number, ofRelation: number) => boolean,
  ): { total: number; findings: Finding[] };
  /**
   * The findings that hold on `date` among `inForce` (figuresAsOf's answer for the same three
   * times, every topic), by metric: what /figures marks beside its rows.
   */
  openContradictionsOn(q: DayQuery, inForce: readonly FigureRecord[]): Map<string, Finding[]>;

  /** The figures on two dates side by side, under the same publication and archive times. */
  compareDates(q: CompareQuery): Comparison;

  // Search
  /**
   * The texts held at `at` that contain every word of `q` (in any language the archive holds),
   * best first, with their matches marked, and how many there are. A bad query (empty, too long,
   * no letter or digit, an unknown filter) is a ValidationError naming the field.
   */
  search(q: SearchQuery): SearchAnswer;
}>;
