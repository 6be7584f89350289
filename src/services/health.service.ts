import type { Db } from '../db/database.js';
import { HealthRepository } from '../db/repositories/health.repository.js';

/** For /readyz: whether this process can serve requests (its database answers). */
export class HealthService {
  private readonly repo = new HealthRepository();

  constructor(private readonly deps: { db: Db }) {}

  async ready(): Promise<{ ok: true } | { ok: false; reason: string }> {
    try {
      await this.repo.ping(this.deps.db.kysely);
      return { ok: true };
    } catch (error) {
      return { ok: false, reason: error instanceof Error ? error.message : String(error) };
    }
  }
}
