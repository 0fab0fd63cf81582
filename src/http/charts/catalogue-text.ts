import type { Language } from '../../../events/schema/statement.js';
import type { ArchiveReader } from '../../reader/port.js';
import { humanize } from '../present/labels.js';

/** A text and the language it is in, for its element's `lang`: an untranslated one stays English, marked so. */
export type Worded = Readonly<{ text: string; lang: Language }>;

/**
 * The archive's own words (metric labels, topic and body names, statement titles) in the page's
 * language through the translations read model, read once per page at its log position.
 */
export function catalogueTexts(reader: ArchiveReader, lang: Language, at: number) {
  const metrics = reader.textsIn('metric', lang, at);
  const topics = reader.textsIn('topic', lang, at);
  const bodies = reader.textsIn('body', lang, at);
  const statements = reader.textsIn('statement', lang, at);
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
