import type { Transaction } from 'kysely';
import type { FieldIssue } from '../contracts/common.schema.js';
import type {
  Conversation,
  ConversationCreate,
  ConversationListQuery,
  ConversationPage,
  ConversationUpdate,
  Outcomes,
  OutcomesInput,
} from '../contracts/conversation.schema.js';
import { CONVERSATION_KIND_LABELS, outcomesSchema, type ConversationKind } from '../contracts/conversation.schema.js';
import type { Db } from '../db/database.js';
import { ContactRepository } from '../db/repositories/contact.repository.js';
import { ConversationRepository } from '../db/repositories/conversation.repository.js';
import { OrganizationRepository } from '../db/repositories/organization.repository.js';
import { ReferralRepository } from '../db/repositories/referral.repository.js';
import { TargetRepository } from '../db/repositories/target.repository.js';
import type { ConversationTable, Database } from '../db/schema.js';
import { referralStatusFromConversation } from '../domain/referral-progress.js';
import type { ContactService, Scope } from './contact.service.js';
import { ConflictError, DuplicateError, InvalidError, NotFoundError } from './errors.js';
import type { Clock, IdGenerator } from './runtime.js';
import type { Updateable } from 'kysely';

type Trx = Transaction<Database>;

/** A done conversation may not start more than this far in the future (clock skew, "just now"). */
const FUTURE_TOLERANCE_MS = 60 * 60 * 1000;
/**
 * Two conversations of one kind with the same people starting less than this apart are one
 * conversation logged twice (the time typed a little differently, or the form sent again); a
 * real second call within the half hour is confirmed with `force`.
 */
const SAME_TIME_MS = 30 * 60 * 1000;

/**
 * Conversations: log a past one or schedule a future one, with participants and the outcomes
 * captured as data (names offered, companies suggested, advice given), all in one transaction.
 */
export class ConversationService {
  private readonly conversations = new ConversationRepository();
  private readonly contacts = new ContactRepository();
  private readonly targets = new TargetRepository();
  private readonly referrals = new ReferralRepository();
  private readonly organizations: OrganizationRepository;

  constructor(private readonly deps: { db: Db; clock: Clock; ids: IdGenerator; contactService: ContactService }) {
    this.organizations = new OrganizationRepository(() => deps.ids.newId());
  }

  async list(scope: Scope, query: ConversationListQuery): Promise<ConversationPage> {
    const { items, total } = await this.conversations.list(this.deps.db.kysely, scope.workspaceId, query);
    return { items, total, limit: query.limit, offset: query.offset };
  }

  /** Participants of many conversations at once (for lists and the calendar feed). */
  async participantsOf(scope: Scope, ids: readonly string[]) {
    return this.conversations.participantsOf(this.deps.db.kysely, scope.workspaceId, ids);
  }

  async get(scope: Scope, id: string): Promise<Conversation> {
    return this.read(this.deps.db.kysely, scope, id);
  }

  async create(scope: Scope, input: ConversationCreate): Promise<Conversation> {
    const now = this.deps.clock.now();
    const nowIso = now.toISOString();
    const startsAt = new Date(input.startsAt).toISOString();
    const status = input.status ?? (new Date(startsAt).getTime() > now.getTime() ? 'scheduled' : 'done');
    if (status === 'done' && new Date(startsAt).getTime() > now.getTime() + FUTURE_TOLERANCE_MS) {
      throw new InvalidError('A conversation in the future cannot be done yet', [{ path: 'status', message: 'A conversation in the future cannot be done yet: schedule it' }]);
    }
    const id = this.deps.ids.newId();
    await this.deps.db.kysely.transaction().execute(async (trx) => {
      await this.assertParticipants(trx, scope, input.participants.map((p) => p.contactId), 'participants');
      const organizationId = await this.resolveOrganization(trx, scope, input.organizationId, input.organizationName, nowIso);
      if (!input.force) await this.refuseDuplicate(trx, scope, input.kind, startsAt, input.participants.map((p) => p.contactId), organizationId);
      if (input.eventId) await this.assertEvent(trx, scope, input.eventId);
      await this.conversations.insert(
        trx,
        {
          id,
          workspace_id: scope.workspaceId,
          kind: input.kind,
          status,
          starts_at: startsAt,
          time_zone: input.timeZone,
          duration_minutes: input.durationMinutes,
          title: input.title,
          location: input.location,
          notes: input.notes,
          direction: input.direction,
          awaiting_reply: input.awaitingReply ? 1 : 0,
          replied_at: null,
          organization_id: organizationId,
          event_id: input.eventId,
          opportunity_id: null,
          interview_round: input.interviewRound,
          feedback: input.feedback,
          next_steps: input.nextSteps,
          created_at: nowIso,
          updated_at: nowIso,
        },
        input.participants,
      );
      await this.recordOutcomes(trx, scope, id, input.participants.map((p) => p.contactId), startsAt, input.outcomes, nowIso);
      await this.advanceReferrals(trx, scope, { kind: input.kind, status, organizationId, startsAt }, input.participants.map((p) => p.contactId), nowIso);
      await this.contacts.refreshLastInteraction(trx, scope.workspaceId, input.participants.map((p) => p.contactId), nowIso);
    });
    return this.get(scope, id);
  }

