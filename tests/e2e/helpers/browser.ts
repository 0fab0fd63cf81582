import { chromium, type Browser } from 'playwright-core';

/** Debian's chromium, as .ci/run installs it; flags keep it headless, offline and quiet in a container. */
export const chromiumPath = process.env.QANTAR_CHROMIUM ?? '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
