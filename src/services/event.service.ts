import { sql, type Transaction } from 'kysely';
import type { EventCreate, EventUpdate, NetworkingEvent } from '../contracts/event.schema.js';
import type { Db } from '../db/database.js';
import { ContactRepository } from '../db/repositories/contact.repository.js';
import type { Database } from '../db/schema.js';
import type { Scope } from './contact.service.js';
import { ConflictError, InvalidError, NotFoundError } from './errors.js';
import type { Clock, IdGenerator } from './runtime.js';

/** Networking events (a job-networking meeting, a mixer): date, place and the people met there. */
export class EventService {
  private readonly contacts = new ContactRepository();

  constructor(private readonly deps: { db: Db; clock: Clock; ids: IdGenerator }) {}

  async list(scope: Scope, query: { contactId?: string | undefined } = {}): Promise<NetworkingEvent[]> {
    let q = this.deps.db.kysely.selectFrom('events as e').selectAll('e').where('e.workspace_id', '=', scope.workspaceId);
    if (query.contactId) {
      const id = query.contactId;
      q = q.where(({ exists, selectFrom }) => exists(selectFrom('event_attendees as a').select(sql`1`.as('one')).whereRef('a.event_id', '=', 'e.id').where('a.contact_id', '=', id)));
    }
    const rows = await q.orderBy('e.starts_at', 'desc').limit(500).execute();
    const attendees = await this.attendeesOf(scope, rows.map((r) => r.id));
    return rows.map((r) => toEvent(r, attendees.get(r.id) ?? []));
  }

  async get(scope: Scope, id: string): Promise<NetworkingEvent> {
    const row = await this.deps.db.kysely.selectFrom('events').selectAll().where('workspace_id', '=', scope.workspaceId).where('id', '=', id).executeTakeFirst();
    if (!row) throw new NotFoundError('Event', id);
    return toEvent(row, (await this.attendeesOf(scope, [id])).get(id) ?? []);
  }

  async create(scope: Scope, input: EventCreate): Promise<NetworkingEvent> {
    const now = this.deps.clock.now().toISOString();
    const id = this.deps.ids.newId();
    await this.deps.db.kysely.transaction().execute(async (trx) => {
      await trx
        .insertInto('events')
        .values({ id, workspace_id: scope.workspaceId, name: input.name, kind: input.kind, starts_at: new Date(input.startsAt).toISOString(), time_zone: input.timeZone, place: input.place, notes: input.notes, created_at: now, updated_at: now })
        .execute();
      await this.replaceAttendees(trx, scope, id, input.attendeeIds);
    });
    return this.get(scope, id);
  }

  async update(scope: Scope, id: string, input: EventUpdate): Promise<NetworkingEvent> {
    const now = this.deps.clock.now().toISOString();
    await this.deps.db.kysely.transaction().execute(async (trx) => {
      const patch: Record<string, string | null> = { updated_at: now };
      if (input.name !== undefined) patch.name = input.name;
      if (input.kind !== undefined) patch.kind = input.kind;
      if (input.startsAt !== undefined) patch.starts_at = new Date(input.startsAt).toISOString();
      if (input.timeZone !== undefined) patch.time_zone = input.timeZone;
      if (input.place !== undefined) patch.place = input.place;
      if (input.notes !== undefined) patch.notes = input.notes;
      const result = await trx
        .updateTable('events')
        .set({ ...patch, version: sql<number>`version + 1` })
        .where('workspace_id', '=', scope.workspaceId)
        .where('id', '=', id)
        .where('version', '=', input.version)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) {
        const exists = await trx.selectFrom('events').select('id').where('workspace_id', '=', scope.workspaceId).where('id', '=', id).executeTakeFirst();
        if (!exists) throw new NotFoundError('Event', id);
        throw new ConflictError('This event was changed by someone else; reload and try again');
      }
      if (input.attendeeIds !== undefined) await this.replaceAttendees(trx, scope, id, input.attendeeIds);
    });
    return this.get(scope, id);
  }

  async remove(scope: Scope, id: string): Promise<void> {
    await this.deps.db.kysely.transaction().execute(async (trx) => {
      const attendees = await trx.selectFrom('event_attendees').select('contact_id').where('workspace_id', '=', scope.workspaceId).where('event_id', '=', id).execute();
      const result = await trx.deleteFrom('events').where('workspace_id', '=', scope.workspaceId).where('id', '=', id).executeTakeFirst();
      if (Number(result.numDeletedRows) !== 1) throw new NotFoundError('Event', id);
      await this.contacts.refreshLastInteraction(trx, scope.workspaceId, attendees.map((r) => r.contact_id), this.deps.clock.now().toISOString());
    });
  }

  private async replaceAttendees(trx: Transaction<Database>, scope: Scope, eventId: string, contactIds: readonly string[]): Promise<void> {
    const unique = [...new Set(contactIds)];
    if (unique.length > 0) {
      const found = await trx.selectFrom('contacts').select('id').where('workspace_id', '=', scope.workspaceId).where('id', 'in', unique).where('deleted_at', 'is', null).execute();
      const known = new Set(found.map((r) => r.id));
      const issues = contactIds.flatMap((id, index) => (known.has(id) ? [] : [{ path: `attendeeIds.${index}`, message: `No contact with id ${id}` }]));
      if (issues.length > 0) throw new InvalidError('Unknown attendee', issues);
    }
    const before = await trx.selectFrom('event_attendees').select('contact_id').where('workspace_id', '=', scope.workspaceId).where('event_id', '=', eventId).execute();
    await trx.deleteFrom('event_attendees').where('workspace_id', '=', scope.workspaceId).where('event_id', '=', eventId).execute();
    if (unique.length > 0) {
      await trx.insertInto('event_attendees').values(unique.map((contact_id) => ({ workspace_id: scope.workspaceId, event_id: eventId, contact_id }))).execute();
    }
    await this.contacts.refreshLastInteraction(trx, scope.workspaceId, [...before.map((r) => r.contact_id), ...unique], this.deps.clock.now().toISOString());
  }

  private async attendeesOf(scope: Scope, eventIds: readonly string[]): Promise<Map<string, { id: string; displayName: string }[]>> {
    const result = new Map<string, { id: string; displayName: string }[]>();
    if (eventIds.length === 0) return result;
    const rows = await this.deps.db.kysely
      .selectFrom('event_attendees as a')
      .innerJoin('contacts as c', 'c.id', 'a.contact_id')
      .select(['a.event_id', 'c.id', 'c.display_name'])
      .where('a.workspace_id', '=', scope.workspaceId)
      .where('a.event_id', 'in', eventIds)
      .orderBy('c.sort_name')
      .execute();
    for (const r of rows) {
      const list = result.get(r.event_id) ?? [];
      list.push({ id: r.id, displayName: r.display_name });
      result.set(r.event_id, list);
    }
    return result;
  }
}

function toEvent(
  r: { id: string; name: string; kind: string; starts_at: string; time_zone: string; place: string | null; notes: string | null; version: number; created_at: string },
  attendees: { id: string; displayName: string }[],
): NetworkingEvent {
  return { id: r.id, name: r.name, kind: r.kind as NetworkingEvent['kind'], startsAt: r.starts_at, timeZone: r.time_zone, place: r.place, notes: r.notes, attendees, version: r.version, createdAt: r.created_at };
}
