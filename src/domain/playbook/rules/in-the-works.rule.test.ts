import { describe, expect, it } from 'vitest';
import { playbookInput, actionsOf, contact, conversation, opportunity, target, organization, type InputSpec } from '../../../../test/support/playbook-builders.js';
import { thingsInTheWorks } from './in-the-works.rule.js';

const now = '2026-03-04T10:00:00.000Z'; // Wed 4 Mar, ISO week 10
const targets = [
  target({ id: 'acme', name: 'Acme', rank: 1 }),
  target({ id: 'globex', name: 'Globex', rank: 2 }),
  target({ id: 'initech', name: 'Initech', rank: 3, status: 'paused' }),
  target({ id: 'umbrella', name: 'Umbrella', rank: 4 }),
  target({ id: 'hooli', name: 'Hooli', rank: 5 }),
  target({ id: 'wayne', name: 'Wayne', rank: 6 }),
  organization({ id: 'other', name: 'Other' }),
];
const people = [
  contact({ id: 'p1', displayName: 'Pat One', organizationId: 'other' }),
  contact({ id: 'p2', displayName: 'Pat Two' }),
  contact({ id: 'p3', displayName: 'Pat Three', organizationId: 'acme' }),
];
const live = (n: number) =>
  Array.from({ length: n }, (_, i) => opportunity({ id: `o${i}`, organizationId: i === 0 ? 'acme' : `lead-org-${i}`, stage: 'applied', stageChangedAt: '2026-02-01T10:00:00.000Z' }));
const meeting = (id: string, who: string, startsAt: string, extra = {}) => conversation({ id, startsAt, participantIds: [who], ...extra });
const spec = (extra: Partial<InputSpec>): InputSpec => ({ settings: { timeZone: 'Europe/Berlin' }, now, organizations: targets, contacts: people, ...extra });

describe('in-the-works', () => {
  it('5 things in the works: set up meetings at the top targets without a live opportunity', () => {
    // 4 live opportunities + 1 person in a networking meeting next week = 5.
    const s = spec({ opportunities: live(4), conversations: [meeting('m1', 'p1', '2026-03-10T10:00:00.000Z', { status: 'scheduled' })] });
    expect(thingsInTheWorks(playbookInput(s)).count).toBe(5);
    const [a] = actionsOf('in-the-works', s);
    expect(a).toMatchObject({
      key: 'in-the-works:week:2026-W10@',
      dueOn: '2026-03-04',
      channel: 'task',
      title: 'Set up meetings at your top targets',
      reason: 'You have 5 things in the works; a healthy search has 6–10: set up meetings at your top targets: Globex, Umbrella and Hooli.',
    });
    expect(a?.subjects.map((r) => r.id)).toEqual(['globex', 'umbrella', 'hooli']);
  });

  it('6 things in the works: nothing to do', () => {
    const s = spec({
      opportunities: live(4),
      conversations: [meeting('m1', 'p1', '2026-03-10T10:00:00.000Z', { status: 'scheduled' }), meeting('m2', 'p2', '2026-02-25T10:00:00.000Z')],
    });
    expect(thingsInTheWorks(playbookInput(s))).toMatchObject({ count: 6, band: 'healthy', contactIds: ['p1', 'p2'] });
    expect(actionsOf('in-the-works', s)).toEqual([]);
  });

  it('what does not count: dead or not-a-fit opportunities, old or cancelled meetings, other kinds, a person twice, a person at an organization already in the works', () => {
    const things = thingsInTheWorks(
      playbookInput(
        spec({
          opportunities: [
            ...live(1), // at Acme
            opportunity({ id: 'x1', organizationId: 'other', stage: 'rejected', stageChangedAt: now }),
            opportunity({ id: 'x2', organizationId: 'other', stage: 'interviewing', notAFit: true, stageChangedAt: now }),
            opportunity({ id: 'x3', organizationId: 'other', stage: 'accepted', stageChangedAt: now }),
          ],
          conversations: [
            meeting('old', 'p1', '2026-02-17T10:00:00.000Z'), // 15 days ago
            meeting('cancelled', 'p2', '2026-03-10T10:00:00.000Z', { status: 'cancelled' }),
            meeting('email', 'p2', '2026-03-03T10:00:00.000Z', { kind: 'email' }),
            meeting('acme', 'p3', '2026-03-03T10:00:00.000Z'), // Acme already counts via o0
            meeting('n1', 'p1', '2026-03-02T10:00:00.000Z', { kind: 'informational-interview' }),
            meeting('n2', 'p1', '2026-03-09T10:00:00.000Z', { kind: 'networking-interview', status: 'scheduled' }),
          ],
        }),
      ),
    );
    expect(things).toMatchObject({ count: 2, opportunityIds: ['o0'], contactIds: ['p1'], band: 'below', min: 6, max: 10 });
  });

  it('the band is a setting; without a target list, build one', () => {
    const s = spec({ organizations: [organization({ id: 'other', name: 'Other' })], opportunities: live(2), settings: { timeZone: 'Europe/Berlin', inTheWorksMin: 3, inTheWorksMax: 5 } });
    const [a] = actionsOf('in-the-works', s);
    expect(a?.title).toBe('Build your target list');
    expect(a?.reason).toBe('You have 2 things in the works; a healthy search has 3–5: add organizations to your target list and set up meetings there.');
    expect(actionsOf('in-the-works', { ...s, opportunities: live(3) })).toEqual([]);
  });
});
