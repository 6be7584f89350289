import { sql } from 'kysely';
import type { ExportCsvKind, VCardVersion } from '../contracts/transfer.schema.js';
import type { Db } from '../db/database.js';
import { chunks } from '../db/repositories/import.repository.js';
import { fromJsonArray } from '../db/repositories/json.js';
import { writeCsv, writeVCards, type CsvColumn, type ExportableContact } from '../formats/index.js';
import type { Scope } from './contact.service.js';
import { NotFoundError } from './errors.js';
import type { Clock, IdGenerator } from './runtime.js';

type LabelledValue = { value: string; label?: string };

export interface ExportFile {
  fileName: string;
  contentType: string;
  body: string;
  count: number;
}

const CSV_COLUMNS: Record<ExportCsvKind, CsvColumn[]> = {
  contacts: [
    { key: 'id', header: 'Id' },
    { key: 'givenName', header: 'First Name' },
    { key: 'familyName', header: 'Last Name' },
    { key: 'displayName', header: 'Name' },
    { key: 'emails', header: 'Emails' },
    { key: 'phones', header: 'Phones' },
    { key: 'linkedinUrl', header: 'LinkedIn URL' },
    { key: 'organization', header: 'Organization' },
    { key: 'department', header: 'Department' },
    { key: 'title', header: 'Title' },
    { key: 'location', header: 'Location' },
    { key: 'tags', header: 'Tags' },
    { key: 'sharedInterests', header: 'Shared Interests' },
    { key: 'howWeMet', header: 'How We Met' },
    { key: 'introducedBy', header: 'Introduced By' },
    { key: 'lastInteractionAt', header: 'Last Interaction' },
    { key: 'notes', header: 'Notes' },
    { key: 'createdAt', header: 'Created' },
    { key: 'updatedAt', header: 'Updated' },
  ],
  organizations: [
    { key: 'id', header: 'Id' },
    { key: 'name', header: 'Name' },
    { key: 'website', header: 'Website' },
    { key: 'industry', header: 'Industry' },
    { key: 'location', header: 'Location' },
    { key: 'contacts', header: 'Contacts' },
    { key: 'targetRank', header: 'Target Rank' },
    { key: 'targetStatus', header: 'Target Status' },
    { key: 'motivation', header: 'Motivation' },
    { key: 'posting', header: 'Posting' },
    { key: 'notes', header: 'Notes' },
    { key: 'createdAt', header: 'Created' },
    { key: 'updatedAt', header: 'Updated' },
  ],
  conversations: [
    { key: 'id', header: 'Id' },
    { key: 'kind', header: 'Kind' },
    { key: 'status', header: 'Status' },
    { key: 'startsAt', header: 'Starts At' },
    { key: 'timeZone', header: 'Time Zone' },
    { key: 'durationMinutes', header: 'Duration (minutes)' },
    { key: 'title', header: 'Title' },
    { key: 'participants', header: 'Participants' },
    { key: 'organization', header: 'Organization' },
    { key: 'location', header: 'Location' },
    { key: 'direction', header: 'Direction' },
    { key: 'interviewRound', header: 'Interview Round' },
    { key: 'notes', header: 'Notes' },
    { key: 'feedback', header: 'Feedback' },
    { key: 'nextSteps', header: 'Next Steps' },
    { key: 'createdAt', header: 'Created' },
    { key: 'updatedAt', header: 'Updated' },
  ],
  actions: [
    { key: 'id', header: 'Id' },
    { key: 'title', header: 'Title' },
    { key: 'reason', header: 'Reason' },
    { key: 'dueOn', header: 'Due On' },
    { key: 'channel', header: 'Channel' },
    { key: 'status', header: 'Status' },
    { key: 'ruleId', header: 'Rule' },
    { key: 'snoozedUntil', header: 'Snoozed Until' },
    { key: 'completedAt', header: 'Completed At' },
    { key: 'createdAt', header: 'Created' },
  ],
};

/**
 * Exports: vCard 3.0 / 4.0 of all or chosen contacts (what address books import), and CSV of
 * contacts, organizations, conversations and actions (what spreadsheets open). Lists skip
 * records deleted with "keep the history".
 */
export class ExportService {
  constructor(protected readonly deps: { db: Db; clock: Clock; ids: IdGenerator }) {}