  /** Adds outcomes to a conversation after the fact (meeting mode captures them one tap at a time). */
  async addOutcomes(scope: Scope, id: string, input: OutcomesInput): Promise<Conversation> {
    const outcomes = outcomesSchema.parse(input);
    const nowIso = this.deps.clock.now().toISOString();
    await this.deps.db.kysely.transaction().execute(async (trx) => {
      const row = await this.conversations.findRow(trx, scope.workspaceId, id);
      if (!row) throw new NotFoundError('Conversation', id);
      const participants = (await this.conversations.participantsOf(trx, scope.workspaceId, [id])).get(id) ?? [];
      await this.recordOutcomes(trx, scope, id, participants.map((p) => p.id), row.starts_at, outcomes, nowIso);
      await trx.updateTable('conversations').set({ updated_at: nowIso }).where('id', '=', id).where('workspace_id', '=', scope.workspaceId).execute();
    });
    return this.get(scope, id);
  }

  async update(scope: Scope, id: string, input: ConversationUpdate): Promise<Conversation> {
    const nowIso = this.deps.clock.now().toISOString();
    await this.deps.db.kysely.transaction().execute(async (trx) => {
      const row = await this.conversations.findRow(trx, scope.workspaceId, id);
      if (!row) throw new NotFoundError('Conversation', id);
      if (row.version !== input.version) throw new ConflictError('This conversation was changed by someone else; reload and apply your edit again');
      const patch: Updateable<ConversationTable> = { updated_at: nowIso };
      if (input.kind !== undefined) patch.kind = input.kind;
      if (input.status !== undefined) patch.status = input.status;
      if (input.startsAt !== undefined) patch.starts_at = new Date(input.startsAt).toISOString();
      if (input.timeZone !== undefined) patch.time_zone = input.timeZone;
      if (input.durationMinutes !== undefined) patch.duration_minutes = input.durationMinutes;
      if (input.title !== undefined) patch.title = input.title;
      if (input.location !== undefined) patch.location = input.location;
      if (input.notes !== undefined) patch.notes = input.notes;
      if (input.direction !== undefined) patch.direction = input.direction;
      if (input.awaitingReply !== undefined) patch.awaiting_reply = input.awaitingReply ? 1 : 0;
      if (input.repliedAt !== undefined) {
        patch.replied_at = input.repliedAt ? new Date(input.repliedAt).toISOString() : null;
        if (input.repliedAt) patch.awaiting_reply = 0;
      }
      if (input.organizationId !== undefined) patch.organization_id = await this.resolveOrganization(trx, scope, input.organizationId, null, nowIso);
      if (input.interviewRound !== undefined) patch.interview_round = input.interviewRound;
      if (input.feedback !== undefined) patch.feedback = input.feedback;
      if (input.nextSteps !== undefined) patch.next_steps = input.nextSteps;
      const status = patch.status ?? row.status;
      const startsAt = patch.starts_at ?? row.starts_at;
      if (status === 'done' && new Date(startsAt).getTime() > this.deps.clock.now().getTime() + FUTURE_TOLERANCE_MS) {
        throw new InvalidError('A conversation in the future cannot be done yet', [{ path: 'status', message: 'A conversation in the future cannot be done yet' }]);
      }
      if (!(await this.conversations.update(trx, scope.workspaceId, id, input.version, patch))) {
        throw new ConflictError('This conversation was changed by someone else; reload and apply your edit again');
      }
      if (patch.starts_at !== undefined && patch.starts_at !== row.starts_at) {
        await this.referrals.redateOffers(trx, scope.workspaceId, id, row.starts_at, patch.starts_at, nowIso);
      }
      const before = (await this.conversations.participantsOf(trx, scope.workspaceId, [id])).get(id) ?? [];
      if (input.participants !== undefined) {
        await this.assertParticipants(trx, scope, input.participants.map((p) => p.contactId), 'participants');
        await this.conversations.replaceParticipants(trx, scope.workspaceId, id, input.participants);
      }
      const participants = (await this.conversations.participantsOf(trx, scope.workspaceId, [id])).get(id) ?? [];
      await this.contacts.refreshLastInteraction(trx, scope.workspaceId, [...before, ...participants].map((p) => p.id), nowIso);
      await this.advanceReferrals(
        trx,
        scope,
        { kind: patch.kind ?? row.kind, status, organizationId: patch.organization_id !== undefined ? patch.organization_id : row.organization_id, startsAt },
        participants.map((p) => p.id),
        nowIso,
      );
    });
    return this.get(scope, id);
  }

