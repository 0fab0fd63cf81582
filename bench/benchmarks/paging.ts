import { round } from '../stats.js';
import type { TableRow } from '../table.js';
import { sequentialLoad, type Server } from './server-process.js';

/** The timeline's and /api/statements's page size in this benchmark. */
const pageSize = 100;
/** How deep the deep pages are: the issue's 3,000th page, or most of the way down a smaller archive. */
const deepPage = (pages: number) => Math.max(2, Math.min(3000, Math.floor(pages * 0.75)));

async function text(server: Server, pathname: string) {
  const response = await fetch(`${server.url}${pathname}`);
  const body = await response.text();
  if (!response.ok) throw new Error(`${pathname} answered ${response.status}: ${body.slice(0, 200)}`);
  return body;
}

/**
 * Cursors to deep pages, as a reader reaches them: an old numbered link (`/?page=N`,
 * `offset=`) leads on by cursor, and the cursor is what is timed. Several, so no answer is
 * timed from a cache warmed by the same request.
 */
async function deepCursors(server: Server, statements: number) {
  const pages = Math.ceil(statements / pageSize);
  const timeline: string[] = [];
  const api: string[] = [];
  for (let k = 0; k < 5; k++) {
    const page = deepPage(pages) - k * 7;
    const html = await text(server, `/?page=${page}`);
    // The page's rel="next" link, as Handlebars escapes an attribute (`=` as &#x3D;).
    const href = /href="([^"]+)" rel="next"/.exec(html)?.[1]?.replaceAll('&#x3D;', '=').replaceAll('&amp;', '&');
    if (!href || !/[?&]after=/.test(href)) throw new Error(`/?page=${page} has no "Later statements" link by cursor`);
    timeline.push(href);
    const json = JSON.parse(await text(server, `/api/statements?limit=${pageSize}&offset=${(page - 1) * pageSize}`)) as { next: string | null };
    if (!json.next) throw new Error(`/api/statements at offset ${(page - 1) * pageSize} has no next cursor`);
    api.push(encodeURIComponent(json.next));
  }
  return { page: deepPage(pages), timeline, api };
}

/** A deep page by cursor against the first page, one request at a time, on the same server. */
export async function deepPages(server: Server, seconds: number) {
  const first = JSON.parse(await text(server, '/api/statements?limit=1')) as { total: number };
  const cursors = await deepCursors(server, first.total);
  const rows: TableRow[] = [];
  const results: Record<string, unknown> = { statements: first.total, deepPage: cursors.page };
  let i = 0;
  const rotate = (list: readonly string[]) => list[i++ % list.length]!;
  for (const [name, what, firstPath, deepPath] of [
    ['timeline', `timeline: page ${cursors.page.toLocaleString('en')} by cursor (/?after=)`, () => '/', () => rotate(cursors.timeline)],
    ['apiStatements', `/api/statements: page ${cursors.page.toLocaleString('en')} of ${pageSize} by cursor (after=)`, () => `/api/statements?limit=${pageSize}`, () => `/api/statements?limit=${pageSize}&after=${rotate(cursors.api)}`],
  ] as const) {
    const deep = await sequentialLoad(server.url, seconds, deepPath);
    const top = await sequentialLoad(server.url, seconds, firstPath);
    const ratio = round(deep.p50 / top.p50, 2);
    results[name] = { deep, first: top, ratio };
    rows.push({
      what: `${what}, ${first.total.toLocaleString('en')} statements`,
      measured: `p50 ${deep.p50} ms, p99 ${deep.p99} ms${deep.errors ? `, ${deep.errors} errors` : ''}`,
      limit: `p50 ${top.p50} ms, p99 ${top.p99} ms (the first page, same server)`,
      ratio,
      target: 'a deep page costs what the first does (p50 ratio ≤ 1.5)',
      met: ratio <= 1.5 && deep.errors === 0,
    });
  }
  return { rows, results };
}
