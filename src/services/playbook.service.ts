import { randomBytes } from 'node:crypto';
import { TODAY_FIRST_COUNT, type Action, type ActionComplete, type ManualActionCreate, type Message, type Today } from '../contracts/action.schema.js';
import { CONVERSATION_KIND_LABELS, INTERVIEW_KINDS } from '../contracts/conversation.schema.js';
import type { Db } from '../db/database.js';
import { ActionRepository, type ActionListRow, type ActionRow } from '../db/repositories/action.repository.js';
import { fromJsonArray, toJson } from '../db/repositories/json.js';
import { addCalendarDays, calendarDaysBetween, localDate } from '../domain/business-days.js';
import { buildContext, computeActions, memoKey, PLAYBOOK_REVISION, thingsInTheWorks } from '../domain/playbook/engine.js';
import { RuleMemo } from '../domain/playbook/memo.js';
import { isRuleId, type PlaybookInput, type ProposedAction, type RecordRef, type StoredAction } from '../domain/playbook/playbook.types.js';
import { storedIdentity } from '../domain/playbook/identity.js';
import { arrangeToday, priorityOf, whyFirst } from '../domain/playbook/priority.js';
import type { PlaybookSettings } from '../domain/playbook/settings.js';
import { PlaybookFactsRepository, type FactSelection } from '../db/repositories/playbook-facts.repository.js';
import type { Database } from '../db/schema.js';
import { FACT_KIND_OF_TABLE, PlaybookStateCache, WorkspaceFacts, type PlaybookState } from './playbook-facts.js';
import { sql, type Transaction } from 'kysely';
import { indexStoredActions, reconcileIndexed } from '../domain/playbook/reconcile.js';
import { BUSINESS_DAY_DELAY_FIELDS } from '../domain/playbook/settings.js';
import { writeCalendarFeed } from '../formats/calendar.writer.js';
import { isTemplateId, mailtoUrl, outreachHints, renderTemplate, type TemplateContext } from '../domain/templates/index.js';
import type { Scope } from './contact.service.js';
import type { ConversationService } from './conversation.service.js';
import { InvalidError, NotFoundError } from './errors.js';
import type { Clock, IdGenerator } from './runtime.js';
import type { SettingsService } from './settings.service.js';

const DAY_MS = 86_400_000;

/** What the last computation found, kept for Today. */
export interface PlaybookSummary {
  inTheWorks: { count: number; min: number; max: number };
}

/** Messages that ask a question: logging them as sent means an answer is awaited (3b7). */
const EXPECTS_REPLY = new Set(['reach-referral', 'interview-status', 'ask-feedback', 'keep-in-touch', '3b7-second-contact', '3b7-follow-up', 'convert']);

/** Workspaces whose facts a process keeps in memory (about 10 MB for 30,000 contacts). */
const STATE_CACHE_SIZE = 8;
/** A change log longer than this (entries since the last pruning) is pruned after a computation. */
const CHANGE_LOG_KEEP = 20_000;
/** More changed records than this since the last computation: loading everything is as quick. */
const MAX_DELTA = 5_000;

/**
 * A stored action as the reconciliation sees it: keyed by its identity, read from its key with
 * the recipients it has now (a merge rewrites them), so that done, dismissed and snoozed carry
 * over to the same identity whatever wrote the row (`domain/playbook/identity.ts`).
 */
function storedOf(r: Pick<ActionRow, 'id' | 'key' | 'rule_id' | 'status' | 'due_on' | 'snoozed_until' | 'title' | 'reason' | 'recipients' | 'subjects'>): StoredAction {
  const ruleId = isRuleId(r.rule_id) ? r.rule_id : null;
  const key = r.key === null ? null : storedIdentity(r.key, ruleId, fromJsonArray<string>(r.recipients), fromJsonArray<RecordRef>(r.subjects));
  return { id: r.id, key, ruleId: r.rule_id as StoredAction['ruleId'], status: r.status as StoredAction['status'], dueOn: r.due_on, snoozedUntil: r.snoozed_until, title: r.title, reason: r.reason };
}

/**
 * The playbook at work: gathers a workspace's facts, runs the pure engine, and keeps the stored
 * actions in step (idempotent: recomputing never duplicates; done and dismissed never return).
 * Also the user's own actions, Today, messages from templates and the calendar feed's token.
 */
