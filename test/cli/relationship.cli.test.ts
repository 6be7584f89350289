import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, runCli, type CliResult } from '../support/cli.js';
import { daysFromNow, testNow } from '../support/clock.js';

type Ref = { id: string; displayName: string };

/**
 * The seed-004 networking interview through the real binary: log it with its outcomes, see who
 * introduced whom, take the advice and tell the adviser, meet people at an event, and delete a
 * contact while keeping the history that names them.
 */
// Each step runs the real binary (about half a second, more on a busy machine): allow the longer flows time.
describe('rapport CLI: conversations, referrals, advice, events', { timeout: 120_000 }, () => {
  let dataDir: string;
  let env: Record<string, string>;
  // The story runs over three days (Tue 3 to Thu 5 March): the CLI's clock is a day after the tests' now
  // (Wed 4 March, 14:00 UTC and running), so Wednesday morning's meeting is in the past and Thursday's breakfast still to come.
  const rapport = (...args: string[]): CliResult =>
    runCli(args, { ...env, RAPPORT_CLOCK_START: new Date(testNow().getTime() + 86_400_000).toISOString() });
  const json = <T>(...args: string[]): T => {
    const res = rapport(...args, '--json');
    expect(res.code, `rapport ${args.join(' ')}\n${res.stderr}`).toBe(0);
    return JSON.parse(res.stdout) as T;
  };
  /** Everything a refused command could have written. */
  const totals = () => ({
    conversations: json<{ total: number }>('conversation', 'list').total,
    contacts: json<{ total: number }>('contact', 'list').total,
    referrals: json<unknown[]>('referral', 'list').length,
    advice: json<unknown[]>('advice', 'list').length,
    events: json<unknown[]>('event', 'list').length,
  });

  let stan: Ref;
  let seedConversation: { id: string };
  let adviceId: string;

  beforeAll(() => {
    assertBuilt();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-cli-rel-'));
    env = { RAPPORT_DATA_DIR: dataDir };
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('has help with an example for every new command', () => {
    const commands = [
      ['conversation', 'log'],
      ['conversation', 'schedule'],
      ['conversation', 'list'],
      ['conversation', 'show'],
      ['conversation', 'edit'],
      ['conversation', 'outcome'],
      ['conversation', 'remove'],
      ['referral', 'list'],
      ['referral', 'add'],
      ['referral', 'set'],
      ['referral', 'chain'],
      ['advice', 'add'],
      ['advice', 'list'],
      ['advice', 'done'],
      ['advice', 'told'],
      ['event', 'add'],
      ['event', 'list'],
      ['event', 'show'],
      ['contact', 'show'],
      ['contact', 'timeline'],
      ['contact', 'remove'],
    ];
    for (const args of commands) {
      const help = rapport(...args, '--help');
      expect(help.code, args.join(' ')).toBe(0);
      expect(help.stdout, args.join(' ')).toMatch(/Usage: rapport/);
      expect(help.stdout, args.join(' ')).toContain('Example:');
    }
    expect(rapport('conversation', 'log', '--help').stdout).toContain('--offered');
  });

  it('logs the seed-004 networking interview with its outcomes as data', () => {
    stan = json<Ref>('contact', 'add', 'Stan Fields', '--org', 'Acme Robotics', '--title', 'Engineering Manager');
    const logged = json<{
      id: string;
      kind: string;
      status: string;
      startsAt: string;
      timeZone: string;
      durationMinutes: number;
      participants: Ref[];
      outcomes: {
        referrals: { from: Ref; to: Ref | null; status: string }[];
        companiesSuggested: { organizationName: string; suggestedBy: Ref | null }[];
        advice: { id: string; kind: string; title: string; status: string; from: Ref }[];
      };
    }>(
      'conversation', 'log', 'networking-interview',
      '--with', 'stan',
      '--at', '2026-03-03 15:00', '--tz', 'Europe/Paris', '--minutes', '20',
      '--offered', 'Ada Byron@Globex', '--offered', 'Grace Hopper',
      '--suggested', 'Initech',
      '--advice', 'book:The 2-Hour Job Search',
    );
    seedConversation = logged;
    expect(logged).toMatchObject({
      kind: 'networking-interview',
      status: 'done',
      startsAt: '2026-03-03T14:00:00.000Z',
      timeZone: 'Europe/Paris',
      durationMinutes: 20,
      participants: [expect.objectContaining({ id: stan.id, displayName: 'Stan Fields' })],
    });
    expect(logged.outcomes.referrals.map((r) => [r.from.displayName, r.to?.displayName, r.status])).toEqual([
      ['Stan Fields', 'Ada Byron', 'offered'],
      ['Stan Fields', 'Grace Hopper', 'offered'],
    ]);
    expect(logged.outcomes.companiesSuggested).toEqual([{ organizationId: expect.any(String), organizationName: 'Initech', suggestedBy: { id: stan.id, displayName: 'Stan Fields' } }]);
    expect(logged.outcomes.advice).toEqual([expect.objectContaining({ kind: 'book', title: 'The 2-Hour Job Search', status: 'open', from: { id: stan.id, displayName: 'Stan Fields' } })]);
    adviceId = logged.outcomes.advice[0]?.id ?? '';

    const shown = rapport('conversation', 'show', logged.id);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('Networking interview with Stan Fields');
    expect(shown.stdout).toContain('Tue 3 Mar 2026 15:00 (Europe/Paris) · 20 min');
    expect(shown.stdout).toMatch(/company\s+Initech suggested by Stan Fields/);
  });

  it('prints a one-line summary of what a conversation created', () => {
    const res = rapport('conversation', 'log', 'meeting', '--with', 'Stan Fields', '--at', '2026-03-04T09:00:00Z', '--offered', 'Linus Pauling@Initech', '--offered', 'Rosalind Franklin', '--suggested', 'Hooli', '--advice', 'Update the LinkedIn headline', '--advice', 'course:Negotiation');
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout.split('\n')[0]).toBe(
      'Logged Networking meeting with Stan Fields · 2 names offered: Linus Pauling, Rosalind Franklin · 1 company added to your target list: Hooli · 2 pieces of advice',
    );
  });

  it('shows Ada as introduced by Stan, with the chain, and Stan with whom he introduced', () => {
    const ada = json<{ contact: { introducedBy: Ref | null; organizationName: string }; insight: { referralChain: Ref[]; searchStage: number; searchStageReason: string; lastInteractionAt: string | null } }>(
      'contact', 'show', 'Ada Byron',
    );
    expect(ada.contact).toMatchObject({ introducedBy: { id: stan.id, displayName: 'Stan Fields' }, organizationName: 'Globex' });
    expect(ada.insight).toMatchObject({ referralChain: [{ displayName: 'Stan Fields' }, { displayName: 'Ada Byron' }], searchStage: 1, lastInteractionAt: null });

    const stanShown = json<{ insight: { introduced: Ref[]; lastInteractionAt: string } }>('contact', 'show', 'stan');
    expect(stanShown.insight.lastInteractionAt).toBe('2026-03-04T09:00:00.000Z');
    expect(stanShown.insight.introduced.map((c) => c.displayName)).toEqual(expect.arrayContaining(['Ada Byron', 'Grace Hopper', 'Linus Pauling']));

    const text = rapport('contact', 'show', 'Ada Byron');
    expect(text.stdout).toMatch(/introduced by\s+Stan Fields/);
    expect(text.stdout).toMatch(/chain\s+Stan Fields → Ada Byron/);
    expect(text.stdout).toMatch(/search stage\s+1 — /);
    expect(text.stdout).toMatch(/responsiveness\s+not known yet/);

    const chain = rapport('referral', 'chain', 'Ada Byron');
    expect(chain.code).toBe(0);
    expect(chain.stdout.split('\n')[0]).toBe('Stan Fields → Ada Byron');
  });

  it('records referrals by hand, moves them forward, and follows the chain through them', () => {
    json('contact', 'add', 'Cal Ripken', '--org', 'Globex');
    const added = json<{ id: string; from: Ref; to: Ref; status: string }>('referral', 'add', '--from', 'Ada Byron', '--to', 'Cal Ripken', '--note', 'Cal runs hiring');
    expect(added).toMatchObject({ from: { displayName: 'Ada Byron' }, to: { displayName: 'Cal Ripken' }, status: 'offered' });
    expect(rapport('referral', 'chain', 'cal').stdout.split('\n')[0]).toBe('Stan Fields → Ada Byron → Cal Ripken');
    const set = rapport('referral', 'set', added.id, 'met');
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout).toContain('Ada Byron → Cal Ripken: Met');
    expect(json<{ status: string }[]>('referral', 'list', '--contact', 'cal')).toEqual([expect.objectContaining({ status: 'met', note: 'Cal runs hiring' })]);

    // A job interview scheduled with Ada moves Stan's referral of her forward by itself.
    const future = daysFromNow(10);
    const scheduled = json<{ id: string; status: string; kind: string; interviewRound: number; organization: { name: string } }>(
      'conversation', 'schedule', 'interview', '--with', 'Ada Byron', '--org', 'Globex', '--round', '1', '--at', future,
    );
    expect(scheduled).toMatchObject({ status: 'scheduled', kind: 'job-interview', interviewRound: 1, organization: { name: 'Globex' } });
    const toAda = json<{ from: Ref; to: Ref; status: string }[]>('referral', 'list', '--contact', 'Ada Byron').find((r) => r.to.displayName === 'Ada Byron');
    expect(toAda).toMatchObject({ from: { displayName: 'Stan Fields' }, status: 'led-to-interview' });
    const upcoming = json<{ items: { id: string }[] }>('conversation', 'list', '--upcoming');
    expect(upcoming.items.map((c) => c.id)).toEqual([scheduled.id]);
    expect(json<{ insight: { nextConversationAt: string; searchStage: number } }>('contact', 'show', 'Ada Byron').insight).toMatchObject({ nextConversationAt: future, searchStage: 3 });

    const more = rapport('conversation', 'outcome', scheduled.id, '--suggested', 'Umbrella Corp', '--advice', 'person:Ask for Cal');
    expect(more.code, more.stderr).toBe(0);
    expect(more.stdout).toContain('1 company added to your target list: Umbrella Corp · 1 piece of advice');
    const cancelled = json<{ status: string; feedback: string }>('conversation', 'edit', scheduled.id, '--status', 'cancelled', '--feedback', 'Position frozen');
    expect(cancelled).toMatchObject({ status: 'cancelled', feedback: 'Position frozen' });
  });

  it('logs an outreach awaiting a reply, then records the reply', () => {
    const sent = json<{ id: string; status: string; direction: string; awaitingReply: boolean; kind: string }>('conversation', 'log', 'email', '--with', 'Grace Hopper', '--outbound', '--awaiting-reply');
    expect(sent).toMatchObject({ kind: 'email', status: 'done', direction: 'outbound', awaitingReply: true });
    const replied = json<{ awaitingReply: boolean; repliedAt: string | null }>('conversation', 'edit', sent.id, '--replied');
    expect(replied).toMatchObject({ awaitingReply: false, repliedAt: expect.any(String) });
  });

  it('marks advice done, then records that the adviser was told', () => {
    expect(json<{ id: string }[]>('advice', 'list', '--open', '--contact', 'stan').map((a) => a.id)).toContain(adviceId);
    const done = rapport('advice', 'done', adviceId);
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toContain('Tell Stan Fields');
    expect(done.stdout).toContain(`rapport advice told ${adviceId}`);
    expect(json<{ id: string; doneAt: string | null; updateSentAt: string | null }[]>('advice', 'list', '--done')).toEqual([
      expect.objectContaining({ id: adviceId, doneAt: expect.any(String), updateSentAt: null }),
    ]);
    const told = json<{ status: string; updateSentAt: string | null }>('advice', 'told', adviceId);
    expect(told).toMatchObject({ status: 'done', updateSentAt: expect.any(String) });
    const added = json<{ kind: string; from: Ref }>('advice', 'add', 'Ada Byron', 'Read Globex annual report', '--kind', 'other');
    expect(added).toMatchObject({ kind: 'other', from: { displayName: 'Ada Byron' } });
  });

  it('records an event and the people met there', () => {
    const event = json<{ id: string; name: string; startsAt: string; place: string; attendees: Ref[] }>(
      'event', 'add', 'Five O’Clock Club breakfast', '--at', '2026-03-05 08:00', '--tz', 'Europe/Paris', '--place', 'Café Nova', '--met', 'stan', '--met', 'Cal Ripken', '--kind', 'job-networking-meeting',
    );
    expect(event).toMatchObject({ name: 'Five O’Clock Club breakfast', startsAt: '2026-03-05T07:00:00.000Z', place: 'Café Nova' });
    expect(event.attendees.map((a) => a.displayName)).toEqual(['Stan Fields', 'Cal Ripken']);
    expect(json<{ id: string }[]>('event', 'list', '--contact', 'stan').map((e) => e.id)).toEqual([event.id]);
    const shown = rapport('event', 'show', event.id);
    expect(shown.stdout).toMatch(/met\s+Stan Fields, Cal Ripken/);
    const timeline = json<{ entries: { kind: string; title: string }[] }>('contact', 'timeline', 'stan');
    expect(timeline.entries.map((e) => e.kind)).toEqual(expect.arrayContaining(['conversation', 'referral-out', 'advice', 'event', 'created']));
    expect(rapport('contact', 'timeline', 'stan').stdout).toContain('Met at Five O’Clock Club breakfast');
  });

  it('refuses bad input naming the option, with exit 2 (3 for nobody), and writes nothing', () => {
    const before = totals();
    const refused: [args: string[], code: number, mentions: string[]][] = [
      [['conversation', 'log', 'networking', '--with', 'stan', '--at', 'yesterday-ish'], 2, ['--at', 'yesterday-ish']],
      [['conversation', 'log', 'chat', '--with', 'stan'], 2, ['<kind>', '"chat"', 'networking-interview']],
      [['conversation', 'log', 'meeting', '--with', 'stan', '--with', 'nobody', '--offered', 'New Person'], 3, ['--with', 'No contact matches "nobody"']],
      [['conversation', 'log', 'meeting', '--with', 'stan', '--offered', '@Globex'], 2, ['--offered "@Globex"', 'Give a first or a last name']],
      [['conversation', 'log', 'meeting', '--with', 'stan', '--minutes', 'lots', '--round', '0'], 2, ['--minutes', '--round']],
      [['conversation', 'log', 'meeting', '--with', 'stan', '--tz', 'Mars/Olympus'], 2, ['--tz', 'Mars/Olympus']],
      [['conversation', 'log', 'meeting', '--with', 'stan', '--at', '2099-01-01 10:00'], 2, ['--at', 'schedule']],
      [['conversation', 'log', 'meeting', '--suggested', 'Initrode'], 2, ['--with', 'who you talked with']],
      [['conversation', 'schedule', 'meeting', '--with', 'stan', '--at', '2020-01-01 10:00'], 2, ['--at', 'in the past']],
      [['conversation', 'schedule', 'meeting', '--with', 'stan'], 2, ['--at']],
      [['conversation', 'list', '--upcoming', '--past'], 2, ['--upcoming', '--past']],
      [['conversation', 'show', 'no-such-id'], 3, ['no-such-id']],
      [['conversation', 'edit', seedConversation.id], 2, ['Nothing to change']],
      [['event', 'add', 'Mixer', '--at', 'soon'], 2, ['--at']],
      [['event', 'add', 'Mixer', '--at', '2026-03-05', '--met', 'nobody'], 3, ['--met']],
      [['event', 'show', 'no-such-id'], 3, ['no-such-id']],
      [['advice', 'add', 'stan', 'A podcast', '--kind', 'podcast'], 2, ['--kind', 'podcast']],
      [['advice', 'done', 'no-such-id'], 3, ['no-such-id']],
      [['referral', 'add', '--from', 'stan'], 2, ['--to']],
      [['referral', 'add', '--from', 'stan', '--to', 'stan'], 2, ['--to', 'themselves']],
      [['referral', 'chain', 'nobody'], 3, ['nobody']],
      [['contact', 'remove', 'stan', '--mode', 'shred'], 2, ['--mode']],
    ];
    for (const [args, code, mentions] of refused) {
      const res = rapport(...args);
      expect(res.code, `rapport ${args.join(' ')}\n${res.stderr}`).toBe(code);
      for (const text of mentions) expect(res.stderr, `rapport ${args.join(' ')}`).toContain(text);
    }
    expect(totals()).toEqual(before);
  });

  it('removes Stan keeping the history that names him, after saying what refers to him', () => {
    const removed = rapport('contact', 'remove', 'stan', '--mode', 'keep-history');
    expect(removed.code, removed.stderr).toBe(0);
    expect(removed.stdout).toMatch(/Stan Fields is referred to by: \d+ conversations with them, \d+ referrals to or from them/);
    expect(removed.stdout).toContain('Removed Stan Fields from your lists');
    expect(json<{ total: number }>('contact', 'list', '--search', 'stan').total).toBe(0);
    const kept = json<{ participants: (Ref & { deleted: boolean })[] }>('conversation', 'show', seedConversation.id);
    expect(kept.participants).toEqual([expect.objectContaining({ id: stan.id, displayName: 'Stan Fields', deleted: true })]);
    expect(rapport('referral', 'chain', 'Ada Byron').stdout.split('\n')[0]).toBe('Stan Fields → Ada Byron');
    expect(rapport('conversation', 'list', '--past').stdout).toContain('Stan Fields (deleted)');

    const gone = json<{ removed: Ref; mode: string; historyKept: boolean; references: { total: number } }>('contact', 'remove', 'Rosalind Franklin', '--mode', 'remove');
    expect(gone).toMatchObject({ removed: { displayName: 'Rosalind Franklin' }, mode: 'remove', historyKept: false });
    expect(gone.references.total).toBeGreaterThan(0);
    expect(rapport('contact', 'show', gone.removed.id).code).toBe(3);
  });
});
