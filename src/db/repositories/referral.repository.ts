import { sql, type Kysely, type Transaction } from 'kysely';
import { isAhead } from '../../domain/referral-progress.js';
import type { Database } from '../schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

/** A referral that something which happened may move forward. */
export interface ReferralCandidateRow {
  id: string;
  status: string;
  from_contact_id: string;
  to_contact_id: string | null;
  to_organization_id: string | null;
}

/**
 * The referral SQL that conversations and opportunities share: finding the referrals an event
 * concerns, and moving them forward. Moving forward lives here once, so every path that moves a
 * referral makes a new version of it (an edit opened on the old one is then refused, not
 * silently undone) and never moves one backwards. Every query is scoped to one workspace.
 */
export class ReferralRepository {
  /** Referrals to any of these people, or to this organization. */
  async toPeopleOrOrganization(
    db: Executor,
    workspaceId: string,
    to: { contactIds: readonly string[]; organizationId: string | null },
  ): Promise<ReferralCandidateRow[]> {
    if (to.contactIds.length === 0 && to.organizationId === null) return [];
    return db
      .selectFrom('referrals')
      .select(['id', 'status', 'from_contact_id', 'to_contact_id', 'to_organization_id'])
      .where('workspace_id', '=', workspaceId)
      .where((eb) => {
        const ors = [];
        if (to.contactIds.length > 0) ors.push(eb('to_contact_id', 'in', [...to.contactIds]));
        if (to.organizationId !== null) ors.push(eb('to_organization_id', '=', to.organizationId));
        return eb.or(ors);
      })
      .execute();
  }

  /**
   * Moves each referral that is behind `next` to it, dated `happenedAt`; ones already at or
   * past it stay. Returns how many moved.
   */
  async advance(db: Executor, workspaceId: string, referrals: readonly Pick<ReferralCandidateRow, 'id' | 'status'>[], next: string, happenedAt: string, nowIso: string): Promise<number> {
    const behind = referrals.filter((r) => isAhead(next, r.status)).map((r) => r.id);
    if (behind.length === 0) return 0;
    const result = await db
      .updateTable('referrals')
      .set({ status: next, status_changed_at: happenedAt, updated_at: nowIso, version: sql<number>`version + 1` })
      .where('workspace_id', '=', workspaceId)
      .where('id', 'in', behind)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /**
   * The names offered in a conversation were offered when it happened: when it moves to another
   * time, they move with it (those still dated as it was; a new version of each).
   */
  async redateOffers(db: Executor, workspaceId: string, conversationId: string, from: string, to: string, nowIso: string): Promise<number> {
    const result = await db
      .updateTable('referrals')
      .set({ offered_at: to, updated_at: nowIso, version: sql<number>`version + 1` })
      .where('workspace_id', '=', workspaceId)
      .where('conversation_id', '=', conversationId)
      .where('offered_at', '=', from)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }
}
