import type { Transaction, Updateable } from 'kysely';
import {
  targetStatusSchema,
  type Target,
  type TargetAdd,
  type TargetList,
  type TargetListQuery,
  type TargetUpdate,
} from '../contracts/target.schema.js';
import type { Db } from '../db/database.js';
import { ContactRepository } from '../db/repositories/contact.repository.js';
import { OrganizationRepository } from '../db/repositories/organization.repository.js';
import { TargetRepository, type ContactAtTargetRow, type TargetEntryRow, type TargetFilter } from '../db/repositories/target.repository.js';
import type { Database, TargetTable } from '../db/schema.js';
import { isHiringLevelTitle, searchStage } from '../domain/contact-insight.js';
import type { Scope } from './contact.service.js';
import { ConflictError, InvalidError, NotFoundError } from './errors.js';
import type { Clock, IdGenerator } from './runtime.js';

type Executor = Db['kysely'] | Transaction<Database>;

/**
 * The target list: the organizations the seeker is going after, ranked, with LAMP scores
 * (The 2-Hour Job Search) and coverage — who I know there, the best of them, the last touch,
 * and the furthest search stage reached.
 */
export class TargetService {
  private readonly targets = new TargetRepository();
  private readonly organizations: OrganizationRepository;
  private readonly contacts = new ContactRepository();

  constructor(private readonly deps: { db: Db; clock: Clock; ids: IdGenerator }) {
    this.organizations = new OrganizationRepository(() => deps.ids.newId());
  }

  async list(scope: Scope, query: TargetListQuery): Promise<TargetList> {
    const items = await this.load(this.deps.db.kysely, scope.workspaceId, query.status ? { status: query.status } : {});
    return { items: query.order === 'lamp' ? lampOrder(items) : items, total: items.length };
  }

  async get(scope: Scope, organizationId: string): Promise<Target> {
    const [target] = await this.load(this.deps.db.kysely, scope.workspaceId, { organizationId });
    if (!target) throw new NotFoundError('Target', organizationId);
    return target;
  }

  /**
   * Puts an organization on the list, at the bottom: by id, or by name (found or created, a
   * deleted one brought back). One already on the list is a Conflict.
   */
  async add(scope: Scope, input: TargetAdd): Promise<Target> {
    const now = this.deps.clock.now().toISOString();
    const { workspaceId } = scope;
    const organizationId = await this.deps.db.kysely.transaction().execute(async (trx) => {
      let organization;
      if (input.organizationId) {
        organization = await this.organizations.findRow(trx, workspaceId, input.organizationId);
        if (!organization || organization.deleted_at !== null) {
          throw new InvalidError('No such organization', [{ path: 'organizationId', message: `No organization with id ${input.organizationId}` }]);
        }
      } else {
        organization = await this.organizations.findOrCreateByName(trx, workspaceId, input.organizationName ?? '', now);
      }
      if (input.suggestedById) await this.assertContact(trx, workspaceId, input.suggestedById);
      if (await this.targets.exists(trx, workspaceId, organization.id)) throw alreadyListed(organization.name);
      const inserted = await this.targets.insert(trx, {
        organization_id: organization.id,
        workspace_id: workspaceId,
        rank: (await this.targets.maxRank(trx, workspaceId)) + 1,
        motivation: input.motivation,
        posting: input.posting,
        status: input.status,
        suggested_by_id: input.suggestedById,
        notes: input.notes,
        added_at: now,
        updated_at: now,
      });
      if (!inserted) throw alreadyListed(organization.name);
      return organization.id;
    });
    return this.get(scope, organizationId);
  }

  /** Edits scores, status, suggester or notes; refuses (Conflict) if the entry changed since `input.version`. */
  async update(scope: Scope, organizationId: string, input: TargetUpdate): Promise<Target> {
    const now = this.deps.clock.now().toISOString();
    await this.deps.db.kysely.transaction().execute(async (trx) => {
      const [current] = await this.targets.entries(trx, scope.workspaceId, { organizationId });
      if (!current) throw new NotFoundError('Target', organizationId);
      if (current.version !== input.version) throw staleEdit(current);
      if (input.suggestedById) await this.assertContact(trx, scope.workspaceId, input.suggestedById);
      const patch: Updateable<TargetTable> = { updated_at: now };
      if (input.motivation !== undefined) patch.motivation = input.motivation;
      if (input.posting !== undefined) patch.posting = input.posting;
      if (input.status !== undefined) patch.status = input.status;
      if (input.suggestedById !== undefined) patch.suggested_by_id = input.suggestedById;
      if (input.notes !== undefined) patch.notes = input.notes;
      const applied = await this.targets.update(trx, scope.workspaceId, organizationId, input.version, patch);
      if (!applied) throw staleEdit(current);
    });
    return this.get(scope, organizationId);
  }

  /** Takes an organization off the list (the organization itself stays); the ranks below move up. */
  async remove(scope: Scope, organizationId: string): Promise<void> {
    await this.deps.db.kysely.transaction().execute(async (trx) => {
      if (!(await this.targets.delete(trx, scope.workspaceId, organizationId))) throw new NotFoundError('Target', organizationId);
      await this.targets.renumber(trx, scope.workspaceId);
    });
  }

