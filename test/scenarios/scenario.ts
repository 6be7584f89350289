/**
 * The scenario harness: a workspace on a real, migrated database (SQLite or PostgreSQL, see
 * test/support/test-database.ts), a fixed clock, and the few verbs a story needs — add a person,
 * log a conversation, an opportunity with its rounds, a rejection — all through the services,
 * as the web app, the API and the CLI call them. `today()` gives Today as a person reads it.
 */
import { conversationCreateSchema, type ConversationCreateInput, type ConversationKind } from '../../src/contracts/conversation.schema.js';
import type { Action, Today } from '../../src/contracts/action.schema.js';
import { contactAddSchema } from '../../src/contracts/contact.schema.js';
import { opportunityCreateSchema, type OpportunityCreateInput } from '../../src/contracts/opportunity.schema.js';
import { createServices, type Services } from '../../src/services/index.js';
import { fixedClock } from '../../src/services/runtime.js';
import type { TestDatabase } from '../support/test-database.js';

/** An action as the assertions read it: the rule, whom it goes to, when it is due. */
export interface Line {
  rule: string | null;
  title: string;
  to: string[];
  due: string;
}

export const lineOf = (a: Action): Line => ({ rule: a.ruleId, title: a.title, to: a.recipients.map((r) => r.displayName), due: a.dueOn });

export interface Scenario {
  s: Services;
  clock: ReturnType<typeof fixedClock>;
  scope: { workspaceId: string };
  /** Adds "Given Family" (optionally at an organization, with an email) and returns their id. */
  person(name: string, extra?: { org?: string; email?: string; force?: boolean }): Promise<string>;
  /** Logs a conversation with the people named (ids), at an instant. */
  log(kind: ConversationKind, at: string, withIds: string[], extra?: Partial<ConversationCreateInput>): Promise<{ id: string; offered: string[] }>;
  opportunity(title: string, org: string, extra?: Partial<OpportunityCreateInput>): Promise<string>;
  round(opportunityId: string, at: string, interviewerIds: string[]): Promise<void>;
  reject(opportunityId: string, rapportWith: string | null): Promise<void>;
  /** Today: the "now" list (most important first) and what is later, by date. */
  today(): Promise<{ raw: Today; now: Line[]; later: Line[]; all: Action[] }>;
  /** Every open action (now and later), by rule. */
  open(rule?: string): Promise<Action[]>;
}

export async function startScenario(tdb: TestDatabase, now: string): Promise<Scenario> {
  const clock = fixedClock(now);
  const s = createServices({ db: tdb.db, clock });
  const scope = { workspaceId: (await s.workspaces.create('scenario')).id };
  const version = async (id: string) => (await s.opportunities.get(scope, id)).version;
  const today = async () => {
    const raw = await s.playbook.today(scope);
    const inNow = new Set(raw.now.map((a) => a.id));
    const all = [...raw.overdue, ...raw.dueToday, ...raw.comingUp];
    return { raw, now: raw.now.map(lineOf), later: raw.comingUp.filter((a) => !inNow.has(a.id)).map(lineOf), all };
  };
  return {
    s,
    clock,
    scope,
    async person(name, extra = {}) {
      const [givenName, ...rest] = name.split(' ');
      const contact = await s.contacts.create(
        scope,
        contactAddSchema.parse({ givenName, familyName: rest.join(' '), organizationName: extra.org, emails: extra.email ? [{ value: extra.email }] : [], force: extra.force ?? false }),
      );
      return contact.id;
    },
    async log(kind, at, withIds, extra = {}) {
      const c = await s.conversations.create(scope, conversationCreateSchema.parse({ kind, startsAt: at, participants: withIds.map((contactId) => ({ contactId })), ...extra }));
      return { id: c.id, offered: c.outcomes.referrals.map((r) => r.to?.id ?? '') };
    },
    async opportunity(title, org, extra = {}) {
      return (await s.opportunities.create(scope, opportunityCreateSchema.parse({ title, organizationName: org, stage: 'applied', ...extra }))).id;
    },
    async round(opportunityId, at, interviewerIds) {
      const input = conversationCreateSchema.parse({ kind: 'job-interview', startsAt: at, participants: interviewerIds.map((contactId) => ({ contactId, role: 'interviewer' })) });
      const { kind: _kind, organizationId: _o, organizationName: _n, ...round } = input;
      await s.opportunities.logRound(scope, opportunityId, round);
    },
    async reject(opportunityId, rapportWith) {
      await s.opportunities.reject(scope, opportunityId, { version: await version(opportunityId), rapportInterviewerId: rapportWith });
    },
    today,
    async open(rule) {
      const { all } = await today();
      return rule ? all.filter((a) => a.ruleId === rule) : all;
    },
  };
}
