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

export type PageLinks = Readonly<{ earliest?: string; earlier?: string; later?: string; latest?: string }>;

/**
 * What the pager partial shows of a page read by key. Its place in numbers (statements 201–300,
 * page 3) is known when the page was asked for by number or is the latest; a page reached by a
 * cursor says which days it spans instead, as counting the rows before it would cost what the
 * cursor saves. None for a single page.
 */
export function keyedPagerView(
  place: Readonly<{ total: number; shown: number; numbered?: Page; span?: Readonly<{ from: string; to: string }> }>,
  links: PageLinks,
) {
  if (!links.earlier && !links.later) return undefined;
  const numbered = place.numbered && { page: place.numbered.page, pages: place.numbered.pages, first: place.numbered.offset + 1, last: place.numbered.offset + place.shown };
  // A numbered page two from an end already links that end as its neighbour.
  const nearEnd = (distance: number | undefined) => distance !== undefined && distance < 2;
  return {
    ...numbered,
    ...place.span,
    shown: place.shown,
    total: place.total,
    earlier: links.earlier,
    later: links.later,
    earliest: links.earlier && !nearEnd(numbered && numbered.page - 1) ? links.earliest : undefined,
    latest: links.later && !nearEnd(numbered && numbered.pages - numbered.page) ? links.latest : undefined,
  };
}