  async vcard(scope: Scope, options: { version: VCardVersion; ids?: readonly string[] | undefined }): Promise<ExportFile> {
    const contacts = await this.exportableContacts(scope, options.ids);
    return {
      fileName: `rapport-contacts-${this.day()}.vcf`,
      contentType: 'text/vcard; charset=utf-8',
      body: writeVCards(contacts, options.version),
      count: contacts.length,
    };
  }

  async csv(scope: Scope, kind: ExportCsvKind): Promise<ExportFile> {
    const rows = await this.csvRows(scope, kind);
    return {
      fileName: `rapport-${kind}-${this.day()}.csv`,
      contentType: 'text/csv; charset=utf-8',
      // A BOM so that Excel reads UTF-8; formulas escaped because names and notes come from
      // imported files, and a cell starting with = must not run in someone's spreadsheet.
      body: writeCsv(CSV_COLUMNS[kind], rows, { bom: true, escapeFormulas: true }),
      count: rows.length,
    };
  }

  private day(): string {
    return this.deps.clock.now().toISOString().slice(0, 10);
  }

  private async exportableContacts(scope: Scope, ids: readonly string[] | undefined): Promise<ExportableContact[]> {
    const db = this.deps.db.kysely;
    const ws = scope.workspaceId;
    const base = db
      .selectFrom('contacts as c')
      .leftJoin('organizations as o', 'o.id', 'c.organization_id')
      .select(['c.id', 'c.given_name', 'c.family_name', 'c.emails', 'c.phones', 'c.linkedin_url', 'o.name as organization_name', 'c.full_name', 'c.department', 'c.title', 'c.location', 'c.notes', 'c.how_we_met', 'c.updated_at', 'c.sort_name'])
      .where('c.workspace_id', '=', ws)
      .where('c.deleted_at', 'is', null);
    let rows: Awaited<ReturnType<typeof base.execute>>;
    if (ids) {
      rows = [];
      for (const batch of chunks([...new Set(ids)], 500)) rows.push(...(await base.where('c.id', 'in', batch).execute()));
      const found = new Set(rows.map((r) => r.id));
      const missing = ids.find((id) => !found.has(id));
      if (missing) throw new NotFoundError('Contact', missing);
    } else {
      rows = await base.execute();
    }
    rows.sort((a, b) => compare(a.sort_name, b.sort_name) || compare(a.id, b.id));
    const tags = await this.tagsByContact(ws, ids ? rows.map((r) => r.id) : undefined);
    return rows.map((r) => ({
      id: r.id,
      givenName: r.given_name,
      familyName: r.family_name,
      emails: fromJsonArray<LabelledValue>(r.emails),
      phones: fromJsonArray<LabelledValue>(r.phones),
      linkedinUrl: r.linkedin_url,
      organizationName: r.organization_name ?? null,
      ...(r.full_name ? { fullName: r.full_name } : {}),
      ...(r.department ? { department: r.department } : {}),
      title: r.title,
      location: r.location,
      notes: r.notes,
      howWeMet: r.how_we_met,
      connectedOn: null,
      birthday: null,
      tags: tags.get(r.id) ?? [],
      updatedAt: r.updated_at,
    }));
  }

  private async tagsByContact(ws: string, ids: string[] | undefined): Promise<Map<string, string[]>> {
    const db = this.deps.db.kysely;
    const rows: Array<{ contact_id: string; tag: string; tag_key: string }> = [];
    const base = db.selectFrom('contact_tags').select(['contact_id', 'tag', 'tag_key']).where('workspace_id', '=', ws);
    if (ids) for (const batch of chunks(ids, 500)) rows.push(...(await base.where('contact_id', 'in', batch).execute()));
    else rows.push(...(await base.execute()));
    rows.sort((a, b) => compare(a.tag_key, b.tag_key));
    const map = new Map<string, string[]>();
    for (const r of rows) {
      const list = map.get(r.contact_id);
      if (list) list.push(r.tag);
      else map.set(r.contact_id, [r.tag]);
    }
    return map;
  }

