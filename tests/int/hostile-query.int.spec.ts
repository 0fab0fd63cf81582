import fc from 'fast-check';
import type { Express } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestArchive, type TestArchive } from './http-fixture.js';

const runsPerRoute = Number(process.env.QANTAR_QUERY_RUNS ?? 100);
let archive: TestArchive;
let getRoutes: string[];

type Layer = { route?: { path: unknown; methods: Record<string, boolean> }; handle?: { stack?: Layer[] } };

/**
 * Every GET route the app declares, read from its router (and from routers mounted at the root,
 * such as healthRoutes), so a route added later is covered without editing this test.
 */
function routesOf(app: Express): string[] {
  const walk = (stack: Layer[]): string[] =>
    stack.flatMap((layer) => {
      if (layer.route) return layer.route.methods.get && typeof layer.route.path === 'string' ? [layer.route.path] : [];
      return layer.handle?.stack ? walk(layer.handle.stack) : [];
    });
  return [...new Set(walk((app as unknown as { router: { stack: Layer[] } }).router.stack))];
}

/** A concrete URL for a route: a real statement or metric id where the path takes one. */
const concrete = (route: string) =>
  route
    .replace(/^\/(api\/)?statements\/:id/, '/$1statements/unrest-2022-01-04')
    .replace(/^\/(api\/)?metrics\/:id/, '/$1metrics/persons-convicted')
    .replace(/:(\w+)/g, 'unrest-2022-01-04');

beforeAll(async () => {
  archive = await openTestArchive();
  getRoutes = routesOf(archive.app);
});
afterAll(() => archive.close());

const parameter = fc.constantFrom('date', 'known', 'at', 'from', 'to', 'until', 'topic', 'body', 'kind', 'metric', 'id', 'format', 'page', 'q', 'after', 'before', 'offset', 'limit');
const hostileValue = fc.oneof(
  fc.constantFrom('2023-02-30', '2023-13-01', '99999-01-01', '2023-1-5', 'yesterday', '', ' ', '0000-00-00', '2023-01-05T00:00:00Z'),
  fc.constantFrom('-1', '1.5', '1e3', 'abc', '99999999999999999999', '9007199254740993', '0x10', 'NaN', 'Infinity', '999999'),
  fc.constantFrom('<script>alert(1)</script>', "' OR 1=1 --", '../../etc/passwd', '%00', '\u0000', '𝕏', 'x'.repeat(5000)),
  fc.string({ maxLength: 40 }),
);
/** One or two values per parameter: `?at=1&at=2` reaches the handler as an array. */
const hostileQuery = fc.array(fc.tuple(parameter, hostileValue), { minLength: 1, maxLength: 4 });

const nameOf = (res: request.Response) => (res.type === 'application/json' ? JSON.stringify(res.body) : res.text);

describe('hostile query strings on every GET route: 400 with the reason, never 500', () => {
  it('every route is found (the router was read)', () => {
    expect(getRoutes).toEqual(expect.arrayContaining(['/', '/figures', '/api/figures', '/statements/:id']));
  });

  it(`${runsPerRoute} generated queries per route`, async () => {
    let tried = 0;
    for (const route of getRoutes) {
      await fc.assert(
        fc.asyncProperty(hostileQuery, async (pairs) => {
          tried += 1;
          const query = pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
          const res = await request(archive.app).get(`${concrete(route)}?${query}`);
          const context = `${route}?${query}: ${res.status}`;
          expect(res.status, context).toBeLessThan(500);
          if (res.status === 400) {
            // The answer names what is wrong: the parameter (sent, or required and missing) and why.
            const json = await request(archive.app).get(`${concrete(route)}?${query}`).set('Accept', 'application/json');
            const issues = (json.body.issues ?? []) as { path: string; message: string }[];
            expect(issues.length, `${context} ${JSON.stringify(json.body).slice(0, 200)}`).toBeGreaterThan(0);
            for (const issue of issues) expect(issue.path && issue.message, context).toBeTruthy();
          }
        }),
        { numRuns: runsPerRoute },
      );
    }
    console.log(`hostile query strings tried: ${tried} over ${getRoutes.length} GET routes`);
  }, 180_000);

  it('names the parameter for the usual mistakes', async () => {
    const cases: [string, string][] = [
      ['/figures?date=2023-02-30', 'date'],
      ['/figures?date=2023-01-05&known=soon', 'known'],
      ['/?at=abc', 'at'],
      ['/?at=99999999', 'at'],
      ['/api/figures?date=05.01.2023', 'date'],
      ['/api/statements?at=-1', 'at'],
      ['/statements/unrest-2022-01-04?at=1.5', 'at'],
    ];
    for (const [url, name] of cases) {
      const res = await request(archive.app).get(url);
      expect(res.status, url).toBe(400);
      expect(nameOf(res), url).toContain(name);
    }
  });

  it('hostile ids in the path: 404 or 400, never 500', async () => {
    const idRoutes = getRoutes.filter((r) => r.includes(':'));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...idRoutes), fc.string({ minLength: 1, maxLength: 300 }), async (route, id) => {
        const res = await request(archive.app).get(route.replace(/:\w+/g, encodeURIComponent(id)));
        // The editor's pages ask for a signed-in editor before they read the id: 401 there.
        const expected = route.startsWith('/editor/') ? [400, 401, 404] : [400, 404];
        expect(expected, `${route} with ${JSON.stringify(id)}: ${res.status}`).toContain(res.status);
      }),
      { numRuns: 300 },
    );
  });
});

describe('security headers on every page and answer', () => {
  it('CSP without inline script, nosniff, no framing, a referrer policy: on pages, API, 400s and 404s', async () => {
    const urls = [...getRoutes.map(concrete), '/no-such-page', '/api/no-such', '/figures?date=2023-02-30', '/statements/no-such-statement'];
    for (const url of urls) {
      const res = await request(archive.app).get(url);
      const csp = res.headers['content-security-policy'] ?? '';
      const scripts = /script-src ([^;]*)/.exec(csp)?.[1] ?? /default-src ([^;]*)/.exec(csp)?.[1];
      expect(scripts, `${url}: ${csp}`).toBeDefined();
      expect(scripts, url).not.toContain('unsafe-inline');
      expect(scripts, url).not.toContain('unsafe-eval');
      // The embeds alone are made to be framed by other sites (charts-embeds.int.spec.ts).
      expect(csp, url).toMatch(url.startsWith('/embed/') ? /frame-ancestors \*/ : /frame-ancestors 'none'|frame-ancestors 'self'/);
      expect(csp, url).toMatch(/object-src 'none'/);
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
      expect(res.headers['referrer-policy'], url).toBeDefined();
      expect(res.headers['x-powered-by'], url).toBeUndefined();
    }
  });
});
