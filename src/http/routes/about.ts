import path from 'node:path';
import type { RequestHandler } from 'express';
import { impliedBounds, qualifiers } from '../../../events/schema/figure.js';
import { formatAmount, formatFigureValue } from '../../format/numbers.js';
import type { AppContext } from '../context.js';
import { citeView } from '../present/cite.js';
import { boundsText } from '../present/figure-view.js';
import { link } from '../present/links.js';
import type { Localized } from '../present/localized.js';
import { rootDirectory } from '../views.js';
import { publicOrigin } from '../public-origin.js';
import { archiveTime } from './shared.js';

/** The qualifier table on /about is computed from impliedBounds itself, so it cannot drift from the code. */
const qualifierExamples = (l: Localized) =>
  qualifiers.map((qualifier) => {
    const value = qualifier === 'exact' ? 1221 : 1700;
    const figure = { value, qualifier, unit: 'persons' as const, bounds: impliedBounds(value, qualifier) };
    return {
      qualifier: l.qualifierName(qualifier),
      shown: formatFigureValue(figure, l.lang),
      read: boundsText(figure, l) ?? l.t('format:bounds.exactly', { amount: formatAmount(value, 'persons', l.lang) }),
    };
  });

/** The stand-alone checker of an exported log (docs/verify-an-export.md), served so /about can link it. */
const verifyScript = path.join(rootDirectory, 'docs', 'verify-export.py');

export function aboutRoutes(context: AppContext): { page: RequestHandler; verifyScript: RequestHandler } {
  return {
    async page(req, res) {
      const time = archiveTime(req, context, undefined);
      const l = time.localized;
      // The example citation is the one the figures page of 5 January 2023 would give, in this language.
      const example = citeView({
        title: l.t('about:citing.exampleTitle'),
        url: `${publicOrigin(req) ?? ''}${link('/figures', { date: '2023-01-05', at: time.at, lang: l.lang })}`,
        position: time.at,
        recordedAt: undefined,
        accessed: context.now(),
        lang: l.lang,
      });
      res.render('pages/about', {
        ...(await time.page(l.t('about:title'))),
        qualifierExamples: qualifierExamples(l),
        exampleCitation: example.plain,
      });
    },

    verifyScript(_req, res) {
      // Plain text, so a reader can read the script in the browser before running it.
      res.type('text/plain; charset=utf-8').sendFile(verifyScript);
    },
  };
}
