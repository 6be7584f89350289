import { z } from 'zod';
import { idSchema, safeString } from './common.schema.js';
import { contactSchema } from './contact.schema.js';

/**
 * Import, export, backup and merge: what the web app, the API and the CLI exchange.
 */

/**
 * The largest contact file an import accepts. LinkedIn caps a member at 30,000 connections,
 * about 4 MB; a Google or vCard export with photos is bigger, but 20 MiB leaves room for both.
 */
export const IMPORT_MAX_BYTES = 20 * 1024 * 1024;
/**
 * The most records (rows, cards) one contact file may hold: three times LinkedIn's cap of
 * 30,000 connections. The importer holds one draft per record; this bounds its memory (about
 * 300 MB at the limit, measured in `npm run bench`). A file over it is refused as soon as the
 * reader meets the record past the limit.
 */
export const IMPORT_MAX_RECORDS = 100_000;
/**
 * The largest LinkedIn data archive (.zip) an import accepts. It waits on disk, and only the
 * files Rapport reads are taken out of it, each within its own limit.
 */
export const ARCHIVE_MAX_BYTES = 256 * 1024 * 1024;
/** The largest backup a restore accepts (30,000 contacts with their history is ~30 MB). */
export const RESTORE_MAX_BYTES = 256 * 1024 * 1024;

/**
 * `thunderbird`: Thunderbird's address-book CSV. `csv`: any other CSV whose columns are read by
 * their header (a synonyms table in several languages, changeable by the user: the mapping).
 */
export const contactFileFormatSchema = z.enum(['linkedin', 'google', 'outlook', 'thunderbird', 'csv', 'vcard']);
export type ContactFileFormat = z.infer<typeof contactFileFormatSchema>;

/**
 * What a column of a CSV read by its header may hold. Several columns may hold emails, phones,
 * web pages, notes, tags and address parts; each other field comes from one column. `ignore`:
 * the column is not read.
 */
export const CSV_FIELDS = [
  'givenName',
  'familyName',
  'middleName',
  'fullName',
  'email',
  'phone',
  'organization',
  'department',
  'title',
  'location',
  'city',
  'region',
  'country',
  'website',
  'notes',
  'tags',
  'birthday',
  'birthYear',
  'birthMonth',
  'birthDay',
  'howWeMet',
  'ignore',
] as const;
export const csvFieldSchema = z.enum(CSV_FIELDS);
export type CsvField = z.infer<typeof csvFieldSchema>;
/** Fields that may come from several columns; the others from one column only. */
export const MULTI_COLUMN_FIELDS: ReadonlySet<CsvField> = new Set(['email', 'phone', 'website', 'notes', 'tags', 'city', 'region', 'country', 'ignore']);

/** The user's choice of field per column, by the column's header as the file spells it. */
export const columnMappingSchema = z
  .record(z.string().trim().min(1, 'Name a column').max(200), csvFieldSchema)
  .refine((m) => Object.keys(m).length <= 500, 'At most 500 columns');
export type ColumnMapping = z.infer<typeof columnMappingSchema>;

/** How each column of the file is read: shown in the preview, changeable before the import. */
export const importMappingSchema = z.object({
  columns: z.array(
    z.object({
      /** The header as the file spells it. */
      column: z.string(),
      field: csvFieldSchema,
      /** The header is one the synonyms table knows (or the user chose the field); false: not recognised. */
      recognised: z.boolean(),
      /** The first value of the column, shortened. */
      sample: z.string().nullable(),
    }),
  ),
});
export type ImportMapping = z.infer<typeof importMappingSchema>;

/** A value left out of a contact that is imported (or of a record skipped for want of a person). */
export const importWarningSchema = z.object({
  /** The physical line of the value in the file (1-based). */
  line: z.number().int(),
  /** The column or property, as the file names it (`E-mail 2 Address`, `TEL`). */
  field: z.string(),
  message: z.string(),
});
export type ImportWarning = z.infer<typeof importWarningSchema>;

export const importFieldSchema = z.enum([
  'givenName',
  'familyName',
  'fullName',
  'emails',
  'phones',
  'linkedinUrl',
  'organizationName',
  'department',
  'title',
  'location',
  'notes',
  'howWeMet',
  'tags',
]);
export type ImportField = z.infer<typeof importFieldSchema>;

export const importMatchSchema = z.object({
  line: z.number().int(),
  contactId: z.string(),
  displayName: z.string(),
  matchedBy: z.enum(['linkedin', 'email', 'name']),
  /** The empty fields the import would fill; empty: the contact stays as it is. */
  fields: z.array(importFieldSchema),
});
export type ImportMatch = z.infer<typeof importMatchSchema>;

