import { z } from 'zod';
import { units } from './figure.js';
import { slug } from './statement.js';

const text = (max: number) => z.string().trim().min(1).max(max);

export const metricDefinedData = z.strictObject({
  id: slug,
  label: text(200),
  unit: z.enum(units),
  topic: slug,
  parent: slug.optional(),
  description: text(2000),
});

/**
 * Relations the source's own wording implies between metrics, checked against the figures:
 * - partition: the parts add up to the whole;
 * - subset: the parts together cannot exceed the whole ("most of them are…", "of those…");
 * - cumulative: a running total that can only grow over time.
 */
/**
 * source: the source's own wording states the relation, and `phrase` quotes it; archive: the
 * archive declares it from what the metrics count, and `phrase` says why in its own words.
 */
const declaredBy = z.enum(['source', 'archive']).optional();

export const relationDeclaredData = z.discriminatedUnion('kind', [
  z.strictObject({
    id: slug,
    kind: z.literal('partition'),
    whole: slug,
    parts: z.array(slug).min(2).max(50),
    phrase: text(2000),
    declaredBy,
  }),
  z.strictObject({
    id: slug,
    kind: z.literal('subset'),
    whole: slug,
    parts: z.array(slug).min(1).max(50),
    phrase: text(2000),
    declaredBy,
  }),
  z.strictObject({
    id: slug,
    kind: z.literal('cumulative'),
    metric: slug,
    phrase: text(2000),
    declaredBy,
  }),
]);

export type MetricDefinition = z.output<typeof metricDefinedData>;
export type Relation = z.output<typeof relationDeclaredData>;