  async remove(scope: Scope, id: string): Promise<void> {
    const nowIso = this.deps.clock.now().toISOString();
    await this.deps.db.kysely.transaction().execute(async (trx) => {
      const participants = (await this.conversations.participantsOf(trx, scope.workspaceId, [id])).get(id) ?? [];
      if (!(await this.conversations.delete(trx, scope.workspaceId, id))) throw new NotFoundError('Conversation', id);
      await this.contacts.refreshLastInteraction(trx, scope.workspaceId, participants.map((p) => p.id), nowIso);
    });
  }

  private async read(db: Db['kysely'] | Trx, scope: Scope, id: string): Promise<Conversation> {
    const row = await db
      .selectFrom('conversations as v')
      .leftJoin('organizations as o', 'o.id', 'v.organization_id')
      .selectAll('v')
      .select(['o.name as org_name'])
      .where('v.workspace_id', '=', scope.workspaceId)
      .where('v.id', '=', id)
      .executeTakeFirst();
    if (!row) throw new NotFoundError('Conversation', id);
    const participants = (await this.conversations.participantsOf(db, scope.workspaceId, [id])).get(id) ?? [];
    return {
      id: row.id,
      kind: row.kind as Conversation['kind'],
      status: row.status as Conversation['status'],
      startsAt: row.starts_at,
      timeZone: row.time_zone,
      durationMinutes: row.duration_minutes,
      title: row.title,
      location: row.location,
      notes: row.notes,
      participants,
      direction: row.direction as Conversation['direction'],
      awaitingReply: row.awaiting_reply === 1,
      repliedAt: row.replied_at,
      organization: row.organization_id && row.org_name ? { id: row.organization_id, name: row.org_name } : null,
      eventId: row.event_id,
      opportunityId: row.opportunity_id,
      interviewRound: row.interview_round,
      feedback: row.feedback,
      nextSteps: row.next_steps,
      outcomes: await this.conversations.outcomesOf(db, scope.workspaceId, id),
      version: row.version,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }

  /**
   * Throws a DuplicateError naming the conversation already logged when this one repeats it:
   * the same kind, the same people (or, with nobody, the same organization), starting less than
   * `SAME_TIME_MS` apart. Checked before anything is written, so nothing of it is written twice.
   */
  private async refuseDuplicate(trx: Trx, scope: Scope, kind: string, startsAt: string, participantIds: readonly string[], organizationId: string | null): Promise<void> {
    const at = new Date(startsAt).getTime();
    const candidates = await this.conversations.findStartingBetween(trx, scope.workspaceId, kind, new Date(at - SAME_TIME_MS).toISOString(), new Date(at + SAME_TIME_MS).toISOString());
    if (candidates.length === 0) return;
    const people = await this.conversations.participantsOf(trx, scope.workspaceId, candidates.map((c) => c.id));
    const wanted = [...new Set(participantIds)].sort().join(' ');
    const same = candidates.find((c) => {
      if (Math.abs(new Date(c.starts_at).getTime() - at) >= SAME_TIME_MS) return false;
      const theirs = (people.get(c.id) ?? []).map((p) => p.id);
      if ([...new Set(theirs)].sort().join(' ') !== wanted) return false;
      return wanted !== '' || c.organization_id === organizationId;
    });
    if (!same) return;
    const names = (people.get(same.id) ?? []).map((p) => p.displayName);
    const when = new Date(same.starts_at).toLocaleString('en-GB', { timeZone: same.time_zone, day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    const label = `${CONVERSATION_KIND_LABELS[same.kind as ConversationKind] ?? same.kind}${names.length > 0 ? ` with ${names.join(', ')}` : ''} on ${when} (${same.time_zone})`;
    throw new DuplicateError(`${label} is already logged; log it again only if it really happened twice (force)`, { type: 'conversation', id: same.id, label });
  }

  private async assertParticipants(trx: Trx, scope: Scope, ids: readonly string[], path: string): Promise<void> {
    const issues: FieldIssue[] = [];
    for (const [index, contactId] of ids.entries()) {
      if (!(await this.contacts.exists(trx, scope.workspaceId, contactId))) issues.push({ path: `${path}.${index}.contactId`, message: `No contact with id ${contactId}` });
    }
    if (issues.length > 0) throw new InvalidError('Unknown participant', issues);
  }

  private async assertEvent(trx: Trx, scope: Scope, eventId: string): Promise<void> {
    const row = await trx.selectFrom('events').select('id').where('workspace_id', '=', scope.workspaceId).where('id', '=', eventId).executeTakeFirst();
    if (!row) throw new InvalidError('Unknown event', [{ path: 'eventId', message: `No event with id ${eventId}` }]);
  }

  private async resolveOrganization(trx: Trx, scope: Scope, organizationId: string | null, organizationName: string | null, nowIso: string): Promise<string | null> {
    if (organizationId) {
      const row = await trx.selectFrom('organizations').select('id').where('workspace_id', '=', scope.workspaceId).where('id', '=', organizationId).executeTakeFirst();
      if (!row) throw new InvalidError('Unknown organization', [{ path: 'organizationId', message: `No organization with id ${organizationId}` }]);
      return row.id;
    }
    if (organizationName) return (await this.organizations.findOrCreateByName(trx, scope.workspaceId, organizationName, nowIso)).id;
    return null;
  }

  /**
   * Turns what was said into records: each name offered becomes a contact introduced by the
   * person who offered it, with a referral; each company suggested joins the target list with
   * "suggested by"; each piece of advice becomes an advice item.
   */
  private async recordOutcomes(trx: Trx, scope: Scope, conversationId: string, participantIds: readonly string[], startsAt: string, outcomes: Outcomes, nowIso: string): Promise<void> {
    const defaultSource = participantIds[0];
    const sourceOf = (explicit: string | undefined, path: string): string => {
      const source = explicit ?? defaultSource;
      if (!source) throw new InvalidError('Outcomes need a participant to come from', [{ path, message: 'Add the person you talked with as a participant first' }]);
      if (!participantIds.includes(source)) throw new InvalidError('Outcomes come from a participant', [{ path, message: 'Must be one of the participants' }]);
      return source;
    };
    for (const [index, offered] of outcomes.namesOffered.entries()) {
      const from = sourceOf(offered.offeredById, `outcomes.namesOffered.${index}.offeredById`);
      let toId: string;
      if (offered.contactId) {
        if (!(await this.contacts.exists(trx, scope.workspaceId, offered.contactId))) {
          throw new InvalidError('Unknown contact', [{ path: `outcomes.namesOffered.${index}.contactId`, message: `No contact with id ${offered.contactId}` }]);
        }
        if (offered.contactId === from) throw new InvalidError('Nobody offers their own name', [{ path: `outcomes.namesOffered.${index}.contactId`, message: 'Must be someone other than who offered it' }]);
        toId = offered.contactId;
        // An existing contact learns who introduced them only if nobody had.
        await trx.updateTable('contacts').set({ introduced_by_id: from, updated_at: nowIso }).where('id', '=', toId).where('workspace_id', '=', scope.workspaceId).where('introduced_by_id', 'is', null).execute();
        // Offering the same person again (in this conversation or a later one) is not a second
        // referral: it would be a second "reach out" for one name.
        const already = await trx
          .selectFrom('referrals')
          .select('id')
          .where('workspace_id', '=', scope.workspaceId)
          .where('from_contact_id', '=', from)
          .where('to_contact_id', '=', toId)
          .executeTakeFirst();
        if (already) continue;
      } else if (offered.newContact) {
        const newContact = { ...offered.newContact, introducedById: offered.newContact.introducedById ?? from };
        newContact.howWeMet ??= `Introduced in a conversation on ${startsAt.slice(0, 10)}`;
        toId = await this.deps.contactService.insertWithin(trx, scope, newContact, nowIso);
      } else {
        continue;
      }
      await this.insertReferral(trx, scope, { from, toContactId: toId, toOrganizationId: null, conversationId, offeredAt: startsAt, note: offered.note }, nowIso);
    }
    for (const [index, company] of outcomes.companiesSuggested.entries()) {
      const by = sourceOf(company.suggestedById, `outcomes.companiesSuggested.${index}.suggestedById`);
      const organization = await this.organizations.findOrCreateByName(trx, scope.workspaceId, company.organizationName, nowIso);
      await this.ensureTarget(trx, scope, organization.id, by, conversationId, nowIso);
      if (company.contactName) {
        const [given, ...rest] = company.contactName.trim().split(/\s+/);
        const family = rest.length > 0 ? (rest.pop() ?? '') : '';
        const givenName = [given, ...rest].filter(Boolean).join(' ');
        const toId = await this.deps.contactService.insertWithin(
          trx,
          scope,
          {
            givenName: family ? givenName : (given ?? ''),
            familyName: family,
            emails: [],
            phones: [],
            linkedinUrl: null,
            organizationName: organization.name,
            fullName: null,
            department: null,
            title: null,
            location: null,
            notes: null,
            sharedInterests: [],
            howWeMet: null,
            introducedById: by,
            tags: [],
          },
          nowIso,
        );
        await this.insertReferral(trx, scope, { from: by, toContactId: toId, toOrganizationId: null, conversationId, offeredAt: startsAt, note: null }, nowIso);
      }
    }
    for (const [index, advice] of outcomes.advice.entries()) {
      const from = sourceOf(advice.givenById, `outcomes.advice.${index}.givenById`);
      await trx
        .insertInto('advice_items')
        .values({
          id: this.deps.ids.newId(),
          workspace_id: scope.workspaceId,
          contact_id: from,
          conversation_id: conversationId,
          kind: advice.kind,
          title: advice.title,
          notes: advice.notes,
          status: 'open',
          done_at: null,
          update_sent_at: null,
          created_at: nowIso,
          updated_at: nowIso,
        })
        .execute();
    }
  }

  private async insertReferral(
    trx: Trx,
    scope: Scope,
    r: { from: string; toContactId: string | null; toOrganizationId: string | null; conversationId: string | null; offeredAt: string; note: string | null },
    nowIso: string,
  ): Promise<void> {
    await trx
      .insertInto('referrals')
      .values({
        id: this.deps.ids.newId(),
        workspace_id: scope.workspaceId,
        from_contact_id: r.from,
        to_contact_id: r.toContactId,
        to_organization_id: r.toOrganizationId,
        conversation_id: r.conversationId,
        status: 'offered',
        note: r.note,
        offered_at: r.offeredAt,
        status_changed_at: nowIso,
        created_at: nowIso,
        updated_at: nowIso,
      })
      .execute();
  }

  /** Puts an organization at the bottom of the target list unless it is there already; records who suggested it. */
  private async ensureTarget(trx: Trx, scope: Scope, organizationId: string, suggestedById: string, conversationId: string, nowIso: string): Promise<void> {
    const inserted = await this.targets.insert(trx, {
      organization_id: organizationId,
      workspace_id: scope.workspaceId,
      rank: (await this.targets.maxRank(trx, scope.workspaceId)) + 1,
      motivation: 2,
      posting: 1,
      status: 'researching',
      suggested_by_id: suggestedById,
      suggested_in_conversation_id: conversationId,
      notes: null,
      added_at: nowIso,
      updated_at: nowIso,
    });
    if (inserted) return;
    // Already a target: keep its rank and scores, but credit the suggestion if nobody had been.
    await trx
      .updateTable('targets')
      .set({ suggested_by_id: suggestedById, suggested_in_conversation_id: conversationId, updated_at: nowIso })
      .where('organization_id', '=', organizationId)
      .where('workspace_id', '=', scope.workspaceId)
      .where('suggested_by_id', 'is', null)
      .execute();
  }

  /**
   * Referrals to the people in this conversation (or to its organization) move forward on their
   * own. The move is dated when the conversation happened (or now, for one still to come): a
   * meeting logged a week late led to the meeting a week ago, which is what close-the-loop says
   * and what its window counts from. Also used by the mail import.
   */
  async advanceReferrals(
    trx: Trx,
    scope: Scope,
    c: { kind: string; status: string; organizationId: string | null; startsAt: string },
    participantIds: readonly string[],
    nowIso: string,
  ): Promise<void> {
    const happenedAt = Date.parse(c.startsAt) < Date.parse(nowIso) ? new Date(c.startsAt).toISOString() : nowIso;
    const next = referralStatusFromConversation(c);
    const byOrganization = c.organizationId !== null && c.kind === 'job-interview';
    if (!next || (participantIds.length === 0 && !byOrganization)) return;
    const candidates = await this.referrals.toPeopleOrOrganization(trx, scope.workspaceId, {
      contactIds: participantIds,
      organizationId: byOrganization ? c.organizationId : null,
    });
    await this.referrals.advance(trx, scope.workspaceId, candidates, next, happenedAt, nowIso);
  }
}