export class PlaybookService {
  private readonly actions = new ActionRepository();
  private readonly facts = new PlaybookFactsRepository();
  /** What this process remembers of the busiest workspaces between two computations. */
  private readonly states = new PlaybookStateCache(STATE_CACHE_SIZE);

  constructor(
    private readonly deps: { db: Db; clock: Clock; ids: IdGenerator; settings: SettingsService; conversations: ConversationService },
    /** How many change-log entries may pile up before a computation prunes them (tests make it small). */
    private readonly changeLogKeep = CHANGE_LOG_KEEP,
  ) {}

  /**
   * Where the conversations the rules can still act on begin. Deadline rules look back
   * staleAfterDays plus their longest business-day delay; in-the-works looks back
   * inTheWorksRecentDays. Calendar days, generously (weekends, holidays, zones), counted from
   * the start of the UTC day so that the window stays put all day.
   */
  private windowStart(settings: PlaybookSettings, now: Date): string {
    const maxDelay = Math.max(...BUSINESS_DAY_DELAY_FIELDS.map((f) => settings[f]));
    const lookbackDays = Math.max(settings.staleAfterDays + Math.ceil(maxDelay * 1.5) + 14, settings.inTheWorksRecentDays + 2);
    const dayStart = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
    return new Date(dayStart - lookbackDays * DAY_MS).toISOString();
  }

  /** The facts the rules need, loaded in one go. Conversations are limited to the window the rules can still act on. */
  async loadInput(scope: Scope): Promise<PlaybookInput> {
    const settings = await this.deps.settings.playbook(scope);
    const now = this.deps.clock.now();
    const facts = new WorkspaceFacts();
    facts.apply(await this.facts.load(this.deps.db.kysely, scope.workspaceId, this.windowStart(settings, now)));
    return facts.toInput(now.toISOString(), settings);
  }

  /**
   * Runs the rules and brings the stored actions in line. Safe to call as often as you like.
   * Records the data version it computed from, so that `ensureFresh` can skip the next one.
   *
   * The facts and the stored actions of a workspace stay in memory between two computations
   * (`PlaybookStateCache`); the change log says which records changed since, and only those
   * are read again. The whole computation holds the workspace's write lock, so that nothing
   * can be written between reading the log and recording how far it was read. A new day, new
   * settings, a bulk write or a log pruned past what was seen loads everything again.
   * With `input`, computes from those facts instead (and leaves the memory alone).
   */
  async recompute(scope: Scope, input?: PlaybookInput): Promise<{ created: number; updated: number; obsolete: number }> {
    const { created, updated, obsolete } = await this.compute(scope, input);
    return { created, updated, obsolete };
  }

