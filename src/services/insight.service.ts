import type { ContactInsight, TimelineEntry } from '../contracts/timeline.schema.js';
import { CONVERSATION_KIND_LABELS, type ConversationKind } from '../contracts/conversation.schema.js';
import { REFERRAL_STATUS_LABELS, type ReferralStatus } from '../contracts/referral.schema.js';
import type { Db } from '../db/database.js';
import { businessDaysBetween, compileCalendar, localDate } from '../domain/business-days.js';
import { introductionChain, isHiringLevelTitle, responsiveness, searchStage } from '../domain/contact-insight.js';
import { DEFAULT_PLAYBOOK_SETTINGS } from '../domain/playbook/settings.js';
import type { Scope } from './contact.service.js';
import { NotFoundError } from './errors.js';
import type { Clock, IdGenerator } from './runtime.js';

const LIVE_TARGET_STATUSES = ['researching', 'networking', 'in-process'];

/** What Rapport derives about a person, and the timeline of everything about them. */
export class InsightService {
  constructor(private readonly deps: { db: Db; clock: Clock; ids: IdGenerator }) {}

  async contactInsight(scope: Scope, contactId: string): Promise<ContactInsight> {
    const db = this.deps.db.kysely;
    const ws = scope.workspaceId;
    const contact = await db.selectFrom('contacts').select(['id', 'display_name', 'title', 'organization_id', 'introduced_by_id']).where('workspace_id', '=', ws).where('id', '=', contactId).executeTakeFirst();
    if (!contact) throw new NotFoundError('Contact', contactId);
    const now = this.deps.clock.now();
    const nowIso = now.toISOString();
    const calendar = compileCalendar(DEFAULT_PLAYBOOK_SETTINGS);

    const conversations = await db
      .selectFrom('conversation_participants as p')
      .innerJoin('conversations as v', 'v.id', 'p.conversation_id')
      .select(['v.status', 'v.starts_at', 'v.direction', 'v.awaiting_reply', 'v.replied_at', 'v.kind'])
      .where('p.workspace_id', '=', ws)
      .where('p.contact_id', '=', contactId)
      .execute();
    const events = await db
      .selectFrom('event_attendees as a')
      .innerJoin('events as e', 'e.id', 'a.event_id')
      .select(['e.starts_at'])
      .where('a.workspace_id', '=', ws)
      .where('a.contact_id', '=', contactId)
      .execute();
    const past = [
      ...conversations.filter((c) => c.status === 'done' && c.starts_at <= nowIso).map((c) => c.starts_at),
      ...events.filter((e) => e.starts_at <= nowIso).map((e) => e.starts_at),
    ].sort();
    const upcoming = conversations.filter((c) => c.status === 'scheduled' && c.starts_at > nowIso).map((c) => c.starts_at).sort();
    // An outreach is a message or call I made that waits for an answer, or that got one.
    const outreaches = conversations
      .filter((c) => c.direction === 'outbound' && (c.kind === 'email' || c.kind === 'call') && c.status === 'done' && (c.awaiting_reply === 1 || c.replied_at))
      .map((c) => ({ sentOn: localDate(c.starts_at, calendar.timeZone), repliedOn: c.replied_at ? localDate(c.replied_at, calendar.timeZone) : null }));

    let atTarget = false;
    if (contact.organization_id) {
      const target = await db.selectFrom('targets').select('status').where('workspace_id', '=', ws).where('organization_id', '=', contact.organization_id).executeTakeFirst();
      atTarget = Boolean(target && LIVE_TARGET_STATUSES.includes(target.status));
    }
    const liveReferral = await db
      .selectFrom('referrals')
      .select('id')
      .where('workspace_id', '=', ws)
      .where((eb) => eb.or([eb('from_contact_id', '=', contactId), eb('to_contact_id', '=', contactId)]))
      .where('status', 'in', ['led-to-interview', 'led-to-offer'])
      .executeTakeFirst();
    const stage = searchStage({ atTargetOrganization: atTarget, rightLevel: isHiringLevelTitle(contact.title), inTheWorks: upcoming.length > 0 || Boolean(liveReferral) });

    const chainRows = new Map<string, { id: string; display_name: string; introduced_by_id: string | null }>([[contact.id, contact]]);
    let cursor = contact.introduced_by_id;
    for (let i = 0; cursor && i < 25 && !chainRows.has(cursor); i += 1) {
      const row = await db.selectFrom('contacts').select(['id', 'display_name', 'introduced_by_id']).where('workspace_id', '=', ws).where('id', '=', cursor).executeTakeFirst();
      if (!row) break;
      chainRows.set(row.id, row);
      cursor = row.introduced_by_id;
    }
    const chain = introductionChain(contact, (id) => {
      const by = chainRows.get(id)?.introduced_by_id;
      return by ? chainRows.get(by) : undefined;
    });
    const introduced = await db.selectFrom('contacts').select(['id', 'display_name']).where('workspace_id', '=', ws).where('introduced_by_id', '=', contactId).orderBy('sort_name').execute();

    return {
      lastInteractionAt: past.at(-1) ?? null,
      nextConversationAt: upcoming[0] ?? null,
      responsiveness: responsiveness(outreaches, localDate(nowIso, calendar.timeZone), (a, b) => businessDaysBetween(a, b, calendar)),
      searchStage: stage.stage,
      searchStageReason: stage.reason,
      referralChain: chain.map((r) => ({ id: r.id, displayName: r.display_name })),
      introduced: introduced.map((r) => ({ id: r.id, displayName: r.display_name })),
    };
  }

