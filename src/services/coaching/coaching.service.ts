import {
  levelIncludes,
  shareLevelSchema,
  type ClientHealth,
  type CoachShare,
  type CockpitRow,
  type ShareLevel,
  type SuggestionCreate,
  type WeeklyReport,
} from '../../contracts/coaching.schema.js';
import { INTERVIEW_KINDS } from '../../contracts/conversation.schema.js';
import type { Action } from '../../contracts/action.schema.js';
import type { Db } from '../../db/database.js';
import { CoachingRepository } from '../../db/repositories/coaching.repository.js';
import { addCalendarDays, calendarDaysBetween, localDate } from '../../domain/business-days.js';
import type { AuthContext } from '../accounts/account.service.js';
import type { Scope } from '../contact.service.js';
import { ForbiddenError, NotFoundError } from '../errors.js';
import type { InsightsService } from '../insights.service.js';
import type { OpportunityService } from '../opportunity.service.js';
import type { PlaybookService } from '../playbook.service.js';
import type { Clock, IdGenerator } from '../runtime.js';
import type { SettingsService } from '../settings.service.js';

/** What a coach opens, and the level it needs: the log the seeker reads uses these words. */
export const COACH_VIEWS = {
  health: 'health',
  opportunities: 'pipeline',
  opportunity: 'pipeline',
  targets: 'pipeline',
  contacts: 'network',
  contact: 'network',
  conversations: 'network',
  conversation: 'network',
  report: 'health',
  notes: 'health',
  suggestions: 'health',
} as const satisfies Record<string, ShareLevel>;
export type CoachView = keyof typeof COACH_VIEWS;

/** Views that are the coach's own work (notes, suggestions), not reading the client's data: not logged. */
const UNLOGGED: ReadonlySet<CoachView> = new Set(['notes', 'suggestions']);

/** A client as a coach may reach them: their workspace's scope, for the services, and who they are. */
export interface ClientAccess {
  scope: Scope;
  client: { id: string; displayName: string };
  level: ShareLevel;
}

/**
 * Coaching in server mode. A seeker shares with a coach of their organization at a level they
 * choose, change or revoke; a coach reaches a client's workspace only through `access`, which
 * checks the level and logs what was opened — the one place a coach's scope comes from. Beyond
 * the shared level is a 403; a client who shares nothing with this coach is a 404.
 */
export class CoachingService {
  private readonly repo = new CoachingRepository();

  constructor(
    private readonly deps: {
      db: Db;
      clock: Clock;
      ids: IdGenerator;
      settings: SettingsService;
      playbook: PlaybookService;
      searchInsights: InsightsService;
      opportunities: OpportunityService;
    },
  ) {}

  private nowIso(): string {
    return this.deps.clock.now().toISOString();
  }

  // ---------------------------------------------------------------- the seeker's side

  async coaches(auth: AuthContext): Promise<CoachShare[]> {
    const rows = await this.repo.coachesFor(this.deps.db.kysely, auth.userId);
    // A coach of two of the seeker's organizations appears once.
    const seen = new Set<string>();
    return rows
      .filter((r) => !seen.has(r.id) && Boolean(seen.add(r.id)))
      .map((r) => ({
        coachId: r.id,
        displayName: r.display_name,
        email: r.email,
        organizationName: r.organization_name,
        level: r.level === null ? null : shareLevelSchema.parse(r.level),
        since: r.updated_at,
      }));
  }

  /** Shares with a coach of one's organizations at `level`, or changes the level. */
  async share(auth: AuthContext, coachId: string, level: ShareLevel): Promise<CoachShare> {
    const coach = (await this.coaches(auth)).find((c) => c.coachId === coachId);
    if (!coach) throw new NotFoundError('Coach', coachId);
    await this.repo.upsertShare(this.deps.db.kysely, { seeker_id: auth.userId, coach_id: coachId, level, now: this.nowIso() });
    return { ...coach, level, since: this.nowIso() };
  }

  /** Stops sharing with a coach: from the next request on, they see nothing. */
  async revoke(auth: AuthContext, coachId: string): Promise<void> {
    if (!(await this.repo.deleteShare(this.deps.db.kysely, auth.userId, coachId))) throw new NotFoundError('Share with coach', coachId);
  }

  /** What coaches opened, newest first. */
  async views(auth: AuthContext, limit = 200) {
    const rows = await this.repo.viewsOf(this.deps.db.kysely, auth.userId, limit);
    return rows.map((r) => ({ coachName: r.coach_name, what: r.what, recordId: r.record_id, at: r.at }));
  }

  // ---------------------------------------------------------------- the coach's side

