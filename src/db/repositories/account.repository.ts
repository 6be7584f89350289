import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../schema.js';
import type { InvitationTable, SessionTable, UserTable } from '../schema.accounts.js';

type Executor = Kysely<Database> | Transaction<Database>;

export interface MembershipRow {
  organization_id: string;
  organization_name: string;
  role: string;
}

/**
 * All SQL about accounts: users, organizations, memberships, invitations, sessions, reset links
 * and failed sign-ins. These rows are not in a workspace; each user owns one workspace.
 */
export class AccountRepository {
  // Users
  async userByEmail(db: Executor, email: string): Promise<UserTable | undefined> {
    return db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
  }

  async userById(db: Executor, id: string): Promise<UserTable | undefined> {
    return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async insertUser(db: Executor, row: UserTable): Promise<void> {
    await db.insertInto('users').values(row).execute();
  }

  async setPassword(db: Executor, userId: string, hash: string, now: string): Promise<void> {
    await db.updateTable('users').set({ password_hash: hash, updated_at: now }).where('id', '=', userId).execute();
  }

  async countUsers(db: Executor): Promise<number> {
    const row = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  // Organizations and memberships
  async organizationByName(db: Executor, name: string): Promise<{ id: string; name: string } | undefined> {
    return db.selectFrom('account_organizations').select(['id', 'name']).where('name', '=', name).orderBy('created_at').limit(1).executeTakeFirst();
  }

  async organizationById(db: Executor, id: string): Promise<{ id: string; name: string } | undefined> {
    return db.selectFrom('account_organizations').select(['id', 'name']).where('id', '=', id).executeTakeFirst();
  }

  async insertOrganization(db: Executor, row: { id: string; name: string; created_at: string }): Promise<void> {
    await db.insertInto('account_organizations').values(row).execute();
  }

  async insertMembership(db: Executor, row: { organization_id: string; user_id: string; role: string; created_at: string }): Promise<void> {
    await db.insertInto('memberships').values(row).execute();
  }

  async membershipsOf(db: Executor, userId: string): Promise<MembershipRow[]> {
    return db
      .selectFrom('memberships as m')
      .innerJoin('account_organizations as o', 'o.id', 'm.organization_id')
      .select(['m.organization_id', 'o.name as organization_name', 'm.role'])
      .where('m.user_id', '=', userId)
      .orderBy('m.created_at')
      .execute();
  }

  async membership(db: Executor, organizationId: string, userId: string): Promise<{ role: string } | undefined> {
    return db.selectFrom('memberships').select('role').where('organization_id', '=', organizationId).where('user_id', '=', userId).executeTakeFirst();
  }

  async members(db: Executor, organizationId: string) {
    return db
      .selectFrom('memberships as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select(['u.id', 'u.email', 'u.display_name', 'u.disabled_at', 'u.created_at', 'm.role'])
      .where('m.organization_id', '=', organizationId)
      .orderBy('u.display_name')
      .orderBy('u.id')
      .execute();
  }

  // Invitations
  async insertInvitation(db: Executor, row: InvitationTable): Promise<void> {
    await db.insertInto('invitations').values(row).execute();
  }

  async invitationByTokenHash(db: Executor, tokenHash: string): Promise<(InvitationTable & { organization_name: string }) | undefined> {
    return db
      .selectFrom('invitations as i')
      .innerJoin('account_organizations as o', 'o.id', 'i.organization_id')
      .selectAll('i')
      .select('o.name as organization_name')
      .where('i.token_hash', '=', tokenHash)
      .executeTakeFirst();
  }

  /** Marks the invitation accepted unless someone did first; true when this call did. */
  async acceptInvitation(db: Executor, id: string, now: string): Promise<boolean> {
    const result = await db.updateTable('invitations').set({ accepted_at: now }).where('id', '=', id).where('accepted_at', 'is', null).where('revoked_at', 'is', null).executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async revokeInvitation(db: Executor, organizationId: string, id: string, now: string): Promise<boolean> {
    const result = await db
      .updateTable('invitations')
      .set({ revoked_at: now })
      .where('id', '=', id)
      .where('organization_id', '=', organizationId)
      .where('accepted_at', 'is', null)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async invitations(db: Executor, organizationId: string): Promise<InvitationTable[]> {
    return db.selectFrom('invitations').selectAll().where('organization_id', '=', organizationId).orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
  }

  // Sessions
  async insertSession(db: Executor, row: SessionTable): Promise<void> {
    await db.insertInto('sessions').values(row).execute();
  }

  async sessionWithUser(db: Executor, id: string) {
    return db
      .selectFrom('sessions as s')
      .innerJoin('users as u', 'u.id', 's.user_id')
      .select(['s.id', 's.user_id', 's.expires_at', 's.last_seen_at', 'u.email', 'u.display_name', 'u.workspace_id', 'u.disabled_at'])
      .where('s.id', '=', id)
      .executeTakeFirst();
  }

  async touchSession(db: Executor, id: string, lastSeenAt: string, expiresAt: string): Promise<void> {
    await db.updateTable('sessions').set({ last_seen_at: lastSeenAt, expires_at: expiresAt }).where('id', '=', id).execute();
  }

  async deleteSession(db: Executor, id: string): Promise<void> {
    await db.deleteFrom('sessions').where('id', '=', id).execute();
  }

  /** Every session of the user, but the one named in `except`. */
  async deleteSessionsOf(db: Executor, userId: string, except?: string): Promise<number> {
    let query = db.deleteFrom('sessions').where('user_id', '=', userId);
    if (except !== undefined) query = query.where('id', '!=', except);
    const result = await query.executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  async countSessionsOf(db: Executor, userId: string, now: string): Promise<number> {
    const row = await db
      .selectFrom('sessions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('user_id', '=', userId)
      .where('expires_at', '>', now)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async deleteExpiredSessions(db: Executor, now: string): Promise<void> {
    await db.deleteFrom('sessions').where('expires_at', '<=', now).execute();
  }

  // Password reset links
  async insertReset(db: Executor, row: { token_hash: string; user_id: string; issued_by: string | null; created_at: string; expires_at: string }): Promise<void> {
    await db.insertInto('password_resets').values({ ...row, used_at: null }).execute();
  }

  /** Uses the link if it is unused and unexpired; returns whose it was, or nothing. Single use even when two requests race. */
  async useReset(db: Executor, tokenHash: string, now: string): Promise<string | undefined> {
    const row = await db
      .updateTable('password_resets')
      .set({ used_at: now })
      .where('token_hash', '=', tokenHash)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .returning('user_id')
      .executeTakeFirst();
    return row?.user_id;
  }

  // Failed sign-ins
  async insertLoginFailure(db: Executor, row: { id: string; account_key: string; at: string }): Promise<void> {
    await db.insertInto('login_failures').values(row).execute();
  }

  async countLoginFailures(db: Executor, accountKey: string, since: string): Promise<number> {
    const row = await db
      .selectFrom('login_failures')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('account_key', '=', accountKey)
      .where('at', '>', since)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async clearLoginFailures(db: Executor, accountKey: string): Promise<void> {
    await db.deleteFrom('login_failures').where('account_key', '=', accountKey).execute();
  }

  async pruneLoginFailures(db: Executor, before: string): Promise<void> {
    await db.deleteFrom('login_failures').where('at', '<=', before).execute();
  }
}