  /** Everything about a person, newest first: conversations, referrals both ways, advice, events, edits. */
  async timeline(scope: Scope, contactId: string): Promise<TimelineEntry[]> {
    const db = this.deps.db.kysely;
    const ws = scope.workspaceId;
    const contact = await db.selectFrom('contacts').select(['id', 'created_at', 'how_we_met']).where('workspace_id', '=', ws).where('id', '=', contactId).executeTakeFirst();
    if (!contact) throw new NotFoundError('Contact', contactId);
    const entries: TimelineEntry[] = [];

    const conversations = await db
      .selectFrom('conversation_participants as p')
      .innerJoin('conversations as v', 'v.id', 'p.conversation_id')
      .leftJoin('organizations as o', 'o.id', 'v.organization_id')
      .select(['v.id', 'v.kind', 'v.status', 'v.starts_at', 'v.title', 'v.notes', 'o.name as org_name'])
      .where('p.workspace_id', '=', ws)
      .where('p.contact_id', '=', contactId)
      .orderBy('v.starts_at', 'desc')
      .limit(500)
      .execute();
    for (const c of conversations) {
      const label = CONVERSATION_KIND_LABELS[c.kind as ConversationKind] ?? c.kind;
      const state = c.status === 'scheduled' ? ' (scheduled)' : c.status === 'cancelled' ? ' (cancelled)' : '';
      entries.push({ at: c.starts_at, kind: 'conversation', title: `${c.title ?? label}${state}`, detail: [c.title ? label : null, c.org_name, c.notes?.slice(0, 200)].filter(Boolean).join(' · ') || null, link: { type: 'conversation', id: c.id } });
    }

    const referrals = await db
      .selectFrom('referrals as r')
      .innerJoin('contacts as f', 'f.id', 'r.from_contact_id')
      .leftJoin('contacts as t', 't.id', 'r.to_contact_id')
      .leftJoin('organizations as o', 'o.id', 'r.to_organization_id')
      .select(['r.id', 'r.status', 'r.offered_at', 'r.from_contact_id', 'f.display_name as from_name', 't.id as to_id', 't.display_name as to_name', 'o.name as org_name'])
      .where('r.workspace_id', '=', ws)
      .where((eb) => eb.or([eb('r.from_contact_id', '=', contactId), eb('r.to_contact_id', '=', contactId)]))
      .execute();
    for (const r of referrals) {
      const status = REFERRAL_STATUS_LABELS[r.status as ReferralStatus] ?? r.status;
      if (r.from_contact_id === contactId) {
        const to = r.to_name ?? r.org_name ?? 'someone';
        entries.push({ at: r.offered_at, kind: 'referral-out', title: `Introduced you to ${to}`, detail: status, link: r.to_id ? { type: 'contact', id: r.to_id } : null });
      } else {
        entries.push({ at: r.offered_at, kind: 'referral-in', title: `Introduced to you by ${r.from_name}`, detail: status, link: { type: 'contact', id: r.from_contact_id } });
      }
    }

    const advice = await db.selectFrom('advice_items').select(['id', 'title', 'kind', 'status', 'created_at', 'done_at']).where('workspace_id', '=', ws).where('contact_id', '=', contactId).execute();
    for (const a of advice) {
      entries.push({ at: a.created_at, kind: 'advice', title: `Advised: ${a.title}`, detail: a.kind, link: { type: 'advice', id: a.id } });
      if (a.done_at) entries.push({ at: a.done_at, kind: 'advice', title: `Took their advice: ${a.title}`, detail: null, link: { type: 'advice', id: a.id } });
    }

    const events = await db
      .selectFrom('event_attendees as a')
      .innerJoin('events as e', 'e.id', 'a.event_id')
      .select(['e.id', 'e.name', 'e.starts_at', 'e.place'])
      .where('a.workspace_id', '=', ws)
      .where('a.contact_id', '=', contactId)
      .execute();
    for (const e of events) entries.push({ at: e.starts_at, kind: 'event', title: `Met at ${e.name}`, detail: e.place, link: { type: 'event', id: e.id } });

    const changes = await db.selectFrom('contact_changes').select(['at', 'changes']).where('workspace_id', '=', ws).where('contact_id', '=', contactId).orderBy('at', 'desc').limit(200).execute();
    for (const c of changes) {
      const diff = JSON.parse(c.changes) as Record<string, [unknown, unknown] | undefined>;
      const fields = Object.keys(diff).filter((f) => f !== 'mergedWith');
      // A merge records whom it joined and what the kept contact took from them.
      const merged = diff.mergedWith?.[1];
      if (typeof merged === 'string') entries.push({ at: c.at, kind: 'change', title: `Merged with ${merged}`, detail: fields.length > 0 ? `Took their ${fields.map(humanField).join(', ')}` : null, link: null });
      else entries.push({ at: c.at, kind: 'change', title: `Edited ${fields.map(humanField).join(', ')}`, detail: null, link: null });
    }
    entries.push({ at: contact.created_at, kind: 'created', title: 'Added to Rapport', detail: contact.how_we_met, link: null });
    return entries.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  }
}

function humanField(field: string): string {
  return field.replace(/Id$/, '').replace(/([A-Z])/g, ' $1').toLowerCase();
}