  /**
   * The one place a coach's request gets a client's workspace: only through a share and only up
   * to its level (403 beyond, 404 without a share). Nothing is logged here: see {@link read}.
   */
  async access(auth: AuthContext, clientId: string, view: CoachView): Promise<ClientAccess> {
    const row = await this.repo.client(this.deps.db.kysely, auth.userId, clientId);
    if (!row) throw new NotFoundError('Client', clientId);
    const level = shareLevelSchema.parse(row.level);
    const needed = COACH_VIEWS[view];
    if (!levelIncludes(level, needed)) {
      throw new ForbiddenError(`${row.display_name} shares ${describeLevel(level)} with you, not ${describeLevel(needed)}`);
    }
    return { scope: { workspaceId: row.workspace_id }, client: { id: row.id, displayName: row.display_name }, level };
  }

  /**
   * Reads a client's data for a coach: `access`, then `read` in the client's scope, then — when
   * it found something — a line in the client's log of what the coach opened.
   */
  async read<T>(auth: AuthContext, clientId: string, view: CoachView, recordId: string | null, read: (access: ClientAccess) => Promise<T>): Promise<T> {
    const access = await this.access(auth, clientId, view);
    const result = await read(access);
    if (!UNLOGGED.has(view)) {
      await this.repo.insertView(this.deps.db.kysely, { id: this.deps.ids.newId(), seeker_id: clientId, coach_id: auth.userId, what: view, record_id: recordId, at: this.nowIso() });
    }
    return result;
  }

  /** Every client in one table, who needs attention now first. */
  async cockpit(auth: AuthContext): Promise<{ today: string; clients: CockpitRow[] }> {
    const db = this.deps.db.kysely;
    const now = this.nowIso();
    const clients = await this.repo.clientsOf(db, auth.userId);
    const workspaceIds = clients.map((c) => c.workspace_id);
    const tomorrowUtc = addCalendarDays(now.slice(0, 10), 2);
    const [latest, due] = await Promise.all([this.repo.latest(db, workspaceIds, INTERVIEW_KINDS, now), this.repo.openActionsDue(db, workspaceIds, tomorrowUtc)]);
    const latestOf = new Map(latest.map((l) => [l.id, l]));
    const rows = clients.map((c): CockpitRow => {
      const settings = this.deps.settings.playbookOf(c.settings);
      const today = localDate(now, settings.timeZone);
      const summary = c.playbook_summary ? (JSON.parse(c.playbook_summary) as { inTheWorks?: { count: number; min: number; max: number } }) : null;
      const works = summary?.inTheWorks;
      const inTheWorks = works ? { ...works, status: works.count < works.min ? ('below' as const) : works.count > works.max ? ('above' as const) : ('healthy' as const) } : null;
      const l = latestOf.get(c.workspace_id);
      const lastInterview = l?.last_interview ?? null;
      const daysSinceLastInterview = lastInterview ? calendarDaysBetween(localDate(lastInterview, settings.timeZone), today) : null;
      const overdueActions = due.filter((d) => d.workspace_id === c.workspace_id && d.due_on < today).reduce((sum, d) => sum + Number(d.n), 0);
      const lastActivityAt = [l?.last_conversation ?? null, l?.last_done ?? null].filter((x): x is string => x !== null).sort().at(-1) ?? null;
      const { attention, reasons } = attentionOf({ inTheWorks, daysSinceLastInterview, overdueActions, lastActivityAt, now });
      return { clientId: c.id, displayName: c.display_name, level: shareLevelSchema.parse(c.level), inTheWorks, daysSinceLastInterview, overdueActions, lastActivityAt, attention, reasons };
    });
    rows.sort((a, b) => b.attention - a.attention || a.displayName.localeCompare(b.displayName));
    return { today: now.slice(0, 10), clients: rows };
  }

  /** Level (a): counts only, no names and no records. */
  async health(auth: AuthContext, clientId: string): Promise<ClientHealth> {
    return this.read(auth, clientId, 'health', null, (access) => this.healthOf(access));
  }

  private async healthOf(access: ClientAccess): Promise<ClientHealth> {
    const [today, insights] = await Promise.all([this.deps.playbook.today(access.scope), this.deps.searchInsights.insights(access.scope, 8)]);
    return {
      client: access.client,
      level: access.level,
      today: today.today,
      inTheWorks: today.inTheWorks,
      daysSinceLastInterview: today.lastInterview?.daysSince ?? null,
      nextInterviewInDays: today.nextInterview?.inDays ?? null,
      overdueActions: today.overdue.length,
      dueToday: today.dueToday.length,
      activity: insights.activity,
      funnel: insights.funnel,
      interviews: insights.interviews,
    };
  }

  async notes(auth: AuthContext, clientId: string) {
    await this.access(auth, clientId, 'notes');
    const rows = await this.repo.notes(this.deps.db.kysely, auth.userId, clientId);
    return rows.map((r) => ({ id: r.id, body: r.body, createdAt: r.created_at }));
  }

