// Draws Rapport's icon (three people joined: a referral) as SVG and writes the PNG sizes a
// phone's home screen and the web app manifest ask for, rendered by Debian's Chromium (the
// browser journeys' own). Run once after changing the drawing: `node scripts/icons.mjs`; the
// files are committed in src/web/public/, which Vite copies into dist/web.
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const out = path.resolve(import.meta.dirname, '..', 'src', 'web', 'public');
const TEAL = '#087f5b';

/** `rounded`: the app icon's own corners; without, full bleed for a maskable icon (the phone cuts its own shape). */
function drawing({ rounded, scale = 1 }) {
  const c = 256;
  const nodes = [
    [c, c - 96 * scale],
    [c - 96 * scale, c + 80 * scale],
    [c + 96 * scale, c + 80 * scale],
  ];
  const r = 50 * scale;
  const lines = [
    [0, 1],
    [0, 2],
    [1, 2],
  ]
    .map(([a, b]) => `<line x1="${nodes[a][0]}" y1="${nodes[a][1]}" x2="${nodes[b][0]}" y2="${nodes[b][1]}"/>`)
    .join('');
  const circles = nodes.map(([x, y]) => `<circle cx="${x}" cy="${y}" r="${r}"/>`).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512"><rect width="512" height="512"${rounded ? ' rx="112"' : ''} fill="${TEAL}"/><g stroke="#fff" stroke-width="${26 * scale}" stroke-linecap="round">${lines}</g><g fill="#fff">${circles}</g></svg>\n`;
}

const icons = [
  { file: 'icon-192.png', size: 192, svg: drawing({ rounded: true }) },
  { file: 'icon-512.png', size: 512, svg: drawing({ rounded: true }) },
  // Maskable: everything that matters inside the central 80 % circle.
  { file: 'icon-maskable-512.png', size: 512, svg: drawing({ rounded: false, scale: 0.8 }) },
  { file: 'apple-touch-icon.png', size: 180, svg: drawing({ rounded: false }) },
];

fs.writeFileSync(path.join(out, 'favicon.svg'), drawing({ rounded: true }));
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
try {
  for (const icon of icons) {
    const page = await browser.newPage({ viewport: { width: icon.size, height: icon.size } });
    await page.setContent(`<html><body style="margin:0">${icon.svg.replace('<svg ', `<svg width="${icon.size}" height="${icon.size}" `)}</body></html>`);
    await page.screenshot({ path: path.join(out, icon.file), omitBackground: true });
    await page.close();
  }
} finally {
  await browser.close();
}
console.log(`wrote ${icons.length + 1} icons to ${path.relative(process.cwd(), out)}`);
