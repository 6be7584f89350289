import type { Kysely } from 'kysely';
import { reinstallLogging } from '../dialects/change-log.js';

/**
 * act-on-advice reads when an advice item was recorded (`advice_items.created_at`): its changes
 * must reach the playbook's memory like the other columns it reads.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await reinstallLogging(db, ['advice_items']);
}

/** Nothing to undo: one more column is compared, no data changes. */
export async function down(): Promise<void> {}