  async addNote(auth: AuthContext, clientId: string, body: string) {
    await this.access(auth, clientId, 'notes');
    const row = { id: this.deps.ids.newId(), coach_id: auth.userId, seeker_id: clientId, body, created_at: this.nowIso() };
    await this.repo.insertNote(this.deps.db.kysely, row);
    return { id: row.id, body, createdAt: row.created_at };
  }

  async deleteNote(auth: AuthContext, clientId: string, noteId: string): Promise<void> {
    await this.access(auth, clientId, 'notes');
    if (!(await this.repo.deleteNote(this.deps.db.kysely, auth.userId, noteId))) throw new NotFoundError('Note', noteId);
  }

  /** An action in the client's Today, marked as this coach's, with their reason. */
  async suggest(auth: AuthContext, clientId: string, input: SuggestionCreate): Promise<Action> {
    const access = await this.access(auth, clientId, 'suggestions');
    return this.deps.playbook.createManual(access.scope, { title: input.title, dueOn: input.dueOn, channel: input.channel, note: input.reason, subjects: [] }, { suggestedBy: { userId: auth.userId, name: auth.displayName } });
  }

  async suggestions(auth: AuthContext, clientId: string) {
    const access = await this.access(auth, clientId, 'suggestions');
    return this.suggestionsIn(access, auth.userId);
  }

  private async suggestionsIn(access: ClientAccess, coachId: string) {
    const rows = await this.repo.suggestions(this.deps.db.kysely, access.scope.workspaceId, coachId);
    return rows.map((r) => ({ actionId: r.id, title: r.title, reason: r.reason, dueOn: r.due_on, status: r.status, completedAt: r.completed_at }));
  }

  /** The week so far (Monday to today in the client's zone): on screen and as the printable PDF. */
  async weeklyReport(auth: AuthContext, clientId: string): Promise<WeeklyReport> {
    return this.read(auth, clientId, 'report', null, (access) => this.reportOf(access, auth));
  }

  private async reportOf(access: ClientAccess, coach: AuthContext): Promise<WeeklyReport> {
    const health = await this.healthOf(access);
    const week = health.activity.weeks.at(-1) ?? { week: health.today, newContacts: 0, conversations: 0, actionsDone: 0 };
    const opportunities = levelIncludes(access.level, 'pipeline')
      ? (await this.deps.opportunities.list(access.scope, {})).items.map((o) => ({ id: o.id, title: o.title, organization: o.organization?.name ?? null, stage: o.stage }))
      : null;
    const { client, level, ...rest } = health;
    return {
      client,
      coach: coach.displayName,
      level,
      weekStart: week.week,
      weekEnd: health.today,
      health: rest,
      thisWeek: { newContacts: week.newContacts, conversations: week.conversations, actionsDone: week.actionsDone },
      suggestions: await this.suggestionsIn(access, coach.userId),
      opportunities,
    };
  }
}

function describeLevel(level: ShareLevel): string {
  return level === 'health' ? 'the search’s health' : level === 'pipeline' ? 'opportunities and targets' : 'contacts and conversations';
}

/** Who needs attention now: each sign adds to the score and says why, most pressing first. */
function attentionOf(c: {
  inTheWorks: { count: number; min: number } | null;
  daysSinceLastInterview: number | null;
  overdueActions: number;
  lastActivityAt: string | null;
  now: string;
}): { attention: number; reasons: string[] } {
  const signs: { weight: number; reason: string }[] = [];
  if (c.overdueActions > 0) signs.push({ weight: Math.min(2 * c.overdueActions, 10), reason: `${c.overdueActions} overdue action${c.overdueActions === 1 ? '' : 's'}` });
  if (c.inTheWorks && c.inTheWorks.count < c.inTheWorks.min) signs.push({ weight: 1.5 * (c.inTheWorks.min - c.inTheWorks.count), reason: `${c.inTheWorks.count} in the works (aim for ${c.inTheWorks.min}+)` });
  if (c.daysSinceLastInterview === null) signs.push({ weight: 3, reason: 'no interview yet' });
  else if (c.daysSinceLastInterview > 14) signs.push({ weight: Math.min(10, (c.daysSinceLastInterview - 14) / 7 + 1), reason: `${c.daysSinceLastInterview} days since the last interview` });
  const idleDays = c.lastActivityAt ? Math.floor((Date.parse(c.now) - Date.parse(c.lastActivityAt)) / 86_400_000) : null;
  if (idleDays === null) signs.push({ weight: 2, reason: 'no activity yet' });
  else if (idleDays >= 7) signs.push({ weight: Math.min(10, idleDays / 7 + 1), reason: `quiet for ${idleDays} days` });
  signs.sort((a, b) => b.weight - a.weight);
  return { attention: Math.round(signs.reduce((sum, s) => sum + s.weight, 0) * 10) / 10, reasons: signs.map((s) => s.reason) };
}
