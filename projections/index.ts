import { catalogueProjection } from './catalogue/catalogue.js';
import { findingsProjection } from './checks/findings-projection.js';
import { figuresProjection } from './figures/figures.js';
import type { Projection } from './projection.js';
import { searchProjection } from './search/search.js';
import { statementsProjection } from './statements/statements.js';
import { translationsProjection } from './translations/translations.js';

/**
 * Every read model the archive keeps. Each reads only its own tables, so the order they are
 * applied in is not load-bearing (a test applies them in others); the findings' end-of-batch
 * evaluation runs after every projection has taken the whole batch, and reads the figures
 * through the figures' own query, which the runner gives it.
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
export const readModelVersion = 10;
