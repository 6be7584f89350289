import { describe, expect, it } from 'vitest';
import { resolveSettings } from '../settings.js';
import { actionsOf, contact, conversation } from '../../../../test/support/playbook-builders.js';
import { contactHealth } from './keep-in-touch.rule.js';

const stan = contact({ id: 'stan', displayName: 'Stan Fields', createdAt: '2025-01-10T10:00:00.000Z' });
const met = conversation({ id: 'c1', startsAt: '2026-02-01T10:00:00.000Z', participantIds: ['stan'] });
const base = { settings: { timeZone: 'Europe/Berlin' }, contacts: [stan], conversations: [met] };

describe('keep-in-touch', () => {
  it('a contact turns yellow 30 days after the last interaction: check in that day, not the day before', () => {
    expect(actionsOf('keep-in-touch', { ...base, now: '2026-03-02T20:00:00.000Z' })).toEqual([]);
    const [a] = actionsOf('keep-in-touch', { ...base, now: '2026-03-03T08:00:00.000Z' });
    expect(a).toMatchObject({
      key: 'keep-in-touch:since:2026-02-01@stan',
      title: 'Check in with Stan Fields',
      dueOn: '2026-03-03',
      recipientContactIds: ['stan'],
      templateId: 'keep-in-touch',
      reason:
        'Your last interaction with Stan Fields was on Sun 1 Feb; you want to be in touch every 30 days (90 at most): check in with Stan Fields. Stan Fields turns red on Sat 2 May.',
    });
  });

  it('at the maximum the reason says the contact is red; the due date stays the day it turned yellow', () => {
    const [a] = actionsOf('keep-in-touch', { ...base, now: '2026-05-04T08:00:00.000Z' });
    expect(a?.dueOn).toBe('2026-03-03');
    expect(a?.reason).toContain('Stan Fields has been overdue (red) since Sat 2 May.');
  });

  it('every interaction resets the cadence (and starts a new cycle with a new key)', () => {
    const again = conversation({ id: 'c2', kind: 'call', startsAt: '2026-03-02T10:00:00.000Z', participantIds: ['stan'] });
    expect(actionsOf('keep-in-touch', { ...base, conversations: [met, again], now: '2026-03-20T08:00:00.000Z' })).toEqual([]);
    expect(actionsOf('keep-in-touch', { ...base, conversations: [met, again], now: '2026-04-01T08:00:00.000Z' })[0]?.key).toBe('keep-in-touch:since:2026-03-02@stan');
  });

  it('cancelled and merely scheduled conversations are not interactions; a scheduled one holds the check-in', () => {
    const cancelled = conversation({ id: 'c3', status: 'cancelled', startsAt: '2026-03-10T10:00:00.000Z', participantIds: ['stan'] });
    expect(actionsOf('keep-in-touch', { ...base, conversations: [met, cancelled], now: '2026-03-20T08:00:00.000Z' })[0]?.key).toBe('keep-in-touch:since:2026-02-01@stan');
    const planned = conversation({ id: 'c4', status: 'scheduled', startsAt: '2026-03-25T10:00:00.000Z', participantIds: ['stan'] });
    expect(actionsOf('keep-in-touch', { ...base, conversations: [met, planned], now: '2026-03-20T08:00:00.000Z' })).toEqual([]);
  });

  it('imported contacts you never spoke with get no check-in — unless you gave them a cadence', () => {
    const imported = Array.from({ length: 500 }, (_, i) => contact({ id: `li${i}`, displayName: `Connection ${i}`, createdAt: '2024-01-01T00:00:00.000Z' }));
    expect(actionsOf('keep-in-touch', { ...base, contacts: [stan, ...imported], conversations: [], now: '2026-03-03T08:00:00.000Z' })).toEqual([]);
    const cared = contact({ id: 'mentor', displayName: 'Mia Park', cadence: { idealDays: 14, maxDays: 30 }, createdAt: '2026-02-01T10:00:00.000Z' });
    const [a] = actionsOf('keep-in-touch', { ...base, contacts: [cared], conversations: [], now: '2026-02-15T08:00:00.000Z' });
    expect(a).toMatchObject({ dueOn: '2026-02-15', key: 'keep-in-touch:since:2026-02-01@mentor' });
    expect(a?.reason).toBe(
      'You added Mia Park on Sun 1 Feb and have not been in touch since; you want to be in touch every 14 days (30 at most): check in with Mia Park. Mia Park turns red on Tue 3 Mar.',
    );
  });

  it('the default cadence is a setting and a contact’s own cadence wins', () => {
    expect(actionsOf('keep-in-touch', { ...base, settings: { timeZone: 'Europe/Berlin', defaultCadence: { idealDays: 14 } }, now: '2026-02-15T08:00:00.000Z' })[0]?.dueOn).toBe(
      '2026-02-15',
    );
    const weekly = { ...stan, cadence: { idealDays: 7, maxDays: 21 } };
    expect(actionsOf('keep-in-touch', { ...base, contacts: [weekly], now: '2026-02-08T08:00:00.000Z' })[0]?.dueOn).toBe('2026-02-08');
  });
});

describe('contactHealth', () => {
  const settings = resolveSettings({ timeZone: 'America/New_York' });
  it('is green before the ideal interval, yellow from it, red from the maximum (calendar days in the user’s zone)', () => {
    const last = '2026-02-01T15:00:00.000Z';
    expect(contactHealth(stan, last, settings, '2026-03-02T23:00:00.000Z')).toBe('green'); // 29 days
    expect(contactHealth(stan, last, settings, '2026-03-03T15:00:00.000Z')).toBe('yellow'); // 30 days
    expect(contactHealth(stan, last, settings, '2026-05-01T15:00:00.000Z')).toBe('yellow'); // 89 days
    expect(contactHealth(stan, last, settings, '2026-05-02T15:00:00.000Z')).toBe('red'); // 90 days
    // 03:00 UTC on 3 Mar is still 2 Mar in New York: 29 days, green.
    expect(contactHealth(stan, last, settings, '2026-03-03T03:00:00.000Z')).toBe('green');
  });

  it('counts from the creation date when there was never an interaction', () => {
    expect(contactHealth(stan, null, settings, '2025-01-20T15:00:00.000Z')).toBe('green');
    expect(contactHealth(stan, null, settings, '2026-03-03T15:00:00.000Z')).toBe('red');
  });
});
