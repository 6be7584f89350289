import { describe, expect, it } from 'vitest';
import { actionsOf, contact, conversation, organization } from '../../../../test/support/playbook-builders.js';

const stan = contact({ id: 'stan', displayName: 'Stan Fields', organizationId: 'acme' });
const dana = contact({ id: 'dana', displayName: 'Dana Cruz', organizationId: 'acme' });
const eve = contact({ id: 'eve', displayName: 'Eve Adams', organizationId: 'acme' });
const loner = contact({ id: 'lou', displayName: 'Lou Reed' });
const acme = organization({ id: 'acme', name: 'Acme' });
// Outreach on Tue 3 Mar: day 3 = Fri 6 Mar, day 7 = Thu 12 Mar.
const outreach = conversation({ id: 'e1', kind: 'email', direction: 'outbound', awaitingReply: true, startsAt: '2026-03-03T09:00:00.000Z', participantIds: ['stan'] });
const base = { settings: { timeZone: 'Europe/Berlin' }, contacts: [stan, dana, eve, loner], organizations: [acme], conversations: [outreach] };

describe('3b7', () => {
  it('nothing on business day 2', () => {
    expect(actionsOf('3b7', { ...base, now: '2026-03-05T17:00:00.000Z' })).toEqual([]);
  });

  it('on day 3, try a second contact at the same organization — the warmest one', () => {
    const warm = conversation({ id: 'm1', startsAt: '2026-01-15T10:00:00.000Z', participantIds: ['eve'] });
    const actions = actionsOf('3b7', { ...base, conversations: [outreach, warm], now: '2026-03-06T08:00:00.000Z' });
    expect(actions).toHaveLength(1);
    expect(actions[0]).toMatchObject({
      key: '3b7-second-contact:conversation:e1@',
      title: 'Try Eve Adams at Acme',
      dueOn: '2026-03-06',
      recipientContactIds: ['eve'],
      templateId: '3b7-second-contact',
      reason: 'You wrote to Stan Fields (Acme) on Tue 3 Mar and have had no reply after 3 business days: try a second contact at Acme, Eve Adams.',
    });
  });

  it('on day 6 still only the second contact; on day 7 also follow up once with the first', () => {
    expect(actionsOf('3b7', { ...base, now: '2026-03-11T17:00:00.000Z' }).map((a) => a.key)).toEqual(['3b7-second-contact:conversation:e1@']);
    const actions = actionsOf('3b7', { ...base, now: '2026-03-12T08:00:00.000Z' });
    expect(actions.map((a) => [a.key, a.dueOn])).toEqual([
      ['3b7-second-contact:conversation:e1@', '2026-03-06'],
      ['3b7-follow-up:conversation:e1@stan', '2026-03-12'],
    ]);
    expect(actions[1]).toMatchObject({
      title: 'Follow up with Stan Fields',
      recipientContactIds: ['stan'],
      templateId: '3b7-follow-up',
      reason: 'You wrote to Stan Fields (Acme) on Tue 3 Mar and have had no reply after 7 business days: follow up once with Stan Fields.',
    });
  });

  it('with nobody else known there, suggests finding a second contact; without an organization, only the follow-up', () => {
    const [find] = actionsOf('3b7', { ...base, contacts: [stan], now: '2026-03-06T08:00:00.000Z' });
    expect(find?.title).toBe('Find a second contact at Acme');
    expect(find?.recipientContactIds).toEqual([]);
    expect(find?.reason).toContain('find a second contact at Acme and reach out');
    const toLou = { ...outreach, participantIds: ['lou'] };
    expect(actionsOf('3b7', { ...base, conversations: [toLou], now: '2026-03-12T08:00:00.000Z' }).map((a) => a.key)).toEqual(['3b7-follow-up:conversation:e1@lou']);
  });

  it('a reply cancels it — recorded on the message, or as a later conversation with them', () => {
    const now = '2026-03-12T08:00:00.000Z';
    expect(actionsOf('3b7', { ...base, conversations: [{ ...outreach, repliedAt: '2026-03-04T10:00:00.000Z' }], now })).toEqual([]);
    expect(actionsOf('3b7', { ...base, conversations: [{ ...outreach, awaitingReply: false }], now })).toEqual([]);
    const reply = conversation({ id: 'e2', kind: 'email', direction: 'inbound', startsAt: '2026-03-05T10:00:00.000Z', participantIds: ['stan'] });
    expect(actionsOf('3b7', { ...base, conversations: [outreach, reply], now })).toEqual([]);
  });

  it('only for your outbound emails and calls', () => {
    const now = '2026-03-12T08:00:00.000Z';
    expect(actionsOf('3b7', { ...base, conversations: [{ ...outreach, direction: 'inbound' as const }], now })).toEqual([]);
    expect(actionsOf('3b7', { ...base, conversations: [{ ...outreach, kind: 'networking-meeting' as const }], now })).toEqual([]);
    const [call] = actionsOf('3b7', { ...base, conversations: [{ ...outreach, kind: 'call' as const }], now }).filter((a) => a.key.startsWith('3b7-follow-up'));
    expect(call).toMatchObject({ channel: 'call', reason: expect.stringContaining('You called Stan Fields (Acme) on Tue 3 Mar') });
  });

  it('3 and 7 are settings', () => {
    const settings = { timeZone: 'Europe/Berlin', threeB7SecondContactBusinessDays: 2, threeB7FollowUpBusinessDays: 4 };
    expect(actionsOf('3b7', { ...base, settings, now: '2026-03-09T08:00:00.000Z' }).map((a) => [a.key, a.dueOn])).toEqual([
      ['3b7-second-contact:conversation:e1@', '2026-03-05'],
      ['3b7-follow-up:conversation:e1@stan', '2026-03-09'],
    ]);
  });
});
