import type { Request } from 'express';
import { HttpError } from './errors.js';

/**
 * What a Host header may hold: a DNS name or IPv4 address, or a bracketed IPv6 address, and a
 * port. Anything else (a space, `@`, `/`…) would let the client write someone else's address
 * into a citation, or make a URL that cannot be parsed; the WHATWG parser then checks the rest
 * (brackets that close, a port below 65536).
 */
const hostCharacters = /^[A-Za-z0-9.\-:[\]]+$/;

/**
 * `protocol://host` normalised (lower case, no default port), or undefined when the host is not
 * one. The protocol is checked too: behind a trusted proxy it comes from X-Forwarded-Proto.
 */
export function originFromHost(protocol: string, host: string | undefined): string | undefined {
  if (protocol !== 'http' && protocol !== 'https') return undefined;
  if (!host || !hostCharacters.test(host)) return undefined;
  const address = `${protocol}://${host}/`;
  return URL.canParse(address) ? new URL(address).origin : undefined;
}

/**
 * The address the archive is published at, for absolute links: QANTAR_PUBLIC_URL (createApp
 * keeps it in app.locals), else the origin the request's Host names, else undefined when the
 * Host is missing or malformed. The client writes the Host, so it is never trusted unchecked.
 */
export function publicOrigin(req: Request): string | undefined {
  const configured = req.app.locals.publicUrl as string | undefined;
  return configured ?? originFromHost(req.protocol, req.get('host'));
}

/** For files read away from the archive (the feed, TimelineJS), where a relative link would be useless. */
export function requirePublicOrigin(req: Request): string {
  const origin = publicOrigin(req);
  if (!origin) {
    throw new HttpError(400, 'Invalid input', [
      { path: 'Host', message: 'must name this archive (a host name and optional port); or set QANTAR_PUBLIC_URL on the server' },
    ]);
  }
  return origin;
}
