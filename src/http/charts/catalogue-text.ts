import type { Language } from '../../../events/schema/statement.js';
import type { TextsIn } from '../../../projections/translations/translations.js';
import type { ArchiveReader } from '../../reader/port.js';
import { humanize } from '../present/labels.js';

/** A text and the language it is in, for its element's `lang`: an untranslated one stays English, marked so. */
export type Worded = Readonly<{ text: string; lang: Language }>;

/**
 * The archive's own words (metric labels, topic and body names, statement titles) in the page's
 * language through the translations read model, read once per page at its log position.
 */
export function catalogueTexts(reader: ArchiveReader, lang: Language, at: number) {
  // Each kind is read on first use: a page that shows no statement title does not read their translations.
  const lazy = (subject: Parameters<ArchiveReader['textsIn']>[0]) => {
    let texts: TextsIn | undefined;
    return (...args: Parameters<TextsIn>) => (texts ??= reader.textsIn(subject, lang, at))(...args);
  };
  const metrics = lazy('metric');
  const topics = lazy('topic');
  const bodies = lazy('body');
  const statements = lazy('statement');
  const worded = (t: { text: string; language: Language }): Worded => ({ text: t.text, lang: t.language });
  return {
    metricLabel: (id: string, english: string) => worded(metrics(id, 'label', english)),
    metricDescription: (id: string, english: string) => worded(metrics(id, 'description', english)),
    topicName: (id: string) => worded(topics(id, 'name', humanize(id))),
    bodyName: (name: string) => worded(bodies(name, 'name', name)),
    statementTitle: (id: string, english: string) => worded(statements(id, 'title', english)),
  };
}

export type CatalogueTexts = ReturnType<typeof catalogueTexts>;
