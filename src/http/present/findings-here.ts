import { byCodeUnits, relationMetrics } from '../../domain/checks/evaluate.js';
import type { Finding } from '../../domain/checks/types.js';
import { firstDay } from '../../../events/schema/dates.js';
import type { InterfaceLanguage } from '../../i18n/languages.js';
import { translator } from '../../i18n/messages.js';
import type { ArchiveReader } from '../../reader/port.js';
import { findingView, findingWords } from './finding-view.js';
import { link } from './links.js';

/** Cards a statement or metric page shows at most; the rest are a link away, on /checks. */
export const findingsShownHere = 10;

type Subject = Readonly<{ statementId: string; figures: readonly { metric: string; asOf: string }[] } | { metric: string }>;

/**
 * The findings up to `date` that involve a statement's figures or a metric: only the checks that
 * read those metrics are read (a relation's findings, or a metric's own series), by their place
 * in the order the reader numbers checks in: relations by id, then each metric's series in
 * catalogue order (ArchiveReader.eachRelationsFindings). A statement's finding is one with its
 * figure among the evidence, or one that holds on the day its figure describes in a check of
 * that figure's metric: a statement that restates a contradicted figure continues the finding,
 * which keeps the evidence of its first day.
 */
export function findingsInvolving(reader: ArchiveReader, q: { date: string; at: number }, subject: Subject): Finding[] {
  const metrics = new Set('metric' in subject ? [subject.metric] : subject.figures.map((f) => f.metric));
  if (metrics.size === 0) return [];
  const relations = reader.listRelations(q.at);
  const catalogue = reader.listMetrics(q.at);
  const checkMetrics = new Map<number, readonly string[]>();
  relations.forEach((r, i) => relationMetrics(r).some((m) => metrics.has(m)) && checkMetrics.set(i, relationMetrics(r)));
  catalogue.forEach((m, i) => metrics.has(m.id) && checkMetrics.set(relations.length + i, [m.id]));
  const found: Finding[] = [];
  reader.eachRelationsFindings(
    q,
    (findings, check) => {
      if (!('statementId' in subject)) return found.push(...findings);
      const read = checkMetrics.get(check) ?? [];
      const holdsOn = (f: Finding, day: string) => firstDay(f.date) <= day && (f.until === null || day < firstDay(f.until));
      found.push(
        ...findings.filter(
          (f) =>
            f.figures.some((x) => x.statementId === subject.statementId) ||
            subject.figures.some((x) => read.includes(x.metric) && holdsOn(f, firstDay(x.asOf))),
        ),
      );
    },
    (check) => checkMetrics.has(check),
  );
  // What holds today first, then the most recent: a reader wants the live disputes before the history.
  return found.sort((a, b) => Number(b.until === null) - Number(a.until === null) || byCodeUnits(firstDay(b.date), firstDay(a.date)));
}

/** The findings-here partial's view: the latest few cards, and how many more /checks lists. */
export function findingsHereView(
  reader: ArchiveReader,
  q: { date: string; at: number; linkAt: number | undefined; language: InterfaceLanguage },
  subject: Subject,
) {
  const t = translator(q.language);
  const findings = findingsInvolving(reader, q, subject);
  const words = findingWords(reader, q.language, q.at);
  const holding = findings.filter((f) => f.until === null).length;
  const onStatement = 'statementId' in subject;
  return {
    title: t(onStatement ? 'findings:here.titleStatement' : 'findings:here.titleMetric'),
    none: findings.length === 0 ? t(onStatement ? 'findings:here.noneStatement' : 'findings:here.noneMetric') : undefined,
    count: findings.length ? t('findings:here.count', { holding, resolved: findings.length - holding }) : undefined,
    cards: findings.slice(0, findingsShownHere).map((f) => findingView(f, q.linkAt, words)),
    more: findings.length > findingsShownHere ? t('findings:here.more', { count: findings.length - findingsShownHere }) : undefined,
    checksHref: link('/checks', { date: q.date, at: q.linkAt }),
    checksText: t('findings:here.all'),
  };
}
