import type Database from 'better-sqlite3';
import type { Language } from '../../events/schema/statement.js';
import { translationLanguages } from '../../events/schema/translation.js';
import { preparedFor, type Projection } from '../projection.js';
import {
  metricDocument,
  statementDocuments,
  translatedMetricDocument,
  translatedStatementDocument,
  type SearchDocument,
  type SubjectCopy,
  type TranslatedTexts,
} from './documents.js';

/**
 * Full-text search over the archive's texts in every language it holds: statements (title,
 * summary, quote, speaker, venue), figures' wording, sources, metrics, and the Russian and
 * Kazakh translations of the archive's own words (a statement's title and summary, with its
 * speaker's body by its translated name; a metric's label and description). It keeps its own copy of everything it
 * indexes (fed by the events, never read from another projection's tables).
 *
 * Each document is valid in archive time from the event that made it until the one that
 * replaced it (`until_position`), as statement versions are: a search at `at` finds the texts
 * the archive held then. Rows are never deleted, so the FTS index (external content: the text
 * is stored once, in search_docs) always matches its content table.
 *
 * The tokenizer is unicode61 with remove_diacritics 2: case is folded for Latin and Cyrillic
 * (Kazakh letters too: Ә/ә), Latin diacritics are removed (é = e), and no Cyrillic letter is
 * folded into another: ә ≠ а, і ≠ и, қ ≠ к, ң ≠ н, ө ≠ о, ұ ≠ ү ≠ у, ғ ≠ г, һ ≠ х, and й ≠ и,
 * ё ≠ е (the Kazakh pairs are distinct letters; the archive's Russian texts do not use ё).
 * Russian and Kazakh inflections are found by a prefix ("амнист*" finds амнистия and амнистии):
 * FTS5 reads a prefix as a range of its sorted terms; an index of 3-character prefixes keeps the
 * shortest useful ones cheap (more prefix indexes cost a third more time to index, measured).
 */
export const searchProjection: Projection = {
  name: 'search',
  handles: ['metric', 'statement', 'translation'],
  schema: `
    CREATE TABLE IF NOT EXISTS search_docs (
      id INTEGER PRIMARY KEY, owner TEXT NOT NULL, kind TEXT NOT NULL, ref TEXT NOT NULL, metric TEXT,
      lang TEXT NOT NULL, day TEXT, topics TEXT NOT NULL, label TEXT NOT NULL,
      from_position INTEGER NOT NULL, until_position INTEGER,
      title TEXT NOT NULL, body TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS search_docs_open ON search_docs (owner) WHERE until_position IS NULL;
    CREATE VIRTUAL TABLE IF NOT EXISTS search_text USING fts5(
      title, body, content = 'search_docs', content_rowid = 'id',
      tokenize = 'unicode61 remove_diacritics 2', prefix = '3'
    );
    CREATE TABLE IF NOT EXISTS search_subjects (
      subject TEXT NOT NULL, id TEXT NOT NULL, label TEXT NOT NULL, day TEXT, topics TEXT NOT NULL, body TEXT,
      PRIMARY KEY (subject, id)
    ) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS search_subjects_by_body ON search_subjects (body) WHERE body IS NOT NULL;
    CREATE TABLE IF NOT EXISTS search_translations (
      subject TEXT NOT NULL, id TEXT NOT NULL, lang TEXT NOT NULL, field TEXT NOT NULL, text TEXT NOT NULL,
      PRIMARY KEY (subject, id, lang, field)
    ) WITHOUT ROWID;`,
  evolve(db, change, recorded) {
    const w = writes(db);
    const position = recorded.position;
    switch (change.kind) {
      case 'relation':
        return;
      case 'metric': {
        const m = change.metric;
        w.subject.run('metric', m.id, m.label, null, JSON.stringify([m.topic]), null);
        insert(db, `metric:${m.id}`, metricDocument(m), position);
        reindexTranslations(db, 'metric', m.id, position, false);
        return;
      }
      case 'statement': {
        const { before, after } = change;
        const s = after.statement;
        if (before) {
          w.close.run(position, `statement:${s.id}`);
          // A translation of a title or summary since corrected translates a text the archive no longer shows.
          for (const field of ['title', 'summary'] as const) {
            if (before.statement[field] !== s[field]) w.forgetTranslation.run('statement', s.id, field);
          }
        }
        if (after.status === 'retracted') {
          w.forgetSubject.run('statement', s.id);
          if (before) reindexTranslations(db, 'statement', s.id, position, true);
          return;
        }
        const docs = statementDocuments(s);
        w.subject.run('statement', s.id, s.title, docs[0]!.day, JSON.stringify(s.topics), s.speaker.body);
        for (const doc of docs) insert(db, `statement:${s.id}`, doc, position);
        reindexTranslations(db, 'statement', s.id, position, before !== undefined);
        return;
      }
      case 'translation': {
        const t = change.translation;
        if (t.subject !== 'statement' && t.subject !== 'metric' && t.subject !== 'body') return;
        for (const [field, text] of Object.entries(t.text)) {
          if (typeof text === 'string') w.translation.run(t.subject, t.id, t.language, field, text);
        }
        if (t.subject !== 'body') return reindexTranslations(db, t.subject, t.id, position, true, [t.language]);
        // A body's name is the speaker of each of its statements: their texts in that language name it.
        for (const id of w.statementsOfBody.all(t.id)) reindexTranslations(db, 'statement', id, position, true, [t.language]);
        return;
      }
      default: {
        const exhaustive: never = change;
        return exhaustive;
      }
    }
  },
};