export const importSkipReasonSchema = z.object({
  reason: z.string(),
  count: z.number().int(),
  /** The first lines skipped for this reason. */
  lines: z.array(z.number().int()),
});

/** What an import of LinkedIn's data archive reads besides Connections.csv. */
export const importArchiveSchema = z.object({
  /** The files taken out of the archive, with their size. */
  files: z.array(z.object({ name: z.string(), bytes: z.number().int() })),
  /** Connections whose how-we-met is told by their invitation (Invitations.csv). */
  invitations: z.number().int(),
  /** Profile.csv, Positions.csv and Skills.csv: they fill the profile when the import is done. */
  profileFiles: z.array(z.string()),
  /** Files of the archive left out, and why (a damaged Profile.csv). */
  skippedFiles: z.array(z.object({ name: z.string(), reason: z.string() })),
});
export type ImportArchive = z.infer<typeof importArchiveSchema>;

/** What an import would do, computed before anything is written. */
export const importPreviewSchema = z.object({
  format: contactFileFormatSchema,
  fileName: z.string().nullable(),
  counts: z.object({
    /** Records in the file: each is exactly one of new, matched, duplicate or skipped. */
    records: z.number().int(),
    new: z.number().int(),
    matched: z.number().int(),
    /** Matched contacts that would gain at least one field. */
    updated: z.number().int(),
    unchanged: z.number().int(),
    duplicatesInFile: z.number().int(),
    /** Records that yield no person, left out whole (see `skipped` for the reasons). */
    skipped: z.number().int(),
    /** Contacts imported without one or more of their values (see `warnings`): counted per contact. */
    warnings: z.number().int(),
    newOrganizations: z.number().int(),
  }),
  /** How many matched contacts would gain each field. */
  filledFields: z.array(z.object({ field: importFieldSchema, count: z.number().int() })),
  /** The first matched contacts, those that would change first. */
  matches: z.array(importMatchSchema),
  skipped: z.array(importSkipReasonSchema),
  /** The values left out, by line (the first few hundred). */
  warnings: z.array(importWarningSchema),
  /** For a CSV read by its headers (Thunderbird, any other CSV): which column gives which field. */
  mapping: importMappingSchema.nullable(),
  /** For LinkedIn's data archive (.zip): the other files it reads. */
  archive: importArchiveSchema.optional(),
});
export type ImportPreview = z.infer<typeof importPreviewSchema>;

export const importCommitSchema = z.object({}).strict();

/** Body of POST /api/imports/:id/mapping: read the staged file again with these columns. */
export const importRemapSchema = z.object({ mapping: columnMappingSchema }).strict();
export type ImportRemap = z.output<typeof importRemapSchema>;
export type ImportCommit = z.output<typeof importCommitSchema>;

export const importResultSchema = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  duplicatesInFile: z.number().int(),
  skipped: z.number().int(),
  /** Contacts imported without one or more of their values (listed in the preview's warnings). */
  warnings: z.number().int(),
  organizationsCreated: z.number().int(),
  ms: z.number(),
  /** For LinkedIn's data archive: what its profile files filled in the profile (and what was already written). */
  profile: z.object({ filled: z.array(z.string()), kept: z.array(z.string()) }).optional(),
});
export type ImportResult = z.infer<typeof importResultSchema>;

export const importStatusSchema = z.enum(['ready', 'running', 'done', 'failed']);

/** An uploaded file: its preview, then the progress and result of committing it. */
export const importJobSchema = z.object({
  id: z.string(),
  status: importStatusSchema,
  /** Contacts written so far, of `total`, while the import runs. */
  processed: z.number().int(),
  total: z.number().int(),
  preview: importPreviewSchema,
  result: importResultSchema.nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
});
export type ImportJob = z.infer<typeof importJobSchema>;

export const exportCsvKindSchema = z.enum(['contacts', 'organizations', 'conversations', 'actions']);
export type ExportCsvKind = z.infer<typeof exportCsvKindSchema>;

export const vcardVersionSchema = z.enum(['3.0', '4.0']);
export type VCardVersion = z.infer<typeof vcardVersionSchema>;

/** Query of GET /api/export/contacts.vcf: `ids` is a comma-separated list (all contacts when absent). */
export const vcardExportQuerySchema = z.object({
  version: vcardVersionSchema.default('4.0'),
  ids: z
    .string()
    .max(200_000)
    .optional()
    .transform((v) =>
      v === undefined
        ? undefined
        : v
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean),
    )
    .pipe(z.array(idSchema).max(50_000).optional()),
});
export type VCardExportQuery = z.output<typeof vcardExportQuerySchema>;

export const contactMergeSchema = z
  .object({
    keepId: idSchema,
    mergeId: idSchema,
  })
  .strict()
  .refine((v) => v.keepId !== v.mergeId, { message: 'A contact cannot be merged with itself', path: ['mergeId'] });