  /** `recompute`, and what it found for Today. */
  private async compute(scope: Scope, input?: PlaybookInput): Promise<{ created: number; updated: number; obsolete: number; summary: PlaybookSummary }> {
    const ws = scope.workspaceId;
    const now = this.deps.clock.now();
    const nowIso = now.toISOString();
    let state: PlaybookState | undefined;
    try {
      const result = await this.deps.db.kysely.transaction().execute(async (trx) => {
        const locked = await this.facts.lockWorkspace(trx, ws);
        if (!locked) throw new NotFoundError('Workspace', ws);
        const version = locked.dataVersion;
        const settings = input?.settings ?? this.deps.settings.playbookOf(locked.settings);
        const today = localDate(nowIso, settings.timeZone);
        let facts: PlaybookInput;
        let stored: Map<string, StoredAction>;
        let byKey: Map<string, StoredAction>;
        let duplicates: string[];
        if (input) {
          facts = input;
          stored = new Map((await this.actions.keyed(trx, ws)).map((r) => [r.id, storedOf(r)]));
          ({ byKey, duplicates } = indexStoredActions(stored.values()));
        } else {
          state = await this.refresh(trx, ws, settings, now, today);
          facts = state.facts.toInput(nowIso, settings);
          ({ stored, byKey, duplicates } = state);
          state.duplicates = [];
        }
        const ctx = buildContext(facts, { memo: state?.memo, indexes: state?.facts.indexes() });
        const proposed = computeActions(facts, ctx, { sorted: false });
        state?.memo.sweep();
        const works = thingsInTheWorks(facts, ctx);
        const changes = reconcileIndexed(byKey, proposed, today, { uniqueKeys: true });
        changes.obsolete.unshift(...duplicates);
        const remember = (s: StoredAction) => {
          stored.set(s.id, s);
          if (s.key !== null && byKey.get(s.key)?.id === s.id) byKey.set(s.key, s);
        };
        const rows = changes.create.map((p) => this.rowOf(scope, p, nowIso));
        const subjects = changes.create.flatMap((p, i) => p.subjects.map((s) => ({ action_id: rows[i]?.id ?? '', record_type: s.type, record_id: s.id })));
        const inserted = await this.actions.insertMany(trx, rows, subjects, ws);
        // Every key was free as far as we know; a conflict means memory missed a row: forget it.
        if (inserted !== rows.length) state = undefined;
        rows.forEach((r, i) => {
          const p = changes.create[i];
          if (!p) return;
          const s: StoredAction = { id: r.id, key: p.key, ruleId: p.ruleId, status: 'open', dueOn: p.dueOn, snoozedUntil: null, title: p.title, reason: p.reason };
          stored.set(s.id, s);
          byKey.set(p.key, s);
        });
        const proposedByKey = changes.update.length > 0 ? new Map(proposed.map((p) => [p.key, p])) : new Map<string, ProposedAction>();
        for (const u of changes.update) {
          const before = stored.get(u.id);
          const p = proposedByKey.get(before?.key ?? '');
          await this.actions.update(trx, ws, u.id, {
            ...(u.changes.status !== undefined ? { status: u.changes.status } : {}),
            ...(u.changes.dueOn !== undefined ? { due_on: u.changes.dueOn } : {}),
            ...(u.changes.title !== undefined ? { title: u.changes.title } : {}),
            ...(u.changes.reason !== undefined ? { reason: u.changes.reason } : {}),
            ...(p ? { template_context: p.templateContext ? toJson(p.templateContext) : null, recipients: toJson(p.recipientContactIds), subjects: toJson(p.subjects) } : {}),
            updated_at: nowIso,
          });
          if (before) remember({ ...before, ...u.changes });
        }
        await this.actions.markObsolete(trx, ws, changes.obsolete, nowIso);
        for (const id of changes.obsolete) {
          const before = stored.get(id);
          if (before && (before.status === 'open' || before.status === 'snoozed')) remember({ ...before, status: 'obsolete' });
        }
        const summary: PlaybookSummary = { inTheWorks: { count: works.count, min: works.min, max: works.max } };
        await this.facts.recordComputation(trx, ws, { computedAt: nowIso, dataVersion: version, summary: toJson({ ...summary, rules: PLAYBOOK_REVISION }) });
        if (state) {
          // Our own writes to actions are logged too, and already in memory: skip past them.
          const { latest, pruned } = await this.facts.logPosition(trx, ws);
          state.seq = latest;
          if (state.seq - pruned > this.changeLogKeep) await this.facts.prune(trx, ws, state.seq);
        }
        return { created: changes.create.length, updated: changes.update.length, obsolete: changes.obsolete.length, summary };
      });
      if (state) this.states.set(ws, state);
      else if (!input) this.states.delete(ws);
      return result;
    } catch (error) {
      // Memory may hold half of a rolled-back computation.
      this.states.delete(ws);
      throw error;
    }
  }

  /** The workspace's facts and stored actions as of now: from memory plus what the change log names, or loaded anew. */
  private async refresh(trx: Transaction<Database>, ws: string, settings: PlaybookSettings, now: Date, today: string): Promise<PlaybookState> {
    const settingsKey = JSON.stringify(settings);
    const { latest, pruned } = await this.facts.logPosition(trx, ws);
    const known = this.states.get(ws);
    // Taken out while it is being changed; put back by `recompute` once the transaction commits.
    this.states.delete(ws);
    if (known && known.day === today && known.settingsKey === settingsKey && known.seq >= pruned) {
      const entries = latest > known.seq ? await this.facts.changesSince(trx, ws, known.seq, latest, MAX_DELTA + 1) : [];
      const selection: Required<{ [K in keyof FactSelection]-?: string[] }> = { contacts: [], organizations: [], conversations: [], referrals: [], advice: [], opportunities: [] };
      const actionIds: string[] = [];
      let everything = entries.length > MAX_DELTA;
      for (const e of entries) {
        const kind = FACT_KIND_OF_TABLE[e.table_name];
        if (e.record_id === null || kind === undefined) everything = true;
        else if (kind === 'actions') actionIds.push(e.record_id);
        else if (kind !== null) selection[kind].push(e.record_id);
      }
      if (!everything) {
        if (entries.length > 0) {
          known.facts.apply(await this.facts.load(trx, ws, known.since, selection), selection);
          const ids = [...new Set(actionIds)];
          for (const id of ids) known.stored.delete(id);
          for (const r of await this.actions.keyedByIds(trx, ws, ids)) known.stored.set(r.id, storedOf(r));
          if (ids.length > 0) ({ byKey: known.byKey, duplicates: known.duplicates } = indexStoredActions(known.stored.values()));
        }
        known.seq = latest;
        return known;
      }
    }
    const since = this.windowStart(settings, now);
    const facts = new WorkspaceFacts();
    facts.apply(await this.facts.load(trx, ws, since));
    const stored = new Map((await this.actions.keyed(trx, ws)).map((r) => [r.id, storedOf(r)]));
    return { day: today, settingsKey, since, seq: latest, facts, memo: new RuleMemo(memoKey(today, settings)), stored, ...indexStoredActions(stored.values()) };
  }

