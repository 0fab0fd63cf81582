import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../e2e/helpers/server.js';

/**
 * What a new user sees after `npm start` on a fresh machine: the seed and the statements from
 * public reports, imported together, so the figures as of a day of 2022 are those officials had
 * given by then, each with its source, and the death toll's page shows how it moved.
 */
let server: RunningServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

type ApiFigure = { metric: string; value: number; asOf: string; statementId: string; wordingKind: string | null; publishedOn: string };

const figuresOn = async (date: string): Promise<ApiFigure[]> => {
  const answer = await fetch(`${server.url}/api/figures?date=${date}`);
  expect(answer.status).toBe(200);
  return ((await answer.json()) as { figures: ApiFigure[] }).figures;
};

const page = async (path: string) => {
  const answer = await fetch(`${server.url}${path}`);
  expect(answer.status, path).toBe(200);
  return answer.text();
};

describe('the official figures as they changed, from a fresh start', () => {
  it('on 1 February 2022 the death toll is the one officials had given in January, not none', async () => {
    const deaths = (await figuresOn('2022-02-01')).find((f) => f.metric === 'deaths');
    expect(deaths).toBeDefined();
    expect(deaths!.asOf < '2022-02-01').toBe(true);
    expect(deaths!.asOf >= '2022-01-04').toBe(true);
    expect(deaths!.wordingKind).toBe('paraphrase');
  });

  it('on 1 June 2022 the toll is a later one than in February', async () => {
    const [february, june] = await Promise.all([figuresOn('2022-02-01'), figuresOn('2022-06-01')]);
    const toll = (figures: ApiFigure[]) => figures.find((f) => f.metric === 'deaths')!;
    expect(toll(june).asOf > toll(february).asOf).toBe(true);
    expect(june.length).toBeGreaterThan(20);
  });

  it('the /figures page of a 2022 day shows each figure with its statement and its source, and a paraphrase as one', async () => {
    for (const date of ['2022-02-01', '2022-06-01']) {
      const html = await page(`/figures?date=${date}`);
      expect(html, date).not.toContain('No official figure refers to');
      expect(html, date).toMatch(/People killed(<\/span>)?<\/a>/);
      expect(html, date).toContain('Paraphrase of a report:');
      expect(html, date).toMatch(/class="source-line note">Source: <a href="https?:\/\//);
    }
  });

  it('the death toll’s page shows each official value from 2022 on, each linked to its statement', async () => {
    const html = await page('/metrics/deaths');
    const rows = [...html.matchAll(/<th scope="row"><time datetime="(\d{4}-\d{2}-\d{2})">/g)].map((m) => m[1]!);
    expect(rows.filter((d) => d.startsWith('2022')).length).toBeGreaterThanOrEqual(3);
    expect(rows).toContain('2023-01-05');
    // Every point of the chart opens the statement that gave it.
    const chart = /<svg[^>]*aria-labelledby="chart-wide-title[\s\S]*?<\/svg>/.exec(html)![0];
    const points = [...chart.matchAll(/<a href="(\/statements\/[^"]+)"[^>]*><circle/g)];
    expect(points.length).toBe(rows.length);
  });

  it('a day before any figure says when the nearest figure was given', async () => {
    const html = await page('/figures?date=2021-12-01');
    expect(html).toContain('No official figure refers to');
    expect(html).toMatch(/The earliest figure in the archive describes \d+ January 2022/);
  });
});
