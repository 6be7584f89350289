import { describe, expect, it } from 'vitest';
import { actionsOf, advice, contact } from '../../../../test/support/playbook-builders.js';

const stan = contact({ id: 'stan', displayName: 'Stan Fields' });
const base = { settings: { timeZone: 'Europe/Berlin' }, now: '2026-03-05T19:00:00.000Z', contacts: [stan] };
const book = advice({ id: 'a1', contactId: 'stan', title: 'Inspired', kind: 'book', createdAt: '2026-03-05T18:00:00.000Z' });

describe('act-on-advice', () => {
  it('advice given is a to-do: do it, then tell them (seed 001)', () => {
    const [a, ...rest] = actionsOf('act-on-advice', { ...base, advice: [book, advice({ id: 'a2', contactId: 'stan', title: 'Evening UX class', kind: 'course', createdAt: '2026-03-05T18:00:00.000Z' })] });
    expect(a).toMatchObject({
      key: 'act-on-advice:advice:a1@',
      title: 'Get and read Inspired',
      dueOn: '2026-03-12',
      channel: 'task',
      recipientContactIds: [],
      reason: 'Stan Fields recommended the book Inspired (recorded Thu 5 Mar): act on it by Thu 12 Mar. Once it is done, tell Stan Fields how it went.',
    });
    expect(rest.map((r) => r.title)).toEqual(['Enrol in Evening UX class']);
  });

  it('ends once the advice is done (advice-update takes over) or dropped; expires after its window', () => {
    expect(actionsOf('act-on-advice', { ...base, advice: [{ ...book, status: 'done', doneAt: '2026-03-05T18:30:00.000Z' }] })).toEqual([]);
    expect(actionsOf('advice-update', { ...base, advice: [{ ...book, status: 'done', doneAt: '2026-03-05T18:30:00.000Z' }] })).toHaveLength(1);
    expect(actionsOf('act-on-advice', { ...base, advice: [{ ...book, status: 'dropped' }] })).toEqual([]);
    expect(actionsOf('act-on-advice', { ...base, now: '2026-04-11T10:00:00.000Z', advice: [book] })).toHaveLength(1);
    expect(actionsOf('act-on-advice', { ...base, now: '2026-04-12T10:00:00.000Z', advice: [book] })).toEqual([]);
  });
});
