import { sql, type Transaction, type Updateable } from 'kysely';
import type { ContactRef } from '../contracts/contact.schema.js';
import type { ConversationCreate } from '../contracts/conversation.schema.js';
import {
  INFORMATIONAL_QUESTIONS,
  OPPORTUNITY_STAGES,
  type Attribution,
  type Opportunity,
  type OpportunityConvert,
  type OpportunityConvertResult,
  type OpportunityCreate,
  type OpportunityInterviewer,
  type OpportunityList,
  type OpportunityListQuery,
  type OpportunityMove,
  type OpportunityReject,
  type OpportunityRoundLink,
  type OpportunityStage,
  type OpportunitySummary,
  type OpportunityUpdate,
} from '../contracts/opportunity.schema.js';
import type { Db } from '../db/database.js';
import { ConversationRepository } from '../db/repositories/conversation.repository.js';
import { OrganizationRepository } from '../db/repositories/organization.repository.js';
import { ReferralRepository } from '../db/repositories/referral.repository.js';
import type { Selectable } from 'kysely';
import type { Database, OpportunityTable } from '../db/schema.js';
import { attributionFacts, attributionSentence, opportunityAttribution, type AttributionPerson, type AttributionReferral } from '../domain/attribution.js';
import { checkTransition, isBackwards } from '../domain/opportunity-stages.js';
import type { ContactService, Scope } from './contact.service.js';
import type { ConversationService } from './conversation.service.js';
import { ConflictError, InvalidError, NotFoundError } from './errors.js';
import type { Clock, IdGenerator } from './runtime.js';

type Trx = Transaction<Database>;
type Executor = Db['kysely'] | Trx;
type OppRow = Selectable<OpportunityTable>;
type Row = OppRow & { org_name: string; referrer_name: string | null; rapport_name: string | null };

const STAGE_INDEX = new Map<string, number>(OPPORTUNITY_STAGES.map((s, i) => [s, i]));
const CONFLICT = 'This opportunity was changed by someone else; reload and try again';

/**
 * Opportunities: positions pursued at organizations, moved along the board by stage, with their
 * interview rounds (conversations), interviewers, and the chain of people that led to them.
 * Reaching interviewing or an offer moves the referrals behind the referrer forward, so that
 * close-the-loop thanks everyone up the chain; a rejection names the interviewer to ask for
 * feedback (seed 001); a wrong job at the right company converts into an informational
 * interview without losing its history (seed 002).
 */
export class OpportunityService {
  private readonly conversations = new ConversationRepository();
  private readonly referrals = new ReferralRepository();
  private readonly organizations: OrganizationRepository;

  constructor(private readonly deps: { db: Db; clock: Clock; ids: IdGenerator; conversations: ConversationService; contacts: ContactService }) {
    this.organizations = new OrganizationRepository(() => deps.ids.newId());
  }

  private base(db: Executor, scope: Scope) {
    return db
      .selectFrom('opportunities as p')
      .innerJoin('organizations as o', 'o.id', 'p.organization_id')
      .leftJoin('contacts as r', 'r.id', 'p.referrer_contact_id')
      .leftJoin('contacts as k', 'k.id', 'p.rapport_interviewer_id')
      .selectAll('p')
      .select(['o.name as org_name', 'r.display_name as referrer_name', 'k.display_name as rapport_name'])
      .where('p.workspace_id', '=', scope.workspaceId);
  }

  async list(scope: Scope, query: Partial<OpportunityListQuery> = {}): Promise<OpportunityList> {
    const db = this.deps.db.kysely;
    let q = this.base(db, scope);
    if (query.stage) q = q.where('p.stage', '=', query.stage);
    if (query.organizationId) q = q.where('p.organization_id', '=', query.organizationId);
    if (query.live === true) q = q.where('p.stage', 'in', ['lead', 'applied', 'screening', 'interviewing', 'offer']);
    if (query.live === false) q = q.where('p.stage', 'not in', ['lead', 'applied', 'screening', 'interviewing', 'offer']);
    if (query.contactId) {
      const id = query.contactId;
      q = q.where((eb) =>
        eb.or([
          eb('p.referrer_contact_id', '=', id),
          eb('p.rapport_interviewer_id', '=', id),
          eb.exists(eb.selectFrom('opportunity_interviewers as i').select('i.contact_id').whereRef('i.opportunity_id', '=', 'p.id').where('i.contact_id', '=', id)),
        ]),
      );
    }
    const rows = (await q.orderBy('p.board_position').orderBy('p.created_at').orderBy('p.id').limit(2000).execute()) as Row[];
    rows.sort((a, b) => (STAGE_INDEX.get(a.stage) ?? 99) - (STAGE_INDEX.get(b.stage) ?? 99));
    const items = await this.summaries(db, scope, rows);
    return { items, total: items.length };
  }

