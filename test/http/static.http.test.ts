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
});
