import type { Kysely } from 'kysely';
import { replacePostgresLogFunctions } from '../dialects/change-log.js';

/**
 * On PostgreSQL, an update of a link row (a conversation's participant, an opportunity's
 * interviewer) was logged whatever it changed; now only one that moves the row is (see
 * `postgresLogFunction` in db/dialects/change-log.ts). SQLite's triggers already compared the
 * columns.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await replacePostgresLogFunctions(db, ['conversation_participants', 'opportunity_interviewers']);
}

/** Nothing to undo: the functions log fewer needless entries and change no data. */
export async function down(): Promise<void> {}
