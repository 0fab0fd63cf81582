import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadArchiveDirectory, readEventFile, reportsDirectory, seedDirectory, translationsDirectory } from '../../events/seed.js';
import { translationLanguages, type TextTranslation, type TranslatedField, type TranslatedSubject } from '../../events/schema/translation.js';
import type { ArchiveEvent } from '../../events/types.js';

/**
 * The archive's own words, in Russian and Kazakh (events/translations/): every metric, unit,
 * topic and body the archive uses, every statement's title and summary (the seed's and the
 * reports') and the relations the archive wrote.
 * The subjects are read from the data, so a new metric or body without a translation fails here.
 */
const seed = loadArchiveDirectory(seedDirectory);
const archive = [...seed, ...loadArchiveDirectory(reportsDirectory)];
const seedStatements = seed.filter((e) => e.type === 'StatementPublished').length;
const files = fs.readdirSync(translationsDirectory).filter((f) => f.endsWith('.json'));
const translations = files.flatMap((f) =>
  readEventFile(path.join(translationsDirectory, f)).map((e) => ({ file: f, ...(e.type === 'TextTranslated' ? e.data : notATranslation(f, e)) })),
);

function notATranslation(file: string, event: ArchiveEvent): never {
  throw new Error(`${file} holds a ${event.type}: events/translations/ holds translations only`);
}

type Needed = Readonly<{ subject: TranslatedSubject; id: string; fields: readonly TranslatedField[] }>;

/** What the archive says in its own words, and so what must be translated, read from the data. */
function neededTranslations(): Needed[] {
  const needed = new Map<string, Needed>();
  const need = (subject: TranslatedSubject, id: string, fields: readonly TranslatedField[]) => needed.set(`${subject} ${id}`, { subject, id, fields });
  for (const e of archive) {
    switch (e.type) {
      case 'MetricDefined':
        need('metric', e.data.id, ['label', 'description']);
        need('unit', e.data.unit, ['name']);
        need('topic', e.data.topic, ['name']);
        break;
      case 'RelationDeclared':
        if (e.data.declaredBy === 'archive') need('relation', e.data.id, ['phrase']);
        break;
      case 'StatementPublished':
        need('body', e.data.speaker.body, ['name']);
        for (const topic of e.data.topics) need('topic', topic, ['name']);
        for (const figure of e.data.figures) need('unit', figure.unit, ['name']);
        need('statement', e.data.id, ['title', 'summary']);
        break;
      case 'StatementCorrected':
        if (e.data.changes.speaker) need('body', e.data.changes.speaker.body, ['name']);
        for (const topic of e.data.changes.topics ?? []) need('topic', topic, ['name']);
        break;
      case 'StatementRetracted':
      case 'TextTranslated':
        break;
      default: {
        const exhaustive: never = e;
        throw new Error(`unknown event ${String(exhaustive)}`);
      }
    }
  }
  return [...needed.values()];
}

const given = (t: TextTranslation) => Object.keys(t.text) as TranslatedField[];

describe('the archive’s translations', () => {
  const needed = neededTranslations();

  it('cover every metric, unit, topic and body in use, every statement’s title and summary, and the archive’s relations, in ru and kk', () => {
    expect(needed.filter((n) => n.subject === 'metric').length).toBeGreaterThanOrEqual(190);
    // The seed's statements and the reports' (events/reports/statements/): a new report needs both languages.
    expect(needed.filter((n) => n.subject === 'statement').length).toBeGreaterThanOrEqual(seedStatements + 77);
    expect(needed.filter((n) => n.subject === 'body').length).toBeGreaterThanOrEqual(30);
    for (const language of translationLanguages) {
      const have = new Set(
        translations.filter((t) => t.language === language).flatMap((t) => given(t).map((field) => `${t.subject} ${t.id} ${field}`)),
      );
      const missing = needed.flatMap((n) => n.fields.map((field) => `${n.subject} ${n.id} ${field}`)).filter((key) => !have.has(key));
      expect(missing, `untranslated into ${language}`).toEqual([]);
    }
  });

  it('translate only what the archive uses, each subject once per language, in the file named for its kind and language', () => {
    const inUse = new Set(needed.map((n) => `${n.subject} ${n.id}`));
    expect(translations.filter((t) => !inUse.has(`${t.subject} ${t.id}`)).map((t) => `${t.file}: ${t.subject} ${t.id}`)).toEqual([]);
    const keys = translations.map((t) => `${t.subject} ${t.id} ${t.language}`);
    expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
    expect(translations.filter((t) => t.file !== `translations-${t.subject}-${t.language}.json`).map((t) => `${t.file}: ${t.subject} ${t.id}`)).toEqual([]);
    expect(new Set(translations.map((t) => t.by))).toEqual(new Set(['archive']));
  });

  it('are written in Cyrillic: no English left in them but the ids of metrics they refer to', () => {
    const metricIds = new Set(needed.filter((n) => n.subject === 'metric').map((n) => n.id));
    const english = translations.flatMap((t) =>
      Object.values(t.text)
        .filter((text): text is string => typeof text === 'string')
        .map((text) => text.replace(/[a-z0-9]+(-[a-z0-9]+)+/g, (id) => (metricIds.has(id) ? '' : id)))
        .filter((text) => /[A-Za-z]/.test(text))
        .map((text) => `${t.subject} ${t.id} ${t.language}: ${text}`),
    );
    expect(english).toEqual([]);
  });
});