  /**
   * Recomputes only when something the rules read has changed since the last time (the
   * database's triggers bump the workspace's data version), or when the day has turned.
   */
  async ensureFresh(scope: Scope): Promise<{ recomputed: boolean; summary: PlaybookSummary; timeZone: string }> {
    const row = await this.facts.computation(this.deps.db.kysely, scope.workspaceId);
    if (!row) throw new NotFoundError('Workspace', scope.workspaceId);
    const settings = this.deps.settings.playbookOf(row.settings);
    const today = localDate(this.deps.clock.now().toISOString(), settings.timeZone);
    // Stored with the summary: the rules' revision the actions were computed under (an older
    // Rapport's actions are recomputed even when no fact changed).
    const stored = row.summary ? (JSON.parse(row.summary) as PlaybookSummary & { rules?: string }) : null;
    const fresh =
      row.computedVersion === row.dataVersion &&
      row.computedAt !== null &&
      localDate(row.computedAt, settings.timeZone) === today &&
      stored !== null &&
      stored.rules === PLAYBOOK_REVISION;
    if (fresh && stored) return { recomputed: false, summary: { inTheWorks: stored.inTheWorks }, timeZone: settings.timeZone };
    const { summary } = await this.compute(scope);
    return { recomputed: true, summary, timeZone: settings.timeZone };
  }

  private rowOf(scope: Scope, p: ProposedAction, nowIso: string) {
    return {
      id: this.deps.ids.newId(),
      workspace_id: scope.workspaceId,
      key: p.key,
      rule_id: p.ruleId,
      title: p.title,
      reason: p.reason,
      due_on: p.dueOn,
      channel: p.channel,
      template_id: p.templateId,
      subjects: toJson(p.subjects),
      recipients: toJson(p.recipientContactIds),
      template_context: p.templateContext ? toJson(p.templateContext) : null,
      note: null,
      status: 'open',
      snoozed_until: null,
      completed_at: null,
      created_at: nowIso,
      updated_at: nowIso,
    };
  }

