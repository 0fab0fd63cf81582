import type { Request, Response } from 'express';
import { z } from 'zod';
import { csvDialect, type CsvDialect } from '../../exports/csv-dialect.js';
import { pageLanguage } from '../language.js';
import { parseQuery } from '../query.js';

const sepQuery = z.object({ sep: z.enum(['comma', 'semicolon'], { error: 'must be "comma" or "semicolon"' }).optional() });

/** The CSV dialect a request asks for (`?sep=semicolon`, in the language chosen for it); a bad `sep` is a 400 naming it. */
export function csvDialectOf(req: Request, res: Response): CsvDialect {
  return csvDialect(parseQuery(sepQuery, req).sep, pageLanguage(res));
}
