import type { Db } from '../db/database.js';
import type { Clock, IdGenerator } from './runtime.js';

/** Import (being built). */
export class ImportService {
  constructor(protected readonly deps: { db: Db; clock: Clock; ids: IdGenerator }) {}
}
