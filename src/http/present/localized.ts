/**
 * The archive's own words in the reader's language, for every page: one `Localized` is built per
 * request (`localizedTexts(reader, lang, at)`) and handed to the presenters. Each subject kind is
 * looked up once, the first time a page asks for it (one query per kind, then lookups by id).
 *
 * A text is given with the language it is in: `lang` is set only where it differs from the page's,
 * i.e. where no translation was in force and the English original is shown; templates put it on
 * the text's element (`<span{{#if labelLang}} lang="{{labelLang}}"{{/if}}>`), so a Russian page
 * has no unmarked English.
 */
import type { Language, StatementKind } from '../../../events/schema/statement.js';
import type { Qualifier, Unit } from '../../../events/schema/figure.js';
import type { TranslatedField, TranslatedSubject } from '../../../events/schema/translation.js';
import type { TextIn, TextsIn } from '../../../projections/translations/translations.js';
import { defaultLanguage, type InterfaceLanguage } from '../../i18n/languages.js';
import { translator, type Translate } from '../../i18n/messages.js';
import type { ArchiveReader } from '../../reader/port.js';
import { humanize } from './labels.js';

/** A text and, where it is not in the page's language, the language it is in. */
export type Shown = Readonly<{ text: string; lang?: Language; translated: boolean }>;

export type Localized = Readonly<{
  /** The page's language. */
  lang: InterfaceLanguage;
  /** The page's messages (`t('statement:kind.speech')`). */
  t: Translate;
  metricLabel(id: string, english: string): Shown;
  metricDescription(id: string, english: string): Shown;
  /** A unit's name ("persons" → «человек»); in English, the slug made readable. */
  unitName(unit: Unit): Shown;
  topicName(slug: string): Shown;
  /** A body by its English name, as statements give it (speaker.body). */
  bodyName(english: string): Shown;
  relationPhrase(id: string, english: string): Shown;
  statementTitle(id: string, english: string): Shown;
  statementSummary(id: string, english: string): Shown;
  /** Interface labels for the archive's fixed vocabularies. */
  kindName(kind: StatementKind | string): string;
  qualifierName(qualifier: Qualifier): string;
  languageName(language: Language): string;
}>;

/** The English interface with the archive's original texts: what pages showed before they spoke other languages. */
export const english: Localized = localizedWith(defaultLanguage, () => original);

/** Everything a page needs to show the archive's own words in `lang`, as they stood at log position `at`. */
export function localizedTexts(reader: Pick<ArchiveReader, 'textsIn'>, lang: InterfaceLanguage, at: number): Localized {
  return localizedWith(lang, (subject) => reader.textsIn(subject, lang, at));
}

const original: TextsIn = (_id, _field, text) => ({ text, language: 'en', fellBack: false });

function localizedWith(lang: InterfaceLanguage, textsOf: (subject: TranslatedSubject) => TextsIn): Localized {
  const t = translator(lang);
  const kinds = new Map<TranslatedSubject, TextsIn>();
  const lookUp = (subject: TranslatedSubject, id: string, field: TranslatedField, english: string): Shown => {
    let texts = kinds.get(subject);
    if (!texts) kinds.set(subject, (texts = textsOf(subject)));
    return shown(texts(id, field, english), lang);
  };
  return {
    lang,
    t,
    metricLabel: (id, text) => lookUp('metric', id, 'label', text),
    metricDescription: (id, text) => lookUp('metric', id, 'description', text),
    unitName: (unit) => lookUp('unit', unit, 'name', humanize(unit)),
    topicName: (slug) => lookUp('topic', slug, 'name', humanize(slug)),
    bodyName: (text) => lookUp('body', text, 'name', text),
    relationPhrase: (id, text) => lookUp('relation', id, 'phrase', text),
    statementTitle: (id, text) => lookUp('statement', id, 'title', text),
    statementSummary: (id, text) => lookUp('statement', id, 'summary', text),
    kindName: (kind) => t(`statement:kind.${kind}`),
    qualifierName: (qualifier) => t(`statement:qualifier.${qualifier}`),
    languageName: (language) => t(`common:languageName.${language}`),
  };
}

function shown(found: TextIn, page: InterfaceLanguage): Shown {
  return { text: found.text, ...(found.language !== page ? { lang: found.language } : {}), translated: found.translation !== undefined };
}
