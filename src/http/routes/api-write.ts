import type { Request, RequestHandler, Response } from 'express';
import type { ArchiveEvent } from '../../../events/types.js';
import { appendArchiveEvents, type AppendedEvent } from '../../domain/append.js';
import { editorOf, identifyBearer, requireBearer, type EditorTokens } from '../auth.js';
import type { AppContext } from '../context.js';
import { HttpError } from '../errors.js';
import { waitForReadModel } from '../wait.js';
import { changeEvent, publishBatch, rebaseDomainError } from '../write-input.js';

/** If-Match carries the ETag of GET /api/statements/:id: the quoted stream revision. */
function ifMatchRevision(req: Request): bigint {
  const match = /^\s*(?:W\/)?"?(\d{1,18})"?\s*$/.exec(req.get('If-Match') ?? '');
  if (!match) {
    throw new HttpError(400, 'Invalid input', [{ path: 'If-Match', message: 'must be the ETag of GET /api/statements/:id, such as "0"' }]);
  }
  return BigInt(match[1]!);
}

export function apiWriteRoutes(context: AppContext, tokens: EditorTokens) {
  /** Appends, then waits for the read model, so the answer's URL already shows what was written. */
  const append = async (res: Response, events: ArchiveEvent[], bases: string[], expectedRevision?: bigint) => {
    try {
      const appended = await appendArchiveEvents(context.store, events, { via: 'api', appendedBy: editorOf(res), expectedRevision });
      const head = appended.reduce((max, e) => (e.position > max ? e.position : max), 0n);
      await waitForReadModel(context.readModel, head);
      return appended;
    } catch (error) {
      throw rebaseDomainError(error, bases);
    }
  };

  const answer = (res: Response, id: string, appended: AppendedEvent[], created: boolean) => {
    const last = appended[appended.length - 1]!;
    const written = appended.filter((e) => e.written).length;
    res
      .status(written === 0 ? 200 : created ? 201 : 200)
      .location(`/api/statements/${id}`)
      .set('ETag', `"${last.revision}"`)
      .json({
        id,
        url: `/statements/${id}`,
        api: `/api/statements/${id}`,
        revision: String(last.revision),
        position: String(last.position),
        appended: written,
      });
  };

  const publish: RequestHandler = async (req, res) => {
    const { events, bases, statementId } = publishBatch(req.body);
    answer(res, statementId, await append(res, events, bases), true);
  };

  const change = (type: 'StatementCorrected' | 'StatementRetracted'): RequestHandler => async (req, res) => {
    const id = String(req.params.id);
    const expected = ifMatchRevision(req);
    const event = changeEvent(type, id, req.body);
    answer(res, id, await append(res, [event], [''], expected), false);
  };

  const requireIfMatch: RequestHandler = (req, _res, next) => {
    if (req.get('If-Match') === undefined) {
      throw new HttpError(428, 'Send If-Match with the statement’s current ETag (from GET /api/statements/:id), so that a change made meanwhile is not overwritten.');
    }
    next();
  };

  return { identify: identifyBearer(tokens), authorize: requireBearer(tokens), requireIfMatch, publish, correct: change('StatementCorrected'), retract: change('StatementRetracted') };
}
