import type { Db } from '../db/database.js';
import type { Clock, IdGenerator } from './runtime.js';

/** Insights (being built). */
export class InsightService {
  constructor(protected readonly deps: { db: Db; clock: Clock; ids: IdGenerator }) {}
}
