import { catalogueProjection } from './catalogue/catalogue.js';
import { findingsProjection } from './checks/findings-projection.js';
import { figuresProjection } from './figures/figures.js';
import type { Projection } from './projection.js';
import { searchProjection } from './search/search.js';
import { statementsProjection } from './statements/statements.js';
import { translationsProjection } from './translations/translations.js';

/**
 * Every read model the archive keeps, in the order they are applied to each event. The findings
 * come last: finishing a batch, they read the figures it wrote, through the figures' queries.
 */
export const projections: readonly Projection[] = [
  catalogueProjection,
  statementsProjection,
  figuresProjection,
  translationsProjection,
  searchProjection,
  findingsProjection,
];

/** Bump when any projection's tables or rows change shape: the read model is then rebuilt from the log. */
export const readModelVersion = 8;
