import type {
  Contact,
  ContactAdd,
  ContactCreate,
  ContactListQuery,
  ContactPage,
  ContactUpdate,
  TagCount,
} from '../contracts/contact.schema.js';
import type { DeleteMode, References } from '../contracts/organization.schema.js';
import type { Db } from '../db/database.js';
import { ContactRepository } from '../db/repositories/contact.repository.js';
import { toJson } from '../db/repositories/json.js';
import { OrganizationRepository } from '../db/repositories/organization.repository.js';
import { sql, type Transaction } from 'kysely';
import type { ContactRowUpdate, Database } from '../db/schema.js';
import { emailKey, findSamePerson, linkedinKey } from '../domain/matching.js';
import { contactSearchText, displayName, foldText, nameSortKey } from '../domain/text.js';
import { PlaybookFactsRepository } from '../db/repositories/playbook-facts.repository.js';
import { ContactSearchService } from './contact-search.service.js';
import { ConflictError, DuplicateError, InvalidError, NotFoundError } from './errors.js';
import type { Clock, IdGenerator } from './runtime.js';

export interface Scope {
  workspaceId: string;
}

/** Contacts: create, read, edit, delete, list and search — the use-cases behind the API and the CLI. */
export class ContactService {
  private readonly contacts = new ContactRepository();
  private readonly organizations: OrganizationRepository;

  private readonly search: ContactSearchService;
  private readonly log = new PlaybookFactsRepository();
  /** The live count of recently listed workspaces, with the change-log position it was counted at. */
  private readonly counts = new Map<string, { seq: number; total: number }>();

  constructor(private readonly deps: { db: Db; clock: Clock; ids: IdGenerator; search?: ContactSearchService }) {
    this.organizations = new OrganizationRepository(() => deps.ids.newId());
    this.search = deps.search ?? new ContactSearchService(deps);
  }

  /**
   * A page of the contact list. With `q`, the contacts it finds (typos forgiven, best match
   * first: `ContactSearchService`), narrowed by the other filters; otherwise in the order asked.
   */
  async list(scope: Scope, query: ContactListQuery): Promise<ContactPage> {
    const db = this.deps.db.kysely;
    if (query.q && query.q.trim()) {
      const narrowed = Boolean(query.tag || query.organization);
      // Narrowed by a tag or an organization, every match is ranked first and then filtered.
      const found = await this.search.search(scope, query.q, narrowed ? { offset: 0, limit: Number.MAX_SAFE_INTEGER } : query);
      let ids = found.ids;
      let total = found.total;
      if (narrowed) {
        const allowed = await this.contacts.filterIds(db, scope.workspaceId, query, ids);
        ids = ids.filter((id) => allowed.has(id));
        total = ids.length;
        ids = ids.slice(query.offset, query.offset + query.limit);
      }
      return { items: await this.contacts.summaries(db, scope.workspaceId, ids), total, limit: query.limit, offset: query.offset };
    }
    const { items, total } = await this.contacts.list(db, scope.workspaceId, query, query.tag || query.organization ? undefined : await this.liveCount(scope.workspaceId));
    return { items, total, limit: query.limit, offset: query.offset };
  }

  /**
   * How many live contacts the workspace has, counted again only when the change log moved:
   * every insertion, deletion and `deleted_at` of a contact is logged, so an unchanged log
   * position means an unchanged count, and a page of the list costs no count.
   */
  private async liveCount(ws: string): Promise<number> {
    const db = this.deps.db.kysely;
    const { latest } = await this.log.logPosition(db, ws);
    const known = this.counts.get(ws);
    if (known && known.seq === latest) return known.total;
    const total = await this.contacts.countLive(db, ws);
    this.counts.delete(ws);
    this.counts.set(ws, { seq: latest, total });
    if (this.counts.size > 64) this.counts.delete(this.counts.keys().next().value ?? '');
    return total;
  }

  async get(scope: Scope, id: string): Promise<Contact> {
    const contact = await this.contacts.get(this.deps.db.kysely, scope.workspaceId, id);
    if (!contact) throw new NotFoundError('Contact', id);
    return contact;
  }

  /**
   * Adds a contact by hand (web form, API, `rapport contact add`). Someone already there with
   * the same email, LinkedIn profile, or name at the same organization is offered first: a
   * DuplicateError naming them and the field, unless `input.force`. Imports and the people
   * created by a conversation's outcomes go through `insertWithin`, not here: they have their
   * own matching.
   */
  async create(scope: Scope, input: ContactCreate & Partial<Pick<ContactAdd, 'force'>>): Promise<Contact> {
    const now = this.deps.clock.now().toISOString();
    const id = await this.deps.db.kysely.transaction().execute(async (trx) => {
      if (!input.force) await this.refuseDuplicate(trx, scope, input);
      return this.insertWithin(trx, scope, input, now);
    });
    return this.get(scope, id);
  }

