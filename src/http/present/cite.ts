import { formatInstant, formatInstantDay, formatInstantInline, formatPartialDate, todayInAlmaty } from '../../format/dates.js';

export type CiteInput = Readonly<{
  title: string;
  /** The permalink, the page pinned at `position`: absolute, or a path when the archive's address is unknown. */
  url: string;
  position: number;
  /** When the archive recorded that position; unknown when the log could not be read just now. */
  recordedAt: string | undefined;
  accessed: Date;
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

/** A BibTeX key from the page's path: /statements/x at 120 → qantar-statements-x-120. */
function citeKey(url: string, position: number): string {
  // The base only reads a relative permalink (no trustworthy origin); an absolute one ignores it.
  const path = new URL(url, 'http://archive.invalid').pathname.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);
  return `qantar-${path || 'timeline'}-${position}`;
}

/**
 * The "cite this page" block: plain text and BibTeX for the page pinned at its log position.
 * Finished strings; the template puts them in <pre> and Handlebars escapes them for HTML.
 */
export function citeView(c: CiteInput) {
  const archived = c.recordedAt && formatInstant(c.recordedAt);
  const accessedIso = todayInAlmaty(c.accessed);
  const accessed = formatPartialDate(accessedIso);
  const where = `log position ${c.position}${c.recordedAt ? `, recorded ${formatInstantInline(c.recordedAt)}` : ''}`;
  const plain = `Qantar, archive of official statements on the January 2022 events in Kazakhstan. “${c.title}” (${where}). ${c.url} (accessed ${accessed}).`;
  const fields: [string, string][] = [
    ['title', `{${texEscape(c.title)}}`],
    ['author', '{Qantar}'],
    ['howpublished', `\\url{${c.url}}`],
    ['url', c.url],
    ['note', texEscape(`Qantar archive of official statements on the January 2022 events in Kazakhstan, ${where}`)],
    ...(c.recordedAt ? [['year', formatInstantDay(c.recordedAt).slice(-4)] as [string, string]] : []),
    ['urldate', accessedIso],
  ];
  const bibtex = `@misc{${citeKey(c.url, c.position)},\n${fields.map(([k, v]) => `  ${k.padEnd(12)} = {${v}}`).join(',\n')}\n}`;
  return { url: c.url, position: c.position, archived, archivedIso: c.recordedAt, plain, bibtex };
}

export type CiteView = ReturnType<typeof citeView>;
