import type { Db } from '../db/database.js';
import type { Clock, IdGenerator } from './runtime.js';

/** Referrals (being built). */
export class ReferralService {
  constructor(protected readonly deps: { db: Db; clock: Clock; ids: IdGenerator }) {}
}
