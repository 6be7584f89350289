import { sql } from 'kysely';
import type { Db } from '../../src/db/database.js';
import type { PlaybookInput } from '../../src/domain/playbook/playbook.types.js';
import { buildSearchText, foldText, nameSortKey } from '../../src/domain/text.js';

/**
 * Writes a synthetic workspace (from the playbook's `buildSyntheticWorkspace`) into a real
 * database with multi-row inserts, so that benchmarks measure Today, lists and search on
 * 30,000 contacts and 150,000 conversations as a user would have them.
 */
export async function seedWorkspace(db: Db, workspaceId: string, input: PlaybookInput): Promise<void> {
  const k = db.kysely;
  const now = input.now;
  const batch = async <T>(rows: T[], size: number, insert: (chunk: T[]) => Promise<unknown>) => {
    for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
  };
  const lastInteraction = new Map<string, string>();
  for (const c of input.conversations) {
    if (c.status !== 'done' || c.startsAt > now) continue;
    for (const p of c.participantIds) {
      const prev = lastInteraction.get(p);
      if (!prev || c.startsAt > prev) lastInteraction.set(p, c.startsAt);
    }
  }
  await k.transaction().execute(async (trx) => {
    await batch(input.organizations, 500, (chunk) =>
      trx
        .insertInto('organizations')
        .values(chunk.map((o) => ({ id: o.id, workspace_id: workspaceId, name: o.name, name_key: foldText(`${o.name} ${o.id}`), website: null, industry: null, location: null, notes: null, deleted_at: null, created_at: now, updated_at: now })))
        .execute(),
    );
    const targets = input.organizations.filter((o) => o.target);
    await batch(targets, 500, (chunk) =>
      trx
        .insertInto('targets')
        .values(chunk.map((o) => ({ organization_id: o.id, workspace_id: workspaceId, rank: o.target?.rank ?? 1, motivation: o.target?.motivation ?? 2, posting: o.target?.posting ?? 1, status: o.target?.status === 'active' ? 'researching' : (o.target?.status ?? 'researching'), suggested_by_id: null, suggested_in_conversation_id: null, notes: null, added_at: now, updated_at: now })))
        .execute(),
    );
    const orgName = new Map(input.organizations.map((o) => [o.id, o.name]));
    await batch(input.contacts, 400, (chunk) =>
      trx
        .insertInto('contacts')
        .values(
          chunk.map((c) => {
            const [given, ...rest] = c.displayName.split(' ');
            const family = rest.join(' ');
            return {
              id: c.id,
              workspace_id: workspaceId,
              given_name: given ?? '',
              family_name: family,
              display_name: c.displayName,
              sort_name: nameSortKey(given ?? '', family),
              emails: '[]',
              phones: '[]',
              linkedin_url: null,
              organization_id: c.organizationId,
              title: null,
              location: null,
              notes: null,
              shared_interests: '[]',
              how_we_met: null,
              introduced_by_id: null,
              search_text: buildSearchText([c.displayName, c.organizationId ? orgName.get(c.organizationId) : null]),
              version: 1,
              deleted_at: null,
              last_interaction_at: lastInteraction.get(c.id) ?? null,
              cadence_ideal_days: c.cadence?.idealDays ?? null,
              cadence_max_days: c.cadence?.maxDays ?? null,
              created_at: c.createdAt,
              updated_at: c.createdAt,
            };
          }),
        )
        .execute(),
    );
    await batch(input.conversations, 500, (chunk) =>
      trx
        .insertInto('conversations')
        .values(
          chunk.map((c) => ({
            id: c.id,
            workspace_id: workspaceId,
            kind: c.kind,
            status: c.status,
            starts_at: c.startsAt,
            time_zone: 'UTC',
            duration_minutes: null,
            title: null,
            location: null,
            notes: null,
            direction: c.direction,
            awaiting_reply: c.awaitingReply ? 1 : 0,
            replied_at: c.repliedAt,
            organization_id: null,
            event_id: null,
            opportunity_id: null,
            interview_round: c.interviewRound,
            feedback: null,
            next_steps: null,
            created_at: c.startsAt,
            updated_at: c.startsAt,
          })),
        )
        .execute(),
    );
    const participants = input.conversations.flatMap((c) => [...new Set(c.participantIds)].map((contact_id) => ({ workspace_id: workspaceId, conversation_id: c.id, contact_id, role: 'participant' })));
    await batch(participants, 800, (chunk) => trx.insertInto('conversation_participants').values(chunk).execute());
    await batch(input.referrals, 500, (chunk) =>
      trx
        .insertInto('referrals')
        .values(chunk.map((r) => ({ id: r.id, workspace_id: workspaceId, from_contact_id: r.fromContactId, to_contact_id: r.toContactId, to_organization_id: r.toOrganizationId, conversation_id: null, status: r.status, note: null, offered_at: r.offeredAt, status_changed_at: r.statusChangedAt, created_at: r.offeredAt, updated_at: r.statusChangedAt })))
        .execute(),
    );
    await batch(input.advice, 500, (chunk) =>
      trx
        .insertInto('advice_items')
        .values(chunk.map((a) => ({ id: a.id, workspace_id: workspaceId, contact_id: a.contactId, conversation_id: null, kind: a.kind, title: a.title, notes: null, status: a.status, done_at: a.doneAt, update_sent_at: a.updateSentAt, created_at: now, updated_at: now })))
        .execute(),
    );
  });
  // A real database has its statistics kept by autovacuum (PostgreSQL) or by `optimize` after
  // an import and on every start (SQLite); a bulk load needs them now.
  if (db.engine === 'postgres') await sql`vacuum analyze`.execute(k);
  else await db.optimize();
}
