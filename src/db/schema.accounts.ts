/**
 * Server mode's account tables (migration 20261220_0900_accounts). They belong to an account or
 * an organization, not to a workspace; each user owns one workspace (`users.workspace_id`).
 */
export interface AccountOrganizationTable {
  id: string;
  name: string;
  created_at: string;
}

export interface UserTable {
  id: string;
  email: string;
  display_name: string;
  password_hash: string | null;
  workspace_id: string;
  disabled_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface MembershipTable {
  organization_id: string;
  user_id: string;
  role: string;
  created_at: string;
}

export interface InvitationTable {
  id: string;
  organization_id: string;
  email: string;
  role: string;
  token_hash: string;
  invited_by: string | null;
  created_at: string;
  expires_at: string;
  accepted_at: string | null;
  revoked_at: string | null;
}

export interface SessionTable {
  id: string;
  user_id: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  user_agent: string | null;
}

export interface PasswordResetTable {
  token_hash: string;
  user_id: string;
  issued_by: string | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface LoginFailureTable {
  id: string;
  account_key: string;
  at: string;
}

export interface ShareTable {
  seeker_id: string;
  coach_id: string;
  level: string;
  created_at: string;
  updated_at: string;
}

export interface CoachViewTable {
  id: string;
  seeker_id: string;
  coach_id: string;
  what: string;
  record_id: string | null;
  at: string;
}

export interface CoachNoteTable {
  id: string;
  coach_id: string;
  seeker_id: string;
  body: string;
  created_at: string;
}

export interface AccountTables {
  account_organizations: AccountOrganizationTable;
  users: UserTable;
  memberships: MembershipTable;
  invitations: InvitationTable;
  sessions: SessionTable;
  password_resets: PasswordResetTable;
  login_failures: LoginFailureTable;
  shares: ShareTable;
  coach_views: CoachViewTable;
  coach_notes: CoachNoteTable;
}

/** Tables that hold accounts, not a workspace's data: never in a workspace backup. */
export const ACCOUNT_TABLES: readonly (keyof AccountTables)[] = [
  'account_organizations',
  'users',
  'memberships',
  'invitations',
  'sessions',
  'password_resets',
  'login_failures',
  'shares',
  'coach_views',
  'coach_notes',
];
