import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** tests/artifacts/ is gitignored: screenshots for a person to look at after a run. */
export function artifactPath(name: string): string {
  const dir = path.join(root, 'tests', 'artifacts');
  fs.mkdirSync(dir, { recursive: true });
  return path.join(dir, name);
}

/** The README's screenshot is committed: docs/screenshot-timeline.png. */
export const readmeScreenshot = path.join(root, 'docs', 'screenshot-timeline.png');

/** docs/screenshots/ is committed: the README shows these. */
export function docsScreenshot(name: string): string {
  const dir = path.join(root, 'docs', 'screenshots');
  fs.mkdirSync(dir, { recursive: true });
  return path.join(dir, name);
}
