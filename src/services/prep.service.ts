import { informationalQuestions, type PrepBrief } from '../contracts/prep.schema.js';
import type { Db } from '../db/database.js';
import { fromJsonArray } from '../db/repositories/json.js';
import type { Scope } from './contact.service.js';
import type { ConversationService } from './conversation.service.js';
import type { Clock, IdGenerator } from './runtime.js';
import type { SettingsService } from './settings.service.js';

const LIVE_TARGET_STATUSES = ['researching', 'networking', 'in-process'];
const EXCERPT = 240;
const MAX_PAST = 10;
const MAX_MAY_KNOW = 10;
const MAX_GAPS = 5;

export function excerpt(text: string | null, max = EXCERPT): string | null {
  const flat = text?.replace(/\s+/g, ' ').trim();
  if (!flat) return null;
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`;
}

/**
 * The prep brief for a conversation ("Nail the pre-interview", seed 000): who they are, how you
 * met, shared interests, what you talked about before and what they suggested, which of your
 * targets they may know people at, your pitch, and questions to ask (Trends, Insights, Advice,
 * Resources, Assignments). A handful of queries, whatever the size of the network.
 */
export class PrepService {
  constructor(private readonly deps: { db: Db; clock: Clock; ids: IdGenerator; settings: SettingsService; conversations: ConversationService }) {}

  async brief(scope: Scope, conversationId: string): Promise<PrepBrief> {
    const db = this.deps.db.kysely;
    const ws = scope.workspaceId;
    const conversation = await this.deps.conversations.get(scope, conversationId);
    const settings = await this.deps.settings.get(scope);
    const playbook = await this.deps.settings.playbook(scope);
    const ids = conversation.participants.map((p) => p.id);
    const none = ['00000000-0000-0000-0000-000000000000'];
    const people = ids.length === 0 ? [] : await db
      .selectFrom('contacts as c')
      .leftJoin('organizations as o', 'o.id', 'c.organization_id')
      .leftJoin('contacts as i', 'i.id', 'c.introduced_by_id')
      .select(['c.id', 'c.display_name', 'c.title', 'c.organization_id', 'o.name as org_name', 'o.industry as org_industry', 'c.how_we_met', 'c.shared_interests', 'c.notes', 'c.introduced_by_id', 'i.display_name as introducer_name', 'c.linkedin_url'])
      .where('c.workspace_id', '=', ws)
      .where('c.id', 'in', ids)
      .execute();
    const order = new Map(ids.map((id, i) => [id, i]));
    people.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
    const nameOf = new Map(people.map((p) => [p.id, p.display_name]));
    const ref = (id: string) => ({ id, displayName: nameOf.get(id) ?? 'Someone' });

    // Past conversations with any of them, newest first.
    const past = await db
      .selectFrom('conversations as v')
      .select(['v.id', 'v.kind', 'v.starts_at', 'v.notes', 'v.next_steps'])
      .where('v.workspace_id', '=', ws)
      .where('v.id', '!=', conversation.id)
      .where('v.status', '=', 'done')
      .where((eb) => eb.exists(eb.selectFrom('conversation_participants as p').select('p.contact_id').whereRef('p.conversation_id', '=', 'v.id').where('p.contact_id', 'in', ids.length > 0 ? ids : none)))
      .orderBy('v.starts_at', 'desc')
      .limit(MAX_PAST)
      .execute();
    const pastWith = await this.deps.conversations.participantsOf(scope, past.map((p) => p.id));

    // What they suggested: names, companies, advice.
    const referrals = ids.length === 0 ? [] : await db
      .selectFrom('referrals as r')
      .leftJoin('contacts as t', 't.id', 'r.to_contact_id')
      .leftJoin('organizations as o', 'o.id', 'r.to_organization_id')
      .select(['r.id', 'r.from_contact_id', 'r.to_contact_id', 't.display_name as to_name', 'o.name as to_org', 'r.status', 'r.offered_at'])
      .where('r.workspace_id', '=', ws)
      .where('r.from_contact_id', 'in', ids)
      .orderBy('r.offered_at')
      .orderBy('r.id')
      .execute();
    const companies = ids.length === 0 ? [] : await db
      .selectFrom('targets as t')
      .innerJoin('organizations as o', 'o.id', 't.organization_id')
      .select(['t.organization_id', 'o.name', 't.suggested_by_id', 't.status', 't.rank'])
      .where('t.workspace_id', '=', ws)
      .where('t.suggested_by_id', 'in', ids)
      .orderBy('t.rank')
      .execute();
    const advice = ids.length === 0 ? [] : await db
      .selectFrom('advice_items')
      .select(['id', 'contact_id', 'kind', 'title', 'status', 'update_sent_at'])
      .where('workspace_id', '=', ws)
      .where('contact_id', 'in', ids)
      .orderBy('created_at')
      .orderBy('id')
      .execute();

    // Targets they may know people at: where they work, where the people they introduced work,
    // targets they suggested, and targets in the same industry as their organization.
    const targets = await db
      .selectFrom('targets as t')
      .innerJoin('organizations as o', 'o.id', 't.organization_id')
      .select(['t.organization_id', 'o.name', 'o.industry', 't.rank', 't.suggested_by_id'])
      .where('t.workspace_id', '=', ws)
      .where('t.status', 'in', LIVE_TARGET_STATUSES)
      .where('o.deleted_at', 'is', null)
      .orderBy('t.rank')
      .execute();
    const introduced = ids.length === 0 ? [] : await db
      .selectFrom('contacts')
      .select(['id', 'display_name', 'organization_id', 'introduced_by_id'])
      .where('workspace_id', '=', ws)
      .where('deleted_at', 'is', null)
      .where('introduced_by_id', 'in', ids)
      .where('organization_id', 'is not', null)
      .orderBy('sort_name')
      .execute();
    const known = await db
      .selectFrom('contacts')
      .select(['organization_id'])
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('workspace_id', '=', ws)
      .where('deleted_at', 'is', null)
      .where('organization_id', 'is not', null)
      .groupBy('organization_id')
      .execute();
    const knownAt = new Set(known.filter((k) => Number(k.n) > 0).map((k) => k.organization_id));
    const maybe: PrepBrief['targetsTheyMayKnow'] = [];
    for (const t of targets) {
      const why: string[] = [];
      for (const p of people) if (p.organization_id === t.organization_id) why.push(`${p.display_name} works there`);
      const theirs = introduced.filter((c) => c.organization_id === t.organization_id);
      for (const c of theirs) why.push(`${nameOf.get(c.introduced_by_id ?? '') ?? 'They'} introduced you to ${c.display_name} there`);
      if (t.suggested_by_id && order.has(t.suggested_by_id)) why.push(`${nameOf.get(t.suggested_by_id)} suggested it`);
      if (why.length === 0 && t.industry) {
        const peer = people.find((p) => p.org_industry && p.organization_id !== t.organization_id && p.org_industry.toLowerCase() === t.industry?.toLowerCase());
        if (peer) why.push(`same industry as ${peer.org_name} (${t.industry})`);
      }
      if (why.length > 0) maybe.push({ organizationId: t.organization_id, name: t.name, rank: t.rank, why: why.join('; ') });
    }
    const gaps = targets
      .filter((t) => t.rank <= playbook.topTargetCount && !knownAt.has(t.organization_id))
      .slice(0, MAX_GAPS)
      .map((t) => ({ organizationId: t.organization_id, name: t.name, rank: t.rank }));

    const firstPerson = people[0];
    const orgName = conversation.organization?.name ?? firstPerson?.org_name ?? null;
    const field = firstPerson?.org_industry ?? settings.profile.targetDefinition.industries[0] ?? null;
    const profile = settings.profile;
    return {
      conversation: {
        id: conversation.id,
        kind: conversation.kind,
        status: conversation.status,
        startsAt: conversation.startsAt,
        timeZone: conversation.timeZone,
        durationMinutes: conversation.durationMinutes,
        title: conversation.title,
        location: conversation.location,
        organization: conversation.organization,
      },
      people: people.map((p) => ({
        id: p.id,
        displayName: p.display_name,
        title: p.title,
        organization: p.organization_id && p.org_name ? { id: p.organization_id, name: p.org_name, industry: p.org_industry } : null,
        howWeMet: p.how_we_met,
        sharedInterests: fromJsonArray<string>(p.shared_interests),
        notes: p.notes,
        introducedBy: p.introduced_by_id && p.introducer_name ? { id: p.introduced_by_id, displayName: p.introducer_name } : null,
        linkedinUrl: p.linkedin_url,
      })),
      pastConversations: past.map((v) => ({
        id: v.id,
        kind: v.kind as PrepBrief['pastConversations'][number]['kind'],
        startsAt: v.starts_at,
        with: (pastWith.get(v.id) ?? []).map((p) => ({ id: p.id, displayName: p.displayName })),
        notesExcerpt: excerpt(v.notes),
        nextSteps: excerpt(v.next_steps),
      })),
      suggested: {
        referrals: referrals.map((r) => ({
          id: r.id,
          from: ref(r.from_contact_id),
          to: r.to_contact_id && r.to_name ? { id: r.to_contact_id, displayName: r.to_name } : null,
          toOrganization: r.to_org,
          status: r.status,
          offeredAt: r.offered_at,
        })),
        companies: companies.map((c) => ({ organizationId: c.organization_id, name: c.name, suggestedBy: ref(c.suggested_by_id ?? ''), targetStatus: c.status, rank: c.rank })),
        advice: advice.map((a) => ({ id: a.id, from: ref(a.contact_id), kind: a.kind, title: a.title, status: a.status, updateSent: a.update_sent_at !== null })),
      },
      targetsTheyMayKnow: maybe.slice(0, MAX_MAY_KNOW),
      targetGaps: gaps,
      pitch: { headline: profile.headline, short: profile.pitchShort, long: profile.pitchLong },
      skills: profile.skills,
      idealPosition: profile.idealPosition,
      questions: informationalQuestions({ organization: orgName, field }),
    };
  }
}
