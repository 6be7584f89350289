import fs from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { testNow } from './clock.js';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Whether the browser journeys can run. Locally a missing Chromium skips them loudly; under
 * CI=true it is a failure (install Debian's `chromium`; .ci/run does).
 */
export function chromiumAvailable(): boolean {
  if (fs.existsSync(chromiumPath)) return true;
  if (process.env.CI) throw new Error(`Chromium is required under CI=true but missing at ${chromiumPath} (apt-get install chromium)`);
  console.warn(`\n!!! Chromium not found at ${chromiumPath}: browser journeys are SKIPPED\n`);
  return false;
}

/** Debian's Chromium, headless, with the flags this machine's closed network needs. */
export function launchChromium(): Promise<Browser> {
  // The journeys drive the built web app: without it every page is empty and each step waits
  // out its timeout. `npm test` builds first; running vitest alone does not.
  const webIndex = new URL('../../dist/web/index.html', import.meta.url);
  if (!fs.existsSync(webIndex)) throw new Error(`The web app is not built (${webIndex.pathname} is missing): run \`npm run build\` first`);
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * A page whose Date starts at the tests' now (`testNow`, the instant the server under test was
 * started at) and advances in real time, so the web app's "today" is the server's.
 */
export async function newClockedPage(browser: Browser, options: Parameters<Browser['newContext']>[0] = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext(options);
  await context.clock.install({ time: testNow() });
  const page = await context.newPage();
  return { context, page };
}
