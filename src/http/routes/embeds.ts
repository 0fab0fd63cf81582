import type { Request, RequestHandler, Response } from 'express';
import { z } from 'zod';
import type { Translate } from '../../i18n/messages.js';
import { translator } from '../../i18n/messages.js';
import type { AppContext } from '../context.js';
import { HttpError } from '../errors.js';
import { pageLanguage } from '../language.js';
import { link } from '../present/links.js';
import { publicOrigin } from '../public-origin.js';
import { parseQuery } from '../query.js';
import { timelineRoutes } from './timeline.js';
import { catalogueTexts } from '../charts/catalogue-text.js';

/** The iframe's size an embed code proposes, and oEmbed reports: wide enough for the chart, tall enough for its source line. */
const embedSize = { width: 720, height: 640 } as const;

const absolute = (req: Request, path: string) => `${publicOrigin(req) ?? ''}${path}`;

/** The `<iframe>` another site pastes; its title names what it shows, for screen readers on that site. */
function iframeHtml(src: string, title: string, width: number, height: number): string {
  const attr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return `<iframe src="${attr(src)}" width="${width}" height="${height}" title="${attr(title)}" loading="lazy" style="border:0;max-width:100%"></iframe>`;
}

/** The "copy embed code" box's content (partials/embed-code). */
export function embedCode(req: Request, embedPath: string, title: string, t: Translate, heading = t('embed:codeHeading')) {
  return {
    code: iframeHtml(absolute(req, embedPath), title, embedSize.width, embedSize.height),
    previewHref: embedPath,
    heading,
  };
}

/** The oEmbed discovery link of a page whose embed is at `embedPath`: the layout puts it in <head>. */
export function oembedDiscovery(req: Request, embedPath: string) {
  return { oembed: { href: link('/oembed', { url: absolute(req, embedPath), format: 'json' }), title: 'oEmbed' } };
}

const oembedQuery = z.object({
  url: z.string({ error: 'is required: the address of an archive page to embed' }).max(2000, 'is too long'),
  format: z.enum(['json'], { error: 'must be "json": the archive answers oEmbed in JSON only' }).optional(),
  maxwidth: z.coerce.number().int().min(100).max(4000).optional(),
  maxheight: z.coerce.number().int().min(100).max(4000).optional(),
});

/** Which embed a page address names: a metric's page or embed, or the timeline (/ or /embed/timeline) with its filters. */
function embedPathFor(url: URL): { path: string; kind: 'metric' | 'timeline'; id?: string } | undefined {
  const metric = /^\/(?:embed\/)?metrics\/([a-z0-9-]+)$/.exec(url.pathname);
  const query = url.searchParams.toString();
  const withQuery = (path: string) => (query ? `${path}?${query}` : path);
  if (metric) return { path: withQuery(`/embed/metrics/${metric[1]}`), kind: 'metric', id: metric[1] };
  if (url.pathname === '/' || url.pathname === '/embed/timeline') return { path: withQuery('/embed/timeline'), kind: 'timeline' };
  return undefined;
}

/**
 * The embeds' routes: /oembed (https://oembed.com, type "rich"), and /embed/timeline, which is
 * the timeline's own handler with its filters, drawn through the timeline's partials in the
 * minimal layout, so the embed follows the timeline's design instead of copying it.
 */
export function embedRoutes(context: AppContext) {
  const timeline = timelineRoutes(context).timeline;

  const embedTimeline: RequestHandler = (req, res, next) => {
    const render = res.render.bind(res);
    // The timeline renders pages/timeline; the embed takes the same context into its own view.
    res.render = ((_view: string, options?: object) => render('pages/embed-timeline', { ...options, layout: 'embed', pageHref: link('/', req.query as Record<string, string>) })) as Response['render'];
    return timeline(req, res, next);
  };

  const oembed: RequestHandler = (req, res) => {
    const q = parseQuery(oembedQuery, req);
    const lang = pageLanguage(res);
    const t = translator(lang);
    const own = publicOrigin(req);
    const url = URL.canParse(q.url) ? new URL(q.url) : undefined;
    // Only this archive's own pages are embedded: oEmbed's 404 for any other address.
    if (!url || (own && url.origin !== own)) throw new HttpError(404, t('embed:notOurs'));
    const target = embedPathFor(url);
    if (!target) throw new HttpError(404, t('embed:notEmbeddable'));
    let title = t('embed:timelineTitle');
    if (target.kind === 'metric') {
      const metric = context.reader.getMetric(target.id!);
      if (!metric) throw new HttpError(404, translator(lang)('metrics:noSuchMetric', { id: target.id }));
      const at = Number(context.reader.checkpoint() ?? 0n);
      title = catalogueTexts(context.reader, lang, at).metricLabel(metric.id, metric.label).text;
    }
    const width = Math.min(q.maxwidth ?? embedSize.width, embedSize.width);
    const height = Math.min(q.maxheight ?? embedSize.height, embedSize.height);
    res.json({
      version: '1.0',
      type: 'rich',
      title,
      provider_name: 'Qantar',
      provider_url: `${own ?? ''}/`,
      width,
      height,
      html: iframeHtml(absolute(req, target.path), title, width, height),
    });
  };

  /**
   * Before the timeline's own handler: its embed code and oEmbed link, for the same filters, in
   * res.locals, where the timeline's view finds them (one `{{> embed-code embed}}` line there).
   */
  const timelineEmbedCode: RequestHandler = (req, res, next) => {
    const t = translator(pageLanguage(res));
    const query = new URLSearchParams(req.query as Record<string, string>);
    query.set('lang', pageLanguage(res));
    const embedPath = `/embed/timeline?${query.toString()}`;
    res.locals.embed = embedCode(req, embedPath, t('embed:timelineTitle'), t, t('embed:timelineCodeHeading'));
    Object.assign(res.locals, oembedDiscovery(req, embedPath));
    next();
  };

  return { embedTimeline, oembed, timelineEmbedCode };
}
