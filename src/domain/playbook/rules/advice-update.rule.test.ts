import { describe, expect, it } from 'vitest';
import { actionsOf, advice, contact } from '../../../../test/support/playbook-builders.js';

const stan = contact({ id: 'stan', displayName: 'Stan Fields' });
const book = advice({ id: 'a1', contactId: 'stan', title: 'Inspired', kind: 'book', status: 'done', doneAt: '2026-03-05T18:00:00.000Z' });
const base = { settings: { timeZone: 'Europe/Berlin' }, now: '2026-03-05T19:00:00.000Z', contacts: [stan] };

describe('advice-update', () => {
  it('when you act on advice, tell the adviser the next business day', () => {
    const [a] = actionsOf('advice-update', { ...base, advice: [book] });
    expect(a).toMatchObject({
      key: 'advice-update:advice:a1@stan',
      title: 'Tell Stan Fields you took their advice',
      dueOn: '2026-03-06',
      recipientContactIds: ['stan'],
      templateId: 'advice-update',
      reason: 'You acted on the advice of Stan Fields (the book Inspired) on Thu 5 Mar: tell Stan Fields you took it and how it went, by Fri 6 Mar.',
    });
    expect(a?.templateContext).toMatchObject({ advice: { title: 'Inspired' }, contact: { firstName: 'Stan' } });
  });

  it('nothing once the update is sent, or for advice not acted on', () => {
    expect(actionsOf('advice-update', { ...base, advice: [{ ...book, updateSentAt: '2026-03-05T20:00:00.000Z' }] })).toEqual([]);
    expect(actionsOf('advice-update', { ...base, advice: [{ ...book, status: 'open', doneAt: null }] })).toEqual([]);
    expect(actionsOf('advice-update', { ...base, advice: [{ ...book, status: 'dropped' }] })).toEqual([]);
    expect(actionsOf('advice-update', { ...base, advice: [{ ...book, contactId: 'ghost' }] })).toEqual([]);
  });

  it('the delay is a setting', () => {
    const [a] = actionsOf('advice-update', { ...base, settings: { timeZone: 'Europe/Berlin', adviceUpdateBusinessDays: 2 }, advice: [book] });
    expect(a?.dueOn).toBe('2026-03-09');
  });
});
