import type { RequestHandler } from 'express';
import { impliedBounds, qualifiers } from '../../../events/schema/figure.js';
import { formatInstant } from '../../format/dates.js';
import { formatFigureValue } from '../../format/numbers.js';
import type { AppContext } from '../context.js';
import { boundsText } from '../present/figure-view.js';
import { humanize } from '../present/labels.js';
import { archiveTime } from './shared.js';

/** The qualifier table on /about is computed from impliedBounds itself, so it cannot drift from the code. */
const qualifierExamples = qualifiers.map((qualifier) => {
  const value = qualifier === 'exact' ? 1221 : 1700;
  const figure = { value, qualifier, unit: 'persons' as const, bounds: impliedBounds(value, qualifier) };
  return { qualifier: humanize(qualifier), shown: formatFigureValue(figure), read: boundsText(figure) ?? 'exactly 1,221' };
});

export function aboutRoutes(context: AppContext): { page: RequestHandler } {
  return {
    page(req, res) {
      const { layout } = archiveTime(req, context, undefined);
      res.render('pages/about', {
        title: 'About the archive',
        ...layout,
        qualifierExamples,
        today: formatInstant(context.now().toISOString()),
        origin: `${req.protocol}://${req.get('host') ?? 'localhost'}`,
      });
    },
  };
}
