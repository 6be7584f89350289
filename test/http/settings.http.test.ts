import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PLAYBOOK_SETTINGS } from '../../src/domain/playbook/settings.js';
import { createTestApp, type TestApp } from '../support/http-app.js';

describe('settings API', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('sends the built-in defaults beside your values, so the web can offer to reset each one', async () => {
    const changed = await t.app.inject({ method: 'PATCH', url: '/api/settings', payload: { playbook: { thankYouBusinessDays: 2 } } });
    expect(changed.statusCode).toBe(200);
    const view = changed.json<{ defaults: Record<string, unknown>; effective: Record<string, unknown>; playbook: Record<string, unknown> }>();
    expect(view.defaults).toEqual({ ...DEFAULT_PLAYBOOK_SETTINGS });
    expect(view.effective.thankYouBusinessDays).toBe(2);
    expect(view.playbook).toEqual({ thankYouBusinessDays: 2 });
  });

  it('refuses an impossible setting naming it, and keeps the old value', async () => {
    const bad = await t.app.inject({ method: 'PATCH', url: '/api/settings', payload: { playbook: { inTheWorksMin: 12, inTheWorksMax: 6 } } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ error: { issues: { path: string }[] } }>().error.issues[0]?.path).toMatch(/^playbook\.inTheWorks/);
    expect((await t.app.inject({ url: '/api/settings' })).json<{ effective: { inTheWorksMin: number } }>().effective.inTheWorksMin).toBe(6);
  });

  it('refuses an order without every rule once and a window too long or on a rule that never expires: 400 naming each field, nothing saved', async () => {
    const bad = await t.app.inject({ method: 'PATCH', url: '/api/settings', payload: { playbook: { rulePriority: ['thank-you'], windows: { 'thank-you': 31, 'keep-in-touch': 5 } } } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ error: { issues: { path: string }[] } }>().error.issues.map((i) => i.path)).toEqual(['playbook.rulePriority', 'playbook.windows.keep-in-touch', 'playbook.windows.thank-you']);
    const typed = await t.app.inject({ method: 'PATCH', url: '/api/settings', payload: { playbook: { windows: { 'thank-you': 'soon' } } } });
    expect(typed.statusCode).toBe(400);
    expect(typed.json<{ error: { issues: { path: string; message: string }[] } }>().error.issues[0]).toMatchObject({ path: 'playbook.windows.thank-you', message: 'A whole number of days, or never (null)' });
    const view = (await t.app.inject({ url: '/api/settings' })).json<{ playbook: Record<string, unknown>; rules: { id: string; expires: boolean }[] }>();
    expect(view.playbook).not.toHaveProperty('windows');
    expect(view.playbook).not.toHaveProperty('rulePriority');
    expect(view.rules.filter((r) => !r.expires).map((r) => r.id).sort()).toEqual(['in-the-works', 'keep-in-touch', 'prepare', 'target-gap']);
  });
});
