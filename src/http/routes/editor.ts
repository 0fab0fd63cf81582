import { promisify } from 'node:util';
import type { Request, RequestHandler, Response } from 'express';
import { ValidationError, toArchiveEvent, type FieldIssue } from '../../../events/validate.js';
import type { StatementPublished } from '../../../events/types.js';
import { appendArchiveEvents } from '../../domain/append.js';
import { DomainError } from '../../domain/errors.js';
import { translator } from '../../i18n/messages.js';
import type { EditorTokens } from '../auth.js';
import type { AppContext } from '../context.js';
import { csrfToken, verifyCsrf } from '../csrf.js';
import { HttpError } from '../errors.js';
import { fieldOf, formPairs, initialRows, maxRows, readForm, statementInput, type EditorForm } from '../editor-form.js';
import { pageLanguage } from '../language.js';
import { editorFormView, errorsByField, fieldMessage } from '../present/editor-view.js';
import { draftPreview } from '../present/draft-preview.js';
import { editorSessionCookie, editorSessionLifetimeMs } from '../security.js';
import { waitForReadModel } from '../wait.js';
import { archiveTime } from './shared.js';

const emptyForm: EditorForm = { values: {}, topics: [], rows: initialRows };

export function editorRoutes(context: AppContext, tokens: EditorTokens) {
  const { reader } = context;
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

  const renderLogin = (req: Request, res: Response, status: number, errorKey?: string) => {
    const t = translator(pageLanguage(res));
    res.status(status).render('pages/editor-login', {
      title: t('editor:login.title'),
      ...archiveTime(req, context, undefined).layout,
      csrf: csrfToken(req),
      enabled: tokens.enabled,
      error: errorKey && t(errorKey),
    });
  };

  const renderForm = (req: Request, res: Response, status: number, form: EditorForm, issues: readonly FieldIssue[] = []) => {
    const lang = pageLanguage(res);
    const t = translator(lang);
    const { at, layout } = archiveTime(req, context, undefined);
    const facets = reader.timelineFacets(at);
    res.status(status).render('pages/editor', {
      title: t(issues.length ? 'editor:titleWithErrors' : 'editor:title'),
      ...layout,
      csrf: csrfToken(req),
      form: editorFormView(form, errorsByField(issues), { metrics: reader.listMetrics(at), bodies: facets.bodies, topics: facets.topics }, lang, reader, at),
      canAddRows: form.rows < maxRows,
    });
  };

  const page: RequestHandler = (req, res) => {
    if (!isEditor(req)) return renderLogin(req, res, tokens.enabled ? 200 : 403);
    // No date is filled in: a default of today is how a statement of last week gets the wrong day.
    renderForm(req, res, 200, emptyForm);
  };

  const login: RequestHandler = async (req, res) => {
    if (!tokens.enabled) return renderLogin(req, res, 403);
    const token = (req.body as Record<string, unknown>).token;
    if (typeof token !== 'string' || tokens.editorFor(token) === undefined) return renderLogin(req, res, 401, 'editor:login.invalid');
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

  /**
   * The form as a StatementPublished event, or every issue with it, each on its form field and in
   * the page's language: the form's own reading of dates and numbers, then the schema's.
   */
  const draftOf = (form: EditorForm, res: Response): { event: StatementPublished; rowOf: number[] } | { issues: FieldIssue[] } => {
    const lang = pageLanguage(res);
    const catalogue = new Map(reader.listMetrics().map((m) => [m.id, m]));
    const { input, rowOf, issues } = statementInput(form, catalogue, lang, translator(lang));
    input.figures.forEach((f, i) => {
      // The list offers only the catalogue's metrics; a metric removed meanwhile, or a forged form, is named here.
      if (f.metric !== '' && !catalogue.has(f.metric)) issues.push({ path: `figure-${rowOf[i]}-metric`, message: translator(lang)('editor:error.unknownMetric') });
    });
    let found: FieldIssue[] = [];
    let event: StatementPublished | undefined;
    try {
      event = toArchiveEvent({ type: 'StatementPublished', data: input }) as StatementPublished;
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      found = error.issues.map((i) => ({ ...i, path: i.path.replace(/^data\.?/, '') }));
    }
    const mapped = found.map((i) => {
      const field = fieldOf(i.path, rowOf, form);
      // An empty date is missing rather than wrong.
      const missing = /publishedOn$/.test(field) && (form.values[field] ?? '').trim() === '';
      return { path: field, message: missing ? translator(lang)('editor:error.empty') : fieldMessage(field, i.message, lang) };
    });
    // One message a field: a value the form could not read in the form's own words, else the
    // first the schema gives (an empty metric also leaves its unit unknown).
    const all = [...issues];
    for (const m of mapped) if (!all.some((i) => i.path === m.path)) all.push(m);
    return event && all.length === 0 ? { event, rowOf } : { issues: all };
  };

  const submit: RequestHandler = async (req, res) => {
    const editor = signedInEditor(req);
    if (!editor) return renderLogin(req, res, 401, 'editor:login.ended');
    const body = req.body as Record<string, unknown>;
    const form = readForm(body);
    // "More figure rows" re-renders the same input with more rows: no JavaScript needed.
    if (body.action === 'more') return renderForm(req, res, 200, { ...form, rows: Math.min(maxRows, form.rows + initialRows) });
    if (body.action === 'edit') return renderForm(req, res, 200, form);
    const draft = draftOf(form, res);
    if ('issues' in draft) return renderForm(req, res, 400, form, draft.issues);
    const lang = pageLanguage(res);
    const { event } = draft;
    // Nothing is appended before the editor has seen the statement and what the checks say of it.
    if (body.action !== 'publish') {
      if (reader.getStatement(event.data.id)) {
        return renderForm(req, res, 400, form, [{ path: 'id', message: translator(lang)('editor:error.idTaken') }]);
      }
      const time = archiveTime(req, context, undefined);
      return res.render('pages/editor-preview', {
        ...time.layout,
        csrf: csrfToken(req),
        pairs: formPairs(form),
        ...draftPreview(reader, event.data, lang, time.at),
      });
    }
    try {
      const appended = await appendArchiveEvents(context.store, [event], { via: 'editor', appendedBy: editor });
      const { position } = appended[0]!;
      const projection = await waitForReadModel(context.readModel, position);
      if (projection.shown) return res.redirect(303, `/editor/appended/${event.data.id}`);
      // Saved, but the statement's page would answer 404: say so rather than send the editor there.
      const t = translator(lang);
      const url = `/statements/${event.data.id}`;
      res.status(202).render('pages/editor-accepted', {
        title: t('editor:accepted.pendingTitle'),
        ...archiveTime(req, context, undefined).layout,
        pending: true,
        pendingText: t('editor:accepted.pending', { position: Number(position), reason: projection.reason, url }),
        statementTitle: event.data.title,
        url,
      });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const path = fieldOf(error.path.replace(/^data\.?/, ''), draft.rowOf, form);
      renderForm(req, res, 400, form, [{ path, message: fieldMessage(path, error.message, lang) }]);
    }
  };

  /** Where an editor lands after an append: what was appended, and a link to it. */
  const appended: RequestHandler = (req, res) => {
    if (!isEditor(req)) return renderLogin(req, res, tokens.enabled ? 401 : 403, 'editor:login.ended');
    const t = translator(pageLanguage(res));
    const id = String(req.params.id);
    const version = reader.getStatement(id);
    if (!version) throw new HttpError(404, t('editor:accepted.notFound', { id }));
    res.render('pages/editor-accepted', {
      title: t('editor:accepted.title'),
      ...archiveTime(req, context, undefined).layout,
      position: version.position,
      statementTitle: version.statement.title,
      url: `/statements/${id}`,
    });
  };

  return { page, identify, login, logout, submit, appended, verifyCsrf };
}