  async get(scope: Scope, id: string): Promise<Opportunity> {
    return this.read(this.deps.db.kysely, scope, id);
  }

  async create(scope: Scope, input: OpportunityCreate): Promise<Opportunity> {
    const nowIso = this.deps.clock.now().toISOString();
    const id = this.deps.ids.newId();
    await this.deps.db.kysely.transaction().execute(async (trx) => {
      const organizationId = await this.resolveOrganization(trx, scope, input.organizationId, input.organizationName, nowIso);
      if (input.referrerContactId) await this.assertContact(trx, scope, input.referrerContactId, 'referrerContactId');
      for (const [i, cid] of input.interviewerIds.entries()) await this.assertContact(trx, scope, cid, `interviewerIds.${i}`);
      await trx
        .insertInto('opportunities')
        .values({
          id,
          workspace_id: scope.workspaceId,
          organization_id: organizationId,
          title: input.title,
          source: input.source ?? (input.referrerContactId ? 'referral' : 'posting'),
          referrer_contact_id: input.referrerContactId,
          stage: input.stage,
          stage_changed_at: nowIso,
          board_position: await this.endOfColumn(trx, scope, input.stage),
          competing_candidates: input.competingCandidates,
          not_a_fit: input.notAFit ? 1 : 0,
          rapport_interviewer_id: null,
          posting_url: input.postingUrl,
          notes: input.notes,
          created_at: nowIso,
          updated_at: nowIso,
        })
        .execute();
      await trx.insertInto('opportunity_stage_changes').values({ id: this.deps.ids.newId(), workspace_id: scope.workspaceId, opportunity_id: id, from_stage: null, to_stage: input.stage, at: nowIso }).execute();
      await this.addInterviewers(trx, scope, id, input.interviewerIds);
      if (input.referrerContactId) await this.recordReferral(trx, scope, input.referrerContactId, organizationId, input.title, nowIso);
      await this.advanceReferrals(trx, scope, id, input.stage, nowIso);
    });
    return this.get(scope, id);
  }

  async update(scope: Scope, id: string, input: OpportunityUpdate): Promise<Opportunity> {
    const nowIso = this.deps.clock.now().toISOString();
    await this.deps.db.kysely.transaction().execute(async (trx) => {
      const row = await this.requireRow(trx, scope, id);
      if (row.version !== input.version) throw new ConflictError(CONFLICT);
      const patch: Updateable<OpportunityTable> = { updated_at: nowIso };
      if (input.title !== undefined) patch.title = input.title;
      if (input.source !== undefined) patch.source = input.source;
      if (input.referrerContactId !== undefined) {
        if (input.referrerContactId) await this.assertContact(trx, scope, input.referrerContactId, 'referrerContactId');
        patch.referrer_contact_id = input.referrerContactId;
      }
      if (input.rapportInterviewerId !== undefined) {
        if (input.rapportInterviewerId) {
          await this.assertContact(trx, scope, input.rapportInterviewerId, 'rapportInterviewerId');
          await this.addInterviewers(trx, scope, id, [input.rapportInterviewerId]);
        }
        patch.rapport_interviewer_id = input.rapportInterviewerId;
      }
      if (input.competingCandidates !== undefined) patch.competing_candidates = input.competingCandidates;
      if (input.notAFit !== undefined) patch.not_a_fit = input.notAFit ? 1 : 0;
      if (input.postingUrl !== undefined) patch.posting_url = input.postingUrl;
      if (input.notes !== undefined) patch.notes = input.notes;
      await this.write(trx, scope, id, input.version, patch);
      if (input.referrerContactId) {
        await this.recordReferral(trx, scope, input.referrerContactId, row.organization_id, input.title ?? row.title, nowIso);
        await this.advanceReferrals(trx, scope, id, row.stage as OpportunityStage, nowIso);
      }
    });
    return this.get(scope, id);
  }

