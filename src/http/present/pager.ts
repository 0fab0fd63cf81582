import { HttpError } from '../errors.js';

export type Page = Readonly<{ page: number; pages: number; offset: number }>;

/**
 * One page of a long list, 1 the earliest; with no page asked for, the latest, where a reader
 * of an archive that keeps growing wants to land. A page past the last is a 400 naming `page`.
 */
export function choosePage(total: number, size: number, requested: number | undefined, tooFar: (pages: number) => string): Page {
  const pages = Math.max(1, Math.ceil(total / size));
  const page = requested ?? pages;
  if (page > pages) throw new HttpError(400, 'Invalid input', [{ path: 'page', message: tooFar(pages) }]);
  return { page, pages, offset: (page - 1) * size };
}

/** What the pager partial shows: where the page lies, and links to its neighbours and the ends; none for a single page. */
export function pagerView(p: Page, shown: number, total: number, href: (page: number) => string) {
  if (p.pages <= 1) return undefined;
  return {
    page: p.page,
    pages: p.pages,
    first: p.offset + 1,
    last: p.offset + shown,
    total,
    earlier: p.page > 1 ? href(p.page - 1) : undefined,
    later: p.page < p.pages ? href(p.page + 1) : undefined,
    earliest: p.page > 2 ? href(1) : undefined,
    latest: p.page < p.pages - 1 ? href(p.pages) : undefined,
  };
}
