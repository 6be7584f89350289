import type { Db } from '../db/database.js';
import type { Clock, IdGenerator } from './runtime.js';

/** Advices (being built). */
export class AdviceService {
  constructor(protected readonly deps: { db: Db; clock: Clock; ids: IdGenerator }) {}
}
