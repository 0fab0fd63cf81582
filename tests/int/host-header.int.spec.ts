import type { AddressInfo } from 'node:net';
import net from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestArchive, type TestArchive } from './http-fixture.js';

/**
 * The Host header as a client sends it, byte for byte: supertest and fetch build it from the
 * URL, so a malformed one can only be sent over a raw socket.
 */
function rawGet(port: number, path: string, host: string, accept = 'text/html', extra = ''): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let response = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk) => (response += chunk));
    socket.on('error', reject);
    socket.on('end', () => {
      const status = /^HTTP\/1\.1 (\d{3})/.exec(response);
      if (!status) return reject(new Error(`no HTTP answer to ${path} with Host "${host}": ${response.slice(0, 200)}`));
      resolve({ status: Number(status[1]), text: response });
    });
    socket.write(`GET ${path} HTTP/1.1\r\nHost: ${host}\r\nAccept: ${accept}\r\n${extra}Connection: close\r\n\r\n`);
  });
}

function listen(app: TestArchive['app']): Promise<Server> {
  return new Promise((resolve) => {
    const server = app.listen(0, '127.0.0.1', () => resolve(server));
  });
}
const portOf = (server: Server) => (server.address() as AddressInfo).port;
const close = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

/** Every page that ends with the cite block, which builds the permalink's absolute address. */
const citedPages = [
  '/',
  '/statements/hearing-2023-01-05-asylov',
  '/figures?date=2023-01-05',
  '/metrics',
  '/metrics/persons-convicted',
  '/checks?date=2023-01-05',
  '/compare?from=2022-01-10&to=2023-01-05',
  '/history',
  '/about',
];
const malformedHosts = ['a b', '[::1', 'example.org:99999', '', 'evil.example@qantar.example', 'qantar.example/x'];

/** The permalink as the cite block shows it, with Handlebars' escapes undone. */
const citedUrl = (html: string) =>
  /<a class="cite-url" href="[^"]*">([^<]*)<\/a>/.exec(html)?.[1]?.replaceAll('&#x3D;', '=').replaceAll('&amp;', '&');

describe('the Host header', () => {
  let archive: TestArchive;
  let server: Server;
  beforeAll(async () => {
    archive = await openTestArchive();
    server = await listen(archive.app);
  });
  afterAll(async () => {
    await close(server);
    await archive.close();
  });

  it.each(malformedHosts)('a malformed Host "%s" still serves every cited page, with a relative permalink', async (host) => {
    for (const path of citedPages) {
      const res = await rawGet(portOf(server), path, host);
      expect(res.status, `${path} with Host "${host}"`).toBe(200);
      const url = citedUrl(res.text);
      expect(url, path).toMatch(/^\/[^/]/);
      if (host) expect(res.text, path).not.toContain(host);
    }
  });

  it('a well-formed Host makes absolute permalinks, IPv6 and ports included', async () => {
    for (const host of ['qantar.example', 'QANTAR.example:8080', '[::1]:3000', '127.0.0.1']) {
      const res = await rawGet(portOf(server), '/statements/hearing-2023-01-05-asylov', host);
      expect(res.status).toBe(200);
      expect(citedUrl(res.text)).toMatch(new RegExp(`^http://${host.toLowerCase().replace(/[.[\]]/g, '\\$&')}/statements/hearing-2023-01-05-asylov\\?at=\\d+&lang=en$`));
    }
  });

  it('the feed and the TimelineJS file refuse a malformed Host with 400 naming it, and never link to it', async () => {
    for (const path of ['/feed.atom', '/api/timelinejs.json']) {
      for (const host of malformedHosts) {
        const res = await rawGet(portOf(server), path, host, 'application/json');
        expect(res.status, `${path} with Host "${host}"`).toBe(400);
        expect(res.text).toContain('"path":"Host"');
      }
    }
  });

  it('behind a trusted proxy, only an http(s) X-Forwarded-Proto makes an absolute permalink', async () => {
    const proxied = await openTestArchive({ app: { trustProxy: 'loopback' } });
    const proxiedServer = await listen(proxied.app);
    try {
      const cited = async (proto: string) =>
        citedUrl((await rawGet(portOf(proxiedServer), '/about', 'qantar.example', 'text/html', `X-Forwarded-Proto: ${proto}\r\n`)).text);
      expect(await cited('https')).toMatch(/^https:\/\/qantar\.example\/about\?at=\d+&lang=en$/);
      expect(await cited('javascript')).toMatch(/^\/about\?at=\d+&lang=en$/);
    } finally {
      await close(proxiedServer);
      await proxied.close();
    }
  });

  it('with QANTAR_PUBLIC_URL set, every address is built from it whatever the Host says', async () => {
    const published = await openTestArchive({ app: { publicUrl: 'https://qantar.example/' } });
    const publishedServer = await listen(published.app);
    try {
      for (const host of malformedHosts) {
        for (const path of citedPages) {
          const res = await rawGet(portOf(publishedServer), path, host);
          expect(res.status, `${path} with Host "${host}"`).toBe(200);
          expect(citedUrl(res.text), path).toMatch(/^https:\/\/qantar\.example\//);
        }
        const feed = await rawGet(portOf(publishedServer), '/feed.atom', host);
        expect(feed.status).toBe(200);
        expect(feed.text).toContain('https://qantar.example/statements/');
      }
    } finally {
      await close(publishedServer);
      await published.close();
    }
  });
});
