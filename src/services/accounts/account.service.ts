import type { Invitation, InvitationAccept, InvitationCreate, Member, Role, SessionUser } from '../../contracts/account.schema.js';
import { emailSchema, roleSchema } from '../../contracts/account.schema.js';
import type { Transaction } from 'kysely';
import type { Db } from '../../db/database.js';
import type { Database } from '../../db/schema.js';
import { AccountRepository } from '../../db/repositories/account.repository.js';
import { WorkspaceRepository } from '../../db/repositories/workspace.repository.js';
import { ConflictError, ForbiddenError, InvalidError, NotFoundError, TooManyError, UnauthorizedError } from '../errors.js';
import type { Clock, IdGenerator } from '../runtime.js';
import { argon2Hasher, hashToken, newToken, type PasswordHasher } from './secrets.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** How long things last; exported for the tests and the README. */
export const ACCOUNT_LIMITS = {
  /** A session ends after this long without a request. */
  sessionIdleMs: 14 * DAY,
  /** last_seen_at is written at most this often, not on every request. */
  sessionTouchMs: HOUR,
  invitationMs: 7 * DAY,
  resetMs: DAY,
  /** Failed sign-ins for one address within the window before it is locked for the window. */
  failuresPerAccount: 5,
  failureWindowMs: 15 * 60_000,
} as const;

/** The signed-in person of a request: where the workspace of every request comes from. */
export interface AuthContext {
  sessionId: string;
  userId: string;
  workspaceId: string;
  email: string;
  displayName: string;
}

export interface NewUser {
  email: string;
  displayName: string;
  /** Null: the person sets it through the link that {@link AccountService.createUser} returns. */
  password: string | null;
  organizationName: string;
  role: Role;
}

/** One message for every failed sign-in: it never says whether the address has an account. */
const WRONG = 'The email or the password is wrong';

/**
 * Accounts in server mode: sign-in, sessions, invitations, reset links. Sessions and links are
 * random tokens that the database keeps only hashed; passwords are argon2id. Nothing here says
 * whether an address has an account to someone who is not its organization's administrator.
 */
export class AccountService {
  private readonly repo = new AccountRepository();
  private readonly workspaces = new WorkspaceRepository();
  private readonly hasher: PasswordHasher;
  private dummyHash: Promise<string> | undefined;

  constructor(private readonly deps: { db: Db; clock: Clock; ids: IdGenerator; hasher?: PasswordHasher }) {
    this.hasher = deps.hasher ?? argon2Hasher;
  }

  private now(): Date {
    return this.deps.clock.now();
  }

  private at(offsetMs = 0): string {
    return new Date(this.now().getTime() + offsetMs).toISOString();
  }

  /** The first administrator (`rapport admin create-user`) or anyone an administrator adds directly. */
  async createUser(input: NewUser): Promise<{ user: SessionUser; setPasswordToken: string | null }> {
    const email = parseEmail(input.email);
    const role = roleSchema.parse(input.role);
    const passwordHash = input.password === null ? null : await this.hasher.hash(input.password);
    const now = this.at();
    const userId = this.deps.ids.newId();
    const setPasswordToken = input.password === null ? newToken() : null;
    await this.deps.db.kysely.transaction().execute(async (trx) => {
      if (await this.repo.userByEmail(trx, email)) throw new ConflictError(`An account with the email ${email} exists already`);
      let organization = await this.repo.organizationByName(trx, input.organizationName);
      if (!organization) {
        organization = { id: this.deps.ids.newId(), name: input.organizationName };
        await this.repo.insertOrganization(trx, { ...organization, created_at: now });
      }
      await this.insertAccount(trx, { userId, email, displayName: input.displayName, passwordHash, organizationId: organization.id, role, now });
      if (setPasswordToken) {
        await this.repo.insertReset(trx, { token_hash: hashToken(setPasswordToken), user_id: userId, issued_by: null, created_at: now, expires_at: this.at(ACCOUNT_LIMITS.resetMs) });
      }
    });
    return { user: await this.sessionUser(userId), setPasswordToken };
  }

