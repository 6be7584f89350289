import type { Db } from '../../src/db/database.js';
import { uuidV7Ids } from '../../src/services/runtime.js';

/**
 * Rows the conversation and referral services will own, written directly so that the
 * organization and target suites can set up history before those services exist.
 */
export async function insertConversation(
  db: Db,
  workspaceId: string,
  input: { status: 'scheduled' | 'done' | 'cancelled'; startsAt: string; organizationId?: string | null; participantIds?: string[] },
): Promise<string> {
  const id = uuidV7Ids.newId();
  await db.kysely
    .insertInto('conversations')
    .values({
      id,
      workspace_id: workspaceId,
      kind: 'networking-meeting',
      status: input.status,
      starts_at: input.startsAt,
      time_zone: 'UTC',
      direction: 'mutual',
      awaiting_reply: 0,
      organization_id: input.organizationId ?? null,
      created_at: input.startsAt,
      updated_at: input.startsAt,
    })
    .execute();
  for (const contactId of input.participantIds ?? []) {
    await db.kysely.insertInto('conversation_participants').values({ workspace_id: workspaceId, conversation_id: id, contact_id: contactId, role: 'participant' }).execute();
  }
  return id;
}

export async function insertReferral(
  db: Db,
  workspaceId: string,
  input: { fromContactId: string; toContactId?: string | null; toOrganizationId?: string | null; status: string },
): Promise<string> {
  const id = uuidV7Ids.newId();
  const at = '2026-01-01T00:00:00.000Z';
  await db.kysely
    .insertInto('referrals')
    .values({
      id,
      workspace_id: workspaceId,
      from_contact_id: input.fromContactId,
      to_contact_id: input.toContactId ?? null,
      to_organization_id: input.toOrganizationId ?? null,
      status: input.status,
      offered_at: at,
      status_changed_at: at,
      created_at: at,
      updated_at: at,
    })
    .execute();
  return id;
}

/** What "delete a contact, keep the history" will do once the contact service offers it. */
export async function softDeleteContact(db: Db, workspaceId: string, contactId: string): Promise<void> {
  await db.kysely.updateTable('contacts').set({ deleted_at: '2026-01-01T00:00:00.000Z' }).where('workspace_id', '=', workspaceId).where('id', '=', contactId).execute();
}
