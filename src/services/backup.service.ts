import type { Db } from '../db/database.js';
import type { Clock, IdGenerator } from './runtime.js';

/** Backup (being built). */
export class BackupService {
  constructor(protected readonly deps: { db: Db; clock: Clock; ids: IdGenerator }) {}
}
