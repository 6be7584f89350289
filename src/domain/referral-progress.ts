/**
 * How a referral moves forward by itself as conversations happen (PRODUCT.md, Referral):
 * offered → contacted → met → led to interview → led to offer. It only ever moves forward on
 * its own; the user may still set any status by hand.
 */
export const REFERRAL_ORDER = ['offered', 'contacted', 'met', 'led-to-interview', 'led-to-offer'] as const;
export type ReferralProgress = (typeof REFERRAL_ORDER)[number];

const MEETING_KINDS = new Set(['networking-meeting', 'informational-interview', 'networking-interview', 'event-encounter']);

/**
 * What a conversation with the referred person says about the referral: a scheduled meeting or
 * any email or call means they were contacted; a meeting held means met; a job interview (held
 * or scheduled) means the referral led to an interview.
 */
export function referralStatusFromConversation(c: { kind: string; status: string }): ReferralProgress | null {
  if (c.status === 'cancelled') return null;
  if (c.kind === 'job-interview') return 'led-to-interview';
  if (MEETING_KINDS.has(c.kind)) return c.status === 'done' ? 'met' : 'contacted';
  if (c.kind === 'call' || c.kind === 'email') return 'contacted';
  return null;
}

export function isAhead(candidate: string, current: string): boolean {
  return REFERRAL_ORDER.indexOf(candidate as ReferralProgress) > REFERRAL_ORDER.indexOf(current as ReferralProgress);
}
