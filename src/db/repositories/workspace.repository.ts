import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

/** All SQL about workspaces. */
export class WorkspaceRepository {
  async first(db: Kysely<Database>): Promise<{ id: string; name: string } | undefined> {
    return db.selectFrom('workspaces').select(['id', 'name']).orderBy('created_at').orderBy('id').limit(1).executeTakeFirst();
  }

  async insert(db: Kysely<Database>, row: { id: string; name: string; created_at: string }): Promise<void> {
    await db.insertInto('workspaces').values(row).execute();
  }
}
