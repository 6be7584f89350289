import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { AccountTables } from './schema.accounts.js';

/**
 * The tables as Kysely sees them. Portable types only: text ids, ISO-8601 UTC timestamps as
 * text (they sort correctly as strings on both engines), integers for booleans and JSON as text
 * behind the repositories' mappers.
 */
export interface WorkspaceTable {
  id: string;
  name: string;
  /** JSON: playbook settings and profile preferences; missing keys take the defaults. */
  settings: Generated<string>;
  /** Secret of the calendar feed URL; rotating it revokes every subscription. */
  calendar_token: string | null;
  playbook_computed_at: string | null;
  data_version: Generated<number>;
  playbook_version: number | null;
  /** JSON: what the last computation found (things in the works), for Today without recomputing. */
  playbook_summary: string | null;
  created_at: string;
}

export interface OrganizationTable {
  id: string;
  workspace_id: string;
  name: string;
  /** Folded name: one organization per name per workspace, whatever the case or accents. */
  name_key: string;
  website: string | null;
  industry: string | null;
  location: string | null;
  notes: string | null;
  version: Generated<number>;
  deleted_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface ContactTable {
  id: string;
  workspace_id: string;
  given_name: string;
  family_name: string;
  display_name: string;
  sort_name: string;
  emails: string;
  phones: string;
  linkedin_url: string | null;
  organization_id: string | null;
  title: string | null;
  location: string | null;
  notes: string | null;
  shared_interests: string;
  how_we_met: string | null;
  introduced_by_id: string | null;
  search_text: string;
  version: number;
  /** Set when deleted with "keep the history": gone from lists, still named in the history. */
  deleted_at: string | null;
  /** Latest done conversation or event with them; maintained by the services that change those. */
  last_interaction_at: string | null;
  cadence_ideal_days: number | null;
  cadence_max_days: number | null;
  /** The name as the person writes it (vCard FN), when it is more than given + family name; shown instead. */
  full_name: string | null;
  /** The department within the organization (vCard ORG's unit). */
  department: string | null;
  created_at: string;
  updated_at: string;
}

export interface ContactTagTable {
  workspace_id: string;
  contact_id: string;
  tag: string;
  tag_key: string;
}

export interface TargetTable {
  organization_id: string;
  workspace_id: string;
  rank: number;
  motivation: number;
  posting: number;
  status: string;
  suggested_by_id: string | null;
  suggested_in_conversation_id: string | null;
  notes: string | null;
  version: Generated<number>;
  added_at: string;
  updated_at: string;
}

export interface EventTable {
  id: string;
  workspace_id: string;
  name: string;
  kind: string;
  starts_at: string;
  time_zone: string;
  place: string | null;
  notes: string | null;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface EventAttendeeTable {
  workspace_id: string;
  event_id: string;
  contact_id: string;
}

export interface ConversationTable {
  id: string;
  workspace_id: string;
  kind: string;
  status: string;
  starts_at: string;
  time_zone: string;
  duration_minutes: number | null;
  title: string | null;
  location: string | null;
  notes: string | null;
  direction: string;
  awaiting_reply: number;
  replied_at: string | null;
  organization_id: string | null;
  event_id: string | null;
  opportunity_id: string | null;
  interview_round: number | null;
  feedback: string | null;
  next_steps: string | null;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface ConversationParticipantTable {
  workspace_id: string;
  conversation_id: string;
  contact_id: string;
  role: string;
}

/** Where an imported conversation came from (a mail message, a calendar event): hashed keys only. */
export interface ConversationSourceTable {
  workspace_id: string;
  /** `mail:` or `ics:` and a hash of the Message-ID or the event's UID and occurrence. */
  source_key: string;
  conversation_id: string;
  /** The invitation's SEQUENCE (0 for mail). */
  sequence: number;
  created_at: string;
}

export interface ReferralTable {
  id: string;
  workspace_id: string;
  from_contact_id: string;
  to_contact_id: string | null;
  to_organization_id: string | null;
  conversation_id: string | null;
  status: string;
  note: string | null;
  offered_at: string;
  status_changed_at: string;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface AdviceItemTable {
  id: string;
  workspace_id: string;
  contact_id: string;
  conversation_id: string | null;
  kind: string;
  title: string;
  notes: string | null;
  status: string;
  done_at: string | null;
  update_sent_at: string | null;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface ContactChangeTable {
  id: string;
  workspace_id: string;
  contact_id: string;
  at: string;
  /** JSON: { field: [before, after] } */
  changes: string;
}

export interface ActionTable {
  id: string;
  workspace_id: string;
  key: string | null;
  rule_id: string | null;
  title: string;
  reason: string;
  due_on: string;
  channel: string;
  template_id: string | null;
  subjects: string;
  recipients: string;
  template_context: string | null;
  note: string | null;
  status: string;
  snoozed_until: string | null;
  completed_at: string | null;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
  /** Server mode: the name of the coach who suggested this action (null: the playbook's or the seeker's own). */
  suggested_by: ColumnType<string | null, string | null | undefined, string | null>;
  /** Server mode: that coach's account (users.id), what their suggestions are matched on. */
  suggested_by_user_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface ActionSubjectTable {
  workspace_id: string;
  action_id: string;
  record_type: string;
  record_id: string;
}

/** Which record changed, written by triggers (db/dialects/change-log.ts); a null record id means "reload everything". */
export interface ChangeLogTable {
  seq: Generated<number>;
  workspace_id: string;
  table_name: string;
  record_id: string | null;
}

export interface ChangeLogStateTable {
  workspace_id: string;
  bulk_write: Generated<number>;
  pruned_through: Generated<number>;
}

/** A background job (an import between its preview and its end), shared by every server process. */
export interface BackgroundJobTable {
  id: string;
  workspace_id: string;
  kind: string;
  status: string;
  processed: number;
  total: number;
  state: string;
  result: string | null;
  error: string | null;
  failure: string | null;
  created_at: string;
  touched_at: string;
}

/** An uploaded file waiting for its import, in parts (server mode; local mode keeps them in a temporary folder). */
export interface StagedFileTable {
  id: string;
  part: number;
  bytes: Uint8Array;
  created_at: string;
}

export interface OpportunityTable {
  id: string;
  workspace_id: string;
  organization_id: string;
  title: string;
  /** posting | hidden-job | referral | converted */
  source: string;
  referrer_contact_id: string | null;
  /** lead | applied | screening | interviewing | offer | accepted | rejected | withdrawn | converted */
  stage: string;
  stage_changed_at: string;
  board_position: number;
  competing_candidates: number | null;
  not_a_fit: number;
  rapport_interviewer_id: string | null;
  posting_url: string | null;
  notes: string | null;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface OpportunityStageChangeTable {
  id: string;
  workspace_id: string;
  opportunity_id: string;
  from_stage: string | null;
  to_stage: string;
  at: string;
}

export interface OpportunityInterviewerTable {
  workspace_id: string;
  opportunity_id: string;
  contact_id: string;
}

/** Server mode's account tables are in schema.accounts.ts. */
export interface Database extends AccountTables {
  workspaces: WorkspaceTable;
  organizations: OrganizationTable;
  contacts: ContactTable;
  contact_tags: ContactTagTable;
  targets: TargetTable;
  events: EventTable;
  event_attendees: EventAttendeeTable;
  conversations: ConversationTable;
  conversation_participants: ConversationParticipantTable;
  conversation_sources: ConversationSourceTable;
  referrals: ReferralTable;
  advice_items: AdviceItemTable;
  contact_changes: ContactChangeTable;
  actions: ActionTable;
  action_subjects: ActionSubjectTable;
  change_log: ChangeLogTable;
  change_log_state: ChangeLogStateTable;
  background_jobs: BackgroundJobTable;
  staged_files: StagedFileTable;
  opportunities: OpportunityTable;
  opportunity_stage_changes: OpportunityStageChangeTable;
  opportunity_interviewers: OpportunityInterviewerTable;
}

export type ContactRow = Selectable<ContactTable>;
export type NewContactRow = Insertable<ContactTable>;
export type ContactRowUpdate = Updateable<ContactTable>;
export type OrganizationRow = Selectable<OrganizationTable>;
// Re-exported so that repositories import column helpers from one place.
export type { ColumnType, Generated };
