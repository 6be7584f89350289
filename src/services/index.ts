import type { Db } from '../db/database.js';
import { ContactService } from './contact.service.js';
import { systemClock, uuidV7Ids, type Clock, type IdGenerator } from './runtime.js';
import { WorkspaceService } from './workspace.service.js';

export interface ServiceDeps {
  db: Db;
  clock?: Clock;
  ids?: IdGenerator;
}

/** The one place where services are wired to their dependencies. */
export function createServices({ db, clock = systemClock, ids = uuidV7Ids }: ServiceDeps) {
  const deps = { db, clock, ids };
  return {
    workspaces: new WorkspaceService(deps),
    contacts: new ContactService(deps),
  };
}

export type Services = ReturnType<typeof createServices>;