  /** A stage change or a board move (stage and place in the column), in one transaction. */
  async move(scope: Scope, id: string, input: OpportunityMove): Promise<Opportunity> {
    // Converted means the job interview became an informational interview: one way to do it.
    if (input.stage === 'converted') {
      const current = await this.requireRow(this.deps.db.kysely, scope, id);
      if (current.stage !== 'converted') return (await this.convert(scope, id, { version: input.version })).opportunity;
    }
    const nowIso = this.deps.clock.now().toISOString();
    await this.deps.db.kysely.transaction().execute(async (trx) => {
      const row = await this.requireRow(trx, scope, id);
      if (row.version !== input.version) throw new ConflictError(CONFLICT);
      await this.changeStage(trx, scope, row, input.stage, nowIso, {}, input.position);
    });
    return this.get(scope, id);
  }

  /**
   * Turned down: the interviewers stay in the network, and the one you had rapport with is
   * recorded — the playbook's ask-feedback then proposes asking them for feedback (seed 001).
   */
  async reject(scope: Scope, id: string, input: OpportunityReject): Promise<Opportunity> {
    const nowIso = this.deps.clock.now().toISOString();
    await this.deps.db.kysely.transaction().execute(async (trx) => {
      const row = await this.requireRow(trx, scope, id);
      if (row.version !== input.version) throw new ConflictError(CONFLICT);
      const extra: Updateable<OpportunityTable> = {};
      if (input.rapportInterviewerId) {
        await this.assertContact(trx, scope, input.rapportInterviewerId, 'rapportInterviewerId');
        await this.addInterviewers(trx, scope, id, [input.rapportInterviewerId]);
        extra.rapport_interviewer_id = input.rapportInterviewerId;
      }
      await this.changeStage(trx, scope, row, 'rejected', nowIso, extra);
    });
    return this.get(scope, id);
  }

  /**
   * The right company, the wrong job (seed 002): the job interview becomes an informational
   * interview — same conversation, people, notes and outcomes — and the opportunity is marked
   * converted. The answer carries the questions to ask.
   */
  async convert(scope: Scope, id: string, input: OpportunityConvert): Promise<OpportunityConvertResult> {
    const nowIso = this.deps.clock.now().toISOString();
    let converted: { id: string; kind: 'informational-interview' } | null = null;
    await this.deps.db.kysely.transaction().execute(async (trx) => {
      const row = await this.requireRow(trx, scope, id);
      if (row.version !== input.version) throw new ConflictError(CONFLICT);
      let q = trx.selectFrom('conversations').select(['id', 'kind', 'opportunity_id']).where('workspace_id', '=', scope.workspaceId);
      q = input.conversationId ? q.where('id', '=', input.conversationId) : q.where('opportunity_id', '=', id).where('kind', '=', 'job-interview').where('status', '!=', 'cancelled').orderBy('starts_at', 'desc').limit(1);
      const conversation = await q.executeTakeFirst();
      if (input.conversationId && (!conversation || conversation.opportunity_id !== id)) {
        throw new InvalidError('Not an interview of this opportunity', [{ path: 'conversationId', message: 'Link the conversation to this opportunity first' }]);
      }
      if (conversation) {
        await trx
          .updateTable('conversations')
          .set({ kind: 'informational-interview', updated_at: nowIso, version: sql<number>`version + 1` })
          .where('workspace_id', '=', scope.workspaceId)
          .where('id', '=', conversation.id)
          .execute();
        converted = { id: conversation.id, kind: 'informational-interview' };
      }
      await this.changeStage(trx, scope, row, 'converted', nowIso, { not_a_fit: 1 });
    });
    return { opportunity: await this.get(scope, id), conversation: converted, questions: INFORMATIONAL_QUESTIONS.map((q) => ({ ...q })) };
  }

