/**
 * Seeds a workspace with a realistic referral network (hundreds of people linked by
 * introductions and referrals, a target list, opportunities at every stage with their rounds),
 * to look at the board, the network and insights as a person would, and to measure them.
 * Usage (after `npm run build:server`): RAPPORT_DATA_DIR=/tmp/x node dist/test/support/seed-network.js [people]
 */
import { conversationCreateSchema } from '../../src/contracts/conversation.schema.js';
import { contactCreateSchema } from '../../src/contracts/contact.schema.js';
import { opportunityCreateSchema, type OpportunityStage } from '../../src/contracts/opportunity.schema.js';
import { referralCreateSchema, type ReferralStatus } from '../../src/contracts/referral.schema.js';
import { targetAddSchema } from '../../src/contracts/target.schema.js';
import { loadConfig } from '../../src/runtime/config.js';
import { openContext, type AppContext } from '../../src/runtime/context.js';

const GIVEN = ['Ann', 'Ben', 'Cara', 'Dev', 'Eli', 'Fay', 'Gus', 'Hana', 'Ian', 'Jo', 'Kai', 'Lea', 'Max', 'Nia', 'Oto', 'Pia', 'Raj', 'Sue', 'Tom', 'Uma', 'Vic', 'Wes', 'Xia', 'Yan', 'Zoe'];
const FAMILY = ['Lee', 'Fields', 'Stone', 'Byron', 'Hopper', 'Okafor', 'Nguyen', 'Silva', 'Kowalski', 'Haddad', 'Moreau', 'Tanaka', 'Berg', 'Costa', 'Patel', 'Reyes', 'Novak', 'Ivanova'];
const ORGS = ['Acme Robotics', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Stark Industries', 'Wayne Tech', 'Cyberdyne', 'Soylent', 'Wonka', 'Tyrell', 'Aperture', 'Black Mesa', 'Massive Dynamic', 'Vandelay', 'Pied Piper', 'Dunder Mifflin', 'Oscorp', 'Gringotts', 'Monarch'];
const STATUSES: ReferralStatus[] = ['offered', 'offered', 'contacted', 'met', 'met', 'led-to-interview'];

/** A small deterministic generator (mulberry32), so that every run seeds the same network. */
function random(seed: number) {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function seedNetwork(ctx: AppContext, people = 520): Promise<{ contacts: number; referrals: number; opportunities: number }> {
  const scope = { workspaceId: ctx.workspaceId };
  const s = ctx.services;
  const rnd = random(42);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const ids: string[] = [];
  for (let i = 0; i < people; i += 1) {
    const c = await s.contacts.create(scope, contactCreateSchema.parse({ givenName: pick(GIVEN), familyName: `${pick(FAMILY)}${i % 7 === 0 ? '' : `-${i}`}`, organizationName: pick(ORGS), title: rnd() < 0.3 ? 'Engineering Manager' : 'Engineer' }));
    ids.push(c.id);
  }
  // A forest of introductions: each person after the first few was introduced by someone earlier.
  let referrals = 0;
  for (let i = 12; i < ids.length; i += 1) {
    if (rnd() < 0.12) continue;
    const from = ids[Math.floor(Math.pow(rnd(), 1.8) * i)]!;
    await s.referrals.create(scope, referralCreateSchema.parse({ fromContactId: from, toContactId: ids[i]!, status: pick(STATUSES), offeredAt: new Date(Date.now() - Math.floor(rnd() * 80) * 86_400_000).toISOString() }));
    referrals += 1;
  }
  for (const name of ORGS.slice(0, 12)) await s.targets.add(scope, targetAddSchema.parse({ organizationName: name, motivation: 3 })).catch(() => undefined);
  const stages: OpportunityStage[] = ['lead', 'lead', 'applied', 'applied', 'screening', 'interviewing', 'interviewing', 'offer', 'rejected', 'withdrawn', 'converted', 'applied'];
  let opportunities = 0;
  for (const [i, stage] of stages.entries()) {
    const referrer = i >= 5 || rnd() < 0.5 ? ids[20 + Math.floor(rnd() * (ids.length - 20))]! : null;
    const o = await s.opportunities.create(scope, opportunityCreateSchema.parse({ organizationName: ORGS[i % ORGS.length], title: pick(['Robotics Engineer', 'Automation Lead', 'Controls Engineer', 'Product Engineer', 'Platform Engineer']), referrerContactId: referrer, competingCandidates: Math.floor(rnd() * 4) }));
    opportunities += 1;
    if (['interviewing', 'offer', 'rejected', 'converted'].includes(stage)) {
      const interviewer = ids[Math.floor(rnd() * ids.length)]!;
      const conv = await s.conversations.create(scope, conversationCreateSchema.parse({ kind: 'job-interview', startsAt: new Date(Date.now() - (5 + i) * 86_400_000).toISOString(), participants: [{ contactId: interviewer, role: 'interviewer' }] }));
      await s.opportunities.linkRound(scope, o.id, { conversationId: conv.id, round: 1 });
    }
    const current = await s.opportunities.get(scope, o.id);
    if (stage === 'rejected') await s.opportunities.reject(scope, o.id, { version: current.version, rapportInterviewerId: current.interviewers[0]?.id ?? null });
    else if (stage === 'converted') await s.opportunities.convert(scope, o.id, { version: current.version });
    else if (stage !== current.stage) await s.opportunities.move(scope, o.id, { version: current.version, stage });
  }
  // A few networking conversations this month, so that Insights has activity.
  for (let d = 0; d < 24; d += 1) {
    await s.conversations.create(scope, conversationCreateSchema.parse({ kind: pick(['networking-meeting', 'informational-interview', 'call', 'email']), startsAt: new Date(Date.now() - Math.floor(rnd() * 60) * 86_400_000).toISOString(), participants: [{ contactId: pick(ids) }], direction: 'outbound', awaitingReply: rnd() < 0.4 }));
  }
  return { contacts: ids.length, referrals, opportunities };
}

if (process.argv[1] && /seed-network\.js$/.test(process.argv[1])) {
  const ctx = await openContext(loadConfig().database);
  try {
    const people = Number(process.argv[2] ?? 520);
    const started = Date.now();
    const result = await seedNetwork(ctx, people);
    console.log(`seeded ${JSON.stringify(result)} in ${Date.now() - started} ms`);
  } finally {
    await ctx.close();
  }
}
