import type { Db } from '../db/database.js';
import type { Clock, IdGenerator } from './runtime.js';

/** Conversations (being built). */
export class ConversationService {
  constructor(protected readonly deps: { db: Db; clock: Clock; ids: IdGenerator }) {}
}
