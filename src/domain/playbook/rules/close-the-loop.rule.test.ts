import { describe, expect, it } from 'vitest';
import { buildContext } from '../context.js';
import { actionsOf, contact, opportunity, organization, playbookInput, referral } from '../../../../test/support/playbook-builders.js';
import { referralChain } from './close-the-loop.rule.js';

const carl = contact({ id: 'carl', displayName: 'Carl Xu' });
const bob = contact({ id: 'bob', displayName: 'Bob Marsh' });
const stan = contact({ id: 'stan', displayName: 'Stan Fields' });
const ann = contact({ id: 'ann', displayName: 'Ann Lee', organizationId: 'globex' });
const base = {
  settings: { timeZone: 'Europe/Berlin' },
  now: '2026-03-03T18:00:00.000Z',
  contacts: [carl, bob, stan, ann],
  organizations: [organization({ id: 'globex', name: 'Globex' })],
};
const offered = '2026-02-01T10:00:00.000Z';
const changed = '2026-03-03T10:00:00.000Z';
// Carl introduced you to Bob, Bob to Stan, Stan to Ann.
const chain = [
  referral({ id: 'r-cb', fromContactId: 'carl', toContactId: 'bob', offeredAt: '2025-11-01T10:00:00.000Z', status: 'met' as const, statusChangedAt: '2025-11-10T10:00:00.000Z' }),
  referral({ id: 'r-bs', fromContactId: 'bob', toContactId: 'stan', offeredAt: '2025-12-01T10:00:00.000Z', status: 'met' as const, statusChangedAt: '2025-12-10T10:00:00.000Z' }),
];
const stanToAnn = (status: 'offered' | 'contacted' | 'met' | 'led-to-interview' | 'led-to-offer') =>
  referral({ id: 'r-sa', fromContactId: 'stan', toContactId: 'ann', offeredAt: offered, status, statusChangedAt: changed });