/** Closes a subject's translated documents and indexes them anew from the projection's own copies. */
function reindexTranslations(
  db: Database.Database,
  subject: 'statement' | 'metric',
  id: string,
  position: bigint,
  close: boolean,
  languages: readonly Language[] = translationLanguages,
): void {
  const w = writes(db);
  for (const lang of languages) if (close) w.close.run(position, `${subject}:${id}:${lang}`);
  // Most subjects have no translation when first indexed (translations follow them in the log): one lookup says so.
  const copyRow = w.subjectOf.get(subject, id);
  if (!copyRow) return;
  const rows = w.translationsOf.all(subject, id);
  if (copyRow.body) rows.push(...w.translationsOf.all('body', copyRow.body).map((r) => ({ ...r, field: 'body' })));
  if (rows.length === 0) return;
  const copy: SubjectCopy = { id, label: copyRow.label, day: copyRow.day, topics: JSON.parse(copyRow.topics) as string[] };
  for (const lang of languages) {
    const texts = Object.fromEntries(rows.filter((r) => r.lang === lang).map((r) => [r.field, r.text])) as TranslatedTexts;
    const doc = subject === 'statement' ? translatedStatementDocument(copy, lang, texts) : translatedMetricDocument(copy, lang, texts);
    if (doc) insert(db, `${subject}:${id}:${lang}`, doc, position);
  }
}

/** The two characters highlight() marks matches with: never left in an indexed text. */
export const markStart = '\u0002';
export const markEnd = '\u0003';
const clean = (text: string) => text.replace(/[\u0002\u0003]/g, ' ');

function insert(db: Database.Database, owner: string, doc: SearchDocument, position: bigint): void {
  const w = writes(db);
  const title = clean(doc.title);
  const body = clean(doc.body);
  const { lastInsertRowid } = w.doc.run(
    owner, doc.kind, doc.ref, doc.metric, doc.lang, doc.day, ` ${doc.topics.join(' ')} `, clean(doc.label), position, title, body,
  );
  w.text.run(lastInsertRowid, title, body);
}

type CopyRow = { label: string; day: string | null; topics: string; body: string | null };

const writes = preparedFor((db) => ({
  doc: db.prepare(
    `INSERT INTO search_docs (owner, kind, ref, metric, lang, day, topics, label, from_position, title, body)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ),
  text: db.prepare('INSERT INTO search_text (rowid, title, body) VALUES (?, ?, ?)'),
  close: db.prepare('UPDATE search_docs SET until_position = ? WHERE owner = ? AND until_position IS NULL'),
  subject: db.prepare(
    `INSERT INTO search_subjects (subject, id, label, day, topics, body) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT DO UPDATE SET label = excluded.label, day = excluded.day, topics = excluded.topics, body = excluded.body`,
  ),
  subjectOf: db.prepare<[string, string], CopyRow>('SELECT label, day, topics, body FROM search_subjects WHERE subject = ? AND id = ?'),
  statementsOfBody: db.prepare<[string], string>("SELECT id FROM search_subjects WHERE body = ? AND subject = 'statement'").pluck(),
  forgetSubject: db.prepare('DELETE FROM search_subjects WHERE subject = ? AND id = ?'),
  translation: db.prepare(
    `INSERT INTO search_translations (subject, id, lang, field, text) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT DO UPDATE SET text = excluded.text`,
  ),
  translationsOf: db.prepare<[string, string], { lang: string; field: string; text: string }>(
    'SELECT lang, field, text FROM search_translations WHERE subject = ? AND id = ?',
  ),
  forgetTranslation: db.prepare('DELETE FROM search_translations WHERE subject = ? AND id = ? AND field = ?'),
}));
