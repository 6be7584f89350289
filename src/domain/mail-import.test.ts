import { describe, expect, it } from 'vitest';
import { answeredActions, guessMeetingKind, subjectKey, threadOutcomes, type ThreadMessage } from './mail-import.js';

const at = (iso: string) => Date.parse(iso);
const me = 'morgan@example.test';
function msg(partial: Partial<ThreadMessage> & Pick<ThreadMessage, 'key' | 'sentAtMs'>): ThreadMessage {
  return { answers: [], thread: [], outbound: false, from: 'stan@acme.test', recipients: [me], subject: 'Coffee', ...partial };
}

describe('threads', () => {
  it('finds the first answer from a recipient through In-Reply-To or References', () => {
    const out = threadOutcomes([
      msg({ key: 'o1', outbound: true, from: me, recipients: ['stan@acme.test'], sentAtMs: at('2026-03-02T09:00:00Z') }),
      msg({ key: 'r2', answers: ['x'], thread: ['x', 'o1'], sentAtMs: at('2026-03-05T09:00:00Z'), subject: 'Re: Coffee' }),
      msg({ key: 'r1', answers: ['o1'], thread: ['o1'], sentAtMs: at('2026-03-03T09:00:00Z'), subject: 'Re: Coffee' }),
    ]);
    expect(out.get('o1')).toEqual({ outreach: true, repliedAtMs: at('2026-03-03T09:00:00Z') });
  });

  it('counts no answer from someone else, nor one dated before the message', () => {
    const out = threadOutcomes([
      msg({ key: 'o1', outbound: true, from: me, recipients: ['stan@acme.test'], sentAtMs: at('2026-03-02T09:00:00Z') }),
      msg({ key: 'r1', from: 'ravi@initech.test', answers: ['o1'], thread: ['o1'], sentAtMs: at('2026-03-03T09:00:00Z') }),
      msg({ key: 'r2', answers: ['o1'], thread: ['o1'], sentAtMs: at('2026-03-01T09:00:00Z') }),
    ]);
    expect(out.get('o1')).toEqual({ outreach: true, repliedAtMs: null });
  });

  it('falls back on a "Re:" of the same subject when the answer names no thread', () => {
    const out = threadOutcomes([
      msg({ key: 'o1', outbound: true, from: me, recipients: ['stan@acme.test'], subject: 'Coffee next week?', sentAtMs: at('2026-03-02T09:00:00Z') }),
      msg({ key: 'r1', subject: 'RE: Coffee next week?', sentAtMs: at('2026-03-04T09:00:00Z') }),
    ]);
    expect(out.get('o1')!.repliedAtMs).toBe(at('2026-03-04T09:00:00Z'));
  });

  it('a reply you send to their message is not an outreach; a follow-up to your own is', () => {
    const out = threadOutcomes([
      msg({ key: 'in', sentAtMs: at('2026-03-02T09:00:00Z') }),
      msg({ key: 'mine', outbound: true, from: me, recipients: ['stan@acme.test'], answers: ['in'], thread: ['in'], subject: 'Re: Coffee', sentAtMs: at('2026-03-02T10:00:00Z') }),
      msg({ key: 'o1', outbound: true, from: me, recipients: ['ada@globex.test'], subject: 'Intro', sentAtMs: at('2026-03-02T11:00:00Z') }),
      msg({ key: 'o2', outbound: true, from: me, recipients: ['ada@globex.test'], answers: ['o1'], thread: ['o1'], subject: 'Re: Intro', sentAtMs: at('2026-03-09T11:00:00Z') }),
      msg({ key: 'o3', outbound: true, from: me, recipients: ['ada@globex.test'], answers: ['unknown'], thread: ['unknown'], subject: 'Re: Something', sentAtMs: at('2026-03-09T11:00:00Z') }),
    ]);
    expect(out.get('mine')!.outreach).toBe(false);
    expect(out.get('o1')!.outreach).toBe(true);
    expect(out.get('o2')!.outreach).toBe(true);
    expect(out.get('o3')!.outreach).toBe(false);
  });

  it('folds reply and forward prefixes out of a subject', () => {
    expect(subjectKey('Re: AW: Fwd:  Coffee   next week?')).toBe('coffee next week?');
    expect(subjectKey('RE[2]: Coffee')).toBe('coffee');
  });
});

describe('meeting kinds from calendar titles', () => {
  it.each([
    ['Informational interview with Ravi (Initech)', 'informational-interview'],
    ['Interview: Senior Engineer – Globex (round 2)', 'job-interview'],
    ['Networking interview — 20 min', 'networking-interview'],
    ['Coffee with Stan Fields', 'networking-meeting'],
    ['Call with Ada', 'call'],
    ['Sync', 'networking-meeting'],
  ] as const)('%s → %s', (title, kind) => {
    expect(guessMeetingKind(title)).toBe(kind);
  });
});

describe('actions answered by sent mail', () => {
  it('closes an action with the first message to one of its recipients after what it is about', () => {
    const answered = answeredActions(
      [
        { id: 'thanks-stan', recipientIds: ['stan'], sinceMs: at('2026-03-05T10:00:00Z') },
        { id: 'thanks-ada', recipientIds: ['ada'], sinceMs: at('2026-03-05T10:00:00Z') },
        { id: 'old', recipientIds: ['stan'], sinceMs: at('2026-03-07T10:00:00Z') },
      ],
      [
        { contactIds: ['stan'], sentAtMs: at('2026-03-04T10:00:00Z') },
        { contactIds: ['stan', 'ravi'], sentAtMs: at('2026-03-06T16:00:00Z') },
        { contactIds: ['stan'], sentAtMs: at('2026-03-06T09:00:00Z') },
      ],
    );
    expect([...answered]).toEqual([['thanks-stan', at('2026-03-06T09:00:00Z')]]);
  });
});
