import type { Request, RequestHandler, Response } from 'express';
import { listMetrics } from '../../../projections/catalogue/catalogue.js';
import { ValidationError, toArchiveEvent, type FieldIssue } from '../../../events/validate.js';
import { appendArchiveEvents } from '../../domain/append.js';
import { DomainError } from '../../domain/errors.js';
import { todayInAlmaty } from '../../format/dates.js';
import { writesDisabledMessage, type EditorTokens } from '../auth.js';
import type { AppContext } from '../context.js';
import { csrfToken, verifyCsrf } from '../csrf.js';
import { fieldOf, initialRows, maxRows, readForm, statementInput, type EditorForm } from '../editor-form.js';
import { editorFormView } from '../present/editor-view.js';
import { waitForReadModel } from '../wait.js';
import { archiveTime } from './shared.js';

export function editorRoutes(context: AppContext, tokens: EditorTokens) {
  const isEditor = (req: Request) => typeof req.session?.editor === 'string' && tokens.knowsFingerprint(req.session.editor as string);
  const catalogue = () => listMetrics(context.readModel.db);

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

  const login: RequestHandler = (req, res) => {
    if (!tokens.enabled) return renderLogin(req, res, 403);
    const token = (req.body as Record<string, unknown>).token;
    if (typeof token !== 'string' || !tokens.matches(token)) return renderLogin(req, res, 401, 'That editor token is not valid.');
    req.session!.editor = tokens.fingerprint(token);
    // A new CSRF token with the new privilege, so one seen before sign-in is worth nothing after it.
    delete req.session!.csrf;
    res.redirect(303, '/editor');
  };

  const logout: RequestHandler = (req, res) => {
    req.session = null;
    res.redirect(303, '/');
  };

  const submit: RequestHandler = async (req, res) => {
    if (!isEditor(req)) return renderLogin(req, res, 401, 'Your editor session has ended: sign in again. Your input was not saved.');
    const body = req.body as Record<string, unknown>;
    const form = readForm(body);
    // "More figure rows" re-renders the same input with more rows: no JavaScript needed.
    if (body.action === 'more') return renderForm(req, res, 200, { ...form, rows: Math.min(maxRows, form.rows + initialRows) });
    const metrics = catalogue();
    const { input, rowOf, issues } = statementInput(form, new Map(metrics.map((m) => [m.id, m])));
    try {
      const event = toArchiveEvent({ type: 'StatementPublished', data: input });
      if (issues.length) throw new ValidationError([]);
      const appended = await appendArchiveEvents(context.store, [event], { via: 'editor' });
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

  return { page, login, logout, submit, verifyCsrf };
}
