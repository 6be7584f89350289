import type { Db } from '../db/database.js';
import type { Clock, IdGenerator } from './runtime.js';

/** Organizations (being built). */
export class OrganizationService {
  constructor(protected readonly deps: { db: Db; clock: Clock; ids: IdGenerator }) {}
}
