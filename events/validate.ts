import { z } from 'zod';
import { metricDefinedData, relationDeclaredData } from './schema/catalogue.js';
import {
  completeFigures,
  statementCorrectedData,
  statementPublishedData,
  statementRetractedData,
} from './schema/statement.js';
import { textTranslatedData } from './schema/translation.js';
import type { ArchiveEvent, ArchiveEventType } from './types.js';

export type FieldIssue = Readonly<{ path: string; message: string }>;

/** Bad input, with every field that is wrong; nothing has been written when it is thrown. */
export class ValidationError extends Error {
  readonly code = 'VALIDATION';
  constructor(
    readonly issues: readonly FieldIssue[],
    readonly where = '',
  ) {
    super(`${where ? `${where}: ` : ''}${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`);
  }
}

export function issuesOf(error: z.ZodError, prefix = ''): FieldIssue[] {
  return error.issues.map((i) => ({
    path: [prefix, ...i.path.map(String)].filter(Boolean).join('.'),
    message: i.message,
  }));
}

export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, prefix = ''): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new ValidationError(issuesOf(result.error, prefix));
  return result.data;
}

const eventInput = z.strictObject({
  type: z.enum(['MetricDefined', 'RelationDeclared', 'StatementPublished', 'StatementCorrected', 'StatementRetracted', 'TextTranslated']),
  data: z.unknown(),
});

/**
 * Validates one event as an editor wrote it, and fills what the input may leave implicit
 * (a figure's asOf and bounds), so that the stored event says everything explicitly.
 */
export function toArchiveEvent(input: unknown, prefix = ''): ArchiveEvent {
  const { type, data } = parseOrThrow(eventInput, input, prefix);
  const at = [prefix, 'data'].filter(Boolean).join('.');
  const event = parseEventData(type, data, at);
  const malformed = illFormedText(event.data, at);
  if (malformed.length) throw new ValidationError(malformed);
  return event;
}

function parseEventData(type: ArchiveEventType, data: unknown, at: string): ArchiveEvent {
  switch (type) {
    case 'MetricDefined':
      return { type: 'MetricDefined', data: parseOrThrow(metricDefinedData, data, at) };
    case 'RelationDeclared':
      return { type: 'RelationDeclared', data: parseOrThrow(relationDeclaredData, data, at) };
    case 'StatementPublished': {
      const s = parseOrThrow(statementPublishedData, data, at);
      return { type: 'StatementPublished', data: { ...s, figures: completeFigures(s.figures, s.publishedOn) } };
    }
    case 'StatementCorrected':
      return { type: 'StatementCorrected', data: parseOrThrow(statementCorrectedData, data, at) };
    case 'StatementRetracted':
      return { type: 'StatementRetracted', data: parseOrThrow(statementRetractedData, data, at) };
    case 'TextTranslated':
      return { type: 'TextTranslated', data: parseOrThrow(textTranslatedData, data, at) };
  }
}

/**
 * Every string of an event's data that holds a lone UTF-16 surrogate ("\ud800" in JSON). Such
 * text is not Unicode: it has no UTF-8 form, so it cannot be stored as written, and canonical
 * JSON (the event id and content hash) refuses it. Checked on the schema's output, whose shape
 * is bounded and whose keys are the schema's own, so one rule covers every text field, present
 * or future.
 */
function illFormedText(value: unknown, path: string, issues: FieldIssue[] = []): FieldIssue[] {
  if (typeof value === 'string') {
    if (!isWellFormed(value)) issues.push({ path, message: 'must not contain a lone UTF-16 surrogate (text must be valid Unicode)' });
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) illFormedText(item, `${path}.${key}`, issues);
  }
  return issues;
}

/** String.prototype.isWellFormed (Node 20), which the ES2022 library this project compiles against does not declare. */
const isWellFormed = (text: string) => (text as string & { isWellFormed(): boolean }).isWellFormed();
