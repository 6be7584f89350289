import type {
  DeleteMode,
  Organization,
  OrganizationCreate,
  OrganizationListQuery,
  OrganizationPage,
  OrganizationPeople,
  OrganizationPeopleQuery,
  OrganizationUpdate,
  References,
} from '../contracts/organization.schema.js';
import type { Transaction, Updateable } from 'kysely';
import type { Db } from '../db/database.js';
import { ContactRepository } from '../db/repositories/contact.repository.js';
import { fromJsonArray } from '../db/repositories/json.js';
import { OrganizationRepository, type ContactSearchFacts, type OrganizationReferenceCounts } from '../db/repositories/organization.repository.js';
import { TargetRepository } from '../db/repositories/target.repository.js';
import type { Database, OrganizationTable } from '../db/schema.js';
import { contactSearchText, foldText } from '../domain/text.js';
import type { Scope } from './contact.service.js';
import { ConflictError, NotFoundError } from './errors.js';
import type { Clock, IdGenerator } from './runtime.js';

/**
 * Organizations: the companies and institutions people work at. List and search, create, edit
 * (optimistic), see what references one, and delete it keeping the history or removing it.
 */
export class OrganizationService {
  private readonly organizations: OrganizationRepository;
  private readonly targets = new TargetRepository();
  private readonly contacts = new ContactRepository();

  constructor(private readonly deps: { db: Db; clock: Clock; ids: IdGenerator }) {
    this.organizations = new OrganizationRepository(() => deps.ids.newId());
  }

  async list(scope: Scope, query: OrganizationListQuery): Promise<OrganizationPage> {
    const { items, total } = await this.organizations.list(this.deps.db.kysely, scope.workspaceId, query);
    return { items, total, limit: query.limit, offset: query.offset };
  }

  /** One organization; one deleted with "keep the history" is still found (deletedAt is set), so history can link to it. */
  async get(scope: Scope, id: string): Promise<Organization> {
    const organization = await this.organizations.get(this.deps.db.kysely, scope.workspaceId, id);
    if (!organization) throw new NotFoundError('Organization', id);
    return organization;
  }

  /** The live organization with this name, whatever its case or accents. */
  async findByName(scope: Scope, name: string): Promise<Organization | undefined> {
    const row = await this.organizations.findByName(this.deps.db.kysely, scope.workspaceId, name);
    if (!row || row.deleted_at !== null) return undefined;
    return this.organizations.get(this.deps.db.kysely, scope.workspaceId, row.id);
  }

  /**
   * Creates an organization. A live one with the same folded name is a Conflict; one deleted
   * with "keep the history" is brought back with the new details, its history still attached.
   */
  async create(scope: Scope, input: OrganizationCreate): Promise<Organization> {
    const now = this.deps.clock.now().toISOString();
    const id = await this.deps.db.kysely.transaction().execute(async (trx) => {
      const existing = await this.organizations.findByName(trx, scope.workspaceId, input.name);
      if (existing && existing.deleted_at === null) throw nameTaken(existing.name);
      if (existing) {
        await this.organizations.restore(trx, scope.workspaceId, existing.id, now, {
          name: input.name,
          website: input.website,
          industry: input.industry,
          location: input.location,
          notes: input.notes,
        });
        await this.refreshContactSearchText(trx, scope.workspaceId, existing.id, input.name);
        return existing.id;
      }
      const newId = this.deps.ids.newId();
      const inserted = await this.organizations.insert(trx, {
        id: newId,
        workspace_id: scope.workspaceId,
        name: input.name,
        name_key: foldText(input.name),
        website: input.website,
        industry: input.industry,
        location: input.location,
        notes: input.notes,
        created_at: now,
        updated_at: now,
      });
      // Someone created the same name between our check and our insert.
      if (!inserted) throw nameTaken(input.name);
      return newId;
    });
    return this.get(scope, id);
  }

  /** Applies the fields present in `input`; refuses (Conflict) if it changed since `input.version` or the new name is taken. */
  async update(scope: Scope, id: string, input: OrganizationUpdate): Promise<Organization> {
    const now = this.deps.clock.now().toISOString();
    await this.deps.db.kysely.transaction().execute(async (trx) => {
      const current = await this.organizations.findRow(trx, scope.workspaceId, id);
      if (!current || current.deleted_at !== null) throw new NotFoundError('Organization', id);
      if (current.version !== input.version) throw staleEdit(current.name, current.version);
      const patch: Updateable<OrganizationTable> = { updated_at: now };
      const renamed = input.name !== undefined && input.name !== current.name;
      if (input.name !== undefined && renamed) {
        const key = foldText(input.name);
        if (key !== current.name_key) {
          const other = await this.organizations.findByName(trx, scope.workspaceId, input.name);
          if (other && other.id !== id) {
            throw other.deleted_at === null
              ? nameTaken(other.name)
              : new ConflictError(`"${other.name}" was deleted but its history keeps the name; add it again under that name to bring it back`);
          }
        }
        patch.name = input.name;
        patch.name_key = key;
      }
      if (input.website !== undefined) patch.website = input.website;
      if (input.industry !== undefined) patch.industry = input.industry;
      if (input.location !== undefined) patch.location = input.location;
      if (input.notes !== undefined) patch.notes = input.notes;
      const applied = await this.organizations.update(trx, scope.workspaceId, id, input.version, patch);
      if (!applied) throw staleEdit(current.name, current.version);
      if (renamed && input.name) await this.refreshContactSearchText(trx, scope.workspaceId, id, input.name);
    });
    return this.get(scope, id);
  }