  private async insertAccount(
    trx: Transaction<Database>,
    a: { userId: string; email: string; displayName: string; passwordHash: string | null; organizationId: string; role: Role; now: string },
  ): Promise<void> {
    const workspaceId = this.deps.ids.newId();
    await this.workspaces.insert(trx, { id: workspaceId, name: `${a.displayName}'s job search`, created_at: a.now });
    await this.repo.insertUser(trx, {
      id: a.userId,
      email: a.email,
      display_name: a.displayName,
      password_hash: a.passwordHash,
      workspace_id: workspaceId,
      disabled_at: null,
      created_at: a.now,
      updated_at: a.now,
    });
    await this.repo.insertMembership(trx, { organization_id: a.organizationId, user_id: a.userId, role: a.role, created_at: a.now });
  }

  /**
   * Signs in: a new session token for the cookie. Unknown address, wrong password, no password
   * set yet or a disabled account all take the same time and get the same answer; an address
   * with too many recent failures is refused for a while, whether or not it has an account.
   */
  async login(input: { email: string; password: string; userAgent?: string | null }): Promise<{ token: string; auth: AuthContext }> {
    const key = input.email.trim().toLowerCase();
    const db = this.deps.db.kysely;
    const since = this.at(-ACCOUNT_LIMITS.failureWindowMs);
    if ((await this.repo.countLoginFailures(db, key, since)) >= ACCOUNT_LIMITS.failuresPerAccount) {
      throw new TooManyError('Too many failed sign-ins for this email: wait 15 minutes, or ask your administrator for a reset link', ACCOUNT_LIMITS.failureWindowMs / 1000);
    }
    const user = await this.repo.userByEmail(db, key);
    const ok = await this.hasher.verify(user?.password_hash ?? (await this.fakeHash()), input.password);
    if (!user || !ok || user.password_hash === null || user.disabled_at !== null) {
      await this.repo.insertLoginFailure(db, { id: this.deps.ids.newId(), account_key: key, at: this.at() });
      throw new UnauthorizedError(WRONG);
    }
    await this.repo.clearLoginFailures(db, key);
    return this.openSession(user.id, input.userAgent ?? null);
  }

  /** Verifying against a hash of nothing makes an unknown address cost what a known one does. */
  private fakeHash(): Promise<string> {
    this.dummyHash ??= this.hasher.hash(newToken());
    return this.dummyHash;
  }

  private async openSession(userId: string, userAgent: string | null): Promise<{ token: string; auth: AuthContext }> {
    const token = newToken();
    const now = this.at();
    const db = this.deps.db.kysely;
    await this.repo.insertSession(db, {
      id: hashToken(token),
      user_id: userId,
      created_at: now,
      last_seen_at: now,
      expires_at: this.at(ACCOUNT_LIMITS.sessionIdleMs),
      user_agent: userAgent?.slice(0, 300) ?? null,
    });
    const auth = await this.authenticate(token);
    if (!auth) throw new Error('a new session did not authenticate');
    return { token, auth };
  }

  /** The session a cookie names, or null (unknown, expired, signed out, disabled account). */
  async authenticate(token: string): Promise<AuthContext | null> {
    if (!token || token.length > 200) return null;
    const db = this.deps.db.kysely;
    const row = await this.repo.sessionWithUser(db, hashToken(token));
    const now = this.now();
    if (!row || row.disabled_at !== null || Date.parse(row.expires_at) <= now.getTime()) return null;
    if (now.getTime() - Date.parse(row.last_seen_at) >= ACCOUNT_LIMITS.sessionTouchMs) {
      await this.repo.touchSession(db, row.id, now.toISOString(), this.at(ACCOUNT_LIMITS.sessionIdleMs));
    }
    return { sessionId: row.id, userId: row.user_id, workspaceId: row.workspace_id, email: row.email, displayName: row.display_name };
  }