  /** The home page: what to do today to get the next interview, and why. */
  async today(scope: Scope): Promise<Today> {
    const { summary, timeZone: tz } = await this.ensureFresh(scope);
    const settings = await this.deps.settings.playbook(scope);
    const db = this.deps.db.kysely;
    const nowIso = this.deps.clock.now().toISOString();
    const today = localDate(nowIso, tz);
    // Three independent reads: on PostgreSQL they go out on three pooled connections at once.
    const [actions, { coming, next }, last] = await Promise.all([
      this.actions.list(db, scope.workspaceId, { statuses: ['open'], limit: 300, dueBefore: addCalendarDays(today, 14) }).then((open) => this.toDtos(scope, open)),
      this.deps.conversations
        .list(scope, { status: 'scheduled', from: nowIso, to: new Date(Date.parse(nowIso) + 14 * DAY_MS).toISOString(), order: 'oldest', limit: 20, offset: 0 })
        .then(async (coming) => ({ coming, next: coming.items.find((c) => INTERVIEW_KINDS.includes(c.kind)) ?? (await this.nextInterviewBeyond(scope, nowIso)) })),
      db
        .selectFrom('conversations')
        .select(['id', 'starts_at'])
        .where('workspace_id', '=', scope.workspaceId)
        .where('status', '=', 'done')
        .where('kind', 'in', [...INTERVIEW_KINDS])
        .where('starts_at', '<=', nowIso)
        .orderBy('starts_at', 'desc')
        .limit(1)
        .executeTakeFirst(),
    ]);
    const works = summary.inTheWorks;
    const { now, later } = arrangeToday(actions, today, settings);
    return {
      today,
      timeZone: tz,
      now,
      first: now.slice(0, TODAY_FIRST_COUNT),
      // By date, as before (each open action once across the three), each in the order of `now`
      // where it is in it; `now` is the same actions arranged for the day.
      overdue: now.filter((a) => a.dueOn < today),
      dueToday: now.filter((a) => a.dueOn === today),
      comingUp: [...now.filter((a) => a.dueOn > today), ...later],
      conversationsComing: coming.items.map((c) => ({ id: c.id, kind: c.kind, startsAt: c.startsAt, title: c.title, participants: c.participants.map((p) => ({ id: p.id, displayName: p.displayName })) })),
      nextInterview: next
        ? { id: next.id, kind: next.kind, startsAt: next.startsAt, title: next.title, with: next.participants.map((p) => p.displayName), inDays: calendarDaysBetween(today, localDate(next.startsAt, tz)) }
        : null,
      lastInterview: last ? { id: last.id, startsAt: last.starts_at, daysSince: calendarDaysBetween(localDate(last.starts_at, tz), today) } : null,
      inTheWorks: { count: works.count, min: works.min, max: works.max, status: works.count < works.min ? 'below' : works.count > works.max ? 'above' : 'healthy' },
    };
  }

  /** The next scheduled interview of any kind beyond the two weeks Today lists. */
  private async nextInterviewBeyond(scope: Scope, nowIso: string) {
    const row = await this.deps.db.kysely
      .selectFrom('conversations')
      .select(['id', 'kind', 'starts_at', 'title'])
      .where('workspace_id', '=', scope.workspaceId)
      .where('status', '=', 'scheduled')
      .where('starts_at', '>=', nowIso)
      .where('kind', 'in', [...INTERVIEW_KINDS])
      .orderBy('starts_at')
      .limit(1)
      .executeTakeFirst();
    if (!row) return null;
    const participants = (await this.deps.conversations.participantsOf(scope, [row.id])).get(row.id) ?? [];
    return { id: row.id, kind: row.kind, startsAt: row.starts_at, title: row.title, participants };
  }

  async list(scope: Scope, query: { status?: string | undefined; recordId?: string | undefined; limit: number }): Promise<Action[]> {
    const statuses = query.status ? [query.status] : ['open', 'snoozed'];
    return this.toDtos(scope, await this.actions.list(this.deps.db.kysely, scope.workspaceId, { statuses, recordId: query.recordId, limit: query.limit }));
  }

  async get(scope: Scope, id: string): Promise<Action> {
    const row = await this.actions.get(this.deps.db.kysely, scope.workspaceId, id);
    if (!row) throw new NotFoundError('Action', id);
    const [dto] = await this.toDtos(scope, [row]);
    if (!dto) throw new NotFoundError('Action', id);
    return dto;
  }

  /**
   * A note to self with a due date, linked to any records; the playbook never touches it. With
   * `suggestedBy`, an action a coach suggests (server mode): the note is the coach's reason.
   */
  async createManual(scope: Scope, input: ManualActionCreate, options: { suggestedBy?: { userId: string; name: string } } = {}): Promise<Action> {
    await this.assertSubjects(scope, input.subjects);
    const nowIso = this.deps.clock.now().toISOString();
    const id = this.deps.ids.newId();
    const recipients = input.subjects.filter((s) => s.type === 'contact').map((s) => s.id);
    await this.deps.db.kysely.transaction().execute((trx) =>
      this.actions.insertMany(
        trx,
        [
          {
            id,
            workspace_id: scope.workspaceId,
            key: null,
            rule_id: null,
            title: input.title,
            reason: input.note ?? 'Your own reminder',
            suggested_by: options.suggestedBy?.name ?? null,
            suggested_by_user_id: options.suggestedBy?.userId ?? null,
            due_on: input.dueOn,
            channel: input.channel,
            template_id: null,
            subjects: toJson(input.subjects),
            recipients: toJson(recipients),
            template_context: null,
            note: input.note,
            status: 'open',
            snoozed_until: null,
            completed_at: null,
            created_at: nowIso,
            updated_at: nowIso,
          },
        ],
        input.subjects.map((s) => ({ action_id: id, record_type: s.type, record_id: s.id })),
        scope.workspaceId,
      ),
    );
    return this.get(scope, id);
  }

