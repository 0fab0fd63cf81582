import { categoryOf, type Finding, type FindingFigure } from '../../domain/checks/types.js';
import { draftPosition } from '../../domain/checks/draft-findings.js';
import { formatPartialDate } from '../../format/dates.js';
import { formatFigureValue } from '../../format/numbers.js';
import type { Language } from '../../../events/schema/statement.js';
import type { InterfaceLanguage } from '../../i18n/languages.js';
import { translator } from '../../i18n/messages.js';
import { findingText, type LabelOf } from '../../present/finding-text.js';
import type { ArchiveReader } from '../../reader/port.js';
import { boundsText, wordingView } from './figure-view.js';
import { link } from './links.js';
import { localizedTexts, type Localized } from './localized.js';

/** English category names, for pages that have not moved to the reader's language yet. */

/** A relation has at most one contradiction holding on a date: its anchor on /checks, for /figures to link to. */
export const holdingAnchor = (relationId: string) => `holding-${relationId}`;

/** A text and the language it is in, so the page can mark English among Russian. */
type Worded = Readonly<{ text: string; lang: Language }>;

/**
 * What a finding's card needs beyond the finding, in the reader's language: metric labels,
 * statements by their titles, and relations by the sentence that implies them. Lookups are kept
 * for the request, as a page shows the same statements again and again.
 */
export type FindingWords = Readonly<{
  language: InterfaceLanguage;
  /** The page's words for the presenters shared with other pages (values, bounds, wordings). */
  l: Localized;
  labelOf: LabelOf;
  titleOf(statementId: string): Worded | undefined;
  phraseOf(f: Finding): Worded;
}>;

export function findingWords(reader: ArchiveReader, language: InterfaceLanguage, at: number): FindingWords {
  const l = localizedTexts(reader, language, at);
  const kept = new Map<string, Worded | undefined>();
  return {
    language,
    l,
    labelOf: (metric, english) => l.metricLabel(metric, english ?? metric).text,
    titleOf(statementId) {
      if (!kept.has(statementId)) {
        const title = reader.getStatement(statementId, at)?.statement.title;
        const shown = title === undefined ? undefined : l.statementTitle(statementId, title);
        kept.set(statementId, shown && { text: shown.text, lang: shown.lang ?? language });
      }
      return kept.get(statementId);
    },
    phraseOf(f) {
      // A metric's own series has no declared relation: the archive explains the kind of finding.
      if (f.kind === 'replaced' || f.kind === 'disagreement') return { text: l.t(`findings:explanation.${f.kind}`), lang: language };
      // The source's words are quoted as they are; the archive's own may be translated.
      if (f.declaredBy === 'source') return { text: f.phrase, lang: 'en' };
      const phrase = l.relationPhrase(f.relationId, f.phrase);
      return { text: phrase.text, lang: phrase.lang ?? language };
    },
  };
}

/** A finding as its card shows it (on /checks, on statement and metric pages, in the editor's preview): finished strings only. */
export function findingView(f: Finding, linkAt: number | undefined, words: FindingWords) {
  const { language } = words;
  const t = translator(language);
  const date = (d: string) => formatPartialDate(d, language);
  const phrase = words.phraseOf(f);
  return {
    ...findingText(f, language, words.labelOf),
    id: `finding-${f.relationId}-${f.date}`,
    anchor: f.until === null ? holdingAnchor(f.relationId) : undefined,
    kind: t(`findings:kind.${f.kind}`),
    category: t(`findings:category.${categoryOf(f.kind)}`),
    phrase: phrase.text,
    phraseLang: phrase.lang === language ? undefined : phrase.lang,
    phraseIntro: t(f.kind === 'replaced' || f.kind === 'disagreement' ? 'findings:card.seriesReason' : f.declaredBy === 'source' ? 'findings:card.sourceWords' : 'findings:card.archiveReason'),
    quoted: f.declaredBy === 'source' && f.kind !== 'replaced' && f.kind !== 'disagreement',
    holds: f.until === null,
    span: f.until === null ? t('findings:card.since', { date: date(f.date) }) : t('findings:card.between', { from: date(f.date), until: date(f.until) }),
    missing: f.missing.length ? t('findings:card.missing', { metrics: f.missing.map((m) => words.labelOf(m, undefined)).join(', ') }) : undefined,
    figures: f.figures.map((x) => figureRow(x, linkAt, words)),
  };
}

function figureRow(x: FindingFigure, linkAt: number | undefined, words: FindingWords) {
  const t = translator(words.language);
  const isDraft = x.position === draftPosition;
  const title = isDraft ? undefined : words.titleOf(x.statementId);
  return {
    role: t(`findings:role.${x.role}`),
    label: words.labelOf(x.metric, x.label),
    metricHref: link(`/metrics/${x.metric}`, { at: linkAt }),
    labelLang: words.l.metricLabel(x.metric, x.label ?? x.metric).lang,
    value: formatFigureValue(x, words.language),
    bounds: boundsText(x, words.l),
    ...wordingView(x, words.l),
    asOf: formatPartialDate(x.asOf, words.language),
    asOfIso: x.asOf,
    draft: isDraft ? t('findings:card.draft') : undefined,
    statementTitle: title?.text ?? x.statementId,
    statementLang: title && title.lang !== words.language ? title.lang : undefined,
    statementHref: isDraft ? undefined : link(`/statements/${x.statementId}`, { at: linkAt }),
  };
}
