/**
 * An action's identity: what it asks, of whom, about which outcome — so that one fact yields at
 * most one open action per person, whichever path through the rules produced it (a referral
 * chain reaches Maria through two referrals: she still hears once).
 *
 * The identity is the action's `key`: `<ask>:<about>@<recipients>`, where
 * - `ask` is what is asked (`thank-you`, `close-the-loop`, `3b7-follow-up`, …);
 * - `about` is the outcome it concerns, as record references (`conversation:c1`,
 *   `led-to-interview:organization:acme`, `since:2026-02-01`);
 * - `recipients` are the contact ids the message or call goes to, sorted and without repeats
 *   (empty for a task, and when the rule picks the person afresh each day, as 3b7's second
 *   contact: then the identity is the outcome alone).
 *
 * A stored action's identity is read again from its key with the recipients it now has: a merge
 * of two contacts rewrites the recipients, so the action of the contact merged away is the
 * kept one's action (done stays done). Keys written before identities existed
 * (`thank-you:c1`) are read as the identity they stand for (`legacyIdentity`).
 */
import type { RecordRef, RuleId } from './playbook.types.js';

const SEP = '@';

/** The identity (and key) of an action. */
export function identityKey(ask: string, about: string, recipientIds: readonly string[]): string {
  return `${ask}:${about}${SEP}${canonicalRecipients(recipientIds)}`;
}

function canonicalRecipients(ids: readonly string[]): string {
  return [...new Set(ids)].sort().join('+');
}

/** A stored action's identity: its key, with the recipients it has now (see the module comment). */
export function storedIdentity(key: string, ruleId: RuleId | null, recipientIds: readonly string[], subjects: readonly RecordRef[]): string {
  const at = key.lastIndexOf(SEP);
  // A task (nobody in the key) stays a task: 3b7's second contact is whoever is warmest today.
  if (at >= 0) return at === key.length - 1 ? key : `${key.slice(0, at)}${SEP}${canonicalRecipients(recipientIds)}`;
  return legacyIdentity(key, ruleId, recipientIds, subjects) ?? key;
}

/** The identity an old key (`rule:ids…`) stands for, or null when it cannot be told. */
export function legacyIdentity(key: string, ruleId: RuleId | null, recipientIds: readonly string[], subjects: readonly RecordRef[]): string | null {
  const parts = key.split(':');
  const id = parts[1];
  if (ruleId === null || parts[0] !== ruleId || id === undefined) return null;
  const first = (type: RecordRef['type']) => subjects.find((s) => s.type === type)?.id;
  switch (ruleId) {
    case 'thank-you':
    case 'next-day-call':
    case 'prepare':
      return identityKey(ruleId, `conversation:${id}`, recipientIds);
    case 'reach-referral':
      return identityKey(ruleId, '', recipientIds);
    case 'ask-feedback':
    case 'convert':
      return identityKey(ruleId, `opportunity:${id}`, recipientIds);
    case 'advice-update':
      return identityKey(ruleId, `advice:${id}`, recipientIds);
    case 'interview-status':
      return parts[2] ? identityKey(ruleId, `opportunity:${id}:conversation:${parts[2]}`, recipientIds) : null;
    case 'keep-in-touch':
      return parts[2] ? identityKey(ruleId, `since:${parts[2]}`, recipientIds) : null;
    case 'target-gap':
      return identityKey(ruleId, `organization:${id}`, recipientIds);
    case 'in-the-works':
      return identityKey(ruleId, `week:${parts.slice(1).join(':')}`, recipientIds);
    case '3b7':
      return parts[2] ? identityKey(`3b7-${parts[2]}`, `conversation:${id}`, parts[2] === 'second-contact' ? [] : recipientIds) : null;
    case 'close-the-loop': {
      const status = parts[2];
      if (!status) return null;
      if (status === 'met') {
        const referred = subjects.filter((s) => s.type === 'contact')[1]?.id;
        return referred ? identityKey(ruleId, `met:contact:${referred}`, recipientIds) : null;
      }
      const org = first('organization');
      return org ? identityKey(ruleId, `${status}:organization:${org}`, recipientIds) : null;
    }
    default:
      return null;
  }
}