  /**
   * Marks an action done. With `logConversation`, the message or call it implies is logged as
   * a conversation with its recipients (a thank-you email sent becomes an email conversation).
   */
  async complete(scope: Scope, id: string, input: ActionComplete): Promise<Action> {
    const row = await this.requireRow(scope, id);
    const now = this.deps.clock.now();
    const nowIso = now.toISOString();
    const recipients = fromJsonArray<string>(row.recipients);
    if (input.logConversation && (row.channel === 'email' || row.channel === 'call') && recipients.length > 0) {
      const settings = await this.deps.settings.playbook(scope);
      await this.deps.conversations.create(scope, {
        kind: row.channel,
        status: 'done',
        startsAt: nowIso,
        timeZone: settings.timeZone,
        durationMinutes: null,
        title: row.title,
        location: null,
        notes: input.note ?? null,
        participants: recipients.map((contactId) => ({ contactId, role: 'participant' as const })),
        direction: 'outbound',
        awaitingReply: EXPECTS_REPLY.has(row.template_id ?? ''),
        organizationId: null,
        organizationName: null,
        eventId: null,
        interviewRound: null,
        feedback: null,
        nextSteps: null,
        outcomes: { namesOffered: [], companiesSuggested: [], advice: [] },
        // Each action is its own message: a thank-you and an advice update to one person the same hour are two emails.
        force: true,
      });
    }
    await this.deps.db.kysely.transaction().execute(async (trx) => {
      await this.actions.update(trx, scope.workspaceId, id, { status: 'done', completed_at: nowIso, updated_at: nowIso, ...(input.note ? { note: input.note } : {}) });
      // Doing the advice is the point of act-on-advice: the advice is done, and advice-update
      // then asks you to tell the adviser.
      if (row.rule_id === 'act-on-advice') {
        const adviceIds = fromJsonArray<RecordRef>(row.subjects).filter((s) => s.type === 'advice').map((s) => s.id);
        if (adviceIds.length > 0) {
          await trx
            .updateTable('advice_items')
            .set({ status: 'done', done_at: nowIso, updated_at: nowIso, version: sql<number>`version + 1` })
            .where('workspace_id', '=', scope.workspaceId)
            .where('id', 'in', adviceIds)
            .where('status', '=', 'open')
            .execute();
        }
      }
      // Telling the adviser is the point of advice-update: record it on the advice too.
      if (row.rule_id === 'advice-update') {
        const adviceIds = fromJsonArray<RecordRef>(row.subjects).filter((s) => s.type === 'advice').map((s) => s.id);
        if (adviceIds.length > 0) {
          await trx.updateTable('advice_items').set({ update_sent_at: nowIso, updated_at: nowIso }).where('workspace_id', '=', scope.workspaceId).where('id', 'in', adviceIds).where('update_sent_at', 'is', null).execute();
        }
      }
    });
    return this.get(scope, id);
  }

  /** Hides an action until a date; it comes back on that date. */
  async snooze(scope: Scope, id: string, until: string): Promise<Action> {
    const row = await this.requireRow(scope, id);
    const settings = await this.deps.settings.playbook(scope);
    const today = localDate(this.deps.clock.now().toISOString(), settings.timeZone);
    if (until <= today) throw new InvalidError('Snooze until a later day', [{ path: 'until', message: `Pick a day after today (${today})` }]);
    await this.actions.update(this.deps.db.kysely, scope.workspaceId, row.id, { status: 'snoozed', snoozed_until: until, due_on: until, updated_at: this.deps.clock.now().toISOString() });
    return this.get(scope, id);
  }

  /** Not going to do it: it never comes back. */
  async dismiss(scope: Scope, id: string): Promise<Action> {
    const row = await this.requireRow(scope, id);
    await this.actions.update(this.deps.db.kysely, scope.workspaceId, row.id, { status: 'dismissed', updated_at: this.deps.clock.now().toISOString() });
    return this.get(scope, id);
  }

