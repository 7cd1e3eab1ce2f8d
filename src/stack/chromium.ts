import { chromium, type Browser } from 'playwright-core';

/**
 * This machine's Chromium (CHROMIUM_PATH, default Debian's /usr/bin/chromium; `npm test` and `npm run
 * render` install it), headless and quiet: no sandbox (it runs as root in CI), no GPU, no QUIC, no
 * background traffic to Google.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
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