export type ContactMerge = z.output<typeof contactMergeSchema>;

export const mergeResultSchema = z.object({
  contact: contactSchema,
  /** The fields the kept contact took from the other one. */
  filled: z.array(importFieldSchema),
  /** How many records of the other contact's history now point at the kept one. */
  moved: z.object({
    conversations: z.number().int(),
    events: z.number().int(),
    referrals: z.number().int(),
    advice: z.number().int(),
    targets: z.number().int(),
    introduced: z.number().int(),
    changes: z.number().int(),
    actions: z.number().int(),
    opportunities: z.number().int(),
  }),
});
export type MergeResult = z.infer<typeof mergeResultSchema>;

// ---------------------------------------------------------------- backup

// Restored text goes through the one text rule (no NUL, no lone surrogate): a SQLite
// database could hold a NUL that PostgreSQL cannot store.
const text = safeString();
const textN = safeString().nullable();
const int = z.number().int();
const intN = z.number().int().nullable();

/**
 * Every table of a workspace, every column, as stored (snake_case, JSON columns as their text).
 * A test compares these against the migrated schema, so a new column or table cannot be
 * forgotten by the backup.
 */
export const backupTableSchemas = {
  organizations: z.object({ id: text, workspace_id: text, name: text, name_key: text, website: textN, industry: textN, location: textN, notes: textN, version: int, deleted_at: textN, created_at: text, updated_at: text }).strict(),
  contacts: z
    .object({
      id: text,
      workspace_id: text,
      given_name: text,
      family_name: text,
      display_name: text,
      sort_name: text,
      emails: text,
      phones: text,
      linkedin_url: textN,
      organization_id: textN,
      title: textN,
      location: textN,
      notes: textN,
      shared_interests: text,
      how_we_met: textN,
      introduced_by_id: textN,
      search_text: text,
      version: int,
      deleted_at: textN,
      last_interaction_at: textN,
      cadence_ideal_days: intN,
      cadence_max_days: intN,
      // Optional: backups written before contacts had a full name and a department have neither.
      full_name: textN.optional(),
      department: textN.optional(),
      created_at: text,
      updated_at: text,
    })
    .strict(),
  contact_tags: z.object({ workspace_id: text, contact_id: text, tag: text, tag_key: text }).strict(),
  targets: z
    .object({
      organization_id: text,
      workspace_id: text,
      rank: int,
      motivation: int,
      posting: int,
      status: text,
      suggested_by_id: textN,
      suggested_in_conversation_id: textN,
      notes: textN,
      version: int,
      added_at: text,
      updated_at: text,
    })
    .strict(),
  events: z.object({ id: text, workspace_id: text, name: text, kind: text, starts_at: text, time_zone: text, place: textN, notes: textN, version: int, created_at: text, updated_at: text }).strict(),
  event_attendees: z.object({ workspace_id: text, event_id: text, contact_id: text }).strict(),
  conversations: z
    .object({
      id: text,
      workspace_id: text,
      kind: text,
      status: text,
      starts_at: text,
      time_zone: text,
      duration_minutes: intN,
      title: textN,
      location: textN,
      notes: textN,
      direction: text,
      awaiting_reply: int,
      replied_at: textN,
      organization_id: textN,
      event_id: textN,
      opportunity_id: textN,
      interview_round: intN,
      feedback: textN,
      next_steps: textN,
      version: int,
      created_at: text,
      updated_at: text,
    })
    .strict(),
  conversation_participants: z.object({ workspace_id: text, conversation_id: text, contact_id: text, role: text }).strict(),
  conversation_sources: z.object({ workspace_id: text, source_key: text, conversation_id: text, sequence: int, created_at: text }).strict(),
  referrals: z
    .object({
      id: text,
      workspace_id: text,
      from_contact_id: text,
      to_contact_id: textN,
      to_organization_id: textN,
      conversation_id: textN,
      status: text,
      note: textN,
      offered_at: text,
      status_changed_at: text,
      version: int,
      created_at: text,
      updated_at: text,
    })
    .strict(),
  advice_items: z
    .object({
      id: text,
      workspace_id: text,
      contact_id: text,
      conversation_id: textN,
      kind: text,
      title: text,
      notes: textN,
      status: text,
      done_at: textN,
      update_sent_at: textN,
      version: int,
      created_at: text,
      updated_at: text,
    })
    .strict(),
  contact_changes: z.object({ id: text, workspace_id: text, contact_id: text, at: text, changes: text }).strict(),
  actions: z
    .object({
      id: text,
      workspace_id: text,
      key: textN,
      rule_id: textN,
      title: text,
      reason: text,
      due_on: text,
      channel: text,
      template_id: textN,
      subjects: text,
      recipients: text,
      template_context: textN,
      note: textN,
      status: text,
      snoozed_until: textN,
      completed_at: textN,
      version: int,
      created_at: text,
      updated_at: text,
      /** Server mode: the coach who suggested it; absent from backups made before. */
      suggested_by: textN.optional(),
      suggested_by_user_id: textN.optional(),
    })
    .strict(),
  action_subjects: z.object({ workspace_id: text, action_id: text, record_type: text, record_id: text }).strict(),
  opportunities: z
    .object({
      id: text,
      workspace_id: text,
      organization_id: text,
      title: text,
      source: text,
      referrer_contact_id: textN,
      stage: text,
      stage_changed_at: text,
      board_position: int,
      competing_candidates: intN,
      not_a_fit: int,
      rapport_interviewer_id: textN,
      posting_url: textN,
      notes: textN,
      version: int,
      created_at: text,
      updated_at: text,
    })
    .strict(),
  opportunity_stage_changes: z.object({ id: text, workspace_id: text, opportunity_id: text, from_stage: textN, to_stage: text, at: text }).strict(),
  opportunity_interviewers: z.object({ workspace_id: text, opportunity_id: text, contact_id: text }).strict(),
} as const;

