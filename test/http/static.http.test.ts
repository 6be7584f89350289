import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/http-app.js';

const webRoot = path.resolve('dist/web');

/**
 * The first load of the web app: small (what Today needs; other pages load when visited),
 * compressed, and cached for as long as a file cannot change.
 */
describe('the web app as the server sends it', () => {
  let t: TestApp;
  beforeAll(async () => {
    if (!fs.existsSync(path.join(webRoot, 'index.html'))) throw new Error('The web app is not built: run `npm run build` first');
    t = await createTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  /** The scripts index.html loads at once: its module entry and the chunks it preloads. */
  const initialScripts = (html: string) => [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1] ?? '');

  it('sends index.html to be checked on every load, and hashed assets to be kept for a year, compressed', async () => {
    const index = await t.app.inject({ url: '/', headers: { 'accept-encoding': 'br, gzip' } });
    expect(index.statusCode).toBe(200);
    expect(index.headers['cache-control']).toBe('no-cache');
    const html = fs.readFileSync(path.join(webRoot, 'index.html'), 'utf8');
    const scripts = initialScripts(html);
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts) {
      const asset = await t.app.inject({ url: script, headers: { 'accept-encoding': 'br, gzip' } });
      expect(asset.statusCode, script).toBe(200);
      expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(asset.headers['content-encoding']).toBe('br');
      const gzip = await t.app.inject({ url: script, headers: { 'accept-encoding': 'gzip' } });
      expect(gzip.headers['content-encoding']).toBe('gzip');
    }
    // A client-side route loads the same page, not cached either.
    const route = await t.app.inject({ url: '/contacts/123' });
    expect(route.headers['cache-control']).toBe('no-cache');
  });

  it("the first load's JavaScript is at most 200 KB gzip: charts, the graph and the other pages load when visited", () => {
    const html = fs.readFileSync(path.join(webRoot, 'index.html'), 'utf8');
    const bytes = initialScripts(html).reduce((sum, script) => sum + fs.statSync(path.join(webRoot, `${script}.gz`)).size, 0);
    expect(bytes).toBeGreaterThan(0);
    expect(bytes).toBeLessThanOrEqual(200 * 1024);
  });

  it('is installable: a manifest with its icons, and a service worker and its registration from this origin, checked on every load', async () => {
    const html = (await t.app.inject({ url: '/' })).body;
    expect(html).toContain('<link rel="manifest" href="/manifest.webmanifest">');
    // The registration is a file: the CSP allows no inline script.
    expect(html).toMatch(/<script[^>]+src="\/registerSW\.js"><\/script>/);
    const csp = String((await t.app.inject({ url: '/' })).headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'self'");

    const manifest = await t.app.inject({ url: '/manifest.webmanifest' });
    expect(manifest.statusCode).toBe(200);
    expect(manifest.headers['content-type']).toContain('application/manifest+json');
    const body = manifest.json<{ name: string; start_url: string; display: string; icons: { src: string; sizes: string; purpose?: string }[] }>();
    expect(body).toMatchObject({ name: 'Rapport', start_url: '/', display: 'standalone' });
    expect(body.icons.map((i) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
    expect(body.icons.some((i) => i.purpose === 'maskable')).toBe(true);
    for (const icon of body.icons) {
      const png = await t.app.inject({ url: icon.src });
      expect(png.statusCode, icon.src).toBe(200);
      expect(png.headers['content-type']).toBe('image/png');
      // A PNG of the size it claims.
      const [width, height] = icon.sizes.split('x').map(Number);
      expect([png.rawPayload.readUInt32BE(16), png.rawPayload.readUInt32BE(20)], icon.src).toEqual([width, height]);
    }

    for (const file of ['/sw.js', '/registerSW.js']) {
      const script = await t.app.inject({ url: file, headers: { 'accept-encoding': 'gzip' } });
      expect(script.statusCode, file).toBe(200);
      expect(script.headers['content-type']).toContain('javascript');
      // A new version must reach the browser at once: the worker is checked on every load.
      expect(script.headers['cache-control']).toBe('no-cache');
    }
    const worker = fs.readFileSync(path.join(webRoot, 'sw.js'), 'utf8');
    // It keeps the app shell, and the single-page app answers every route but the API's.
    expect(worker).toContain('index.html');
    expect(worker).toMatch(/denylist:\[\/\^\\\/api/);
  });
});
