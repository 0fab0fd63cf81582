import { promisify } from 'node:util';
import type { Request, RequestHandler, Response } from 'express';
import { ValidationError, toArchiveEvent, type FieldIssue } from '../../../events/validate.js';
import { appendArchiveEvents } from '../../domain/append.js';
import { DomainError } from '../../domain/errors.js';
import { todayInAlmaty } from '../../format/dates.js';
import { writesDisabledMessage, type EditorTokens } from '../auth.js';
import type { AppContext } from '../context.js';
import { csrfToken, verifyCsrf } from '../csrf.js';
import { fieldOf, initialRows, maxRows, readForm, statementInput, type EditorForm } from '../editor-form.js';
import { editorFormView } from '../present/editor-view.js';
import { editorSessionCookie, editorSessionLifetimeMs } from '../security.js';
import { waitForReadModel } from '../wait.js';
import { archiveTime } from './shared.js';

export function editorRoutes(context: AppContext, tokens: EditorTokens) {
  /** The editor signed in, within the lifetime by the server's clock, with a token still configured (tokens can be revoked). */
  const signedInEditor = (req: Request): string | undefined => {
    const { editor, signedInAt } = req.session;
    if (typeof editor !== 'string' || typeof signedInAt !== 'number') return undefined;
    return context.now().getTime() - signedInAt < editorSessionLifetimeMs ? tokens.editorForFingerprint(editor) : undefined;
  };
  const isEditor = (req: Request) => signedInEditor(req) !== undefined;

  /** Before the rate limit: a signed-in editor's writes count against their own quota. */
  const identify: RequestHandler = (req, res, next) => {
    res.locals.editor = signedInEditor(req);
    next();
  };
  const catalogue = () => context.reader.listMetrics();

  const renderLogin = (req: Request, res: Response, status: number, error?: string) =>
    res.status(status).render('pages/editor-login', {
      title: 'Editor sign-in',
      ...archiveTime(req, context, undefined).layout,
      csrf: csrfToken(req),
      enabled: tokens.enabled,
      disabledMessage: writesDisabledMessage,
      error,
    });

  const renderForm = (req: Request, res: Response, status: number, form: EditorForm, issues: readonly FieldIssue[] = []) => {
    const errors = new Map<string, string[]>();
    for (const issue of issues) errors.set(issue.path, [...(errors.get(issue.path) ?? []), issue.message]);
    res.status(status).render('pages/editor', {
      title: issues.length ? 'Error: append a statement' : 'Append a statement',
      ...archiveTime(req, context, undefined).layout,
      csrf: csrfToken(req),
      form: editorFormView(form, errors, catalogue()),
      canAddRows: form.rows < maxRows,
    });
  };

  const page: RequestHandler = (req, res) => {
    if (!isEditor(req)) return renderLogin(req, res, tokens.enabled ? 200 : 403);
    renderForm(req, res, 200, { values: { publishedOn: todayInAlmaty(context.now()) }, rows: initialRows });
  };

  const login: RequestHandler = async (req, res) => {
    if (!tokens.enabled) return renderLogin(req, res, 403);
    const token = (req.body as Record<string, unknown>).token;
    if (typeof token !== 'string' || tokens.editorFor(token) === undefined) return renderLogin(req, res, 401, 'That editor token is not valid.');
    // A new session id (and with it a new CSRF token) for the new privilege: an id or a token seen
    // before sign-in is worth nothing after it.
    await promisify(req.session.regenerate.bind(req.session))();
    req.session.editor = tokens.fingerprint(token);
    req.session.signedInAt = context.now().getTime();
    res.redirect(303, '/editor');
  };

  /** Deletes the session on the server, so a copy of the cookie is worth nothing afterwards. */
  const logout: RequestHandler = async (req, res) => {
    await promisify(req.session.destroy.bind(req.session))();
    res.clearCookie(editorSessionCookie, { path: '/', httpOnly: true, sameSite: 'strict', secure: req.secure });
    res.redirect(303, '/');
  };

  const submit: RequestHandler = async (req, res) => {
    const editor = signedInEditor(req);
    if (!editor) return renderLogin(req, res, 401, 'Your editor session has ended: sign in again. Your input was not saved.');
    const body = req.body as Record<string, unknown>;
    const form = readForm(body);
    // "More figure rows" re-renders the same input with more rows: no JavaScript needed.
    if (body.action === 'more') return renderForm(req, res, 200, { ...form, rows: Math.min(maxRows, form.rows + initialRows) });
    const metrics = catalogue();
    const { input, rowOf, issues } = statementInput(form, new Map(metrics.map((m) => [m.id, m])));
    try {
      const event = toArchiveEvent({ type: 'StatementPublished', data: input });
      if (issues.length) throw new ValidationError([]);
      const appended = await appendArchiveEvents(context.store, [event], { via: 'editor', appendedBy: editor });
      const { position } = appended[0]!;
      const projection = await waitForReadModel(context.readModel, position);
      if (projection.shown) return res.redirect(303, `/statements/${input.id}`);
      // Saved, but the statement's page would answer 404: say so rather than send the editor there.
      res.status(202).render('pages/editor-accepted', {
        title: 'Statement recorded, not shown yet',
        ...archiveTime(req, context, undefined).layout,
        position: String(position),
        reason: projection.reason,
        url: `/statements/${input.id}`,
      });
    } catch (error) {
      const found =
        error instanceof ValidationError ? error.issues.map((i) => ({ ...i, path: i.path.replace(/^data\.?/, '') })) :
        error instanceof DomainError ? [{ path: error.path.replace(/^data\.?/, ''), message: error.message }] : undefined;
      if (!found) throw error;
      const mapped = found.map((i) => ({ path: fieldOf(i.path, rowOf), message: i.message }));
      // A value that is not a number is reported once, in the form's own words.
      const all = [...issues, ...mapped.filter((m) => !issues.some((i) => i.path === m.path))];
      renderForm(req, res, 400, form, all);
    }
  };

  return { page, identify, login, logout, submit, verifyCsrf };
}
