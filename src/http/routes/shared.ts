import type { Request } from 'express';
import { recordedAtOf } from '../archive-date.js';
import type { AppContext } from '../context.js';
import { citeView } from '../present/cite.js';
import { permalink } from '../present/links.js';
import { localizedTexts, type Localized } from '../present/localized.js';
import { pageLanguage } from '../language.js';
import { publicOrigin } from '../public-origin.js';
import type { ArchiveReader } from '../../reader/port.js';
import { resolveAt } from '../query.js';

export const metricLabels = (reader: ArchiveReader, at: number) =>
  new Map(reader.listMetrics(at).map((m) => [m.id, m.label]));

/**
 * The archive time a page is read at, and what the layout shows of it: links keep `at` only
 * when the page was pinned, and every page offers its permalink at the position it was read at.
 * `newer` is the simple rule (any later event in the log); a page that can tell whether the
 * events after `at` change what it shows passes its own answer to `page()`.
 */
export function archiveTime(req: Request, context: AppContext, requested: number | undefined) {
  const { at, pinned } = resolveAt(context.reader, requested);
  const head = Number(context.reader.checkpoint() ?? 0n);
  // chooseLanguage has set it on every page's response before any route runs.
  const lang = req.res ? pageLanguage(req.res) : 'en';
  let localized: Localized | undefined;
  const layout = {
    position: at,
    pinned,
    newer: pinned && at < head,
    permalink: permalink(req.originalUrl, at, lang),
    livePath: pinned ? livePath(req.originalUrl) : undefined,
  };
  return {
    at,
    linkAt: pinned ? at : undefined,
    head,
    layout,
    lang,
    /**
     * The archive's own words in the page's language as they stood at `at`, and the page's
     * messages: hand it to the presenters (figureView(f, label, at, time.localized), …). Made on first use.
     */
    get localized(): Localized {
      return (localized ??= localizedTexts(context.reader, lang, at));
    },
    /** Everything the layout needs for a page titled `title`, with its cite block. */
    async page(title: string, newer = layout.newer) {
      const cite = citeView({
        title,
        // Without a trustworthy origin the citation carries the path alone: still correct, never someone else's host.
        url: `${publicOrigin(req) ?? ''}${layout.permalink}`,
        position: at,
        recordedAt: await recordedAtOf(context.store, at),
        accessed: context.now(),
        lang,
      });
      return { title, ...layout, newer, cite };
    },
  };
}

/** The same page unpinned: its address with `at` taken out, so "the current version" keeps the date asked for. */
function livePath(originalUrl: string): string {
  const url = new URL(originalUrl, 'http://archive.invalid');
  url.searchParams.delete('at');
  const query = url.searchParams.toString();
  return query ? `${url.pathname}?${query}` : url.pathname;
}
