import type Database from 'better-sqlite3';
import type { Language } from '../../events/schema/statement.js';
import type { TranslatedField, TranslatedSubject, TranslationLanguage } from '../../events/schema/translation.js';
import { endOfLog, preparedFor, type Projection } from '../projection.js';

/**
 * Every translation the log holds, one row per text it gives, at the position it was recorded:
 * the text in force at a position is the one with the latest position up to it, so a later
 * translation replaces an earlier one from its position on, and `at=` still finds the earlier.
 * Beside them, where a correction changed an English original (a statement's title or summary):
 * a translation older than that change translates a text the archive no longer shows.
 */
export const translationsProjection: Projection = {
  name: 'translations',
  schema: `
    CREATE TABLE IF NOT EXISTS translations (
      subject TEXT NOT NULL, id TEXT NOT NULL, language TEXT NOT NULL, field TEXT NOT NULL,
      position INTEGER NOT NULL, text TEXT NOT NULL, translated_by TEXT NOT NULL,
      PRIMARY KEY (subject, language, id, field, position)
    ) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS translated_originals_changed (
      subject TEXT NOT NULL, id TEXT NOT NULL, field TEXT NOT NULL, position INTEGER NOT NULL,
      PRIMARY KEY (subject, id, field, position)
    ) WITHOUT ROWID;`,
  handles: ['statement', 'translation'],
  evolve(db, change, recorded) {
    switch (change.kind) {
      case 'metric':
      case 'relation':
        return;
      case 'statement': {
        const before = change.before?.statement;
        const after = change.after.statement;
        for (const field of ['title', 'summary'] as const) {
          if (before && before[field] !== after[field]) writes(db).originalChanged.run('statement', after.id, field, recorded.position);
        }
        return;
      }
      case 'translation': {
        const t = change.translation;
        for (const [field, text] of Object.entries(t.text)) {
          if (typeof text === 'string') writes(db).insert.run(t.subject, t.language, t.id, field, recorded.position, text, t.by);
        }
        return;
      }
      default: {
        const exhaustive: never = change;
        return exhaustive;
      }
    }
  },
};

const writes = preparedFor((db) => ({
  insert: db.prepare(
    'INSERT INTO translations (subject, language, id, field, position, text, translated_by) VALUES (?, ?, ?, ?, ?, ?, ?)',
  ),
  originalChanged: db.prepare('INSERT INTO translated_originals_changed (subject, id, field, position) VALUES (?, ?, ?, ?)'),
}));

const reads = preparedFor((db) => ({
  // SQLite takes the bare columns of a max() aggregate from the row holding the max: the text in force.
  inForce: db.prepare<[TranslatedSubject, TranslationLanguage, number], InForceRow>(
    `SELECT id, field, text, translated_by, max(position) AS position FROM translations
      WHERE subject = ? AND language = ? AND position <= ? GROUP BY id, field`,
  ),
  inForceOf: db.prepare<[TranslatedSubject, TranslationLanguage, string, number], InForceRow>(
    `SELECT id, field, text, translated_by, max(position) AS position FROM translations
      WHERE subject = ? AND language = ? AND id = ? AND position <= ? GROUP BY field`,
  ),
  originalsChanged: db.prepare<[TranslatedSubject, number], ChangedRow>(
    `SELECT id, field, max(position) AS position FROM translated_originals_changed
      WHERE subject = ? AND position <= ? GROUP BY id, field`,
  ),
  originalsChangedOf: db.prepare<[TranslatedSubject, string, number], ChangedRow>(
    `SELECT id, field, max(position) AS position FROM translated_originals_changed
      WHERE subject = ? AND id = ? AND position <= ? GROUP BY field`,
  ),
}));

type InForceRow = { id: string; field: TranslatedField; text: string; translated_by: 'archive'; position: number };
type ChangedRow = { id: string; field: TranslatedField; position: number };

/** A text as a reader asked for it: in their language, or in English where it has no translation. */
export type TextIn = Readonly<{
  text: string;
  /** The language the text is in: the one asked for, or "en" where it fell back. */
  language: Language;
  /** No translation into the language asked for was in force: the text is the English original. */
  fellBack: boolean;
  /**
   * Why it fell back although a translation exists: a correction changed the English original
   * (at this log position) after the translation in force was made, so it translates an earlier text.
   */
  outdatedTranslation?: Readonly<{ originalChangedAt: number; translatedAt: number }>;
  /** For a translation: who made it, and the log position it has been in force from. */
  translation?: Readonly<{ by: 'archive'; since: number }>;
}>;

/** Finds a subject's text in one language: the English original is given, as the caller holds it. */
export type TextsIn = (id: string, field: TranslatedField, english: string) => TextIn;

/**
 * The texts of every subject of one kind in a language, as they stood at log position `at`:
 * one query, then lookups by id and field, for a list (the catalogue, the timeline).
 */
export function textsIn(db: Database.Database, subject: TranslatedSubject, language: Language, at = endOfLog): TextsIn {
  if (language === 'en') return original;
  return lookup(language, reads(db).inForce.all(subject, language, at), reads(db).originalsChanged.all(subject, at));
}

/** One subject's text in a language, as it stood at log position `at`. */
export function textIn(
  db: Database.Database,
  subject: TranslatedSubject,
  id: string,
  field: TranslatedField,
  english: string,
  language: Language,
  at = endOfLog,
): TextIn {
  if (language === 'en') return original(id, field, english);
  const r = reads(db);
  return lookup(language, r.inForceOf.all(subject, language, id, at), r.originalsChangedOf.all(subject, id, at))(id, field, english);
}

const original: TextsIn = (_id, _field, english) => ({ text: english, language: 'en', fellBack: false });

function lookup(language: TranslationLanguage, rows: readonly InForceRow[], changed: readonly ChangedRow[]): TextsIn {
  const key = (r: { id: string; field: string }) => `${r.id}\u0000${r.field}`;
  const translations = new Map(rows.map((r) => [key(r), r]));
  const originalChangedAt = new Map(changed.map((r) => [key(r), r.position]));
  return (id, field, english) => {
    const row = translations.get(key({ id, field }));
    if (!row) return { text: english, language: 'en', fellBack: true };
    const changedAt = originalChangedAt.get(key({ id, field }));
    if (changedAt !== undefined && changedAt > row.position) {
      return { text: english, language: 'en', fellBack: true, outdatedTranslation: { originalChangedAt: changedAt, translatedAt: row.position } };
    }
    return { text: row.text, language, fellBack: false, translation: { by: row.translated_by, since: row.position } };
  };
}