export type BackupTableName = keyof typeof backupTableSchemas;

/** Parents before children: the order a restore inserts in (and a backup lists). */
/**
 * Tables that hold no data of the user's: the change log says which records changed since the
 * playbook last looked (bookkeeping of one database, rebuilt by the writes of a restore); background
 * jobs and staged files are imports under way (server mode), gone within the hour.
 */
export const BOOKKEEPING_TABLES: readonly string[] = ['change_log', 'change_log_state', 'background_jobs', 'staged_files'];

export const BACKUP_TABLE_ORDER: readonly BackupTableName[] = [
  'organizations',
  'contacts',
  'contact_tags',
  'events',
  'event_attendees',
  'opportunities',
  'opportunity_stage_changes',
  'opportunity_interviewers',
  'conversations',
  'conversation_participants',
  'conversation_sources',
  'targets',
  'referrals',
  'advice_items',
  'contact_changes',
  'actions',
  'action_subjects',
];

export const BACKUP_FORMAT = 'rapport-backup';
export const BACKUP_FORMAT_VERSION = 1;

/**
 * The workspace's own row: its name, settings and the playbook's bookkeeping. Columns beyond
 * these (the playbook's state grows) travel as plain values; a restore sets those its
 * database has.
 */
export const backupWorkspaceSchema = z
  .object({
    id: text,
    name: text,
    settings: text,
    calendar_token: textN,
    created_at: text,
  })
  .catchall(z.union([safeString(), z.number(), z.null()]));

/** The lossless JSON backup of one workspace. */
export const backupDocumentSchema = z
  .object({
    format: z.literal(BACKUP_FORMAT),
    formatVersion: z.literal(BACKUP_FORMAT_VERSION),
    createdAt: z.string().datetime({ offset: true }),
    /** The newest database migration of the Rapport that wrote the backup. */
    schemaVersion: z.string(),
    workspace: backupWorkspaceSchema,
    tables: z
      .object({
        organizations: z.array(backupTableSchemas.organizations),
        contacts: z.array(backupTableSchemas.contacts),
        contact_tags: z.array(backupTableSchemas.contact_tags),
        targets: z.array(backupTableSchemas.targets),
        events: z.array(backupTableSchemas.events),
        event_attendees: z.array(backupTableSchemas.event_attendees),
        conversations: z.array(backupTableSchemas.conversations),
        conversation_participants: z.array(backupTableSchemas.conversation_participants),
        // Optional: backups written before mail and calendar imports have none.
        conversation_sources: z.array(backupTableSchemas.conversation_sources).default([]),
        referrals: z.array(backupTableSchemas.referrals),
        advice_items: z.array(backupTableSchemas.advice_items),
        contact_changes: z.array(backupTableSchemas.contact_changes),
        actions: z.array(backupTableSchemas.actions),
        action_subjects: z.array(backupTableSchemas.action_subjects),
        // Optional: backups written before opportunities existed have none.
        opportunities: z.array(backupTableSchemas.opportunities).default([]),
        opportunity_stage_changes: z.array(backupTableSchemas.opportunity_stage_changes).default([]),
        opportunity_interviewers: z.array(backupTableSchemas.opportunity_interviewers).default([]),
      })
      .strict(),
  })
  .strict();
export type BackupDocument = z.infer<typeof backupDocumentSchema>;

export const restoreResultSchema = z.object({
  workspaceId: z.string(),
  /** Rows restored per table. */
  counts: z.record(z.string(), z.number().int()),
});
export type RestoreResult = z.infer<typeof restoreResultSchema>;
