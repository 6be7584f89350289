import type { Insights } from '../contracts/insights.schema.js';
import type { Db } from '../db/database.js';
import { addCalendarDays, businessDaysBetween, compileCalendar } from '../domain/business-days.js';
import {
  funnel,
  inTheWorksOverTime,
  interviewsBySource,
  replyStats,
  targetCoverage,
  weekStarts,
  weeklyActivity,
  type IConversation,
  type InsightRecords,
  type IOpportunity,
} from '../domain/insights.js';
import type { Scope } from './contact.service.js';
import type { Clock, IdGenerator } from './runtime.js';
import type { SettingsService } from './settings.service.js';

/**
 * Insights: gathers the workspace's records in a fixed number of set-based queries (one per
 * table, however many rows), and lets `domain/insights.ts` compute every metric.
 */
export class InsightsService {
  constructor(private readonly deps: { db: Db; clock: Clock; ids: IdGenerator; settings: SettingsService }) {}

  async records(scope: Scope, weeks = 12): Promise<InsightRecords> {
    const db = this.deps.db.kysely;
    const ws = scope.workspaceId;
    const settings = await this.deps.settings.get(scope);
    const playbook = await this.deps.settings.playbook(scope);
    const now = this.deps.clock.now().toISOString();
    const firstWeek = weekStarts(now, playbook.timeZone, weeks)[0] ?? now.slice(0, 10);
    const windowStart = `${addCalendarDays(firstWeek, -1)}T00:00:00.000Z`;

    const contacts = await db.selectFrom('contacts').select(['id', 'organization_id', 'created_at']).where('workspace_id', '=', ws).where('deleted_at', 'is', null).execute();
    const conversations = await db
      .selectFrom('conversations')
      .select(['id', 'kind', 'status', 'starts_at', 'created_at', 'organization_id', 'opportunity_id', 'direction', 'awaiting_reply', 'replied_at'])
      .where('workspace_id', '=', ws)
      .execute();
    const participants = await db.selectFrom('conversation_participants').select(['conversation_id', 'contact_id']).where('workspace_id', '=', ws).execute();
    const byConversation = new Map<string, string[]>();
    for (const p of participants) {
      const list = byConversation.get(p.conversation_id);
      if (list) list.push(p.contact_id);
      else byConversation.set(p.conversation_id, [p.contact_id]);
    }
    const referrals = await db.selectFrom('referrals').select(['id', 'status']).where('workspace_id', '=', ws).execute();
    const opportunities = await db.selectFrom('opportunities').select(['id', 'organization_id', 'source', 'stage', 'not_a_fit', 'created_at']).where('workspace_id', '=', ws).execute();
    const changes = await db.selectFrom('opportunity_stage_changes').select(['opportunity_id', 'to_stage', 'at']).where('workspace_id', '=', ws).orderBy('at').orderBy('id').execute();
    const historyOf = new Map<string, { to: string; at: string }[]>();
    for (const c of changes) {
      const list = historyOf.get(c.opportunity_id);
      if (list) list.push({ to: c.to_stage, at: c.at });
      else historyOf.set(c.opportunity_id, [{ to: c.to_stage, at: c.at }]);
    }
    const actions = await db.selectFrom('actions').select(['completed_at']).where('workspace_id', '=', ws).where('status', '=', 'done').where('completed_at', '>=', windowStart).execute();
    const targets = await db.selectFrom('targets').select(['organization_id', 'rank', 'status']).where('workspace_id', '=', ws).execute();

    return {
      now,
      timeZone: playbook.timeZone,
      weeks,
      band: { min: playbook.inTheWorksMin, max: playbook.inTheWorksMax },
      recentDays: playbook.inTheWorksRecentDays,
      topTargetCount: playbook.topTargetCount,
      // One source of truth: the weekly goals the seeker set on their profile ("Follow-ups a
      // week" is the goal for actions done).
      goals: {
        newContactsPerWeek: settings.profile.weeklyGoals.newContacts,
        conversationsPerWeek: settings.profile.weeklyGoals.conversations,
        actionsDonePerWeek: settings.profile.weeklyGoals.followUps,
      },
      contacts: contacts.map((c) => ({ id: c.id, organizationId: c.organization_id, createdAt: c.created_at })),
      conversations: conversations.map(
        (c): IConversation => ({
          id: c.id,
          kind: c.kind,
          status: c.status,
          startsAt: c.starts_at,
          createdAt: c.created_at,
          participantIds: byConversation.get(c.id) ?? [],
          organizationId: c.organization_id,
          opportunityId: c.opportunity_id,
          direction: c.direction,
          awaitingReply: c.awaiting_reply === 1,
          repliedAt: c.replied_at,
        }),
      ),
      referrals,
      opportunities: opportunities.map(
        (o): IOpportunity => ({ id: o.id, organizationId: o.organization_id, source: o.source, stage: o.stage, notAFit: o.not_a_fit === 1, createdAt: o.created_at, history: historyOf.get(o.id) ?? [] }),
      ),
      actionsDone: actions.flatMap((a) => (a.completed_at ? [{ completedAt: a.completed_at }] : [])),
      targets: targets.map((t) => ({ organizationId: t.organization_id, rank: t.rank, status: t.status })),
    };
  }

  async insights(scope: Scope, weeks = 12): Promise<Insights> {
    const r = await this.records(scope, weeks);
    const calendar = compileCalendar(await this.deps.settings.playbook(scope));
    const series = inTheWorksOverTime(r);
    return {
      now: r.now,
      timeZone: r.timeZone,
      inTheWorks: { min: r.band.min, max: r.band.max, current: series.at(-1)?.count ?? 0, series },
      activity: { goals: r.goals, weeks: weeklyActivity(r) },
      funnel: funnel(r),
      interviews: interviewsBySource(r),
      coverage: targetCoverage(r),
      replies: replyStats(r, (a, b) => businessDaysBetween(a, b, calendar)),
    };
  }
}
