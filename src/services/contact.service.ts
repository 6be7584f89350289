import type {
  Contact,
  ContactCreate,
  ContactListQuery,
  ContactPage,
  ContactUpdate,
  TagCount,
} from '../contracts/contact.schema.js';
import type { Db } from '../db/database.js';
import { ContactRepository } from '../db/repositories/contact.repository.js';
import { toJson } from '../db/repositories/json.js';
import { OrganizationRepository } from '../db/repositories/organization.repository.js';
import type { ContactRowUpdate } from '../db/schema.js';
import { buildSearchText, displayName, nameSortKey } from '../domain/text.js';
import { ConflictError, InvalidError, NotFoundError } from './errors.js';
import type { Clock, IdGenerator } from './runtime.js';

export interface Scope {
  workspaceId: string;
}

/** Contacts: create, read, edit, delete, list and search — the use-cases behind the API and the CLI. */
export class ContactService {
  private readonly contacts = new ContactRepository();
  private readonly organizations: OrganizationRepository;

  constructor(private readonly deps: { db: Db; clock: Clock; ids: IdGenerator }) {
    this.organizations = new OrganizationRepository(() => deps.ids.newId());
  }

  async list(scope: Scope, query: ContactListQuery): Promise<ContactPage> {
    const { items, total } = await this.contacts.list(this.deps.db.kysely, scope.workspaceId, query);
    return { items, total, limit: query.limit, offset: query.offset };
  }

  async get(scope: Scope, id: string): Promise<Contact> {
    const contact = await this.contacts.get(this.deps.db.kysely, scope.workspaceId, id);
    if (!contact) throw new NotFoundError('Contact', id);
    return contact;
  }

  async create(scope: Scope, input: ContactCreate): Promise<Contact> {
    const now = this.deps.clock.now().toISOString();
    const id = this.deps.ids.newId();
    await this.deps.db.kysely.transaction().execute(async (trx) => {
      if (input.introducedById && !(await this.contacts.exists(trx, scope.workspaceId, input.introducedById))) {
        throw unknownIntroducer(input.introducedById);
      }
      const organization = input.organizationName
        ? await this.organizations.findOrCreateByName(trx, scope.workspaceId, input.organizationName, now)
        : undefined;
      await this.contacts.insert(
        trx,
        {
          id,
          workspace_id: scope.workspaceId,
          given_name: input.givenName,
          family_name: input.familyName,
          display_name: displayName(input.givenName, input.familyName),
          sort_name: nameSortKey(input.givenName, input.familyName),
          emails: toJson(input.emails),
          phones: toJson(input.phones),
          linkedin_url: input.linkedinUrl,
          organization_id: organization?.id ?? null,
          title: input.title,
          location: input.location,
          notes: input.notes,
          shared_interests: toJson(input.sharedInterests),
          how_we_met: input.howWeMet,
          introduced_by_id: input.introducedById,
          search_text: searchTextOf(input, organization?.name ?? null),
          version: 1,
          created_at: now,
          updated_at: now,
        },
        input.tags,
      );
    });
    return this.get(scope, id);
  }

  /** Applies the fields present in `input`; refuses (Conflict) if the contact changed since `input.version`. */
  async update(scope: Scope, id: string, input: ContactUpdate): Promise<Contact> {
    const now = this.deps.clock.now().toISOString();
    await this.deps.db.kysely.transaction().execute(async (trx) => {
      const current = await this.contacts.get(trx, scope.workspaceId, id);
      if (!current) throw new NotFoundError('Contact', id);
      if (current.version !== input.version) throw staleEdit(current);
      if (input.introducedById) {
        if (input.introducedById === id) {
          throw new InvalidError('A contact cannot introduce themselves', [{ path: 'introducedById', message: 'A contact cannot introduce themselves' }]);
        }
        if (!(await this.contacts.exists(trx, scope.workspaceId, input.introducedById))) throw unknownIntroducer(input.introducedById);
      }
      const next = {
        givenName: input.givenName ?? current.givenName,
        familyName: input.familyName ?? current.familyName,
        emails: input.emails ?? current.emails,
        phones: input.phones ?? current.phones,
        organizationName: input.organizationName !== undefined ? input.organizationName : current.organizationName,
        title: input.title !== undefined ? input.title : current.title,
        location: input.location !== undefined ? input.location : current.location,
        notes: input.notes !== undefined ? input.notes : current.notes,
        sharedInterests: input.sharedInterests ?? current.sharedInterests,
      };
      if (!next.givenName && !next.familyName) {
        throw new InvalidError('Give a first or a last name', [{ path: 'givenName', message: 'Give a first or a last name' }]);
      }
      const patch: ContactRowUpdate = { updated_at: now };
      if (input.givenName !== undefined || input.familyName !== undefined) {
        patch.given_name = next.givenName;
        patch.family_name = next.familyName;
        patch.display_name = displayName(next.givenName, next.familyName);
        patch.sort_name = nameSortKey(next.givenName, next.familyName);
      }
      if (input.emails !== undefined) patch.emails = toJson(input.emails);
      if (input.phones !== undefined) patch.phones = toJson(input.phones);
      if (input.linkedinUrl !== undefined) patch.linkedin_url = input.linkedinUrl;
      let organizationName = current.organizationName;
      if (input.organizationName !== undefined) {
        const organization = input.organizationName
          ? await this.organizations.findOrCreateByName(trx, scope.workspaceId, input.organizationName, now)
          : undefined;
        patch.organization_id = organization?.id ?? null;
        organizationName = organization?.name ?? null;
      }
      if (input.title !== undefined) patch.title = input.title;
      if (input.location !== undefined) patch.location = input.location;
      if (input.notes !== undefined) patch.notes = input.notes;
      if (input.sharedInterests !== undefined) patch.shared_interests = toJson(input.sharedInterests);
      if (input.howWeMet !== undefined) patch.how_we_met = input.howWeMet;
      if (input.introducedById !== undefined) patch.introduced_by_id = input.introducedById;
      patch.search_text = searchTextOf(next, organizationName);
      const applied = await this.contacts.update(trx, scope.workspaceId, id, input.version, patch);
      if (!applied) throw staleEdit(current);
      if (input.tags !== undefined) await this.contacts.replaceTags(trx, scope.workspaceId, id, input.tags);
    });
    return this.get(scope, id);
  }

  async remove(scope: Scope, id: string): Promise<void> {
    const deleted = await this.contacts.delete(this.deps.db.kysely, scope.workspaceId, id);
    if (!deleted) throw new NotFoundError('Contact', id);
  }

  async tags(scope: Scope): Promise<TagCount[]> {
    return this.contacts.tagCounts(this.deps.db.kysely, scope.workspaceId);
  }
}

function searchTextOf(
  c: { givenName: string; familyName: string; emails: { value: string }[]; title: string | null; location?: string | null },
  organizationName: string | null,
): string {
  return buildSearchText([c.givenName, c.familyName, ...c.emails.map((e) => e.value), organizationName, c.title, c.location]);
}

function unknownIntroducer(id: string): InvalidError {
  return new InvalidError('Introduced by: no such contact', [{ path: 'introducedById', message: `No contact with id ${id}` }]);
}

function staleEdit(current: Contact): ConflictError {
  return new ConflictError(
    `${current.displayName} was changed by someone else (now at version ${current.version}); reload and apply your edit again`,
  );
}
