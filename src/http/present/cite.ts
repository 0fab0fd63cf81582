import { formatInstant, formatInstantDay, formatInstantInline, formatPartialDate, todayInAlmaty } from '../../format/dates.js';
import { defaultLanguage, type InterfaceLanguage } from '../../i18n/languages.js';
import { translator } from '../../i18n/messages.js';

export type CiteInput = Readonly<{
  title: string;
  /** The permalink, the page pinned at `position`: absolute, or a path when the archive's address is unknown. */
  url: string;
  position: number;
  /** When the archive recorded that position; unknown when the log could not be read just now. */
  recordedAt: string | undefined;
  accessed: Date;
  /** The language the page was read in: the citation is written in it, and its permalink carries it. */
  lang?: InterfaceLanguage;
}>;

/** LaTeX's special characters, in one pass so that an escape is never escaped again. */
const texSpecials: Record<string, string> = {
  '\\': '\\textbackslash{}',
  '{': '\\{',
  '}': '\\}',
  '%': '\\%',
  '&': '\\&',
  $: '\\$',
  '#': '\\#',
  _: '\\_',
  '^': '\\^{}',
  '~': '\\~{}',
};
export const texEscape = (text: string) => text.replace(/[\\{}%&$#_^~]/g, (c) => texSpecials[c]!);

/** biblatex's names of the languages (`langid`), so a bibliography hyphenates and quotes the entry right. */
const langid: Record<InterfaceLanguage, string> = { en: 'british', ru: 'russian', kk: 'kazakh' };

/** A BibTeX key from the page's path: /statements/x at 120 → qantar-statements-x-120. */
function citeKey(url: string, position: number): string {
  // The base only reads a relative permalink (no trustworthy origin); an absolute one ignores it.
  const path = new URL(url, 'http://archive.invalid').pathname.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);
  return `qantar-${path || 'timeline'}-${position}`;
}

/**
 * The "cite this page" block: plain text and BibTeX for the page pinned at its log position, in
 * the page's language. Finished strings; the template puts them in <pre> and Handlebars escapes them.
 */
export function citeView(c: CiteInput) {
  const lang = c.lang ?? defaultLanguage;
  const t = translator(lang);
  const archived = c.recordedAt && formatInstant(c.recordedAt, lang);
  const accessedIso = todayInAlmaty(c.accessed);
  const accessed = formatPartialDate(accessedIso, lang);
  const where = c.recordedAt
    ? t('common:cite.whereRecorded', { position: String(c.position), recorded: formatInstantInline(c.recordedAt, lang) })
    : t('common:cite.where', { position: String(c.position) });
  const archive = t('common:cite.archive');
  const plain = t('common:cite.plain', { archive, title: c.title, where, url: c.url, accessed });
  const fields: [string, string][] = [
    ['title', `{${texEscape(c.title)}}`],
    ['author', '{Qantar}'],
    ['howpublished', `\\url{${c.url}}`],
    ['url', c.url],
    ['note', texEscape(`${archive}, ${where}`)],
    ...(c.recordedAt ? [['year', formatInstantDay(c.recordedAt).slice(-4)] as [string, string]] : []),
    ['urldate', accessedIso],
    ['langid', langid[lang]],
  ];
  const bibtex = `@misc{${citeKey(c.url, c.position)},\n${fields.map(([k, v]) => `  ${k.padEnd(12)} = {${v}}`).join(',\n')}\n}`;
  return { url: c.url, position: c.position, archived, archivedIso: c.recordedAt, plain, bibtex };
}

export type CiteView = ReturnType<typeof citeView>;