  /**
   * Throws a DuplicateError when `input` is a live contact already there (`findSamePerson`),
   * inside the caller's transaction (an interviewer added as a new person). `path` prefixes the
   * field named in the error ("newContact.").
   */
  async refuseDuplicate(trx: Transaction<Database>, scope: Scope, input: ContactCreate, path = ''): Promise<void> {
    const family = foldText(input.familyName);
    const hasName = Boolean(input.givenName || input.familyName);
    let name: { organizationId: string } | { organizationId: null; sortPrefix: string | null } | null = null;
    if (hasName && input.organizationName) {
      // An organization nobody works at yet has nobody to repeat.
      const organization = await this.organizations.findByName(trx, scope.workspaceId, input.organizationName);
      if (organization) name = { organizationId: organization.id };
    } else if (hasName) {
      name = { organizationId: null, sortPrefix: family ? `${family}\u0001` : null };
    }
    const url = linkedinKey(input.linkedinUrl);
    const candidates = await this.contacts.identityCandidates(trx, scope.workspaceId, { emails: input.emails.map((e) => emailKey(e.value)), linkedinKey: url, name });
    if (candidates.length === 0) return;
    const hit = findSamePerson(
      {
        givenName: input.givenName,
        familyName: input.familyName,
        emails: input.emails,
        phones: [],
        linkedinUrl: input.linkedinUrl,
        organizationName: input.organizationName,
        title: null,
        location: null,
        notes: null,
        howWeMet: null,
        tags: [],
      },
      candidates,
    );
    if (!hit) return;
    const them = hit.target;
    const label = them.organizationName ? `${them.displayName} (${them.organizationName})` : them.displayName;
    let field: { path: string; what: string };
    if (hit.by === 'email') {
      const theirs = new Set(them.draft.emails.map((e) => emailKey(e.value)));
      const index = Math.max(0, input.emails.findIndex((e) => theirs.has(emailKey(e.value))));
      field = { path: `emails.${index}.value`, what: `${label} already has the email ${emailKey(input.emails[index]?.value ?? '')}` };
    } else if (hit.by === 'linkedin') {
      field = { path: 'linkedinUrl', what: `${label} already has the LinkedIn profile linkedin.com/${url ?? ''}` };
    } else {
      field = { path: 'givenName', what: `${them.displayName}${them.organizationName ? ` at ${them.organizationName}` : ''} is already a contact` };
    }
    throw new DuplicateError(
      `${field.what}: is this them? Add the new contact anyway only if it is someone else (force)`,
      { type: 'contact', id: them.id, label, displayName: them.displayName, organization: them.organizationName, matchedBy: hit.by },
      [{ path: `${path}${field.path}`, message: field.what }],
    );
  }

