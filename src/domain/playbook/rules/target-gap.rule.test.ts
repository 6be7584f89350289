import { describe, expect, it } from 'vitest';
import { actionsOf, contact, conversation, target } from '../../../../test/support/playbook-builders.js';

const now = '2026-03-03T10:00:00.000Z';
const orgs = [
  target({ id: 'acme', name: 'Acme', rank: 1 }),
  target({ id: 'globex', name: 'Globex', rank: 3 }),
  target({ id: 'initech', name: 'Initech', rank: 2, status: 'dropped' }),
  target({ id: 'hooli', name: 'Hooli', rank: 7 }),
];
const stan = contact({ id: 'stan', displayName: 'Stan Fields', organizationId: 'acme' });
const ann = contact({ id: 'ann', displayName: 'Ann Lee' });
const base = { settings: { timeZone: 'Europe/Berlin' }, now, organizations: orgs, contacts: [stan, ann] };
const nextMeeting = conversation({ id: 'm1', status: 'scheduled', startsAt: '2026-03-05T09:00:00.000Z', participantIds: ['ann'] });

describe('target-gap', () => {
  it('a top target where you know no one: ask for a contact there at your next networking meeting', () => {
    const actions = actionsOf('target-gap', { ...base, conversations: [nextMeeting] });
    expect(actions.map((a) => a.key)).toEqual(['target-gap:organization:globex@', 'target-gap:organization:hooli@']);
    expect(actions[0]).toMatchObject({
      title: 'Ask for a contact at Globex',
      dueOn: '2026-03-05',
      channel: 'task',
      reason: 'Globex is #2 on your target list and you know no one there: ask for a contact at Globex at your next networking meeting (with Ann Lee on Thu 5 Mar).',
    });
    expect(actions[0]?.subjects).toContainEqual({ type: 'conversation', id: 'm1' });
  });

  it('with no networking meeting scheduled it is due today; a job interview or email is not a networking meeting', () => {
    const interview = conversation({ ...nextMeeting, id: 'iv', kind: 'job-interview' });
    const [a] = actionsOf('target-gap', { ...base, conversations: [interview] });
    expect(a?.dueOn).toBe('2026-03-03');
    expect(a?.reason).toBe('Globex is #2 on your target list and you know no one there: ask for a contact at Globex at your next networking meeting.');
  });

  it('knowing someone there ends it; only the top targets count (a setting)', () => {
    const dana = contact({ id: 'dana', displayName: 'Dana Cruz', organizationId: 'globex' });
    expect(actionsOf('target-gap', { ...base, contacts: [stan, ann, dana] }).map((a) => a.key)).toEqual(['target-gap:organization:hooli@']);
    expect(actionsOf('target-gap', { ...base, settings: { timeZone: 'Europe/Berlin', topTargetCount: 2 } }).map((a) => a.key)).toEqual(['target-gap:organization:globex@']);
  });
});
