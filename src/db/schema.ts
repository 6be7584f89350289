import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/**
 * The tables as Kysely sees them. Portable types only: text ids, ISO-8601 UTC timestamps as
 * text (they sort correctly as strings on both engines), integers for booleans and JSON as text
 * behind the repositories' mappers.
 */
export interface WorkspaceTable {
  id: string;
  name: string;
  created_at: string;
}

export interface OrganizationTable {
  id: string;
  workspace_id: string;
  name: string;
  /** Folded name: one organization per name per workspace, whatever the case or accents. */
  name_key: string;
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
  created_at: string;
  updated_at: string;
}

export interface ContactTagTable {
  workspace_id: string;
  contact_id: string;
  tag: string;
  tag_key: string;
}

export interface Database {
  workspaces: WorkspaceTable;
  organizations: OrganizationTable;
  contacts: ContactTable;
  contact_tags: ContactTagTable;
}

export type ContactRow = Selectable<ContactTable>;
export type NewContactRow = Insertable<ContactTable>;
export type ContactRowUpdate = Updateable<ContactTable>;
export type OrganizationRow = Selectable<OrganizationTable>;
// Re-exported so that repositories import column helpers from one place.
export type { ColumnType, Generated };