  /** Moves one entry to `position` (1 = top; beyond the end = last) and renumbers 1..n, in one transaction. */
  async move(scope: Scope, organizationId: string, position: number): Promise<TargetList> {
    await this.deps.db.kysely.transaction().execute(async (trx) => {
      const ids = await this.targets.orderedIds(trx, scope.workspaceId);
      const from = ids.indexOf(organizationId);
      if (from < 0) throw new NotFoundError('Target', organizationId);
      ids.splice(from, 1);
      ids.splice(Math.min(Math.max(position, 1), ids.length + 1) - 1, 0, organizationId);
      await this.targets.writeRanks(trx, scope.workspaceId, ids);
    });
    return this.list(scope, { order: 'rank' });
  }

  /** Makes the LAMP order the ranking: the user can then adjust it by hand. */
  async rankByLamp(scope: Scope): Promise<TargetList> {
    await this.deps.db.kysely.transaction().execute(async (trx) => {
      const ordered = lampOrder(await this.load(trx, scope.workspaceId, {}));
      await this.targets.writeRanks(trx, scope.workspaceId, ordered.map((t) => t.organizationId));
    });
    return this.list(scope, { order: 'rank' });
  }

  private async assertContact(db: Executor, workspaceId: string, contactId: string): Promise<void> {
    if (!(await this.contacts.exists(db, workspaceId, contactId))) {
      throw new InvalidError('Suggested by: no such contact', [{ path: 'suggestedById', message: `No contact with id ${contactId}` }]);
    }
  }

  /** The entries with their coverage: three queries whatever the length of the list. */
  private async load(db: Executor, workspaceId: string, filter: TargetFilter): Promise<Target[]> {
    const now = this.deps.clock.now().toISOString();
    // Sequential on purpose: three short queries, and one pooled connection per request.
    const entries = await this.targets.entries(db, workspaceId, filter);
    const people = await this.targets.contactsAtTargets(db, workspaceId, now, filter.organizationId);
    const touches = await this.targets.lastTouches(db, workspaceId, filter.organizationId);
    const peopleAt = new Map<string, ContactAtTargetRow[]>();
    for (const person of people) {
      const list = peopleAt.get(person.organization_id) ?? [];
      list.push(person);
      peopleAt.set(person.organization_id, list);
    }
    return entries.map((entry) => toTarget(entry, peopleAt.get(entry.organization_id) ?? [], touches.get(entry.organization_id) ?? null));
  }
}

function toTarget(entry: TargetEntryRow, people: readonly ContactAtTargetRow[], lastTouchAt: string | null): Target {
  const status = targetStatusSchema.safeParse(entry.status);
  // A dropped organization is no longer a target: knowing someone there no longer counts as stage 2.
  const activeTarget = entry.status !== 'dropped';
  const ranked = people
    .map((p) => ({ person: p, stage: searchStage({ atTargetOrganization: activeTarget, rightLevel: isHiringLevelTitle(p.title), inTheWorks: p.in_the_works }).stage }))
    .sort(
      (a, b) =>
        b.stage - a.stage ||
        compareDesc(a.person.last_interaction_at, b.person.last_interaction_at) ||
        compareText(a.person.sort_name, b.person.sort_name) ||
        compareText(a.person.id, b.person.id),
    );
  const best = ranked[0];
  return {
    organizationId: entry.organization_id,
    organizationName: entry.organization_name,
    rank: entry.rank,
    motivation: entry.motivation,
    posting: entry.posting,
    advocacy: people.length > 0 ? 1 : 0,
    // Rows written by an older build may carry a status this one does not know.
    status: status.success ? status.data : 'researching',
    suggestedBy: entry.suggested_by_id && entry.suggested_by_name ? { id: entry.suggested_by_id, displayName: entry.suggested_by_name } : null,
    notes: entry.notes,
    version: entry.version,
    addedAt: entry.added_at,
    coverage: {
      contactCount: people.length,
      bestContact: best ? { id: best.person.id, displayName: best.person.display_name, title: best.person.title, searchStage: best.stage } : null,
      lastTouchAt,
      stage: best?.stage ?? 0,
    },
  };
}

/** Most recent first; never-met last. ISO-8601 UTC strings compare as instants. */
function compareDesc(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? 1 : -1;
}

/** Code-point order on folded text: the same on every machine, unlike a locale's collation. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** LAMP order: Motivation, then Posting, then Advocacy, all descending; the user's rank breaks ties. */
export function lampOrder(targets: readonly Target[]): Target[] {
  return [...targets].sort((a, b) => b.motivation - a.motivation || b.posting - a.posting || b.advocacy - a.advocacy || a.rank - b.rank);
}

function alreadyListed(name: string): ConflictError {
  return new ConflictError(`${name} is already on the target list`);
}

function staleEdit(current: TargetEntryRow): ConflictError {
  return new ConflictError(
    `${current.organization_name} on the target list was changed by someone else (now at version ${current.version}); reload and apply your edit again`,
  );
}
