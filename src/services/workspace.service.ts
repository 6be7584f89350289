import type { Db } from '../db/database.js';
import { WorkspaceRepository } from '../db/repositories/workspace.repository.js';
import type { Clock, IdGenerator } from './runtime.js';

/** Workspaces: local mode has exactly one, created on first start. */
export class WorkspaceService {
  private readonly repo = new WorkspaceRepository();

  constructor(private readonly deps: { db: Db; clock: Clock; ids: IdGenerator }) {}

  /** The local workspace; created the first time, found every time after. */
  async ensureLocal(): Promise<{ id: string; name: string }> {
    const { kysely } = this.deps.db;
    const existing = await this.repo.first(kysely);
    if (existing) return existing;
    const row = { id: this.deps.ids.newId(), name: 'My job search', created_at: this.deps.clock.now().toISOString() };
    await this.repo.insert(kysely, row);
    return { id: row.id, name: row.name };
  }

  async create(name: string): Promise<{ id: string; name: string }> {
    const row = { id: this.deps.ids.newId(), name, created_at: this.deps.clock.now().toISOString() };
    await this.repo.insert(this.deps.db.kysely, row);
    return { id: row.id, name };
  }
}
