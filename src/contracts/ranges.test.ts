import { describe, expect, it } from 'vitest';
import { actionSnoozeSchema, manualActionCreateSchema } from './action.schema.js';
import { conversationCreateSchema, conversationUpdateSchema } from './conversation.schema.js';
import { eventCreateSchema } from './event.schema.js';
import { opportunityRoundLogSchema } from './opportunity.schema.js';
import { referralCreateSchema } from './referral.schema.js';

const pathsOf = (r: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) => (r.error?.issues ?? []).map((i) => i.path.join('.'));

/** One contract decides what is plausible, for the web form, the API and the CLI alike. */
describe('plausible ranges at entry', () => {
  const someone = [{ contactId: 'c1' }];

  it('a conversation needs someone or an organization', () => {
    expect(pathsOf(conversationCreateSchema.safeParse({ kind: 'call', startsAt: '2026-03-02T15:00:00Z' }))).toEqual(['participants']);
    expect(conversationCreateSchema.safeParse({ kind: 'call', startsAt: '2026-03-02T15:00:00Z', participants: someone }).success).toBe(true);
    expect(conversationCreateSchema.safeParse({ kind: 'call', startsAt: '2026-03-02T15:00:00Z', organizationName: 'Globex' }).success).toBe(true);
  });

  it('dates no job search has (1901, 2300) are refused where they are entered, naming the field', () => {
    expect(pathsOf(conversationCreateSchema.safeParse({ kind: 'call', startsAt: '1901-01-01T10:00:00Z', participants: someone }))).toEqual(['startsAt']);
    expect(pathsOf(conversationCreateSchema.safeParse({ kind: 'call', startsAt: '2300-01-01T10:00:00Z', participants: someone }))).toEqual(['startsAt']);
    expect(pathsOf(conversationUpdateSchema.safeParse({ version: 1, startsAt: '1901-01-01T10:00:00Z' }))).toEqual(['startsAt']);
    expect(pathsOf(opportunityRoundLogSchema.safeParse({ startsAt: '1901-01-01T10:00:00Z', participants: someone }))).toEqual(['startsAt']);
    expect(pathsOf(eventCreateSchema.safeParse({ name: 'Meetup', startsAt: '1901-01-01T10:00:00Z' }))).toEqual(['startsAt']);
    expect(pathsOf(referralCreateSchema.safeParse({ fromContactId: 'a', toContactId: 'b', offeredAt: '1901-01-01T10:00:00Z' }))).toEqual(['offeredAt']);
    expect(pathsOf(actionSnoozeSchema.safeParse({ until: '1901-01-01' }))).toEqual(['until']);
    expect(pathsOf(manualActionCreateSchema.safeParse({ title: 'Call Ann', dueOn: '2300-01-01' }))).toEqual(['dueOn']);
    const message = conversationCreateSchema.safeParse({ kind: 'call', startsAt: '1901-01-01T10:00:00Z', participants: someone }).error?.issues[0]?.message;
    expect(message).toBe('Use a date between 1950 and 2099');
  });

  it('durations are minutes in one day; the ends of the ranges are accepted', () => {
    expect(pathsOf(conversationCreateSchema.safeParse({ kind: 'call', startsAt: '2026-03-02T15:00:00Z', participants: someone, durationMinutes: 1441 }))).toEqual(['durationMinutes']);
    expect(conversationCreateSchema.safeParse({ kind: 'call', startsAt: '1950-01-01T00:00:00Z', participants: someone, durationMinutes: 1440 }).success).toBe(true);
    expect(conversationCreateSchema.safeParse({ kind: 'call', startsAt: '2099-12-31T23:59:00Z', participants: someone }).success).toBe(true);
  });
});