  async sessionUser(userId: string): Promise<SessionUser> {
    const db = this.deps.db.kysely;
    const user = await this.repo.userById(db, userId);
    if (!user) throw new NotFoundError('User', userId);
    const memberships = await this.repo.membershipsOf(db, userId);
    return {
      id: user.id,
      email: user.email,
      displayName: user.display_name,
      memberships: memberships.map((m) => ({ organizationId: m.organization_id, organizationName: m.organization_name, role: roleSchema.parse(m.role) })),
    };
  }

  async logout(auth: AuthContext): Promise<void> {
    await this.repo.deleteSession(this.deps.db.kysely, auth.sessionId);
  }

  /** Ends every session of the account, this one included: "sign out everywhere". */
  async logoutEverywhere(auth: AuthContext): Promise<number> {
    return this.repo.deleteSessionsOf(this.deps.db.kysely, auth.userId);
  }

  async activeSessions(auth: AuthContext): Promise<number> {
    return this.repo.countSessionsOf(this.deps.db.kysely, auth.userId, this.at());
  }

  async changePassword(auth: AuthContext, currentPassword: string, newPassword: string): Promise<void> {
    const db = this.deps.db.kysely;
    const user = await this.repo.userById(db, auth.userId);
    if (!user?.password_hash || !(await this.hasher.verify(user.password_hash, currentPassword))) {
      throw new InvalidError('The current password is wrong', [{ path: 'currentPassword', message: 'Wrong password' }]);
    }
    const hashed = await this.hasher.hash(newPassword);
    await db.transaction().execute(async (trx) => {
      await this.repo.setPassword(trx, auth.userId, hashed, this.at());
      // Other devices signed in with the old password are signed out; this one stays.
      await this.repo.deleteSessionsOf(trx, auth.userId, auth.sessionId);
    });
  }

  // Administration: only an organization's administrators; anyone else learns nothing about it.
  private async requireAdmin(auth: AuthContext, organizationId: string): Promise<void> {
    const membership = await this.repo.membership(this.deps.db.kysely, organizationId, auth.userId);
    if (!membership) throw new NotFoundError('Organization', organizationId);
    if (membership.role !== 'admin') throw new ForbiddenError('Only an administrator of this organization may do that');
  }

  async invite(auth: AuthContext, organizationId: string, input: InvitationCreate): Promise<{ token: string; invitation: Invitation }> {
    await this.requireAdmin(auth, organizationId);
    const token = newToken();
    const row = {
      id: this.deps.ids.newId(),
      organization_id: organizationId,
      email: input.email,
      role: input.role,
      token_hash: hashToken(token),
      invited_by: auth.userId,
      created_at: this.at(),
      expires_at: this.at(ACCOUNT_LIMITS.invitationMs),
      accepted_at: null,
      revoked_at: null,
    };
    await this.repo.insertInvitation(this.deps.db.kysely, row);
    return { token, invitation: toInvitation(row) };
  }

  async invitations(auth: AuthContext, organizationId: string): Promise<Invitation[]> {
    await this.requireAdmin(auth, organizationId);
    return (await this.repo.invitations(this.deps.db.kysely, organizationId)).map(toInvitation);
  }

  async revokeInvitation(auth: AuthContext, organizationId: string, invitationId: string): Promise<void> {
    await this.requireAdmin(auth, organizationId);
    if (!(await this.repo.revokeInvitation(this.deps.db.kysely, organizationId, invitationId, this.at()))) {
      throw new NotFoundError('Open invitation', invitationId);
    }
  }

  async members(auth: AuthContext, organizationId: string): Promise<Member[]> {
    await this.requireAdmin(auth, organizationId);
    const rows = await this.repo.members(this.deps.db.kysely, organizationId);
    return rows.map((r) => ({ userId: r.id, email: r.email, displayName: r.display_name, role: roleSchema.parse(r.role), disabled: r.disabled_at !== null, createdAt: r.created_at }));
  }