  private async csvRows(scope: Scope, kind: ExportCsvKind): Promise<Record<string, unknown>[]> {
    const db = this.deps.db.kysely;
    const ws = scope.workspaceId;
    switch (kind) {
      case 'contacts': {
        const rows = await db
          .selectFrom('contacts as c')
          .leftJoin('organizations as o', 'o.id', 'c.organization_id')
          .leftJoin('contacts as i', 'i.id', 'c.introduced_by_id')
          .selectAll('c')
          .select(['o.name as organization_name', 'i.display_name as introduced_by_name'])
          .where('c.workspace_id', '=', ws)
          .where('c.deleted_at', 'is', null)
          .execute();
        rows.sort((a, b) => compare(a.sort_name, b.sort_name) || compare(a.id, b.id));
        const tags = await this.tagsByContact(ws, undefined);
        return rows.map((r) => ({
          id: r.id,
          givenName: r.given_name,
          familyName: r.family_name,
          displayName: r.display_name,
          emails: fromJsonArray<LabelledValue>(r.emails),
          phones: fromJsonArray<LabelledValue>(r.phones),
          linkedinUrl: r.linkedin_url,
          organization: r.organization_name,
          department: r.department,
          title: r.title,
          location: r.location,
          tags: tags.get(r.id) ?? [],
          sharedInterests: fromJsonArray<string>(r.shared_interests),
          howWeMet: r.how_we_met,
          introducedBy: r.introduced_by_name,
          lastInteractionAt: r.last_interaction_at,
          notes: r.notes,
          createdAt: r.created_at,
          updatedAt: r.updated_at,
        }));
      }
      case 'organizations': {
        const rows = await db
          .selectFrom('organizations as o')
          .leftJoin('targets as t', 't.organization_id', 'o.id')
          .selectAll('o')
          .select([
            't.rank as target_rank',
            't.status as target_status',
            't.motivation',
            't.posting',
            (eb) =>
              eb
                .selectFrom('contacts as c')
                .select(sql<number>`count(*)`.as('n'))
                .whereRef('c.organization_id', '=', 'o.id')
                .where('c.deleted_at', 'is', null)
                .as('contacts'),
          ])
          .where('o.workspace_id', '=', ws)
          .where('o.deleted_at', 'is', null)
          .execute();
        rows.sort((a, b) => compare(a.name_key, b.name_key) || compare(a.id, b.id));
        return rows.map((r) => ({
          id: r.id,
          name: r.name,
          website: r.website,
          industry: r.industry,
          location: r.location,
          contacts: Number(r.contacts ?? 0),
          targetRank: r.target_rank,
          targetStatus: r.target_status,
          motivation: r.motivation,
          posting: r.posting,
          notes: r.notes,
          createdAt: r.created_at,
          updatedAt: r.updated_at,
        }));
      }
      case 'conversations': {
        const rows = await db
          .selectFrom('conversations as v')
          .leftJoin('organizations as o', 'o.id', 'v.organization_id')
          .selectAll('v')
          .select('o.name as organization_name')
          .where('v.workspace_id', '=', ws)
          .execute();
        rows.sort((a, b) => compare(a.starts_at, b.starts_at) || compare(a.id, b.id));
        const people = await db
          .selectFrom('conversation_participants as p')
          .innerJoin('contacts as c', 'c.id', 'p.contact_id')
          .select(['p.conversation_id', 'c.display_name', 'c.sort_name'])
          .where('p.workspace_id', '=', ws)
          .execute();
        people.sort((a, b) => compare(a.sort_name, b.sort_name));
        const byConversation = new Map<string, string[]>();
        for (const p of people) byConversation.set(p.conversation_id, [...(byConversation.get(p.conversation_id) ?? []), p.display_name]);
        return rows.map((r) => ({
          id: r.id,
          kind: r.kind,
          status: r.status,
          startsAt: r.starts_at,
          timeZone: r.time_zone,
          durationMinutes: r.duration_minutes,
          title: r.title,
          participants: byConversation.get(r.id) ?? [],
          organization: r.organization_name,
          location: r.location,
          direction: r.direction,
          interviewRound: r.interview_round,
          notes: r.notes,
          feedback: r.feedback,
          nextSteps: r.next_steps,
          createdAt: r.created_at,
          updatedAt: r.updated_at,
        }));
      }
      case 'actions': {
        const rows = await db.selectFrom('actions').selectAll().where('workspace_id', '=', ws).execute();
        rows.sort((a, b) => compare(a.due_on, b.due_on) || compare(a.id, b.id));
        return rows.map((r) => ({
          id: r.id,
          title: r.title,
          reason: r.reason,
          dueOn: r.due_on,
          channel: r.channel,
          status: r.status,
          ruleId: r.rule_id,
          snoozedUntil: r.snoozed_until,
          completedAt: r.completed_at,
          createdAt: r.created_at,
        }));
      }
    }
  }
}

/** Sorted in JS: the engines' collations disagree, and an export should be the same on both. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