  /** The message an action proposes, filled from the records and the user's own template. */
  async message(scope: Scope, id: string): Promise<Message> {
    const row = await this.requireRow(scope, id);
    if (!row.template_id || !isTemplateId(row.template_id)) throw new InvalidError('This action is not a message', [{ path: 'id', message: 'No message template for this action' }]);
    const settings = await this.deps.settings.get(scope);
    const context: TemplateContext = { ...(row.template_context ? (JSON.parse(row.template_context) as TemplateContext) : {}), me: {
        firstName: settings.me.firstName ?? null,
        lastName: settings.me.lastName ?? null,
        fullName: [settings.me.firstName, settings.me.lastName].filter(Boolean).join(' ') || null,
        email: settings.me.email ?? null,
        phone: settings.me.phone ?? null,
      },
    };
    const rendered = renderTemplate(row.template_id, context, settings.templates[row.template_id]);
    const recipients = await this.recipientsOf(scope, fromJsonArray<string>(row.recipients));
    const emails = recipients.map((r) => r.email).filter((e): e is string => Boolean(e));
    const hints = outreachHints(rendered.body);
    return {
      actionId: row.id,
      templateId: row.template_id,
      to: recipients.map((r) => ({ displayName: r.displayName, email: r.email })),
      subject: rendered.subject,
      body: rendered.body,
      missing: rendered.missing,
      mailto: mailtoUrl(emails, rendered.subject, rendered.body),
      hints: { words: hints.words, under75Words: hints.under75Words, asksQuestion: hints.asksQuestion, aboutThem: hints.aboutThem },
    };
  }

  /** The secret of the calendar feed; created on first use, replaced on rotation. */
  async calendarToken(scope: Scope, rotate = false): Promise<string> {
    const db = this.deps.db.kysely;
    const row = await db.selectFrom('workspaces').select('calendar_token').where('id', '=', scope.workspaceId).executeTakeFirst();
    if (!row) throw new NotFoundError('Workspace', scope.workspaceId);
    if (row.calendar_token && !rotate) return row.calendar_token;
    const token = randomBytes(24).toString('base64url');
    await db.updateTable('workspaces').set({ calendar_token: token }).where('id', '=', scope.workspaceId).execute();
    return token;
  }

  /** The workspace a calendar token opens, if any. */
  async workspaceOfCalendarToken(token: string): Promise<string | null> {
    if (token.length < 16) return null;
    const row = await this.deps.db.kysely.selectFrom('workspaces').select('id').where('calendar_token', '=', token).executeTakeFirst();
    return row?.id ?? null;
  }

  /** The iCalendar feed: conversations from 30 days ago on, and open actions due in the next 60 days. */
  async calendarFeed(scope: Scope): Promise<string> {
    const { timeZone } = await this.ensureFresh(scope);
    const db = this.deps.db.kysely;
    const nowIso = this.deps.clock.now().toISOString();
    const since = new Date(Date.parse(nowIso) - 30 * DAY_MS).toISOString();
    const conversations = await db
      .selectFrom('conversations as v')
      .leftJoin('organizations as o', 'o.id', 'v.organization_id')
      .select(['v.id', 'v.kind', 'v.title', 'v.notes', 'v.location', 'v.starts_at', 'v.duration_minutes', 'v.version', 'v.updated_at', 'v.status', 'o.name as org_name'])
      .where('v.workspace_id', '=', scope.workspaceId)
      .where('v.starts_at', '>=', since)
      .orderBy('v.starts_at')
      .limit(2000)
      .execute();
    const participants = await this.deps.conversations.participantsOf(scope, conversations.map((c) => c.id));
    const today = localDate(nowIso, timeZone);
    const actions = await this.actions.list(db, scope.workspaceId, { statuses: ['open'], limit: 1000, dueBefore: addCalendarDays(today, 60) });
    const kindLabel = (k: string) => CONVERSATION_KIND_LABELS[k as keyof typeof CONVERSATION_KIND_LABELS] ?? k;
    return writeCalendarFeed({
      name: 'Rapport',
      now: nowIso,
      conversations: conversations.map((c) => {
        const people = (participants.get(c.id) ?? []).map((p) => p.displayName);
        return {
          id: c.id,
          title: c.title ?? `${kindLabel(c.kind)}${people.length ? ` with ${people.join(', ')}` : ''}${c.org_name ? ` (${c.org_name})` : ''}`,
          description: c.notes,
          location: c.location,
          startsAt: c.starts_at,
          durationMinutes: c.duration_minutes,
          version: c.version,
          updatedAt: c.updated_at,
          cancelled: c.status === 'cancelled',
        };
      }),
      // An action overdue shows on today, where it can still be done.
      actions: actions.map((a) => ({ id: a.id, title: a.title, reason: a.reason, dueOn: a.due_on < today ? today : a.due_on, version: a.version, updatedAt: a.updated_at })),
    });
  }

