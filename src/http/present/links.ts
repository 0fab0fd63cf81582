/** Internal links and safe external ones: the only place hrefs are built. */

export type Params = Record<string, string | number | undefined>;

/** A path with its query; empty and undefined parameters are left out. */
export function link(path: string, params: Params = {}): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') query.set(key, String(value));
  }
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

/** Only http(s) URLs become links: a stored `javascript:` URL (had one slipped past the schema) stays text. */
export function safeHref(url: string | undefined): string | undefined {
  if (!url || !URL.canParse(url)) return undefined;
  return ['http:', 'https:'].includes(new URL(url).protocol) ? url : undefined;
}

/**
 * The same page pinned at a log position, in the language it was read in: the permalink a
 * citation uses, so whoever follows it reads the page the citation quotes.
 */
export function permalink(originalUrl: string, at: number, lang?: string): string {
  const url = new URL(originalUrl, 'http://archive.invalid');
  url.searchParams.set('at', String(at));
  if (lang !== undefined) {
    // Last, after `at`: the address reads as the page, its moment, then its language.
    url.searchParams.delete('lang');
    url.searchParams.set('lang', lang);
  }
  return `${url.pathname}?${url.searchParams.toString()}`;
}