  /**
   * Adds an interviewer: a contact, or a new person created in the same transaction at the
   * opportunity's organization (unless they name another: a recruiter from an agency). A new
   * person who is already a contact is refused (DuplicateError naming them) unless `force`.
   */
  async addInterviewer(scope: Scope, id: string, input: OpportunityInterviewer): Promise<Opportunity> {
    const nowIso = this.deps.clock.now().toISOString();
    await this.deps.db.kysely.transaction().execute(async (trx) => {
      const row = await this.requireRow(trx, scope, id);
      let contactId = input.contactId;
      if (input.newContact) {
        const organization = await this.organizations.findRow(trx, scope.workspaceId, row.organization_id);
        const person = { ...input.newContact, organizationName: input.newContact.organizationName ?? organization?.name ?? null };
        if (!input.force) await this.deps.contacts.refuseDuplicate(trx, scope, person, 'newContact.');
        contactId = await this.deps.contacts.insertWithin(trx, scope, person, nowIso);
      } else if (contactId) {
        await this.assertContact(trx, scope, contactId, 'contactId');
      }
      if (contactId) await this.addInterviewers(trx, scope, id, [contactId]);
    });
    return this.get(scope, id);
  }

  async removeInterviewer(scope: Scope, id: string, contactId: string): Promise<Opportunity> {
    const nowIso = this.deps.clock.now().toISOString();
    await this.deps.db.kysely.transaction().execute(async (trx) => {
      await this.requireRow(trx, scope, id);
      await trx.deleteFrom('opportunity_interviewers').where('workspace_id', '=', scope.workspaceId).where('opportunity_id', '=', id).where('contact_id', '=', contactId).execute();
      await trx.updateTable('opportunities').set({ rapport_interviewer_id: null, updated_at: nowIso }).where('id', '=', id).where('rapport_interviewer_id', '=', contactId).execute();
    });
    return this.get(scope, id);
  }

  /**
   * Links a conversation as an interview round. Its people join the interviewers; a job
   * interview moves an opportunity still at lead, applied or screening to interviewing.
   */
  async linkRound(scope: Scope, id: string, input: OpportunityRoundLink): Promise<Opportunity> {
    const nowIso = this.deps.clock.now().toISOString();
    await this.deps.db.kysely.transaction().execute(async (trx) => {
      const row = await this.requireRow(trx, scope, id);
      const conversation = await trx
        .selectFrom('conversations')
        .select(['id', 'kind', 'status', 'organization_id', 'interview_round', 'opportunity_id'])
        .where('workspace_id', '=', scope.workspaceId)
        .where('id', '=', input.conversationId)
        .executeTakeFirst();
      if (!conversation) throw new InvalidError('Unknown conversation', [{ path: 'conversationId', message: `No conversation with id ${input.conversationId}` }]);
      if (conversation.opportunity_id && conversation.opportunity_id !== id) {
        throw new InvalidError('Already a round of another opportunity', [{ path: 'conversationId', message: 'This conversation is a round of another opportunity' }]);
      }
      const { n } = await trx
        .selectFrom('conversations')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('workspace_id', '=', scope.workspaceId)
        .where('opportunity_id', '=', id)
        .where('id', '!=', conversation.id)
        .executeTakeFirstOrThrow();
      await trx
        .updateTable('conversations')
        .set({
          opportunity_id: id,
          interview_round: input.round ?? conversation.interview_round ?? Number(n) + 1,
          organization_id: conversation.organization_id ?? row.organization_id,
          updated_at: nowIso,
          version: sql<number>`version + 1`,
        })
        .where('id', '=', conversation.id)
        .where('workspace_id', '=', scope.workspaceId)
        .execute();
      const people = (await this.conversations.participantsOf(trx, scope.workspaceId, [conversation.id])).get(conversation.id) ?? [];
      const interviewers = people.some((p) => p.role === 'interviewer') ? people.filter((p) => p.role === 'interviewer') : people;
      await this.addInterviewers(trx, scope, id, interviewers.map((p) => p.id));
      if (conversation.kind === 'job-interview' && conversation.status !== 'cancelled' && ['lead', 'applied', 'screening'].includes(row.stage)) {
        await this.changeStage(trx, scope, row, 'interviewing', nowIso);
      } else {
        await trx.updateTable('opportunities').set({ updated_at: nowIso, version: sql<number>`version + 1` }).where('id', '=', id).execute();
      }
    });
    return this.get(scope, id);
  }

