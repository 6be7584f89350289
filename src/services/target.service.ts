import type { Db } from '../db/database.js';
import type { Clock, IdGenerator } from './runtime.js';

/** Targets (being built). */
export class TargetService {
  constructor(protected readonly deps: { db: Db; clock: Clock; ids: IdGenerator }) {}
}