  private async requireRow(scope: Scope, id: string): Promise<ActionRow> {
    const row = await this.actions.get(this.deps.db.kysely, scope.workspaceId, id);
    if (!row) throw new NotFoundError('Action', id);
    return row;
  }

  private async assertSubjects(scope: Scope, subjects: readonly { type: string; id: string }[]): Promise<void> {
    const tables: Record<string, 'contacts' | 'organizations' | 'conversations' | 'referrals' | 'advice_items' | 'events'> = {
      contact: 'contacts',
      organization: 'organizations',
      conversation: 'conversations',
      referral: 'referrals',
      advice: 'advice_items',
      event: 'events',
    };
    for (const [index, s] of subjects.entries()) {
      const table = tables[s.type];
      const found = table ? await this.deps.db.kysely.selectFrom(table).select('id').where('workspace_id', '=', scope.workspaceId).where('id', '=', s.id).executeTakeFirst() : undefined;
      if (!found) throw new InvalidError('Unknown record', [{ path: `subjects.${index}.id`, message: `No ${s.type} with id ${s.id}` }]);
    }
  }

  private async recipientsOf(scope: Scope, ids: readonly string[]): Promise<{ id: string; displayName: string; email: string | null }[]> {
    if (ids.length === 0) return [];
    const rows = await this.deps.db.kysely.selectFrom('contacts').select(['id', 'display_name', 'emails']).where('workspace_id', '=', scope.workspaceId).where('id', 'in', [...ids]).execute();
    const byId = new Map(rows.map((r) => [r.id, { id: r.id, displayName: r.display_name, email: fromJsonArray<{ value: string }>(r.emails)[0]?.value ?? null }]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  /** Names for the records actions concern, in one query per kind of record. */
  private async toDtos(scope: Scope, rows: readonly ActionListRow[]): Promise<Action[]> {
    const db = this.deps.db.kysely;
    const settings = rows.length > 0 ? await this.deps.settings.playbook(scope) : null;
    const refs = rows.flatMap((r) => fromJsonArray<RecordRef>(r.subjects));
    const recipientIds = [...new Set(rows.flatMap((r) => fromJsonArray<string>(r.recipients)))];
    const ids = (type: string) => [...new Set(refs.filter((r) => r.type === type).map((r) => r.id))];
    const labels = new Map<string, string>();
    // One query for the people, whether named as subjects or written to.
    const contactIds = [...new Set([...ids('contact'), ...recipientIds])];
    const recipientById = new Map<string, { id: string; displayName: string; email: string | null }>();
    for (const r of await this.recipientsOf(scope, contactIds)) {
      labels.set(r.id, r.displayName);
      recipientById.set(r.id, r);
    }
    const orgIds = ids('organization');
    if (orgIds.length > 0) {
      for (const r of await db.selectFrom('organizations').select(['id', 'name']).where('workspace_id', '=', scope.workspaceId).where('id', 'in', orgIds).execute()) labels.set(r.id, r.name);
    }
    return rows.map((r) => ({
      id: r.id,
      ruleId: r.rule_id,
      title: r.title,
      reason: r.reason,
      dueOn: r.due_on,
      channel: r.channel as Action['channel'],
      templateId: r.template_id,
      subjects: fromJsonArray<RecordRef>(r.subjects).map((s) => ({ type: s.type, id: s.id, label: labels.get(s.id) ?? null })),
      recipients: fromJsonArray<string>(r.recipients).flatMap((id) => recipientById.get(id) ?? []),
      status: r.status as Action['status'],
      priority: settings ? priorityOf(settings, r.rule_id) + 1 : 0,
      whyFirst: whyFirst(r.rule_id),
      snoozedUntil: r.snoozed_until,
      completedAt: r.completed_at,
      note: r.note,
      version: r.version,
      createdAt: r.created_at,
      suggestedBy: r.suggested_by,
    }));
  }
}