  /**
   * Creates a contact inside the caller's transaction (a conversation's outcomes create the
   * people offered in it, all or nothing). Returns the new id.
   */
  async insertWithin(trx: Transaction<Database>, scope: Scope, input: ContactCreate, now: string): Promise<string> {
    const id = this.deps.ids.newId();
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
        display_name: displayName(input.givenName, input.familyName, input.fullName),
        sort_name: nameSortKey(input.givenName, input.familyName),
        full_name: input.fullName,
        department: input.department,
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
    return id;
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
        fullName: input.fullName !== undefined ? input.fullName : current.fullName,
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
      if (input.givenName !== undefined || input.familyName !== undefined || input.fullName !== undefined) {
        patch.given_name = next.givenName;
        patch.family_name = next.familyName;
        patch.full_name = next.fullName;
        patch.display_name = displayName(next.givenName, next.familyName, next.fullName);
        patch.sort_name = nameSortKey(next.givenName, next.familyName);
      }
      if (input.department !== undefined) patch.department = input.department;
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
      const changes = changedFields(current, { ...input, organizationName });
      if (Object.keys(changes).length > 0) {
        await trx.insertInto('contact_changes').values({ id: this.deps.ids.newId(), workspace_id: scope.workspaceId, contact_id: id, at: now, changes: toJson(changes) }).execute();
      }
    });
    return this.get(scope, id);
  }

  /** What refers to this contact: the user decides what deleting it should do with these. */
  async references(scope: Scope, id: string): Promise<References> {
    const db = this.deps.db.kysely;
    if (!(await this.contacts.findRow(db, scope.workspaceId, id))) throw new NotFoundError('Contact', id);
    const ws = scope.workspaceId;
    const count = async (q: { executeTakeFirstOrThrow(): Promise<{ n: number | string | bigint }> }) => Number((await q.executeTakeFirstOrThrow()).n);
    const items = [
      { kind: 'conversations', label: 'conversations with them', count: await count(db.selectFrom('conversation_participants').select((eb) => eb.fn.countAll<number>().as('n')).where('workspace_id', '=', ws).where('contact_id', '=', id)) },
      { kind: 'referrals', label: 'referrals to or from them', count: await count(db.selectFrom('referrals').select((eb) => eb.fn.countAll<number>().as('n')).where('workspace_id', '=', ws).where((eb) => eb.or([eb('from_contact_id', '=', id), eb('to_contact_id', '=', id)]))) },
      { kind: 'advice', label: 'pieces of advice from them', count: await count(db.selectFrom('advice_items').select((eb) => eb.fn.countAll<number>().as('n')).where('workspace_id', '=', ws).where('contact_id', '=', id)) },
      { kind: 'introduced', label: 'people they introduced', count: await count(db.selectFrom('contacts').select((eb) => eb.fn.countAll<number>().as('n')).where('workspace_id', '=', ws).where('introduced_by_id', '=', id)) },
      { kind: 'targets', label: 'targets they suggested', count: await count(db.selectFrom('targets').select((eb) => eb.fn.countAll<number>().as('n')).where('workspace_id', '=', ws).where('suggested_by_id', '=', id)) },
      { kind: 'events', label: 'events you met them at', count: await count(db.selectFrom('event_attendees').select((eb) => eb.fn.countAll<number>().as('n')).where('workspace_id', '=', ws).where('contact_id', '=', id)) },
    ].filter((i) => i.count > 0);
    return { total: items.reduce((sum, i) => sum + i.count, 0), items };
  }

  /**
   * Deletes a contact. `keep-history` (the default) hides them from every list but keeps the
   * conversations, referrals and advice that name them; with nothing referring to them it is a
   * plain delete. `remove` deletes them with their referrals, advice and the conversations in
   * which they were the only participant; people they introduced lose the introduction.
   */
  async remove(scope: Scope, id: string, mode: DeleteMode = 'keep-history'): Promise<void> {
    const refs = await this.references(scope, id);
    const db = this.deps.db.kysely;
    if (mode === 'keep-history' && refs.total > 0) {
      const now = this.deps.clock.now().toISOString();
      await db.updateTable('contacts').set({ deleted_at: now, updated_at: now, version: sql<number>`version + 1` }).where('workspace_id', '=', scope.workspaceId).where('id', '=', id).execute();
      return;
    }
    await db.transaction().execute(async (trx) => {
      const alone = await trx
        .selectFrom('conversation_participants as p')
        .select('p.conversation_id')
        .where('p.workspace_id', '=', scope.workspaceId)
        .where('p.contact_id', '=', id)
        .where((eb) =>
          eb.not(
            eb.exists(
              eb.selectFrom('conversation_participants as o').select(sql`1`.as('one')).whereRef('o.conversation_id', '=', 'p.conversation_id').where('o.contact_id', '!=', id),
            ),
          ),
        )
        .execute();
      if (alone.length > 0) {
        await trx.deleteFrom('conversations').where('workspace_id', '=', scope.workspaceId).where('id', 'in', alone.map((r) => r.conversation_id)).execute();
      }
      if (!(await this.contacts.delete(trx, scope.workspaceId, id))) throw new NotFoundError('Contact', id);
    });
  }

  async tags(scope: Scope): Promise<TagCount[]> {
    return this.contacts.tagCounts(this.deps.db.kysely, scope.workspaceId);
  }
}

function searchTextOf(
  c: { givenName: string; familyName: string; emails: { value: string }[]; title: string | null; location?: string | null },
  organizationName: string | null,
): string {
  return contactSearchText({ ...c, emails: c.emails.map((e) => e.value), location: c.location ?? null }, organizationName);
}

/** The fields an edit really changed, as { field: [before, after] }, for the contact's timeline. */
function changedFields(current: Contact, input: ContactUpdate & { organizationName: string | null }): Record<string, [unknown, unknown]> {
  const before: Record<string, unknown> = { ...current, introducedById: current.introducedBy?.id ?? null };
  const changes: Record<string, [unknown, unknown]> = {};
  for (const [field, after] of Object.entries(input)) {
    if (field === 'version' || after === undefined) continue;
    if (field === 'organizationName' && input.organizationName === current.organizationName) continue;
    if (JSON.stringify(before[field] ?? null) !== JSON.stringify(after ?? null)) changes[field] = [before[field] ?? null, after];
  }
  return changes;
}

function unknownIntroducer(id: string): InvalidError {
  return new InvalidError('Introduced by: no such contact', [{ path: 'introducedById', message: `No contact with id ${id}` }]);
}

function staleEdit(current: Contact): ConflictError {
  return new ConflictError(
    `${current.displayName} was changed by someone else (now at version ${current.version}); reload and apply your edit again`,
  );
}
