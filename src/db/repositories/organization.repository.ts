import type { Kysely, Transaction } from 'kysely';
import { foldText } from '../../domain/text.js';
import type { Database, OrganizationRow } from '../schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

/** All SQL about organizations. */
export class OrganizationRepository {
  constructor(private readonly newId: () => string) {}

  async findByName(db: Executor, workspaceId: string, name: string): Promise<OrganizationRow | undefined> {
    return db
      .selectFrom('organizations')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('name_key', '=', foldText(name))
      .executeTakeFirst();
  }

  /**
   * Returns the organization of that name, creating it if needed. Two writers racing to create
   * the same name both end up with the one row: the unique key decides, then we read it back.
   */
  async findOrCreateByName(db: Executor, workspaceId: string, name: string, nowIso: string): Promise<OrganizationRow> {
    const existing = await this.findByName(db, workspaceId, name);
    if (existing) return existing;
    await db
      .insertInto('organizations')
      .values({ id: this.newId(), workspace_id: workspaceId, name: name.trim(), name_key: foldText(name), created_at: nowIso, updated_at: nowIso })
      .onConflict((oc) => oc.columns(['workspace_id', 'name_key']).doNothing())
      .execute();
    const row = await this.findByName(db, workspaceId, name);
    if (!row) throw new Error(`organization "${name}" vanished after insert`);
    return row;
  }
}