  /** Logs a job interview at the opportunity's organization and links it as the next round. */
  async logRound(scope: Scope, id: string, input: Omit<ConversationCreate, 'kind' | 'organizationId' | 'organizationName'>): Promise<Opportunity> {
    const row = await this.requireRow(this.deps.db.kysely, scope, id);
    const conversation = await this.deps.conversations.create(scope, { ...input, kind: 'job-interview', organizationId: row.organization_id, organizationName: null });
    return this.linkRound(scope, id, { conversationId: conversation.id, round: input.interviewRound });
  }

  async unlinkRound(scope: Scope, id: string, conversationId: string): Promise<Opportunity> {
    const nowIso = this.deps.clock.now().toISOString();
    await this.deps.db.kysely.transaction().execute(async (trx) => {
      await this.requireRow(trx, scope, id);
      const result = await trx
        .updateTable('conversations')
        .set({ opportunity_id: null, updated_at: nowIso, version: sql<number>`version + 1` })
        .where('workspace_id', '=', scope.workspaceId)
        .where('id', '=', conversationId)
        .where('opportunity_id', '=', id)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) throw new NotFoundError('Interview round', conversationId);
    });
    return this.get(scope, id);
  }

  /** Deletes an opportunity; its conversations stay, no longer linked. */
  async remove(scope: Scope, id: string): Promise<void> {
    const nowIso = this.deps.clock.now().toISOString();
    await this.deps.db.kysely.transaction().execute(async (trx) => {
      await trx.updateTable('conversations').set({ opportunity_id: null, updated_at: nowIso }).where('workspace_id', '=', scope.workspaceId).where('opportunity_id', '=', id).execute();
      const result = await trx.deleteFrom('opportunities').where('workspace_id', '=', scope.workspaceId).where('id', '=', id).executeTakeFirst();
      if (Number(result.numDeletedRows) !== 1) throw new NotFoundError('Opportunity', id);
    });
  }

  /** The chain of people behind an opportunity: "Ann Lee → Stan Fields → Team lead". */
  async attribution(scope: Scope, id: string): Promise<Attribution> {
    return this.attributionOf(this.deps.db.kysely, scope, await this.requireRow(this.deps.db.kysely, scope, id));
  }

  // -------------------------------------------------------------------------------------------

  private async changeStage(trx: Trx, scope: Scope, row: OppRow, to: OpportunityStage, nowIso: string, extra: Updateable<OpportunityTable> = {}, position?: number): Promise<void> {
    const from = row.stage as OpportunityStage;
    const t = checkTransition(from, to);
    if (!t.allowed) throw new InvalidError(t.reason, [{ path: 'stage', message: t.reason }]);
    const patch: Updateable<OpportunityTable> = { ...extra, updated_at: nowIso };
    if (!t.same) {
      patch.stage = to;
      patch.stage_changed_at = nowIso;
      await trx.insertInto('opportunity_stage_changes').values({ id: this.deps.ids.newId(), workspace_id: scope.workspaceId, opportunity_id: row.id, from_stage: from, to_stage: to, at: nowIso }).execute();
    }
    if (position !== undefined) {
      await this.placeInColumn(trx, scope, row.id, to, position);
    } else if (!t.same) {
      patch.board_position = await this.endOfColumn(trx, scope, to);
    }
    await this.write(trx, scope, row.id, row.version, patch);
    if (!t.same) await this.advanceReferrals(trx, scope, row.id, to, nowIso);
  }

  /** Puts the opportunity at `position` (0 = top) in the column, renumbering the column 0..n-1. */
  private async placeInColumn(trx: Trx, scope: Scope, id: string, stage: OpportunityStage, position: number): Promise<void> {
    const column = await trx
      .selectFrom('opportunities')
      .select(['id', 'board_position'])
      .where('workspace_id', '=', scope.workspaceId)
      .where('stage', '=', stage)
      .where('id', '!=', id)
      .orderBy('board_position')
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    const ids = column.map((c) => c.id);
    ids.splice(Math.min(Math.max(position, 0), ids.length), 0, id);
    for (const [index, oid] of ids.entries()) {
      const current = oid === id ? null : column.find((c) => c.id === oid)?.board_position;
      if (current === index) continue;
      // A position is the order of the column, not the card's content: no version bump for the others.
      await trx.updateTable('opportunities').set({ board_position: index }).where('workspace_id', '=', scope.workspaceId).where('id', '=', oid).execute();
    }
  }

  private async endOfColumn(trx: Trx, scope: Scope, stage: string): Promise<number> {
    const { max } = await trx
      .selectFrom('opportunities')
      .select((eb) => eb.fn.max<number>('board_position').as('max'))
      .where('workspace_id', '=', scope.workspaceId)
      .where('stage', '=', stage)
      .executeTakeFirstOrThrow();
    return max === null || max === undefined ? 0 : Number(max) + 1;
  }

  private async write(trx: Trx, scope: Scope, id: string, version: number, patch: Updateable<OpportunityTable>): Promise<void> {
    const result = await trx
      .updateTable('opportunities')
      .set({ ...patch, version: sql<number>`version + 1` })
      .where('workspace_id', '=', scope.workspaceId)
      .where('id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) throw new ConflictError(CONFLICT);
  }

  /**
   * Reaching interviewing (or an offer) is news for everyone who led to it: the referrals to the
   * people of the chain, and those to the organization, move forward (never back).
   */
  private async advanceReferrals(trx: Trx, scope: Scope, id: string, stage: OpportunityStage, nowIso: string): Promise<void> {
    const next = stage === 'interviewing' ? 'led-to-interview' : stage === 'offer' || stage === 'accepted' ? 'led-to-offer' : null;
    if (!next) return;
    const row = await this.requireRow(trx, scope, id);
    const attribution = await this.attributionOf(trx, scope, row);
    const people = attribution.chain.map((c) => c.id);
    const candidates = await this.referrals.toPeopleOrOrganization(trx, scope.workspaceId, { contactIds: people, organizationId: row.organization_id });
    // A referral to someone in the chain counts only when it comes from the chain too (A → B → the referrer).
    const fromTheChain = candidates.filter((r) => !r.to_contact_id || people.includes(r.from_contact_id));
    await this.referrals.advance(trx, scope.workspaceId, fromTheChain, next, nowIso, nowIso);
  }

  /**
   * The referrer of an opportunity referred you to its organization: record that referral (once),
   * so that when it leads to an interview or an offer, close-the-loop thanks the referrer too —
   * not only the people who introduced you to them.
   */
  private async recordReferral(trx: Trx, scope: Scope, referrerId: string, organizationId: string, title: string, nowIso: string): Promise<void> {
    const existing = await trx
      .selectFrom('referrals')
      .select('id')
      .where('workspace_id', '=', scope.workspaceId)
      .where('from_contact_id', '=', referrerId)
      .where('to_organization_id', '=', organizationId)
      .executeTakeFirst();
    if (existing) return;
    await trx
      .insertInto('referrals')
      .values({
        id: this.deps.ids.newId(),
        workspace_id: scope.workspaceId,
        from_contact_id: referrerId,
        to_contact_id: null,
        to_organization_id: organizationId,
        conversation_id: null,
        status: 'offered',
        note: `Referred you for ${title}`,
        offered_at: nowIso,
        status_changed_at: nowIso,
        created_at: nowIso,
        updated_at: nowIso,
      })
      .execute();
  }

  private async attributionOf(db: Executor, scope: Scope, row: OppRow): Promise<Attribution> {
    const ws = scope.workspaceId;
    const target = await db.selectFrom('targets').select('suggested_by_id').where('workspace_id', '=', ws).where('organization_id', '=', row.organization_id).executeTakeFirst();
    const orgReferrals = await db
      .selectFrom('referrals')
      .select(['from_contact_id', 'to_contact_id', 'to_organization_id', 'offered_at'])
      .where('workspace_id', '=', ws)
      .where('to_organization_id', '=', row.organization_id)
      .execute();
    // Walk up level by level: the people, then who introduced them and who referred them.
    const people = new Map<string, AttributionPerson>();
    const referrals: AttributionReferral[] = orgReferrals.map((r) => ({ fromContactId: r.from_contact_id, toContactId: r.to_contact_id, toOrganizationId: r.to_organization_id, offeredAt: r.offered_at }));
    let frontier = [row.referrer_contact_id, target?.suggested_by_id ?? null, ...orgReferrals.map((r) => r.from_contact_id)].filter((x): x is string => Boolean(x));
    for (let depth = 0; frontier.length > 0 && depth < 25; depth += 1) {
      const ids = [...new Set(frontier)].filter((x) => !people.has(x));
      if (ids.length === 0) break;
      const rows = await db.selectFrom('contacts').select(['id', 'display_name', 'introduced_by_id']).where('workspace_id', '=', ws).where('id', 'in', ids).execute();
      for (const c of rows) people.set(c.id, { id: c.id, displayName: c.display_name, introducedById: c.introduced_by_id });
      const refs = await db.selectFrom('referrals').select(['from_contact_id', 'to_contact_id', 'to_organization_id', 'offered_at']).where('workspace_id', '=', ws).where('to_contact_id', 'in', ids).execute();
      for (const r of refs) referrals.push({ fromContactId: r.from_contact_id, toContactId: r.to_contact_id, toOrganizationId: r.to_organization_id, offeredAt: r.offered_at });
      frontier = [...rows.map((c) => c.introduced_by_id), ...refs.map((r) => r.from_contact_id)].filter((x): x is string => Boolean(x) && !people.has(x as string));
    }
    const chain = opportunityAttribution(
      { organizationId: row.organization_id, referrerContactId: row.referrer_contact_id, targetSuggestedById: target?.suggested_by_id ?? null },
      attributionFacts([...people.values()], referrals),
    );
    return { chain, sentence: attributionSentence(chain, row.title) };
  }

  private async addInterviewers(trx: Trx, scope: Scope, id: string, contactIds: readonly string[]): Promise<void> {
    const unique = [...new Set(contactIds)];
    if (unique.length === 0) return;
    const existing = new Set(
      (await trx.selectFrom('opportunity_interviewers').select('contact_id').where('workspace_id', '=', scope.workspaceId).where('opportunity_id', '=', id).where('contact_id', 'in', unique).execute()).map((r) => r.contact_id),
    );
    const rows = unique.filter((c) => !existing.has(c)).map((contact_id) => ({ workspace_id: scope.workspaceId, opportunity_id: id, contact_id }));
    if (rows.length > 0) await trx.insertInto('opportunity_interviewers').values(rows).execute();
  }

  private async assertContact(trx: Executor, scope: Scope, contactId: string, path: string): Promise<void> {
    const row = await trx.selectFrom('contacts').select('id').where('workspace_id', '=', scope.workspaceId).where('id', '=', contactId).where('deleted_at', 'is', null).executeTakeFirst();
    if (!row) throw new InvalidError('Unknown contact', [{ path, message: `No contact with id ${contactId}` }]);
  }

  private async resolveOrganization(trx: Trx, scope: Scope, organizationId: string | null, organizationName: string | null, nowIso: string): Promise<string> {
    if (organizationId) {
      const row = await trx.selectFrom('organizations').select('id').where('workspace_id', '=', scope.workspaceId).where('id', '=', organizationId).executeTakeFirst();
      if (!row) throw new InvalidError('Unknown organization', [{ path: 'organizationId', message: `No organization with id ${organizationId}` }]);
      return row.id;
    }
    if (!organizationName) throw new InvalidError('Name the organization', [{ path: 'organizationName', message: 'Required' }]);
    return (await this.organizations.findOrCreateByName(trx, scope.workspaceId, organizationName, nowIso)).id;
  }

  private async requireRow(db: Executor, scope: Scope, id: string): Promise<OppRow> {
    const row = await db.selectFrom('opportunities').selectAll().where('workspace_id', '=', scope.workspaceId).where('id', '=', id).executeTakeFirst();
    if (!row) throw new NotFoundError('Opportunity', id);
    return row;
  }

  private async summaries(db: Executor, scope: Scope, rows: readonly Row[]): Promise<OpportunitySummary[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const interviewers = new Map<string, ContactRef[]>();
    const rounds = new Map<string, number>();
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      const people = await db
        .selectFrom('opportunity_interviewers as i')
        .innerJoin('contacts as c', 'c.id', 'i.contact_id')
        .select(['i.opportunity_id', 'c.id', 'c.display_name'])
        .where('i.workspace_id', '=', scope.workspaceId)
        .where('i.opportunity_id', 'in', chunk)
        .orderBy('c.sort_name')
        .execute();
      for (const p of people) interviewers.set(p.opportunity_id, [...(interviewers.get(p.opportunity_id) ?? []), { id: p.id, displayName: p.display_name }]);
      const counts = await db
        .selectFrom('conversations')
        .select(['opportunity_id', (eb) => eb.fn.countAll<number>().as('n')])
        .where('workspace_id', '=', scope.workspaceId)
        .where('opportunity_id', 'in', chunk)
        .where('status', '!=', 'cancelled')
        .groupBy('opportunity_id')
        .execute();
      for (const c of counts) if (c.opportunity_id) rounds.set(c.opportunity_id, Number(c.n));
    }
    return rows.map((r) => ({
      id: r.id,
      organization: { id: r.organization_id, name: r.org_name },
      title: r.title,
      source: r.source as OpportunitySummary['source'],
      referrer: r.referrer_contact_id && r.referrer_name ? { id: r.referrer_contact_id, displayName: r.referrer_name } : null,
      stage: r.stage as OpportunityStage,
      stageChangedAt: r.stage_changed_at,
      boardPosition: r.board_position,
      competingCandidates: r.competing_candidates,
      notAFit: r.not_a_fit === 1,
      rapportInterviewer: r.rapport_interviewer_id && r.rapport_name ? { id: r.rapport_interviewer_id, displayName: r.rapport_name } : null,
      interviewers: interviewers.get(r.id) ?? [],
      roundCount: rounds.get(r.id) ?? 0,
      version: r.version,
      updatedAt: r.updated_at,
    }));
  }

  private async read(db: Executor, scope: Scope, id: string): Promise<Opportunity> {
    const row = (await this.base(db, scope).where('p.id', '=', id).executeTakeFirst()) as Row | undefined;
    if (!row) throw new NotFoundError('Opportunity', id);
    const [summary] = await this.summaries(db, scope, [row]);
    const conversations = await db
      .selectFrom('conversations')
      .select(['id', 'kind', 'status', 'starts_at', 'title', 'interview_round'])
      .where('workspace_id', '=', scope.workspaceId)
      .where('opportunity_id', '=', id)
      .orderBy('starts_at')
      .orderBy('id')
      .execute();
    const participants = await this.conversations.participantsOf(db, scope.workspaceId, conversations.map((c) => c.id));
    const history = await db
      .selectFrom('opportunity_stage_changes')
      .select(['from_stage', 'to_stage', 'at'])
      .where('workspace_id', '=', scope.workspaceId)
      .where('opportunity_id', '=', id)
      .orderBy('at')
      .orderBy('id')
      .execute();
    return {
      ...summary!,
      postingUrl: row.posting_url,
      notes: row.notes,
      createdAt: row.created_at,
      rounds: conversations.map((c) => ({
        id: c.id,
        kind: c.kind as Opportunity['rounds'][number]['kind'],
        status: c.status as Opportunity['rounds'][number]['status'],
        startsAt: c.starts_at,
        title: c.title,
        interviewRound: c.interview_round,
        participants: (participants.get(c.id) ?? []).map((p) => ({ id: p.id, displayName: p.displayName })),
      })),
      history: history.map((h) => ({
        from: h.from_stage as OpportunityStage | null,
        to: h.to_stage as OpportunityStage,
        at: h.at,
        backwards: isBackwards(h.from_stage as OpportunityStage | null, h.to_stage as OpportunityStage),
      })),
      attribution: await this.attributionOf(db, scope, row),
    };
  }
}
