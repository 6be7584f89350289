import type { Kysely } from 'kysely';
import { installSearchLog, removeSearchLog } from '../dialects/search-log.js';

/** Edits that change what a contact is found by reach the in-memory search index through the change log. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await installSearchLog(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await removeSearchLog(db);
}