  /** What points at the organization: what the user weighs before deleting it. */
  async references(scope: Scope, id: string): Promise<References> {
    await this.get(scope, id);
    const counts = await this.organizations.referenceCounts(this.deps.db.kysely, scope.workspaceId, id);
    return describeReferences(counts);
  }

  /**
   * keep-history: it leaves every list and the target list, while contacts, conversations and
   * referrals keep pointing at it, name included. remove: it is deleted; contacts and
   * conversations stay without an organization, its target entry and the referrals to it go.
   */
  async remove(scope: Scope, id: string, mode: DeleteMode): Promise<void> {
    const now = this.deps.clock.now().toISOString();
    await this.deps.db.kysely.transaction().execute(async (trx) => {
      const current = await this.organizations.findRow(trx, scope.workspaceId, id);
      // A soft-deleted organization may still be removed for good, but not "deleted" twice.
      if (!current || (mode === 'keep-history' && current.deleted_at !== null)) throw new NotFoundError('Organization', id);
      const wasTarget = await this.targets.delete(trx, scope.workspaceId, id);
      if (mode === 'keep-history') {
        await this.organizations.softDelete(trx, scope.workspaceId, id, now);
      } else {
        // Read before the foreign keys clear organization_id: these contacts' search text must lose the name.
        const people = await this.organizations.contactsForSearchText(trx, scope.workspaceId, id);
        await this.organizations.delete(trx, scope.workspaceId, id);
        for (const person of people) {
          await this.organizations.setContactSearchText(trx, scope.workspaceId, person.id, searchTextOfRow(person, null));
        }
      }
      if (wasTarget) await this.targets.renumber(trx, scope.workspaceId);
    });
  }

  /** The live contacts working there, by name. */
  async people(scope: Scope, id: string, query: OrganizationPeopleQuery): Promise<OrganizationPeople> {
    await this.get(scope, id);
    const db = this.deps.db.kysely;
    const { items, total } = await this.organizations.people(db, scope.workspaceId, id, query);
    const tags = await this.contacts.tagsOf(db, scope.workspaceId, items.map((p) => p.id));
    return { items: items.map((p) => ({ ...p, tags: tags.get(p.id) ?? [] })), total, limit: query.limit, offset: query.offset };
  }

  /**
   * A contact's search text includes their organization's name (ContactService), so a rename
   * or a removal rewrites it for the people there. Row by row, in the edit's transaction: it is
   * a rare write, and the text is folded in code, not in SQL.
   */
  private async refreshContactSearchText(trx: Transaction<Database>, workspaceId: string, organizationId: string, name: string): Promise<void> {
    const people = await this.organizations.contactsForSearchText(trx, workspaceId, organizationId);
    for (const person of people) {
      await this.organizations.setContactSearchText(trx, workspaceId, person.id, searchTextOfRow(person, name));
    }
  }
}

function searchTextOfRow(c: ContactSearchFacts, organizationName: string | null): string {
  const emails = fromJsonArray<{ value: string }>(c.emails).map((e) => e.value);
  return contactSearchText({ givenName: c.given_name, familyName: c.family_name, emails, title: c.title, location: c.location }, organizationName);
}

function describeReferences(counts: OrganizationReferenceCounts): References {
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  const items: References['items'] = [];
  if (counts.contacts > 0) items.push({ kind: 'contacts', count: counts.contacts, label: plural(counts.contacts, 'contact works there', 'contacts work there') });
  if (counts.conversations > 0) {
    items.push({ kind: 'conversations', count: counts.conversations, label: plural(counts.conversations, 'conversation at it', 'conversations at it') });
  }
  if (counts.target > 0) items.push({ kind: 'target', count: counts.target, label: 'On the target list' });
  if (counts.referrals > 0) items.push({ kind: 'referrals', count: counts.referrals, label: plural(counts.referrals, 'referral to it', 'referrals to it') });
  return { total: items.reduce((sum, i) => sum + i.count, 0), items };
}

function nameTaken(name: string): ConflictError {
  return new ConflictError(`An organization named "${name}" already exists`);
}

function staleEdit(name: string, version: number): ConflictError {
  return new ConflictError(`${name} was changed by someone else (now at version ${version}); reload and apply your edit again`);
}
