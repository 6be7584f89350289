import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT_LIMITS } from '../../src/services/accounts/account.service.js';
import { Browser, createServerTestApp, PUBLIC_URL, signedIn, TEST_NOW, TEST_PASSWORD, type ServerTestApp, type TestAccount } from '../support/server-app.js';
import { isPostgresReachable } from '../support/test-database.js';

const available = await isPostgresReachable();

async function count(t: ServerTestApp, table: 'users' | 'sessions' | 'contacts' | 'workspaces'): Promise<number> {
  const row = await t.tdb.db.kysely.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

describe.skipIf(!available)('server mode: accounts, sessions and CSRF on PostgreSQL', () => {
  let t: ServerTestApp;
  let admin: TestAccount;

  beforeAll(async () => {
    t = await createServerTestApp();
    admin = await signedIn(t, 'ada@centre.test', 'admin', 'Northside Career Centre', 'Ada Admin');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers the load balancer without a session, whatever Host it uses', async () => {
    expect((await t.app.inject({ url: '/healthz', headers: { host: '10.0.0.7:7411' } })).json()).toEqual({ ok: true });
    const ready = await t.app.inject({ url: '/readyz', headers: { host: '10.0.0.7:7411' } });
    expect(ready.statusCode).toBe(200);
  });

  it('accepts the public origin and refuses others', async () => {
    const fromPublic = await t.app.inject({ url: '/api/auth/session', headers: { host: 'rapport.example.test', origin: PUBLIC_URL } });
    expect(fromPublic.statusCode).toBe(401);
    const foreign = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { host: 'rapport.example.test', origin: 'https://evil.example' }, payload: { email: 'ada@centre.test', password: TEST_PASSWORD } });
    expect(foreign.statusCode).toBe(403);
    expect((await t.app.inject({ url: '/api/contacts', headers: { host: 'evil.example' } })).statusCode).toBe(403);
  });

  it('refuses every workspace route without a session', async () => {
    const anonymous = new Browser(t.app);
    const list = await anonymous.get('/api/contacts');
    expect(list.statusCode).toBe(401);
    expect(list.json()).toMatchObject({ error: { code: 'unauthorized' } });
    expect((await anonymous.post('/api/contacts', { givenName: 'Mallory' })).statusCode).toBe(401);
    expect((await anonymous.get('/api/today')).statusCode).toBe(401);
    expect(await count(t, 'contacts')).toBe(0);
  });

  it('signs in with a session cookie that scripts cannot read and other sites do not send', async () => {
    const browser = new Browser(t.app);
    const response = await browser.login('ada@centre.test');
    expect(response.statusCode).toBe(200);
    const cookie = response.cookies.find((c) => c.name === 'rapport_session');
    expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Lax', path: '/' });
    expect(response.json()).toMatchObject({ user: { email: 'ada@centre.test', displayName: 'Ada Admin', memberships: [{ role: 'admin', organizationName: 'Northside Career Centre' }] } });
    // The database keeps only a hash of the token.
    const stored = await t.tdb.db.kysely.selectFrom('sessions').select('id').execute();
    expect(stored.map((s) => s.id)).not.toContain(cookie?.value);
    const session = await browser.get('/api/auth/session');
    expect(session.json()).toMatchObject({ user: { email: 'ada@centre.test' }, csrfToken: browser.csrf });
  });

  it('stores passwords as argon2id', async () => {
    const row = await t.tdb.db.kysely.selectFrom('users').select('password_hash').where('email', '=', 'ada@centre.test').executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  it('gives a wrong password and an unknown address the same 401, and signs nobody in', async () => {
    const browser = new Browser(t.app, '203.0.113.20');
    const wrong = await browser.login('ada@centre.test', 'not the password');
    const unknown = await browser.login('nobody@centre.test', 'not the password');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.cookies).toEqual([]);
    expect(browser.cookie).toBeNull();
    const invalid = await browser.post('/api/auth/login', { email: 'ada@centre.test' });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json()).toMatchObject({ error: { issues: [{ path: 'password' }] } });
  });

  it('refuses a write without the CSRF token, or with another session’s, and changes nothing', async () => {
    const other = await signedIn(t, 'otto@centre.test');
    const before = await count(t, 'contacts');
    const missing = await admin.browser.post('/api/contacts', { givenName: 'Stan', familyName: 'Fields' }, { csrf: false });
    expect(missing.statusCode).toBe(403);
    expect(missing.json()).toMatchObject({ error: { code: 'csrf' } });
    const borrowed = await admin.browser.request('POST', '/api/contacts', { givenName: 'Stan' }, { csrf: false, headers: { 'x-csrf-token': other.browser.csrf ?? '' } });
    expect(borrowed.statusCode).toBe(403);
    expect((await admin.browser.request('DELETE', '/api/contacts/x', undefined, { csrf: false })).statusCode).toBe(403);
    expect(await count(t, 'contacts')).toBe(before);
    const ok = await admin.browser.post('/api/contacts', { givenName: 'Stan', familyName: 'Fields' });
    expect(ok.statusCode).toBe(201);
    expect(await count(t, 'contacts')).toBe(before + 1);
  });

  it('refuses an oversized sign-in body with 413 before reading it', async () => {
    const browser = new Browser(t.app, '203.0.113.21');
    const response = await browser.post('/api/auth/login', { email: 'ada@centre.test', password: 'x'.repeat(20_000) });
    expect(response.statusCode).toBe(413);
    expect(browser.cookie).toBeNull();
    const huge = await admin.browser.post('/api/contacts', { givenName: 'Big', notes: 'x'.repeat(1_100_000) });
    expect(huge.statusCode).toBe(413);
  });

  it('locks an address after five failures for 15 minutes, whether or not it has an account', async () => {
    await t.services.accounts.createUser({ email: 'lena@centre.test', displayName: 'Lena', password: TEST_PASSWORD, organizationName: 'Northside Career Centre', role: 'seeker' });
    const tries = async (email: string, address: string) => {
      const codes: number[] = [];
      for (let i = 0; i < ACCOUNT_LIMITS.failuresPerAccount; i++) codes.push((await new Browser(t.app, `${address}${i}`).login(email, `wrong ${i}`)).statusCode);
      return codes;
    };
    // Each from another address: the limit is the account's, not the address's.
    expect(await tries('lena@centre.test', '198.51.100.')).toEqual([401, 401, 401, 401, 401]);
    expect(await tries('ghost@centre.test', '198.51.101.')).toEqual([401, 401, 401, 401, 401]);
    const locked = await new Browser(t.app, '198.51.102.1').login('lena@centre.test');
    const lockedGhost = await new Browser(t.app, '198.51.102.2').login('ghost@centre.test');
    expect(locked.statusCode).toBe(429);
    expect(lockedGhost.statusCode).toBe(429);
    expect(locked.json()).toEqual(lockedGhost.json());
    expect(locked.headers['retry-after']).toBe('900');
    t.clock.advanceMs(ACCOUNT_LIMITS.failureWindowMs + 1000);
    expect((await new Browser(t.app, '198.51.102.3').login('lena@centre.test')).statusCode).toBe(200);
    t.clock.set(TEST_NOW);
  });

  it('signs out of this browser, or of every device at once', async () => {
    const phone = new Browser(t.app, '203.0.113.30');
    const laptop = new Browser(t.app, '203.0.113.31');
    await t.services.accounts.createUser({ email: 'max@centre.test', displayName: 'Max', password: TEST_PASSWORD, organizationName: 'Northside Career Centre', role: 'seeker' });
    expect((await phone.login('max@centre.test')).statusCode).toBe(200);
    expect((await laptop.login('max@centre.test')).statusCode).toBe(200);
    expect((await laptop.get('/api/account/sessions')).json()).toEqual({ active: 2 });
    const tablet = new Browser(t.app, '203.0.113.32');
    await tablet.login('max@centre.test');
    const oldTablet = tablet.cookie;
    expect((await tablet.post('/api/auth/logout')).statusCode).toBe(204);
    tablet.cookie = oldTablet;
    expect((await tablet.get('/api/contacts')).statusCode).toBe(401);
    expect((await laptop.post('/api/auth/logout-everywhere')).json()).toEqual({ endedSessions: 2 });
    expect((await phone.get('/api/contacts')).statusCode).toBe(401);
    expect((await laptop.get('/api/contacts')).statusCode).toBe(401);
  });

  it('ends a session after two weeks without a request', async () => {
    const browser = new Browser(t.app, '203.0.113.40');
    await browser.login('otto@centre.test');
    t.clock.advanceMs(ACCOUNT_LIMITS.sessionIdleMs - 60_000);
    expect((await browser.get('/api/contacts')).statusCode).toBe(200);
    t.clock.advanceMs(ACCOUNT_LIMITS.sessionIdleMs - 60_000);
    expect((await browser.get('/api/contacts')).statusCode).toBe(200);
    t.clock.advanceMs(ACCOUNT_LIMITS.sessionIdleMs + 1);
    expect((await browser.get('/api/contacts')).statusCode).toBe(401);
    t.clock.set(TEST_NOW);
  });

  describe('invitations: the only way to sign up', () => {
    it('lets an administrator invite, and the invited person sign up into a workspace of their own', async () => {
      const created = await admin.browser.post(`/api/organizations-admin/${admin.organizationId}/invitations`, { email: 'Sam.Seeker@Example.test', role: 'seeker' });
      expect(created.statusCode).toBe(201);
      const { link, invitation } = created.json<{ link: { url: string }; invitation: { email: string } }>();
      expect(invitation.email).toBe('sam.seeker@example.test');
      expect(link.url).toMatch(/^https:\/\/rapport\.example\.test\/invitation#[\w-]{43}$/);
      const token = link.url.split('#')[1] ?? '';
      const sam = new Browser(t.app, '203.0.113.50');
      expect((await sam.post('/api/auth/invitations/preview', { token })).json()).toMatchObject({ email: 'sam.seeker@example.test', role: 'seeker', organizationName: 'Northside Career Centre' });
      const workspacesBefore = await count(t, 'workspaces');
      const accepted = await sam.post('/api/auth/invitations/accept', { token, displayName: 'Sam Seeker', password: 'a long new password' });
      expect(accepted.statusCode).toBe(201);
      expect(await count(t, 'workspaces')).toBe(workspacesBefore + 1);
      expect((await sam.get('/api/contacts')).json()).toMatchObject({ total: 0 });
      // Used: the same link is now a 404 and creates nothing.
      const again = await new Browser(t.app, '203.0.113.51').post('/api/auth/invitations/accept', { token, displayName: 'Mallory', password: 'another long password' });
      expect(again.statusCode).toBe(404);
      expect(await count(t, 'workspaces')).toBe(workspacesBefore + 1);
    });

    it('refuses an expired, revoked or made-up link alike, and creates nothing', async () => {
      const make = async (email: string) => {
        const r = await admin.browser.post(`/api/organizations-admin/${admin.organizationId}/invitations`, { email, role: 'coach' });
        return r.json<{ link: { url: string }; invitation: { id: string } }>();
      };
      const expiring = await make('late@example.test');
      const revoked = await make('revoked@example.test');
      expect((await admin.browser.delete(`/api/organizations-admin/${admin.organizationId}/invitations/${revoked.invitation.id}`)).statusCode).toBe(204);
      t.clock.advanceMs(ACCOUNT_LIMITS.invitationMs + 1000);
      const users = await count(t, 'users');
      const answers = [];
      for (const token of [expiring.link.url.split('#')[1], revoked.link.url.split('#')[1], 'x'.repeat(43)]) {
        const b = new Browser(t.app, '203.0.113.52');
        answers.push((await b.post('/api/auth/invitations/accept', { token, displayName: 'Late', password: 'a long new password' })).json());
      }
      expect(answers[0]).toMatchObject({ error: { code: 'not_found' } });
      expect(answers[1]).toEqual(answers[0]);
      expect(answers[2]).toEqual(answers[0]);
      expect(await count(t, 'users')).toBe(users);
      t.clock.set(TEST_NOW);
    });

    it('refuses a short password or a bad role with the field named', async () => {
      const bad = await admin.browser.post(`/api/organizations-admin/${admin.organizationId}/invitations`, { email: 'someone@example.test', role: 'owner' });
      expect(bad.statusCode).toBe(400);
      expect(bad.json()).toMatchObject({ error: { issues: [{ path: 'role' }] } });
      const r = await admin.browser.post(`/api/organizations-admin/${admin.organizationId}/invitations`, { email: 'short@example.test', role: 'seeker' });
      const token = r.json<{ link: { url: string } }>().link.url.split('#')[1];
      const short = await new Browser(t.app).post('/api/auth/invitations/accept', { token, displayName: 'Short', password: 'short' });
      expect(short.statusCode).toBe(400);
      expect(short.json()).toMatchObject({ error: { issues: [{ path: 'password' }] } });
    });

    it('lets only administrators invite, and tells outsiders nothing about the organization', async () => {
      const seeker = await signedIn(t, 'sid@centre.test');
      const asSeeker = await seeker.browser.post(`/api/organizations-admin/${admin.organizationId}/invitations`, { email: 'friend@example.test', role: 'admin' });
      expect(asSeeker.statusCode).toBe(403);
      const outsider = await signedIn(t, 'olga@elsewhere.test', 'admin', 'Elsewhere Outplacement');
      expect((await outsider.browser.get(`/api/organizations-admin/${admin.organizationId}/members`)).statusCode).toBe(404);
      expect((await outsider.browser.post(`/api/organizations-admin/${admin.organizationId}/invitations`, { email: 'x@example.test', role: 'coach' })).statusCode).toBe(404);
    });
  });

  describe('password reset links issued by an administrator', () => {
    it('work once, before they expire, and sign the account out everywhere', async () => {
      const pat = await signedIn(t, 'pat@centre.test');
      const issued = await admin.browser.post(`/api/organizations-admin/${admin.organizationId}/members/${pat.userId}/reset-link`);
      expect(issued.statusCode).toBe(201);
      const url = issued.json<{ url: string }>().url;
      expect(url).toMatch(/^https:\/\/rapport\.example\.test\/reset-password#/);
      const token = url.split('#')[1];
      const anonymous = new Browser(t.app, '203.0.113.60');
      expect((await anonymous.post('/api/auth/password-reset', { token, password: 'a brand new password' })).statusCode).toBe(204);
      expect((await pat.browser.get('/api/contacts')).statusCode).toBe(401);
      expect((await anonymous.login('pat@centre.test', TEST_PASSWORD)).statusCode).toBe(401);
      expect((await anonymous.login('pat@centre.test', 'a brand new password')).statusCode).toBe(200);
      // Reused: refused, and the password stays the one just set.
      const reused = await new Browser(t.app).post('/api/auth/password-reset', { token, password: 'the attacker password' });
      expect(reused.statusCode).toBe(404);
      expect((await new Browser(t.app).login('pat@centre.test', 'the attacker password')).statusCode).toBe(401);
    });

    it('expire after a day', async () => {
      const quinn = await signedIn(t, 'quinn@centre.test');
      const token = (await admin.browser.post(`/api/organizations-admin/${admin.organizationId}/members/${quinn.userId}/reset-link`)).json<{ url: string }>().url.split('#')[1];
      t.clock.advanceMs(ACCOUNT_LIMITS.resetMs + 1000);
      expect((await new Browser(t.app).post('/api/auth/password-reset', { token, password: 'too late a password' })).statusCode).toBe(404);
      t.clock.set(TEST_NOW);
      expect((await new Browser(t.app).login('quinn@centre.test')).statusCode).toBe(200);
    });

    it('are issued only by an administrator of the member’s organization', async () => {
      const rae = await signedIn(t, 'rae@centre.test');
      const sid = await signedIn(t, 'sid2@centre.test');
      expect((await sid.browser.post(`/api/organizations-admin/${admin.organizationId}/members/${rae.userId}/reset-link`)).statusCode).toBe(403);
      const stranger = await signedIn(t, 'stranger@elsewhere.test', 'admin', 'Elsewhere Outplacement');
      expect((await admin.browser.post(`/api/organizations-admin/${admin.organizationId}/members/${stranger.userId}/reset-link`)).statusCode).toBe(404);
    });
  });

  it('changes a password when the current one is given, signing out the other devices', async () => {
    const kim = await signedIn(t, 'kim@centre.test');
    const other = new Browser(t.app);
    await other.login('kim@centre.test');
    const wrong = await kim.browser.post('/api/account/password', { currentPassword: 'nope', newPassword: 'a fresh long password' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json()).toMatchObject({ error: { issues: [{ path: 'currentPassword' }] } });
    expect((await kim.browser.post('/api/account/password', { currentPassword: TEST_PASSWORD, newPassword: 'a fresh long password' })).statusCode).toBe(204);
    expect((await kim.browser.get('/api/contacts')).statusCode).toBe(200);
    expect((await other.get('/api/contacts')).statusCode).toBe(401);
  });
});

describe.skipIf(!available)('server mode: sign-ins per client address', () => {
  let t: ServerTestApp;
  beforeAll(async () => {
    t = await createServerTestApp({ loginRateLimit: { max: 3, timeWindowMs: 60_000 } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('limits attempts from one address across accounts, and not other addresses', async () => {
    const attacker = new Browser(t.app, '192.0.2.66');
    const codes = [];
    for (const email of ['a@x.test', 'b@x.test', 'c@x.test', 'd@x.test']) codes.push((await attacker.login(email, 'guess')).statusCode);
    expect(codes).toEqual([401, 401, 401, 429]);
    expect((await attacker.login('e@x.test', 'guess')).json()).toMatchObject({ error: { code: 'too_many' } });
    expect((await new Browser(t.app, '192.0.2.67').login('a@x.test', 'guess')).statusCode).toBe(401);
  });
});
