import type { Db } from '../db/database.js';
import type { Clock, IdGenerator } from './runtime.js';

/** Export (being built). */
export class ExportService {
  constructor(protected readonly deps: { db: Db; clock: Clock; ids: IdGenerator }) {}
}
