import path from 'node:path';
import type { RequestHandler } from 'express';
import { impliedBounds, qualifiers } from '../../../events/schema/figure.js';
import { formatPartialDate, todayInAlmaty } from '../../format/dates.js';
import { formatFigureValue } from '../../format/numbers.js';
import type { AppContext } from '../context.js';
import { boundsText } from '../present/figure-view.js';
import { humanize } from '../present/labels.js';
import { rootDirectory } from '../views.js';
import { publicOrigin } from '../public-origin.js';
import { archiveTime } from './shared.js';

/** The qualifier table on /about is computed from impliedBounds itself, so it cannot drift from the code. */
const qualifierExamples = qualifiers.map((qualifier) => {
  const value = qualifier === 'exact' ? 1221 : 1700;
  const figure = { value, qualifier, unit: 'persons' as const, bounds: impliedBounds(value, qualifier) };
  return { qualifier: humanize(qualifier), shown: formatFigureValue(figure), read: boundsText(figure) ?? 'exactly 1,221' };
});

/** The stand-alone checker of an exported log (docs/verify-an-export.md), served so /about can link it. */
const verifyScript = path.join(rootDirectory, 'docs', 'verify-export.py');

export function aboutRoutes(context: AppContext): { page: RequestHandler; verifyScript: RequestHandler } {
  return {
    async page(req, res) {
      const time = archiveTime(req, context, undefined);
      res.render('pages/about', {
        ...(await time.page('About the archive')),
        qualifierExamples,
        today: formatPartialDate(todayInAlmaty(context.now())),
        origin: publicOrigin(req) ?? '',
      });
    },

    verifyScript(_req, res) {
      // Plain text, so a reader can read the script in the browser before running it.
      res.type('text/plain; charset=utf-8').sendFile(verifyScript);
    },
  };
}
