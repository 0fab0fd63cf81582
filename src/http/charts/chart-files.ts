import fs from 'node:fs';
import { Resvg } from '@resvg/resvg-js';
import type { Application } from 'express';
import type { ChartView } from './metric-page-charts.js';

/**
 * Fonts with Cyrillic and the Kazakh letters (ә, ғ, қ, ң, ө, ұ, ү, һ, і) for the PNG: Debian's
 * DejaVu (fonts-dejavu-core, which chromium's fontconfig brings) and Liberation where present,
 * then whatever the system has.
 */
const fontFiles = [
  '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf',
  '/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf',
  '/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf',
].filter((file) => fs.existsSync(file));

/** Splits a line of text into lines of at most `max` characters, at spaces. */
function wrap(text: string, max: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/)) {
    if (current && current.length + 1 + word.length > max) {
      lines.push(current);
      current = word;
    } else current = current ? `${current} ${word}` : word;
  }
  if (current) lines.push(current);
  return lines;
}

/**
 * The chart as a file of its own: the wide drawing, with its title, source and permalink written
 * under it, since a downloaded chart travels without the page that explained it.
 */
export function standaloneSvg(app: Application, view: ChartView, permalinkText: string): Promise<string> {
  const chart = view.wide;
  const lineHeight = Math.round(chart.font * 1.5);
  const perLine = Math.floor(chart.width / (chart.font * 0.6));
  const texts = [view.title, view.source.plain, permalinkText].flatMap((t) => wrap(t, perLine));
  const footer = texts.map((text, i) => ({ text, y: chart.height + lineHeight * (i + 1) }));
  const context = { ...view, chart, size: 'wide', chartId: 'chart', standalone: true, footer, standaloneHeight: chart.height + lineHeight * (texts.length + 1), layout: false };
  return new Promise((resolve, reject) =>
    app.render('pages/metric-chart-svg', context, (error, svg) => (error ? reject(error) : resolve(`<?xml version="1.0" encoding="UTF-8"?>\n${svg.trim()}\n`))),
  );
}

/** The SVG drawn to a PNG at twice its size, for slides and documents; rendered here, so no browser is needed. */
export function svgToPng(svg: string): Buffer {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: 2 },
    font: { fontFiles, loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
  });
  return resvg.render().asPng();
}
