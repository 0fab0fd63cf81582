import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Router } from 'express';
import { z } from 'zod';
import { atomFeed } from '../../exports/atom.js';
import { exportLog } from '../../exports/ndjson.js';
import { statementsCsv } from '../../exports/statements-csv.js';
import { timelineJs } from '../../exports/timelinejs.js';
import { defaultLanguage } from '../../i18n/languages.js';
import type { AppContext } from '../context.js';
import { requestedLanguage } from '../language.js';
import { publicOrigin, requirePublicOrigin } from '../public-origin.js';
import { parseQuery, position, resolveAt, timelineQuery } from '../query.js';
import { metricLabels } from './shared.js';

const atQuery = z.object({ at: z.preprocess((v) => (v === '' ? undefined : v), position.optional()) });

/**
 * GET /api/export.ndjson (the log, streamed), /api/timelinejs.json, /feed.atom and
 * /api/statements.csv. The feed and the TimelineJS file speak the language `?lang=` asks for
 * (English without it), never one guessed from a cookie: a feed reader's copy must not depend on who fetched it.
 */
export function exportsRoutes(context: AppContext): Router {
  const router = Router();
  const { reader } = context;

  router.get('/api/export.ndjson', async (req, res) => {
    const requested = parseQuery(atQuery, req).at;
    // Without at=, the whole log as it stands when the download starts; with it, the log up to there.
    const upTo = requested === undefined ? await context.store.headPosition() : BigInt(resolveAt(context.reader, requested).at);
    // attachment() would guess a type from the .ndjson name, so the type is set after it.
    res.attachment(`qantar-log${upTo === undefined ? '' : `-${upTo}`}.ndjson`).type('application/x-ndjson; charset=utf-8');
    const lines = upTo === undefined ? Readable.from([]) : Readable.from(exportLog(context.store, { upTo }));
    // pipeline applies backpressure; a client that disconnects ends the read instead of buffering the log.
    await pipeline(lines, res).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ERR_STREAM_PREMATURE_CLOSE') throw error;
    });
  });

  router.get('/api/timelinejs.json', (req, res) => {
    const { at, pinned } = resolveAt(context.reader, parseQuery(atQuery, req).at);
    // The file is read away from the archive: its links must be absolute.
    const base = requirePublicOrigin(req);
    // A pinned export links to pinned pages, so its links show what the export showed.
    const lang = requestedLanguage(req) ?? defaultLanguage;
    const query = new URLSearchParams({ ...(pinned && { at: String(at) }), ...(lang !== defaultLanguage && { lang }) }).toString();
    const suffix = query ? `?${query}` : '';
    res.set('Content-Language', lang).json(
      timelineJs(reader.listStatements({ at }), {
        at,
        lang,
        labels: metricLabels(reader, at),
        statementUrl: (id) => `${base}/statements/${encodeURIComponent(id)}${suffix}`,
      }),
    );
  });

  router.get('/feed.atom', (req, res) => {
    const { at } = resolveAt(context.reader, parseQuery(atQuery, req).at);
    const lang = requestedLanguage(req) ?? defaultLanguage;
    const versions = reader.listStatements({ at, includeRetracted: true });
    const xml = atomFeed(versions, { baseUrl: requirePublicOrigin(req), labels: metricLabels(reader, at), emptyUpdated: context.now(), lang });
    res.type('application/atom+xml; charset=utf-8').set('Content-Language', lang).send(xml);
  });

  router.get('/api/statements.csv', (req, res) => {
    const q = parseQuery(timelineQuery, req);
    const { at } = resolveAt(context.reader, q.at);
    const versions = reader.listStatements({ at, from: q.from, until: q.until, topic: q.topic, body: q.body, kind: q.kind, includeRetracted: true });
    // Without a trustworthy origin each row carries the statement's path alone, as a citation does.
    const origin = publicOrigin(req) ?? '';
    res.attachment(`qantar-statements-${at}.csv`).type('text/csv; charset=utf-8');
    // `?sep=semicolon`, as the figures CSV takes it: the variant Excel opens in columns under Russian and Kazakh settings.
    const delimiter = req.query.sep === 'semicolon' ? ';' : ',';
    res.send(statementsCsv(versions, (id) => `${origin}/statements/${encodeURIComponent(id)}?at=${at}`, delimiter));
  });

  return router;
}