  /** An open invitation as its link shows it; any other token (used, revoked, expired, made up) is the same 404. */
  async invitationPreview(token: string): Promise<{ email: string; role: Role; organizationName: string; expiresAt: string }> {
    const invitation = await this.openInvitation(token);
    return { email: invitation.email, role: roleSchema.parse(invitation.role), organizationName: invitation.organization_name, expiresAt: invitation.expires_at };
  }

  private async openInvitation(token: string) {
    const invitation = await this.repo.invitationByTokenHash(this.deps.db.kysely, hashToken(token));
    if (!invitation || invitation.accepted_at !== null || invitation.revoked_at !== null || Date.parse(invitation.expires_at) <= this.now().getTime()) {
      throw new NotFoundError('Invitation', 'link');
    }
    return invitation;
  }

  /** Sign-up: only through an open invitation. Creates the account and its workspace and signs in. */
  async acceptInvitation(input: InvitationAccept, userAgent: string | null): Promise<{ token: string; auth: AuthContext }> {
    const invitation = await this.openInvitation(input.token);
    const passwordHash = await this.hasher.hash(input.password);
    const userId = this.deps.ids.newId();
    const now = this.at();
    await this.deps.db.kysely.transaction().execute(async (trx) => {
      if (!(await this.repo.acceptInvitation(trx, invitation.id, now))) throw new NotFoundError('Invitation', 'link');
      if (await this.repo.userByEmail(trx, invitation.email)) {
        throw new ConflictError('This email has an account already: sign in, or ask your administrator for a reset link');
      }
      await this.insertAccount(trx, {
        userId,
        email: invitation.email,
        displayName: input.displayName,
        passwordHash,
        organizationId: invitation.organization_id,
        role: roleSchema.parse(invitation.role),
        now,
      });
    });
    return this.openSession(userId, userAgent);
  }

  /** A single-use link that sets a new password, issued by an administrator of the person's organization. */
  async issueReset(auth: AuthContext, organizationId: string, userId: string): Promise<{ token: string; expiresAt: string }> {
    await this.requireAdmin(auth, organizationId);
    const db = this.deps.db.kysely;
    if (!(await this.repo.membership(db, organizationId, userId))) throw new NotFoundError('Member', userId);
    const token = newToken();
    const expiresAt = this.at(ACCOUNT_LIMITS.resetMs);
    await this.repo.insertReset(db, { token_hash: hashToken(token), user_id: userId, issued_by: auth.userId, created_at: this.at(), expires_at: expiresAt });
    return { token, expiresAt };
  }

  /** Uses a reset link once: sets the password and signs the account out everywhere. */
  async resetPassword(token: string, password: string): Promise<void> {
    const hashed = await this.hasher.hash(password);
    await this.deps.db.kysely.transaction().execute(async (trx) => {
      const userId = await this.repo.useReset(trx, hashToken(token), this.at());
      if (!userId) throw new NotFoundError('Reset link', 'link');
      await this.repo.setPassword(trx, userId, hashed, this.at());
      await this.repo.deleteSessionsOf(trx, userId);
      const user = await this.repo.userById(trx, userId);
      if (user) await this.repo.clearLoginFailures(trx, user.email);
    });
  }

  /** Whether this database serves accounts (server mode has begun on it). */
  async hasAccounts(): Promise<boolean> {
    return (await this.repo.countUsers(this.deps.db.kysely)) > 0;
  }
}

function parseEmail(value: string): string {
  const parsed = emailSchema.safeParse(value);
  if (!parsed.success) throw new InvalidError(`Invalid email: ${parsed.error.issues[0]?.message ?? 'invalid'}`, [{ path: 'email', message: parsed.error.issues[0]?.message ?? 'Invalid' }]);
  return parsed.data;
}

function toInvitation(row: { id: string; email: string; role: string; created_at: string; expires_at: string; accepted_at: string | null; revoked_at: string | null }): Invitation {
  return {
    id: row.id,
    email: row.email,
    role: roleSchema.parse(row.role),
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    acceptedAt: row.accepted_at,
    revokedAt: row.revoked_at,
  };
}
