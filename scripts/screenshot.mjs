// Takes a screenshot of a running Rapport page with Debian's Chromium: used for the README and
// to look at the UI as a person would. Usage: node scripts/screenshot.mjs URL OUT.png [width height]
import { chromium } from 'playwright-core';

const [url, out, width = '1280', height = '760'] = process.argv.slice(2);
if (!url || !out) {
  console.error('usage: node scripts/screenshot.mjs URL OUT.png [width height]');
  process.exit(2);
}
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const page = await browser.newPage({ viewport: { width: Number(width), height: Number(height) }, colorScheme: 'light' });
await page.goto(url, { waitUntil: 'networkidle' });
await page.screenshot({ path: out });
await browser.close();
