import type { Statement } from '../../../events/schema/statement.js';
import { draftFindings, draftFigures, draftPosition, metricsToRead } from '../../domain/checks/draft-findings.js';
import type { InterfaceLanguage } from '../../i18n/languages.js';
import { translator } from '../../i18n/messages.js';
import type { ArchiveReader } from '../../reader/port.js';
import { findingView, findingWords } from './finding-view.js';
import { humanize } from './labels.js';
import { statementView } from './statement-view.js';

/**
 * The editor's preview of a draft statement: the statement as its page will show it (the
 * statement page's presenter), and what the checks would find once it is appended, evaluated
 * over the archive's figures plus the draft's before anything is written.
 */
export function draftPreview(reader: ArchiveReader, statement: Statement, language: InterfaceLanguage, at: number) {
  const t = translator(language);
  const words = findingWords(reader, language, at);
  const metrics = reader.listMetrics(at);
  const labels = new Map(metrics.map((m) => [m.id, words.labelOf(m.id, m.label)]));
  const version = {
    statement,
    status: 'published' as const,
    revision: 0,
    position: draftPosition,
    replacedAt: null,
    eventType: 'StatementPublished',
    reason: null,
    recordedAt: '',
  };
  const relations = reader.listRelations(at);
  const draft = draftFigures(statement, new Map(metrics.map((m) => [m.id, m.label])));
  const histories = new Map(metricsToRead(relations, draft).map((m) => [m, reader.metricHistory(m, { at })]));
  const warnings = draftFindings(relations, histories, draft).map((f) => findingView(f, undefined, words));
  const topicNames = reader.textsIn('topic', language, at);
  return {
    title: t('editor:previewPage.title'),
    statement: statementView(version, labels, undefined, words.l),
    kindLabel: t(`editor:kind.${statement.kind}`),
    topics: statement.topics.map((slug) => {
      const name = topicNames(slug, 'name', humanize(slug));
      return { label: name.text, lang: name.language === language ? undefined : name.language };
    }),
    warnings,
    warningsText: t('editor:previewPage.warnings', { count: warnings.length }),
  };
}
