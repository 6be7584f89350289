import { describe, expect, it } from 'vitest';
import { actionsOf, contact, conversation, opportunity, organization } from '../../../../test/support/playbook-builders.js';

const stan = contact({ id: 'stan', displayName: 'Stan Fields', organizationId: 'acme' });
const ann = contact({ id: 'ann', displayName: 'Ann Lee' });
const orgs = [organization({ id: 'acme', name: 'Acme' })];
const base = { settings: { timeZone: 'Europe/Berlin' }, contacts: [stan, ann], organizations: orgs };

describe('thank-you', () => {
  it('thanks the person you met, by the next business day, naming them and the dates', () => {
    const actions = actionsOf('thank-you', {
      ...base,
      now: '2026-03-03T18:00:00.000Z',
      conversations: [conversation({ id: 'c1', startsAt: '2026-03-03T13:00:00.000Z', participantIds: ['stan'] })],
    });
    expect(actions).toHaveLength(1);
    const [a] = actions;
    expect(a).toMatchObject({
      key: 'thank-you:conversation:c1@stan',
      title: 'Thank Stan Fields',
      dueOn: '2026-03-04',
      channel: 'email',
      templateId: 'thank-you',
      recipientContactIds: ['stan'],
      reason: 'You had a networking meeting with Stan Fields on Tue 3 Mar: thank Stan Fields by Wed 4 Mar.',
    });
    expect(a?.subjects).toEqual([
      { type: 'contact', id: 'stan' },
      { type: 'conversation', id: 'c1' },
    ]);
    expect(a?.templateContext).toMatchObject({ contact: { firstName: 'Stan' }, conversation: { date: 'Tue 3 Mar' }, organization: { name: 'Acme' } });
  });

  it('a Friday meeting is thanked on Monday; a holiday Monday pushes it to Tuesday', () => {
    const friday = { now: '2026-03-06T17:00:00.000Z', conversations: [conversation({ id: 'c1', startsAt: '2026-03-06T09:00:00.000Z', participantIds: ['stan'] })] };
    expect(actionsOf('thank-you', { ...base, ...friday })[0]?.dueOn).toBe('2026-03-09');
    const withHoliday = actionsOf('thank-you', { ...base, ...friday, settings: { timeZone: 'Europe/Berlin', holidays: ['2026-03-09'] } });
    expect(withHoliday[0]?.dueOn).toBe('2026-03-10');
    expect(withHoliday[0]?.reason).toContain('by Tue 10 Mar');
  });

  it('counts from the conversation’s date in the user’s zone', () => {
    // 03:00 UTC on Friday is Thursday evening in Los Angeles, Friday morning in Berlin.
    const spec = { ...base, now: '2026-03-06T12:00:00.000Z', conversations: [conversation({ id: 'c1', startsAt: '2026-03-06T03:00:00.000Z', participantIds: ['stan'] })] };
    expect(actionsOf('thank-you', { ...spec, settings: { timeZone: 'America/Los_Angeles' } })[0]).toMatchObject({
      dueOn: '2026-03-06',
      reason: expect.stringContaining('on Thu 5 Mar'),
    });
    expect(actionsOf('thank-you', spec)[0]?.dueOn).toBe('2026-03-09');
  });

  it('a panel gets one thank-you naming everyone; the phrase fits the kind of conversation', () => {
    const [panel] = actionsOf('thank-you', {
      ...base,
      now: '2026-03-03T18:00:00.000Z',
      conversations: [conversation({ id: 'c1', kind: 'job-interview', interviewRound: 2, startsAt: '2026-03-03T09:00:00.000Z', participantIds: ['stan', 'ann', 'stan', 'ghost'] })],
    });
    expect(panel?.title).toBe('Thank Stan Fields and Ann Lee');
    expect(panel?.reason).toBe('You had a job interview (round 2) with Stan Fields and Ann Lee on Tue 3 Mar: thank Stan Fields and Ann Lee by Wed 4 Mar.');
    expect(panel?.recipientContactIds).toEqual(['stan', 'ann']);
    expect(panel?.templateContext?.contact).toEqual({ firstName: 'Stan and Ann', displayName: 'Stan Fields and Ann Lee' });

    const [call] = actionsOf('thank-you', {
      ...base,
      now: '2026-03-03T18:00:00.000Z',
      conversations: [conversation({ id: 'c2', kind: 'call', startsAt: '2026-03-03T09:00:00.000Z', participantIds: ['ann'] })],
    });
    expect(call?.reason).toBe('You spoke with Ann Lee on Tue 3 Mar: thank Ann Lee by Wed 4 Mar.');
  });

  it('one thank-you per person per day: a meeting logged twice, or two conversations with them that day, ask once', () => {
    const actions = actionsOf('thank-you', {
      ...base,
      now: '2026-03-03T18:00:00.000Z',
      conversations: [
        conversation({ id: 'c2', kind: 'informational-interview', startsAt: '2026-03-03T15:00:00.000Z', participantIds: ['stan'] }),
        conversation({ id: 'c1', startsAt: '2026-03-03T09:00:00.000Z', participantIds: ['stan'] }),
        conversation({ id: 'c3', startsAt: '2026-03-03T09:00:00.000Z', participantIds: ['stan'] }),
        // A panel later that day: Stan is already thanked, Ann is not.
        conversation({ id: 'c4', kind: 'job-interview', startsAt: '2026-03-03T16:00:00.000Z', participantIds: ['stan', 'ann'] }),
      ],
    });
    expect(actions.map((a) => [a.key, a.title]).sort()).toEqual([
      ['thank-you:conversation:c1@stan', 'Thank Stan Fields'],
      ['thank-you:conversation:c4@ann', 'Thank Ann Lee'],
    ]);
  });

  it('one open thank-you per person: rounds on Friday, Monday and Tuesday ask to thank Stan once, for the latest', () => {
    const rounds = [
      conversation({ id: 'r1', kind: 'job-interview', interviewRound: 1, startsAt: '2026-02-27T09:00:00.000Z', participantIds: ['stan'] }),
      conversation({ id: 'r2', kind: 'job-interview', interviewRound: 2, startsAt: '2026-03-02T09:00:00.000Z', participantIds: ['stan', 'ann'] }),
      conversation({ id: 'r3', kind: 'job-interview', interviewRound: 3, startsAt: '2026-03-03T09:00:00.000Z', participantIds: ['stan'] }),
    ];
    const actions = actionsOf('thank-you', { ...base, now: '2026-03-03T18:00:00.000Z', conversations: rounds });
    // Ann was only in round 2: she is still thanked for it; Stan once, for round 3.
    expect(actions.map((a) => [a.key, a.reason]).sort()).toEqual([
      ['thank-you:conversation:r2@ann', 'You had a job interview (round 2) with Ann Lee on Mon 2 Mar: thank Ann Lee by Tue 3 Mar.'],
      ['thank-you:conversation:r3@stan', 'You had a job interview (round 3) with Stan Fields on Tue 3 Mar: thank Stan Fields by Wed 4 Mar.'],
    ]);
  });

  it('turned down that day: the person asked for feedback is not thanked separately (the ask thanks them); the rest of the panel is', () => {
    const rejected = opportunity({ id: 'pm', title: 'Engineer', organizationId: 'acme', stage: 'rejected', stageChangedAt: '2026-03-03T15:00:00.000Z', interviewerIds: ['stan', 'ann'], rapportInterviewerId: 'stan' });
    const panel = conversation({ id: 'r3', kind: 'job-interview', interviewRound: 3, startsAt: '2026-03-03T09:00:00.000Z', participantIds: ['stan', 'ann'], opportunityId: 'pm' });
    const spec = { ...base, now: '2026-03-03T18:00:00.000Z', conversations: [panel], opportunities: [rejected] };
    expect(actionsOf('thank-you', spec).map((a) => a.key)).toEqual(['thank-you:conversation:r3@ann']);
    // With ask-feedback switched off, nobody asks: Stan is thanked as usual.
    const off = actionsOf('thank-you', { ...spec, settings: { timeZone: 'Europe/Berlin', enabledRules: ['thank-you'] } });
    expect(off.map((a) => a.key)).toEqual(['thank-you:conversation:r3@ann+stan']);
  });

  it('no thank-you for scheduled, cancelled, future, emails, voicemails or unknown people', () => {
    const at = '2026-03-03T09:00:00.000Z';
    const actions = actionsOf('thank-you', {
      ...base,
      now: '2026-03-03T18:00:00.000Z',
      conversations: [
        conversation({ id: 'scheduled', status: 'scheduled', startsAt: at, participantIds: ['stan'] }),
        conversation({ id: 'cancelled', status: 'cancelled', startsAt: at, participantIds: ['stan'] }),
        conversation({ id: 'future', startsAt: '2026-03-04T09:00:00.000Z', participantIds: ['stan'] }),
        conversation({ id: 'email', kind: 'email', startsAt: at, participantIds: ['stan'] }),
        conversation({ id: 'voicemail', kind: 'call', direction: 'outbound', awaitingReply: true, startsAt: at, participantIds: ['stan'] }),
        conversation({ id: 'nobody', startsAt: at, participantIds: ['ghost'] }),
      ],
    });
    expect(actions).toEqual([]);
  });

  it('an overdue thank-you stays proposed for its window (3 days), then expires instead of nagging', () => {
    const spec = (startsAt: string) => ({ ...base, now: '2026-03-03T18:00:00.000Z', conversations: [conversation({ id: 'c1', startsAt, participantIds: ['stan'] })] });
    // Thu 26 Feb → due Fri 27 Feb: 4 days overdue on Tue 3 Mar, past its window.
    expect(actionsOf('thank-you', spec('2026-02-26T09:00:00.000Z'))).toEqual([]);
    // Fri 27 Feb → due Mon 2 Mar: 1 day overdue, still worth sending.
    expect(actionsOf('thank-you', spec('2026-02-27T09:00:00.000Z'))[0]?.dueOn).toBe('2026-03-02');
    // Logged weeks after the fact: nothing to do for a moment that has passed.
    expect(actionsOf('thank-you', spec('2026-02-10T09:00:00.000Z'))).toEqual([]);
    // The window is a setting; staleAfterDays caps every window.
    expect(actionsOf('thank-you', { ...spec('2026-02-10T09:00:00.000Z'), settings: { timeZone: 'Europe/Berlin', windows: { 'thank-you': 30 } } })).toHaveLength(1);
    expect(actionsOf('thank-you', { ...spec('2026-01-20T09:00:00.000Z'), settings: { timeZone: 'Europe/Berlin', windows: { 'thank-you': 60 } } })).toEqual([]);
    expect(actionsOf('thank-you', { ...spec('2026-01-20T09:00:00.000Z'), settings: { timeZone: 'Europe/Berlin', windows: { 'thank-you': 60 }, staleAfterDays: 60 } })).toHaveLength(1);
  });

  it('the delay is a setting, and the rule can be switched off', () => {
    const spec = { ...base, now: '2026-03-03T18:00:00.000Z', conversations: [conversation({ id: 'c1', startsAt: '2026-03-03T09:00:00.000Z', participantIds: ['stan'] })] };
    expect(actionsOf('thank-you', { ...spec, settings: { timeZone: 'Europe/Berlin', thankYouBusinessDays: 2 } })[0]?.dueOn).toBe('2026-03-05');
    expect(actionsOf('thank-you', { ...spec, settings: { timeZone: 'Europe/Berlin', enabledRules: ['next-day-call'] } })).toEqual([]);
  });
});

describe('thank-you after your own follow-up call', () => {
  it('does not ask you to thank someone for the call you placed to thank them', async () => {
    const { computeActions } = await import('../engine.js');
    const { resolveSettings } = await import('../settings.js');
    const base = {
      now: '2026-03-03T17:00:00.000Z',
      settings: resolveSettings({}),
      contacts: [{ id: 'stan', displayName: 'Stan Fields', firstName: 'Stan', organizationId: null, cadence: null, createdAt: '2026-01-01T00:00:00.000Z' }],
      organizations: [],
      referrals: [],
      advice: [],
      opportunities: [],
    };
    const call = (direction: 'outbound' | 'inbound') => ({ id: `call-${direction}`, kind: 'call' as const, status: 'done' as const, startsAt: '2026-03-03T15:00:00.000Z', participantIds: ['stan'], direction, awaitingReply: false, repliedAt: null, opportunityId: null, interviewRound: null });
    expect(computeActions({ ...base, conversations: [call('outbound')] }).filter((a) => a.ruleId === 'thank-you')).toEqual([]);
    expect(computeActions({ ...base, conversations: [call('inbound')] }).filter((a) => a.ruleId === 'thank-you')).toHaveLength(1);
  });
});