describe('close-the-loop', () => {
  it('when the person you were given becomes a meeting, tell the referrer (only them)', () => {
    const actions = actionsOf('close-the-loop', { ...base, referrals: [...chain, stanToAnn('met')] });
    expect(actions).toHaveLength(1);
    expect(actions[0]).toMatchObject({
      key: 'close-the-loop:met:contact:ann@stan',
      title: 'Tell Stan Fields how the introduction helped',
      dueOn: '2026-03-04',
      recipientContactIds: ['stan'],
      reason: 'The introduction Stan Fields made to Ann Lee led to a meeting on Tue 3 Mar: tell Stan Fields how it helped by Wed 4 Mar.',
    });
  });

  it('an interview is told to the referrer and everyone up the chain', () => {
    const actions = actionsOf('close-the-loop', { ...base, referrals: [...chain, stanToAnn('led-to-interview')] });
    expect(actions.map((a) => a.key).sort()).toEqual([
      'close-the-loop:led-to-interview:organization:globex@bob',
      'close-the-loop:led-to-interview:organization:globex@carl',
      'close-the-loop:led-to-interview:organization:globex@stan',
    ]);
    const byKey = new Map(actions.map((a) => [a.key, a]));
    expect(byKey.get('close-the-loop:led-to-interview:organization:globex@stan')?.reason).toBe(
      'The introduction Stan Fields made to Ann Lee led to an interview at Globex on Tue 3 Mar: tell Stan Fields how it helped by Wed 4 Mar.',
    );
    expect(byKey.get('close-the-loop:led-to-interview:organization:globex@carl')?.reason).toBe(
      'Carl Xu introduced you to Bob Marsh, and that chain led to Ann Lee and an interview at Globex on Tue 3 Mar: tell Carl Xu how it helped by Wed 4 Mar.',
    );
    expect(byKey.get('close-the-loop:led-to-interview:organization:globex@carl')?.templateContext?.referral?.story).toContain('your introduction to Bob Marsh');
  });

  it('each milestone is a new action; a referral that has not helped yet gets none', () => {
    const offer = actionsOf('close-the-loop', { ...base, referrals: [...chain, stanToAnn('led-to-offer')] });
    expect(offer.map((a) => a.key)).toContain('close-the-loop:led-to-offer:organization:globex@stan');
    expect(offer.find((a) => a.key.endsWith('@stan'))?.reason).toContain('led to an offer at Globex');
    expect(actionsOf('close-the-loop', { ...base, referrals: [...chain, stanToAnn('offered')] })).toEqual([]);
    expect(actionsOf('close-the-loop', { ...base, referrals: [...chain, stanToAnn('contacted')] })).toEqual([]);
  });

  it('a cycle in the referrals ends the walk; nobody is told twice and the referred person is not thanked for themselves', () => {
    const cyclic = [
      stanToAnn('led-to-interview'),
      referral({ id: 'x1', fromContactId: 'bob', toContactId: 'stan', offeredAt: offered }),
      referral({ id: 'x2', fromContactId: 'stan', toContactId: 'bob', offeredAt: offered }),
      referral({ id: 'x3', fromContactId: 'ann', toContactId: 'stan', offeredAt: offered }),
      referral({ id: 'x4', fromContactId: 'ann', toContactId: 'bob', offeredAt: offered }),
    ];
    const actions = actionsOf('close-the-loop', { ...base, referrals: cyclic });
    expect(actions.map((a) => a.recipientContactIds[0]).sort()).toEqual(['bob', 'stan']);
  });

  it('up the chain means who introduced you: the first to name someone, not everyone who named them later', () => {
    const dana = contact({ id: 'dana', displayName: 'Dana Ruiz' });
    const actions = actionsOf('close-the-loop', {
      ...base,
      contacts: [...base.contacts, dana],
      referrals: [...chain, stanToAnn('led-to-interview'), referral({ id: 'r-ds', fromContactId: 'dana', toContactId: 'stan', offeredAt: '2026-01-15T10:00:00.000Z' })],
    });
    // Bob named Stan first (December); Dana named him again in January, when you knew him already.
    expect(actions.map((a) => a.recipientContactIds[0]).sort()).toEqual(['bob', 'carl', 'stan']);
  });

  it('a dense network of referrals tells a path, not everyone who ever named anyone', () => {
    // 60 people, each named by the five before them: walking every referral reached them all.
    const people = Array.from({ length: 60 }, (_, i) => contact({ id: `p${String(i).padStart(2, '0')}`, displayName: `Person ${i}` }));
    const referrals = people.flatMap((p, i) =>
      people.slice(Math.max(0, i - 5), i).map((from, k) => referral({ id: `r${i}-${k}`, fromContactId: from.id, toContactId: p.id, offeredAt: new Date(Date.UTC(2025, 0, 1 + i, k)).toISOString() })),
    );
    const milestone = referral({ id: 'win', fromContactId: 'p59', toContactId: 'ann', offeredAt: offered, status: 'led-to-interview', statusChangedAt: changed });
    const actions = actionsOf('close-the-loop', { ...base, contacts: [...base.contacts, ...people], referrals: [...referrals, milestone] });
    // p59 was named first by p54, p54 by p49, … p04 by p00: one step back of five each time.
    expect(actions.map((a) => a.recipientContactIds[0]).sort()).toEqual(['p00', 'p04', 'p09', 'p14', 'p19', 'p24', 'p29', 'p34', 'p39', 'p44', 'p49', 'p54', 'p59']);
  });

  it('referralChain walks a long cycle once', () => {
    const input = playbookInput({
      ...base,
      referrals: [
        referral({ id: 'a', fromContactId: 'carl', toContactId: 'bob', offeredAt: offered }),
        referral({ id: 'b', fromContactId: 'bob', toContactId: 'stan', offeredAt: offered }),
        referral({ id: 'c', fromContactId: 'stan', toContactId: 'carl', offeredAt: offered }),
      ],
    });
    const links = referralChain(buildContext(input), 'stan');
    expect(links.map((l) => [l.contact.id, l.introduced.id, l.depth])).toEqual([
      ['bob', 'stan', 1],
      ['carl', 'bob', 2],
    ]);
  });

  it('the delay is a setting; a milestone long past is stale', () => {
    const [a] = actionsOf('close-the-loop', { ...base, settings: { timeZone: 'Europe/Berlin', closeTheLoopBusinessDays: 3 }, referrals: [stanToAnn('met')] });
    expect(a?.dueOn).toBe('2026-03-06');
    const old = referral({ id: 'old', fromContactId: 'stan', toContactId: 'ann', offeredAt: '2025-06-01T10:00:00.000Z', status: 'met', statusChangedAt: '2025-07-01T10:00:00.000Z' });
    expect(actionsOf('close-the-loop', { ...base, referrals: [old] })).toEqual([]);
  });

  it('one outcome, one message per person: Maria introduced Ada, Ada referred you to Acme, the first interview happened — Maria and Ada each hear once', () => {
    const maria = contact({ id: 'maria', displayName: 'Maria Lopez' });
    const ada = contact({ id: 'ada', displayName: 'Ada Byron', organizationId: 'initech' });
    const interviewAt = '2026-03-03T10:00:00.000Z';
    const actions = actionsOf('close-the-loop', {
      ...base,
      contacts: [maria, ada],
      organizations: [organization({ id: 'acme', name: 'Acme' }), organization({ id: 'initech', name: 'Initech' })],
      opportunities: [opportunity({ id: 'pm', organizationId: 'acme', stage: 'interviewing', stageChangedAt: interviewAt, referrerContactId: 'ada' })],
      referrals: [
        // What the services record: the introduction (advanced when the opportunity reached
        // interviewing) and Ada's referral to Acme.
        referral({ id: 'r-ma', fromContactId: 'maria', toContactId: 'ada', offeredAt: '2026-02-01T10:00:00.000Z', status: 'led-to-interview', statusChangedAt: interviewAt }),
        referral({ id: 'r-aa', fromContactId: 'ada', toOrganizationId: 'acme', offeredAt: '2026-02-10T10:00:00.000Z', status: 'led-to-interview', statusChangedAt: interviewAt }),
      ],
    });
    expect(actions.map((a) => [a.key, a.title])).toEqual([
      ['close-the-loop:led-to-interview:organization:acme@ada', 'Tell Ada Byron how the introduction helped'],
      ['close-the-loop:led-to-interview:organization:acme@maria', 'Tell Maria Lopez how the introduction helped'],
    ]);
    // The interview was at Acme (the opportunity Ada referred), not where Ada works.
    expect(actions[1]?.reason).toBe('The introduction Maria Lopez made to Ada Byron led to an interview at Acme on Tue 3 Mar: tell Maria Lopez how it helped by Wed 4 Mar.');
    expect(actions[0]?.reason).toBe('Ada Byron referring you to Acme led to an interview at Acme on Tue 3 Mar: tell Ada Byron how it helped by Wed 4 Mar.');
  });

  it('a meeting that led to the interview is part of that news, not a second message', () => {
    const maria = contact({ id: 'maria', displayName: 'Maria Lopez' });
    const ada = contact({ id: 'ada', displayName: 'Ada Byron', organizationId: 'globex' });
    const actions = actionsOf('close-the-loop', {
      ...base,
      contacts: [maria, ada, ann],
      referrals: [
        referral({ id: 'r-ma', fromContactId: 'maria', toContactId: 'ada', offeredAt: '2026-02-01T10:00:00.000Z', status: 'met', statusChangedAt: '2026-03-02T10:00:00.000Z' }),
        referral({ id: 'r-aa', fromContactId: 'ada', toContactId: 'ann', offeredAt: '2026-02-10T10:00:00.000Z', status: 'led-to-interview', statusChangedAt: changed }),
      ],
    });
    expect(actions.filter((a) => a.recipientContactIds[0] === 'maria').map((a) => a.key)).toEqual(['close-the-loop:led-to-interview:organization:globex@maria']);
  });
});
