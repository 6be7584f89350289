import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

/**
 * All SQL about coaching in server mode: shares (seeker → coach, with a level), the log of what
 * coaches opened, coaches' private notes, and the cockpit's figures across the clients'
 * workspaces — always for the workspaces a coach's shares name, never wider.
 */
export class CoachingRepository {
  /** Coaches and administrators of the seeker's organizations, other than the seeker. */
  async coachesFor(db: Executor, seekerId: string) {
    return db
      .selectFrom('memberships as mine')
      .innerJoin('memberships as theirs', 'theirs.organization_id', 'mine.organization_id')
      .innerJoin('users as u', 'u.id', 'theirs.user_id')
      .innerJoin('account_organizations as o', 'o.id', 'theirs.organization_id')
      .leftJoin('shares as s', (join) => join.onRef('s.coach_id', '=', 'u.id').on('s.seeker_id', '=', seekerId))
      .select(['u.id', 'u.display_name', 'u.email', 'o.name as organization_name', 's.level', 's.updated_at'])
      .where('mine.user_id', '=', seekerId)
      .where('theirs.role', 'in', ['coach', 'admin'])
      .where('u.id', '!=', seekerId)
      .where('u.disabled_at', 'is', null)
      .orderBy('u.display_name')
      .orderBy('u.id')
      .execute();
  }

  async share(db: Executor, seekerId: string, coachId: string): Promise<{ level: string } | undefined> {
    return db.selectFrom('shares').select('level').where('seeker_id', '=', seekerId).where('coach_id', '=', coachId).executeTakeFirst();
  }

  async upsertShare(db: Executor, row: { seeker_id: string; coach_id: string; level: string; now: string }): Promise<void> {
    await db
      .insertInto('shares')
      .values({ seeker_id: row.seeker_id, coach_id: row.coach_id, level: row.level, created_at: row.now, updated_at: row.now })
      .onConflict((oc) => oc.columns(['seeker_id', 'coach_id']).doUpdateSet({ level: row.level, updated_at: row.now }))
      .execute();
  }

  async deleteShare(db: Executor, seekerId: string, coachId: string): Promise<boolean> {
    const result = await db.deleteFrom('shares').where('seeker_id', '=', seekerId).where('coach_id', '=', coachId).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /** A coach's clients: who shares with them, at which level, with their workspace and settings. */
  async clientsOf(db: Executor, coachId: string) {
    return db
      .selectFrom('shares as s')
      .innerJoin('users as u', 'u.id', 's.seeker_id')
      .innerJoin('workspaces as w', 'w.id', 'u.workspace_id')
      .select(['u.id', 'u.display_name', 'u.workspace_id', 's.level', 'w.settings', 'w.playbook_summary'])
      .where('s.coach_id', '=', coachId)
      .where('u.disabled_at', 'is', null)
      .orderBy('u.display_name')
      .orderBy('u.id')
      .execute();
  }

  async client(db: Executor, coachId: string, seekerId: string) {
    return db
      .selectFrom('shares as s')
      .innerJoin('users as u', 'u.id', 's.seeker_id')
      .select(['u.id', 'u.display_name', 'u.workspace_id', 's.level'])
      .where('s.coach_id', '=', coachId)
      .where('s.seeker_id', '=', seekerId)
      .where('u.disabled_at', 'is', null)
      .executeTakeFirst();
  }

  async insertView(db: Executor, row: { id: string; seeker_id: string; coach_id: string; what: string; record_id: string | null; at: string }): Promise<void> {
    await db.insertInto('coach_views').values(row).execute();
  }

  async viewsOf(db: Executor, seekerId: string, limit: number) {
    return db
      .selectFrom('coach_views as v')
      .innerJoin('users as u', 'u.id', 'v.coach_id')
      .select(['u.display_name as coach_name', 'v.what', 'v.record_id', 'v.at'])
      .where('v.seeker_id', '=', seekerId)
      .orderBy('v.at', 'desc')
      .orderBy('v.id', 'desc')
      .limit(limit)
      .execute();
  }

  async insertNote(db: Executor, row: { id: string; coach_id: string; seeker_id: string; body: string; created_at: string }): Promise<void> {
    await db.insertInto('coach_notes').values(row).execute();
  }

  async notes(db: Executor, coachId: string, seekerId: string) {
    return db
      .selectFrom('coach_notes')
      .select(['id', 'body', 'created_at'])
      .where('coach_id', '=', coachId)
      .where('seeker_id', '=', seekerId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
  }

  async deleteNote(db: Executor, coachId: string, noteId: string): Promise<boolean> {
    const result = await db.deleteFrom('coach_notes').where('id', '=', noteId).where('coach_id', '=', coachId).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /** The actions this coach (by account, never by name) suggested in a workspace. */
  async suggestions(db: Executor, workspaceId: string, coachId: string) {
    return db
      .selectFrom('actions')
      .select(['id', 'title', 'reason', 'due_on', 'status', 'completed_at'])
      .where('workspace_id', '=', workspaceId)
      .where('suggested_by_user_id', '=', coachId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(200)
      .execute();
  }

  /**
   * The cockpit's figures that need the latest of something, for all the clients at once: one
   * statement of correlated subqueries, each an index probe (workspace_id, status, starts_at)
   * that stops at the first row, instead of grouping 15,000 conversations a client.
   */
  async latest(db: Executor, workspaceIds: readonly string[], interviewKinds: readonly string[], nowIso: string) {
    if (workspaceIds.length === 0) return [];
    return db
      .selectFrom('workspaces as w')
      .select((eb) => [
        'w.id',
        eb
          .selectFrom('conversations as c')
          .select('c.starts_at')
          .whereRef('c.workspace_id', '=', 'w.id')
          .where('c.status', '=', 'done')
          .where('c.kind', 'in', interviewKinds)
          .where('c.starts_at', '<=', nowIso)
          .orderBy('c.starts_at', 'desc')
          .limit(1)
          .as('last_interview'),
        eb
          .selectFrom('conversations as c')
          .select('c.starts_at')
          .whereRef('c.workspace_id', '=', 'w.id')
          .where('c.status', '=', 'done')
          .where('c.starts_at', '<=', nowIso)
          .orderBy('c.starts_at', 'desc')
          .limit(1)
          .as('last_conversation'),
        eb
          .selectFrom('actions as a')
          .select('a.completed_at')
          .whereRef('a.workspace_id', '=', 'w.id')
          .where('a.status', '=', 'done')
          .orderBy('a.completed_at', 'desc')
          .limit(1)
          .as('last_done'),
      ])
      .where('w.id', 'in', workspaceIds)
      .execute();
  }

  /** Open actions due before `before`, counted per workspace and day (the caller compares with each client's own today). */
  async openActionsDue(db: Executor, workspaceIds: readonly string[], before: string) {
    if (workspaceIds.length === 0) return [];
    return db
      .selectFrom('actions')
      .select(['workspace_id', 'due_on', (eb) => eb.fn.countAll<number>().as('n')])
      .where('workspace_id', 'in', workspaceIds)
      .where('status', '=', 'open')
      .where('due_on', '<', before)
      .groupBy(['workspace_id', 'due_on'])
      .execute();
  }
}
