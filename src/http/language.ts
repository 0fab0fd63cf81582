/**
 * Which language a page is read in: `?lang=` (remembered in a cookie), else the cookie, else the
 * browser's Accept-Language, else English. The JSON API stays language-neutral: there only an
 * explicit `?lang=` asks for labels in a language, so a cached answer never depends on a cookie.
 */
import type { Request, RequestHandler, Response } from 'express';
import { parse as parseCookies } from 'cookie';
import { defaultLanguage, endonym, interfaceLanguages, isInterfaceLanguage, type InterfaceLanguage } from '../i18n/languages.js';
import { HttpError } from './errors.js';

export const languageCookie = 'qantar_lang';
const oneYearMs = 365 * 24 * 3_600_000;

/** `?lang=`, validated: undefined when absent, an error naming the field when not a language the archive speaks. */
export function requestedLanguage(req: Request): InterfaceLanguage | undefined {
  const value = req.query.lang;
  if (value === undefined || value === '') return undefined;
  if (!isInterfaceLanguage(value)) {
    throw new HttpError(400, `lang must be one of ${interfaceLanguages.join(', ')}`, [
      { path: 'lang', message: `must be one of ${interfaceLanguages.join(', ')}` },
    ]);
  }
  return value;
}

function rememberedLanguage(req: Request): InterfaceLanguage | undefined {
  const header = req.get('cookie');
  if (!header) return undefined;
  const value = parseCookies(header)[languageCookie];
  return isInterfaceLanguage(value) ? value : undefined;
}

function negotiatedLanguage(req: Request): InterfaceLanguage | undefined {
  if (!req.get('accept-language')) return undefined;
  const best = req.acceptsLanguages(...interfaceLanguages);
  return isInterfaceLanguage(best) ? best : undefined;
}

/** The same address in another language: the page and its whole query kept, `lang` set. */
export function inLanguage(originalUrl: string, language: InterfaceLanguage): string {
  const url = new URL(originalUrl, 'http://archive.invalid');
  url.searchParams.set('lang', language);
  return `${url.pathname}?${url.searchParams.toString()}`;
}

export const chooseLanguage: RequestHandler = (req, res, next) => {
  // A `?lang=` the archive does not speak is refused, on a page in the language the reader would otherwise get.
  let requested: InterfaceLanguage | undefined;
  let refusal: unknown;
  try {
    requested = requestedLanguage(req);
  } catch (error) {
    refusal = error;
  }
  const isApi = req.path === '/api' || req.path.startsWith('/api/');
  const lang = isApi ? (requested ?? defaultLanguage) : (requested ?? rememberedLanguage(req) ?? negotiatedLanguage(req) ?? defaultLanguage);
  if (requested && !isApi) {
    res.cookie(languageCookie, requested, { maxAge: oneYearMs, sameSite: 'lax', httpOnly: true, path: '/', secure: req.secure });
  }
  // Caches must key pages on what chose their language.
  if (!isApi) res.vary('Accept-Language').vary('Cookie');
  res.set('Content-Language', lang);
  res.locals.lang = lang;
  res.locals.languages = interfaceLanguages.map((code) => ({
    code,
    name: endonym[code],
    href: inLanguage(req.originalUrl, code),
    current: code === lang,
  }));
  next(refusal);
};

/** The language chosen for this response; English where the choice itself failed (a bad `?lang=`). */
export function pageLanguage(res: Response): InterfaceLanguage {
  const lang = res.locals.lang;
  return isInterfaceLanguage(lang) ? lang : defaultLanguage;
}
