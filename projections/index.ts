import { catalogueProjection } from './catalogue/catalogue.js';
import { figuresProjection } from './figures/figures.js';
import type { Projection } from './projection.js';
import { statementsProjection } from './statements/statements.js';
import { translationsProjection } from './translations/translations.js';

/** Every read model the archive keeps, in the order they are applied to each event. */
export const projections: readonly Projection[] = [
  catalogueProjection,
  statementsProjection,
  figuresProjection,
  translationsProjection,
];

/** Bump when any projection's tables or rows change shape: the read model is then rebuilt from the log. */
export const readModelVersion = 6;
