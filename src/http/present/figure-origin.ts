import type { FigureRecord } from '../../../projections/figures/figures.js';
import { speakerName } from './labels.js';
import { link } from './links.js';
import { english, type Localized } from './localized.js';

/**
 * Who gave a figure and in which statement, for a table row (the figures table, a metric's
 * history, the comparison): the speaker as the sources name them, the body and the statement's
 * title in the page's language where the archive translated them (`…Lang` marks an English
 * fallback), for the speaker partial and a link to the statement.
 */
export function figureOriginView(f: Pick<FigureRecord, 'speaker' | 'statementId' | 'statementTitle'>, at: number | undefined, l: Localized = english) {
  const body = l.bodyName(f.speaker.body);
  const title = l.statementTitle(f.statementId, f.statementTitle);
  return {
    speakerName: speakerName(f.speaker),
    body: body.text,
    bodyLang: body.lang,
    statementTitle: title.text,
    statementTitleLang: title.lang,
    statementHref: link(`/statements/${f.statementId}`, { at }),
  };
}
