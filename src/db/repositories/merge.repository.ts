import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../schema.js';
import { likeContains } from './json.js';

type Executor = Kysely<Database> | Transaction<Database>;

export interface MovedHistory {
  conversations: number;
  events: number;
  referrals: number;
  advice: number;
  targets: number;
  introduced: number;
  changes: number;
  actions: number;
  opportunities: number;
}

const n = (result: { numUpdatedRows?: bigint; numDeletedRows?: bigint }) => Number(result.numUpdatedRows ?? result.numDeletedRows ?? 0);

/** The SQL of merging one contact into another: every row that points at the other moves to the kept one. */
export class MergeRepository {
  async organizationNames(db: Executor, workspaceId: string, ids: ReadonlyArray<string | null>): Promise<Map<string, string>> {
    const wanted = ids.filter((id): id is string => Boolean(id));
    if (wanted.length === 0) return new Map();
    const rows = await db.selectFrom('organizations').select(['id', 'name']).where('workspace_id', '=', workspaceId).where('id', 'in', wanted).execute();
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  /**
   * Moves the history of `otherId` to `keepId`. Where both took part in the same conversation
   * or event (or are subjects of the same action), the other's row is dropped instead of
   * moved: the primary keys allow each person once.
   */
  async moveHistory(db: Executor, workspaceId: string, keepId: string, otherId: string): Promise<MovedHistory> {
    const ws = workspaceId;

    const conversationsBoth = await db
      .deleteFrom('conversation_participants')
      .where('workspace_id', '=', ws)
      .where('contact_id', '=', otherId)
      .where('conversation_id', 'in', (eb) => eb.selectFrom('conversation_participants').select('conversation_id').where('workspace_id', '=', ws).where('contact_id', '=', keepId))
      .executeTakeFirst();
    const conversationsMoved = await db.updateTable('conversation_participants').set({ contact_id: keepId }).where('workspace_id', '=', ws).where('contact_id', '=', otherId).executeTakeFirst();

    const eventsBoth = await db
      .deleteFrom('event_attendees')
      .where('workspace_id', '=', ws)
      .where('contact_id', '=', otherId)
      .where('event_id', 'in', (eb) => eb.selectFrom('event_attendees').select('event_id').where('workspace_id', '=', ws).where('contact_id', '=', keepId))
      .executeTakeFirst();
    const eventsMoved = await db.updateTable('event_attendees').set({ contact_id: keepId }).where('workspace_id', '=', ws).where('contact_id', '=', otherId).executeTakeFirst();

    const referralsFrom = await db.updateTable('referrals').set({ from_contact_id: keepId }).where('workspace_id', '=', ws).where('from_contact_id', '=', otherId).executeTakeFirst();
    const referralsTo = await db.updateTable('referrals').set({ to_contact_id: keepId }).where('workspace_id', '=', ws).where('to_contact_id', '=', otherId).executeTakeFirst();
    // A referral between the two is now one person introducing themselves: it means nothing.
    await db.deleteFrom('referrals').where('workspace_id', '=', ws).where('from_contact_id', '=', keepId).where('to_contact_id', '=', keepId).execute();

    const advice = await db.updateTable('advice_items').set({ contact_id: keepId }).where('workspace_id', '=', ws).where('contact_id', '=', otherId).executeTakeFirst();
    const targets = await db.updateTable('targets').set({ suggested_by_id: keepId }).where('workspace_id', '=', ws).where('suggested_by_id', '=', otherId).executeTakeFirst();
    const introduced = await db
      .updateTable('contacts')
      .set({ introduced_by_id: keepId })
      .where('workspace_id', '=', ws)
      .where('introduced_by_id', '=', otherId)
      .where('id', '!=', keepId)
      .executeTakeFirst();
    // The kept contact cannot have been introduced by themselves.
    await db.updateTable('contacts').set({ introduced_by_id: null }).where('workspace_id', '=', ws).where('id', '=', keepId).where('introduced_by_id', '=', otherId).execute();
    const changes = await db.updateTable('contact_changes').set({ contact_id: keepId }).where('workspace_id', '=', ws).where('contact_id', '=', otherId).executeTakeFirst();

    const interviewersBoth = await db
      .deleteFrom('opportunity_interviewers')
      .where('workspace_id', '=', ws)
      .where('contact_id', '=', otherId)
      .where('opportunity_id', 'in', (eb) => eb.selectFrom('opportunity_interviewers').select('opportunity_id').where('workspace_id', '=', ws).where('contact_id', '=', keepId))
      .executeTakeFirst();
    const interviewersMoved = await db.updateTable('opportunity_interviewers').set({ contact_id: keepId }).where('workspace_id', '=', ws).where('contact_id', '=', otherId).executeTakeFirst();
    const referred = await db.updateTable('opportunities').set({ referrer_contact_id: keepId }).where('workspace_id', '=', ws).where('referrer_contact_id', '=', otherId).executeTakeFirst();
    const rapportWith = await db.updateTable('opportunities').set({ rapport_interviewer_id: keepId }).where('workspace_id', '=', ws).where('rapport_interviewer_id', '=', otherId).executeTakeFirst();

    const subjectsBoth = await db
      .deleteFrom('action_subjects')
      .where('workspace_id', '=', ws)
      .where('record_type', '=', 'contact')
      .where('record_id', '=', otherId)
      .where('action_id', 'in', (eb) =>
        eb.selectFrom('action_subjects').select('action_id').where('workspace_id', '=', ws).where('record_type', '=', 'contact').where('record_id', '=', keepId),
      )
      .executeTakeFirst();
    const subjectsMoved = await db
      .updateTable('action_subjects')
      .set({ record_id: keepId })
      .where('workspace_id', '=', ws)
      .where('record_type', '=', 'contact')
      .where('record_id', '=', otherId)
      .executeTakeFirst();
    // Actions also list their subjects and recipients as JSON text; ids are UUIDs, so a
    // textual replace is exact.
    await db
      .updateTable('actions')
      .set({ subjects: sql<string>`replace(subjects, ${otherId}, ${keepId})`, recipients: sql<string>`replace(recipients, ${otherId}, ${keepId})` })
      .where('workspace_id', '=', ws)
      .where((eb) => eb.or([sql<boolean>`subjects like ${likeContains(otherId)} escape '\\'`, sql<boolean>`recipients like ${likeContains(otherId)} escape '\\'`]))
      .execute();

    return {
      conversations: n(conversationsBoth) + n(conversationsMoved),
      events: n(eventsBoth) + n(eventsMoved),
      referrals: n(referralsFrom) + n(referralsTo),
      advice: n(advice),
      targets: n(targets),
      introduced: n(introduced),
      changes: n(changes),
      actions: n(subjectsBoth) + n(subjectsMoved),
      opportunities: n(interviewersBoth) + n(interviewersMoved) + n(referred) + n(rapportWith),
    };
  }
}
