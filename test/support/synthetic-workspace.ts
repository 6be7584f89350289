/**
 * A large synthetic workspace of playbook facts (30,000 contacts, 150,000 conversations by
 * default): `npm run bench` times the engine and Today on it, and `engine.slow.test.ts` asserts the
 * engine's answers on the same workspace.
 */
import { resolveSettings } from '../../src/domain/playbook/settings.js';
import type {
  ConversationKind,
  PAdvice,
  PContact,
  PConversation,
  PlaybookInput,
  POpportunity,
  POrganization,
  PReferral,
  OpportunityStage,
} from '../../src/domain/playbook/playbook.types.js';

export interface SyntheticWorkspaceOptions {
  contacts?: number;
  conversations?: number;
  organizations?: number;
  seed?: number;
  now?: string;
  /** Size of the active network that most conversations are with (default 3,000). */
  network?: number;
  /** Share of conversations with the active network (default 0.95; 0 spreads them evenly over all contacts). */
  networkShare?: number;
  /** Days of history the conversations span (default three years). */
  historyDays?: number;
}

/** Deterministic pseudo-random numbers (mulberry32), so every run builds the same workspace. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KINDS: ConversationKind[] = [
  'networking-meeting',
  'informational-interview',
  'networking-interview',
  'job-interview',
  'call',
  'email',
  'email',
  'event-encounter',
];
const STAGES: OpportunityStage[] = ['lead', 'applied', 'screening', 'interviewing', 'offer', 'rejected', 'withdrawn', 'accepted'];
const DAY_MS = 86_400_000;

/**
 * A workspace shaped like a long search: conversations spread over three years with a dense
 * last month and a few weeks ahead, outreach awaiting replies, referrals, advice, a target list.
 */
export function buildSyntheticWorkspace(options: SyntheticWorkspaceOptions = {}): PlaybookInput {
  const nContacts = options.contacts ?? 30_000;
  const nConversations = options.conversations ?? 150_000;
  const nOrgs = options.organizations ?? 3_000;
  const now = options.now ?? '2026-03-04T15:00:00.000Z';
  const nowMs = Date.parse(now);
  const rnd = random(options.seed ?? 42);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const iso = (ms: number) => new Date(Math.floor(ms / 60_000) * 60_000).toISOString();

  const organizations: POrganization[] = [];
  for (let i = 0; i < nOrgs; i += 1) {
    organizations.push({
      id: `org_${i}`,
      name: `Organization ${i}`,
      target: i < 60 ? { rank: i + 1, motivation: 3, posting: 2, status: i % 13 === 0 ? 'paused' : 'active' } : null,
    });
  }
  const contacts: PContact[] = [];
  for (let i = 0; i < nContacts; i += 1) {
    contacts.push({
      id: `c_${i}`,
      displayName: `Person ${i}`,
      firstName: `Person${i}`,
      // Nobody works at org_0 … org_9, the top of the target list: ten target gaps.
      organizationId: rnd() < 0.8 ? `org_${10 + Math.floor(rnd() * (nOrgs - 10))}` : null,
      cadence: i % 50 === 0 ? { idealDays: 14, maxDays: 60 } : null,
      createdAt: iso(nowMs - (200 + rnd() * 1000) * DAY_MS),
    });
  }
  // Most conversations are with an active network of a few thousand people; the rest of the
  // 30,000 are imported connections, a few of whom you have spoken with once or twice.
  const network = Math.min(nContacts, options.network ?? 3_000);
  const someone = () =>
    rnd() < (options.networkShare ?? 0.95) ? `c_${Math.floor(rnd() * network)}` : `c_${Math.floor(rnd() * nContacts)}`;
  const historyDays = options.historyDays ?? 3 * 365;
  const conversations: PConversation[] = [];
  for (let i = 0; i < nConversations; i += 1) {
    // Spread evenly from `historyDays` ago to three weeks ahead.
    const startMs = nowMs + (21 - rnd() * (historyDays + 21)) * DAY_MS;
    const kind = pick(KINDS);
    const future = startMs > nowMs;
    const outbound = kind === 'email' || kind === 'call' ? rnd() < 0.6 : false;
    const participants = [someone()];
    if (rnd() < 0.2) participants.push(someone());
    conversations.push({
      id: `conv_${i}`,
      kind,
      status: future ? (rnd() < 0.1 ? 'cancelled' : 'scheduled') : rnd() < 0.05 ? 'cancelled' : 'done',
      startsAt: iso(startMs),
      participantIds: participants,
      direction: outbound ? 'outbound' : pick(['inbound', 'mutual'] as const),
      awaitingReply: outbound && rnd() < 0.5,
      repliedAt: null,
      opportunityId: kind === 'job-interview' ? `opp_${Math.floor(rnd() * 500)}` : null,
      interviewRound: kind === 'job-interview' ? 1 + Math.floor(rnd() * 3) : null,
    });
  }
  const referrals: PReferral[] = [];
  for (let i = 0; i < 6_000; i += 1) {
    const offeredMs = nowMs - rnd() * 400 * DAY_MS;
    referrals.push({
      id: `ref_${i}`,
      fromContactId: `c_${Math.floor(rnd() * nContacts)}`,
      toContactId: `c_${Math.floor(rnd() * nContacts)}`,
      toOrganizationId: null,
      status: pick(['offered', 'offered', 'contacted', 'met', 'led-to-interview', 'led-to-offer'] as const),
      offeredAt: iso(offeredMs),
      statusChangedAt: iso(offeredMs + rnd() * (nowMs - offeredMs)),
    });
  }
  const advice: PAdvice[] = [];
  for (let i = 0; i < 1_500; i += 1) {
    const done = rnd() < 0.5;
    advice.push({
      id: `adv_${i}`,
      createdAt: iso(nowMs - rnd() * 60 * 86_400_000),
      contactId: `c_${Math.floor(rnd() * nContacts)}`,
      title: `Advice ${i}`,
      kind: pick(['book', 'course', 'person', 'company', 'other'] as const),
      status: done ? 'done' : 'open',
      doneAt: done ? iso(nowMs - rnd() * 120 * DAY_MS) : null,
      updateSentAt: done && rnd() < 0.5 ? iso(nowMs - rnd() * 10 * DAY_MS) : null,
    });
  }
  const opportunities: POpportunity[] = [];
  for (let i = 0; i < 500; i += 1) {
    opportunities.push({
      id: `opp_${i}`,
      title: `Role ${i}`,
      organizationId: `org_${Math.floor(rnd() * nOrgs)}`,
      stage: pick(STAGES),
      stageChangedAt: iso(nowMs - rnd() * 200 * DAY_MS),
      referrerContactId: rnd() < 0.3 ? `c_${Math.floor(rnd() * nContacts)}` : null,
      notAFit: rnd() < 0.1,
      interviewerIds: [`c_${Math.floor(rnd() * nContacts)}`],
      rapportInterviewerId: rnd() < 0.5 ? `c_${Math.floor(rnd() * nContacts)}` : null,
    });
  }
  return {
    now,
    settings: resolveSettings({ timeZone: 'Europe/Berlin', holidays: ['2026-01-01', '2026-04-03', '2026-04-06'] }),
    contacts,
    organizations,
    conversations,
    referrals,
    advice,
    opportunities,
  };
}
