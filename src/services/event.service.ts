import type { Db } from '../db/database.js';
import type { Clock, IdGenerator } from './runtime.js';

/** Events (being built). */
export class EventService {
  constructor(protected readonly deps: { db: Db; clock: Clock; ids: IdGenerator }) {}
}
