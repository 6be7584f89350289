import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/http-app.js';

/** A raw request, because fetch will not let a test forge the Host header the way an attacker's DNS can. */
function rawRequest(port: number, headers: Record<string, string>, method = 'GET', path = '/api/contacts'): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end(method === 'POST' ? JSON.stringify({ givenName: 'Mallory' }) : undefined);
  });
}

describe('local server security', () => {
  let t: TestApp;
  let port: number;
  beforeAll(async () => {
    t = await createTestApp();
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    port = (t.app.server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await t.close();
  });

  it('listens on the loopback interface only', () => {
    expect((t.app.server.address() as AddressInfo).address).toBe('127.0.0.1');
  });

  it('serves requests addressed to itself', async () => {
    expect(await rawRequest(port, { host: `127.0.0.1:${port}` })).toBe(200);
    expect(await rawRequest(port, { host: `localhost:${port}` })).toBe(200);
    expect(await rawRequest(port, { host: `localhost:${port}`, origin: `http://localhost:${port}` })).toBe(200);
  });

  it('refuses a DNS-rebinding request whose Host is another name', async () => {
    expect(await rawRequest(port, { host: `attacker.example:${port}` })).toBe(403);
    expect(await rawRequest(port, { host: 'attacker.example' })).toBe(403);
    expect(await rawRequest(port, { host: `127.0.0.1.nip.io:${port}` })).toBe(403);
  });

  it('refuses a Host naming another port', async () => {
    expect(await rawRequest(port, { host: `127.0.0.1:${port + 1}` })).toBe(403);
  });

  it('refuses a Host without a port unless the server is on port 80 (a bare Host means port 80)', async () => {
    expect(await rawRequest(port, { host: '127.0.0.1' })).toBe(403);
    expect(await rawRequest(port, { host: 'localhost' })).toBe(403);
  });

  it('refuses cross-site requests by Origin, and changes nothing', async () => {
    const before = (await t.app.inject({ url: '/api/contacts' })).json<{ total: number }>().total;
    const headers = { host: `127.0.0.1:${port}`, 'content-type': 'application/json' };
    expect(await rawRequest(port, { ...headers, origin: 'https://attacker.example' }, 'POST')).toBe(403);
    expect(await rawRequest(port, { ...headers, origin: 'http://localhost:3000' }, 'POST')).toBe(403);
    expect(await rawRequest(port, { ...headers, origin: 'null' }, 'POST')).toBe(403);
    expect((await t.app.inject({ url: '/api/contacts' })).json<{ total: number }>().total).toBe(before);
    expect(await rawRequest(port, { ...headers, origin: `http://127.0.0.1:${port}` }, 'POST')).toBe(201);
  });

  it('sends security headers, on refusals too', async () => {
    const refused = await t.app.inject({ url: '/api/health', headers: { host: 'attacker.example' } });
    expect(refused.statusCode).toBe(403);
    expect(refused.headers['x-frame-options']).toBe('SAMEORIGIN');
    const res = await t.app.inject({ url: '/api/health', headers: { host: `127.0.0.1:${port}` } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['referrer-policy']).toBe('no-referrer');
  });

  it('allows fonts only from itself and data: URLs', async () => {
    const res = await t.app.inject({ url: '/api/health', headers: { host: `127.0.0.1:${port}` } });
    const fontSrc = String(res.headers['content-security-policy']).split(';').map((d) => d.trim()).find((d) => d.startsWith('font-src'));
    expect(fontSrc).toBe("font-src 'self' data:");
  });

  it('tells browsers and proxies not to keep JSON API answers, errors included', async () => {
    const headers = { host: `127.0.0.1:${port}` };
    for (const url of ['/api/contacts', '/api/health', '/api/contacts/nobody', '/api/no-such-route', '/api/contacts?limit=0']) {
      const res = await t.app.inject({ url, headers });
      expect(res.headers['content-type'], url).toMatch(/^application\/json/);
      expect(res.headers['cache-control'], url).toBe('no-store');
    }
  });
});
