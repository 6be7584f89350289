import { describe, expect, it } from 'vitest';
import { isAhead, referralStatusFromConversation } from './referral-progress.js';

describe('referral progress from conversations', () => {
  it('moves to met when a networking meeting with the referred person is held', () => {
    expect(referralStatusFromConversation({ kind: 'networking-interview', status: 'done' })).toBe('met');
    expect(referralStatusFromConversation({ kind: 'informational-interview', status: 'done' })).toBe('met');
  });
  it('counts a scheduled meeting, an email or a call as contacted', () => {
    expect(referralStatusFromConversation({ kind: 'networking-meeting', status: 'scheduled' })).toBe('contacted');
    expect(referralStatusFromConversation({ kind: 'email', status: 'done' })).toBe('contacted');
    expect(referralStatusFromConversation({ kind: 'call', status: 'done' })).toBe('contacted');
  });
  it('counts a job interview as leading to an interview, and a cancelled one as nothing', () => {
    expect(referralStatusFromConversation({ kind: 'job-interview', status: 'scheduled' })).toBe('led-to-interview');
    expect(referralStatusFromConversation({ kind: 'job-interview', status: 'cancelled' })).toBeNull();
  });
  it('only moves forward', () => {
    expect(isAhead('met', 'contacted')).toBe(true);
    expect(isAhead('contacted', 'met')).toBe(false);
    expect(isAhead('met', 'met')).toBe(false);
  });
});
