import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.js';

/** The readiness probe's one query: the database answers, and its schema is Rapport's. */
export class HealthRepository {
  async ping(db: Kysely<Database>): Promise<void> {
    await sql`select 1 from workspaces limit 1`.execute(db);
  }
}
