import fs from 'node:fs/promises';
import type { Insertable, Transaction } from 'kysely';
import type {
  ColumnMapping,
  ContactFileFormat,
  ImportCommit,
  ImportArchive,
  ImportField,
  ImportJob,
  ImportMapping,
  ImportMatch,
  ImportPreview,
  ImportResult,
  ImportWarning,
  MergeResult,
} from '../contracts/transfer.schema.js';
import { ARCHIVE_MAX_BYTES, IMPORT_MAX_BYTES } from '../contracts/transfer.schema.js';
import { NAME_MAX } from '../contracts/contact.schema.js';
import type { Db } from '../db/database.js';
import { beginBulkWrite, endBulkWrite } from '../db/dialects/change-log.js';
import { ContactRepository } from '../db/repositories/contact.repository.js';
import {
  ImportRepository,
  type ContactFillRow,
  type ContactIdentityRow,
  type OrganizationKeyRow,
} from '../db/repositories/import.repository.js';
import { fromJsonArray, toJson } from '../db/repositories/json.js';
import { MergeRepository } from '../db/repositories/merge.repository.js';
import type { ContactChangeTable, ContactTagTable, Database, NewContactRow } from '../db/schema.js';
import {
  emailKey,
  fillEmpty,
  foldOnce,
  organizationKey,
  phoneKey,
  planImport,
  tagKey,
  type ContactDraft,
  type FillableField,
  type ImportPlan,
  type MatchTarget,
  type PlanRow,
} from '../domain/matching.js';
import { contactSearchText, displayName, foldText, nameSortKey } from '../domain/text.js';
import { textProblem } from '../contracts/common.schema.js';
import { decodeText, FormatError, MappingError, readContactFile, type ContactSink, type ImportedContact } from '../formats/index.js';
import {
  archiveFileName,
  extractLinkedInArchive,
  invitationHowWeMet,
  readInvitations,
  type ArchiveFileKey,
} from '../formats/linkedin-data-archive.js';
import { ARCHIVE_LIMITS, type ArchiveLimits, type ExtractedEntry } from '../formats/zip-archive.js';
import type { ProfileService } from './profile.service.js';
import type { Scope } from './contact.service.js';
import { ConflictError, InvalidError, NotFoundError } from './errors.js';
import type { Clock, IdGenerator } from './runtime.js';
import { MemoryJobs, type BackgroundJobs, type JobKind, type StoredJob } from './background-jobs.js';
import { dropScratchDir, importGate, makeScratchDir, type StagedFiles } from './staged-files.js';

export interface ImportProgress {
  processed: number;
  total: number;
}

export interface ImportOptions {
  fileName?: string | null | undefined;
  /** For a CSV read by its headers: the field of these columns, over the synonyms table's guess. */
  mapping?: ColumnMapping | undefined;
  /** Read a CSV no header of which is recognised (nothing read from it until it is mapped) instead of refusing it. */
  anyCsv?: boolean | undefined;
  /** Changes each contact read before it becomes a draft (the archive's invitations tell how we met). */
  enrich?: ((contact: ImportedContact) => void) | undefined;
  /** Called after every batch written; the import waits for it (and lets other work run in between). */
  onProgress?: ((progress: ImportProgress) => void | Promise<void>) | undefined;
}

/**
 * A file read and checked, ready to be planned against the workspace. It holds one draft per
 * person and bounded lists for the preview, never the file's records or text.
 */
interface PreparedFile {
  format: ContactFileFormat;
  fileName: string | null;
  rows: PlanRow[];
  /** Skipped records: reason → how many, and the first lines. */
  skips: Map<string, { count: number; lines: number[] }>;
  skippedCount: number;
  /** The first values left out (of kept and of skipped records), by line. */
  warnings: ImportWarning[];
  /** Kept contacts with at least one value left out. */
  contactsWithWarnings: number;
  records: number;
  mapping: ImportMapping | null;
}

/** A file taken out of an archive and staged until the commit: no path of this machine, so that any server process can run it. */
interface StagedArchiveFile {
  key: ArchiveFileKey;
  staged: string;
  entryName: string;
  bytes: number;
}

/** The files taken out of an archive (formats/linkedin-data-archive.ts) and the directory that holds them. */
interface ArchiveRead {
  dir: string;
  files: Map<ArchiveFileKey, ExtractedEntry>;
}

interface Target extends MatchTarget {
  /** The stored row, for a contact already in the workspace. */
  row?: ContactIdentityRow | undefined;
  storedTags?: string[] | undefined;
}

interface Planned {
  plan: ImportPlan<Target>;
  organizations: Map<string, OrganizationKeyRow>;
  /** Organizations to create: folded name → name as first spelled in the file. */
  newOrganizations: Map<string, string>;
  /** Soft-deleted organizations the file names again. */
  revived: Set<string>;
}

/** What an import job keeps between the upload and the end (background-jobs.ts stores it: JSON). */
interface JobState {
  preview: ImportPreview;
  /** The uploaded file's key until it is imported (read again then: its plan may be stale). */
  staged: string | null;
  /** For LinkedIn's data archive: the files Rapport reads from it, each staged (`staged` is its Connections.csv). */
  archive: StagedArchiveFile[] | null;
  fileName: string | null;
  /** The user's column mapping (a CSV read by its headers), used again by the commit. */
  mapping: ColumnMapping | null;
}

type Job = StoredJob<JobState, ImportResult>;

const DELETED_REASON = 'matches a contact you deleted (history kept)';
const MAX_LISTED_WARNINGS = 500;
const MAX_LISTED_MATCHES = 100;
const MAX_LISTED_LINES = 20;
const JOB_TTL_MS = 60 * 60 * 1000;
const MAX_JOBS = 20;

/**
 * Imports contact files (LinkedIn, Google, Outlook, vCard): a preview of what would happen,
 * then one transaction that writes it all or nothing. Matching is done in memory against the
 * workspace's contacts loaded once (see domain/matching.ts), and rows are written with each
 * engine's bulk insert (db/dialects/bulk-insert.ts).
 *
 * Also the merge tool: deduplication the user decides.
 */
/** From this many rows on, an import is logged as one bulk change (see `beginBulkWrite`). */
const BULK_WRITE_ROWS = 500;

export class ImportService {
  /** The largest file accepted, in bytes; tests lower it. */
  maxFileBytes = IMPORT_MAX_BYTES;
  private readonly repo: ImportRepository;
  private readonly contacts = new ContactRepository();
  private readonly merges = new MergeRepository();
  private readonly jobs: JobKind<JobState, ImportResult>;
  private readonly staged: StagedFiles;

  /** The largest LinkedIn data archive accepted, in bytes. */
  maxArchiveBytes = ARCHIVE_MAX_BYTES;
  /** The guards of a ZIP archive's reading; tests lower them. */
  archiveLimits: ArchiveLimits = ARCHIVE_LIMITS;

  constructor(protected readonly deps: { db: Db; clock: Clock; ids: IdGenerator; profile?: ProfileService | undefined; jobs?: BackgroundJobs | undefined }) {
    this.repo = new ImportRepository(deps.db);
    const jobs = deps.jobs ?? new MemoryJobs(deps.ids, deps.clock);
    this.staged = jobs.staged;
    this.jobs = jobs.kind<JobState, ImportResult>('contact-import', (job, progress) => this.run(job, progress), {
      label: 'Import',
      maxJobs: MAX_JOBS,
      ttlMs: JOB_TTL_MS,
      release: (state) => this.dropStaged(state),
    });
  }

  /** What importing the file would do; writes nothing. */
  async preview(scope: Scope, bytes: Uint8Array, options: Pick<ImportOptions, 'fileName' | 'mapping' | 'anyCsv'> = {}): Promise<ImportPreview> {
    return importGate.run(async () => {
      const file = this.prepare(bytes, options.fileName ?? null, options);
      const planned = await this.planFor(this.deps.db.kysely, scope.workspaceId, file);
      return buildPreview(file, planned);
    });
  }

  /**
   * Imports the file in one transaction, all or nothing. A bad value costs only that value (a
   * warning); a record that yields no person is skipped with its reason.
   */
  async importFile(scope: Scope, bytes: Uint8Array, options: ImportOptions = {}): Promise<ImportResult> {
    return importGate.run(() => this.write(scope, this.prepare(bytes, options.fileName ?? null, options), options.onProgress));
  }

  // ---------------------------------------------------------------- jobs (the web app's flow)

  /** Reads an uploaded file and keeps it, with its preview, until it is committed or discarded. */
  async stage(scope: Scope, bytes: Uint8Array, fileName: string | null): Promise<ImportJob> {
    // A CSV whose columns are not recognised is staged all the same: the user names them next.
    const preview = await this.preview(scope, bytes, { fileName, anyCsv: true });
    const staged = await this.staged.put(bytes);
    try {
      return snapshot(await this.jobs.create(scope, { total: preview.counts.new + preview.counts.updated, state: { preview, staged, archive: null, fileName, mapping: null } }));
    } catch (error) {
      await this.staged.drop(staged);
      throw error;
    }
  }

  // ---------------------------------------------------------------- LinkedIn's data archive

  /**
   * What importing LinkedIn's data archive (a .zip on disk) would do: its Connections.csv as a
   * contact file, how we met told by Invitations.csv, and the profile files it would read.
   * Writes nothing. A ZIP that is not the archive, or trips a guard, is refused (Invalid).
   */
  async previewArchive(scope: Scope, archivePath: string, options: { fileName?: string | null | undefined } = {}): Promise<ImportPreview> {
    return importGate.run(async () => {
      const read = await this.extractArchive(archivePath);
      try {
        return await this.previewOf(scope, read, options.fileName ?? null);
      } finally {
        await dropScratchDir(read.dir);
      }
    });
  }

  /**
   * Imports LinkedIn's data archive in one transaction: the connections (as a contact file) and
   * the profile files into the profile. Everything the archive holds is read and checked first,
   * so a refused archive changes nothing, and a failure while writing leaves nothing either.
   */
  async importArchive(scope: Scope, archivePath: string, options: Omit<ImportOptions, 'mapping' | 'anyCsv' | 'enrich'> = {}): Promise<ImportResult> {
    return importGate.run(async () => {
      const read = await this.extractArchive(archivePath);
      try {
        return await this.writeArchive(scope, read, options.fileName ?? null, options.onProgress);
      } finally {
        await dropScratchDir(read.dir);
      }
    });
  }

  /**
   * The web flow for an archive: the files Rapport reads (not the whole archive) are staged
   * until the commit, each in the store of staged files (on disk in local mode, in the database
   * in server mode, where another process may run the commit).
   */
  async stageArchive(scope: Scope, archivePath: string, fileName: string | null): Promise<ImportJob> {
    const { read, preview } = await importGate.run(async () => {
      const extracted = await this.extractArchive(archivePath);
      try {
        return { read: extracted, preview: await this.previewOf(scope, extracted, fileName) };
      } catch (error) {
        await dropScratchDir(extracted.dir);
        throw error;
      }
    });
    const files: StagedArchiveFile[] = [];
    try {
      for (const [key, entry] of read.files) files.push({ key, staged: await this.staged.adopt(entry.path), entryName: entry.entryName, bytes: entry.bytes });
      const connections = files.find((f) => f.key === 'connections')!;
      return snapshot(await this.jobs.create(scope, { total: preview.counts.new + preview.counts.updated, state: { preview, staged: connections.staged, archive: files, fileName, mapping: null } }));
    } catch (error) {
      for (const f of files) await this.staged.drop(f.staged);
      throw error;
    } finally {
      await dropScratchDir(read.dir);
    }
  }

  /** The staged files of an archive as paths on this machine, while `work` reads them. */
  private async withArchive<T>(files: readonly StagedArchiveFile[], work: (read: ArchiveRead) => Promise<T>): Promise<T> {
    const opened: Array<{ path: string; release(): Promise<void> }> = [];
    try {
      const entries = new Map<ArchiveFileKey, ExtractedEntry>();
      for (const f of files) {
        const file = await this.staged.open(f.staged);
        opened.push(file);
        entries.set(f.key, { entryName: f.entryName, path: file.path, bytes: f.bytes });
      }
      return await work({ dir: '', files: entries });
    } finally {
      for (const file of opened) await file.release();
    }
  }

  private async dropStaged(state: JobState): Promise<void> {
    await this.staged.drop(state.staged);
    for (const f of state.archive ?? []) await this.staged.drop(f.staged);
  }

  private async extractArchive(archivePath: string): Promise<ArchiveRead> {
    const dir = await makeScratchDir();
    try {
      const { files } = await extractLinkedInArchive(archivePath, dir, this.archiveLimits);
      return { dir, files };
    } catch (error) {
      await dropScratchDir(dir);
      if (error instanceof FormatError) throw new InvalidError(error.message, [{ path: 'file', message: error.message }]);
      throw error;
    }
  }

  private async previewOf(scope: Scope, read: ArchiveRead, fileName: string | null): Promise<ImportPreview> {
    const { file, archive } = await this.prepareArchive(read, fileName);
    const planned = await this.planFor(this.deps.db.kysely, scope.workspaceId, file);
    return { ...buildPreview(file, planned), archive };
  }

  private async writeArchive(scope: Scope, read: ArchiveRead, fileName: string | null, onProgress: ImportOptions['onProgress']): Promise<ImportResult> {
    const { file, profileFiles } = await this.prepareArchive(read, fileName);
    const profile = this.deps.profile;
    // The profile is filled in the contacts' transaction: the archive is imported whole or not at all.
    return this.write(scope, file, onProgress, async (trx, result) => {
      if (profileFiles.length === 0 || !profile) return;
      const imported = await profile.import(scope, { files: profileFiles, overwrite: false }, trx);
      result.profile = { filled: imported.filled, kept: imported.kept };
    });
  }

  /**
   * Connections.csv read as a contact file, each connection's how-we-met told by their
   * invitation when Invitations.csv has it; the profile files checked (a damaged one is left
   * out, named, not the archive).
   */
  private async prepareArchive(read: ArchiveRead, fileName: string | null): Promise<{ file: PreparedFile; archive: ImportArchive; profileFiles: Array<{ name: string; text: string }> }> {
    const connections = read.files.get('connections')!;
    const invitationsFile = read.files.get('invitations');
    const invitations = invitationsFile ? readInvitations(invitationsFile.path) : new Map<string, never>();
    let told = 0;
    const enrich = (contact: ImportedContact) => {
      const invitation = contact.linkedinUrl ? invitations.get(contact.linkedinUrl) : undefined;
      if (!invitation) return;
      const howWeMet = invitationHowWeMet(invitation);
      if (textProblem(howWeMet)) return;
      contact.howWeMet = howWeMet;
      told++;
    };
    const file = this.prepare(await fs.readFile(connections.path), fileName ?? archiveFileName('connections'), { enrich });
    const profileFiles: Array<{ name: string; text: string }> = [];
    const skippedFiles: ImportArchive['skippedFiles'] = [];
    for (const key of ['profile', 'positions', 'skills'] as const satisfies readonly ArchiveFileKey[]) {
      const entry = read.files.get(key);
      if (!entry) continue;
      const name = archiveFileName(key);
      const text = decodeText(await fs.readFile(entry.path));
      const problem = this.deps.profile ? this.deps.profile.check({ name, text }) : 'the profile is not filled by this import';
      if (problem) skippedFiles.push({ name, reason: problem });
      else profileFiles.push({ name, text });
    }
    const archive: ImportArchive = {
      files: [...read.files.values()].map((e) => ({ name: e.path.slice(e.path.lastIndexOf('/') + 1), bytes: e.bytes })),
      invitations: told,
      profileFiles: profileFiles.map((f) => f.name),
      skippedFiles,
    };
    return { file, archive, profileFiles };
  }

  /**
   * Reads a staged CSV again with the user's column mapping and replaces its preview; the
   * commit then uses that mapping. A mapping that cannot be used changes nothing (Invalid,
   * naming the column).
   */
  async remap(scope: Scope, id: string, mapping: ColumnMapping): Promise<ImportJob> {
    const started = 'This import has started; upload the file again to change how its columns are read';
    const job = await this.jobs.find(scope, id);
    if (job.status !== 'ready' || !job.state.staged) throw new ConflictError(started);
    if (job.state.archive) throw new ConflictError('The connections of a LinkedIn archive are read by their own columns; a mapping applies to other CSV files');
    const bytes = await this.staged.read(job.state.staged);
    const preview = await this.preview(scope, bytes, { fileName: job.state.fileName, mapping, anyCsv: true });
    const changed = await this.jobs.update(scope, id, { total: preview.counts.new + preview.counts.updated, state: { ...job.state, preview, mapping } });
    if (!changed) throw new ConflictError(started);
    return snapshot(changed);
  }

  /** Starts writing a staged file (in this process, or in server mode whichever takes it from the queue); poll {@link job} for progress. */
  async commit(scope: Scope, id: string, _options: ImportCommit = {}): Promise<ImportJob> {
    const { started, job } = await this.jobs.start(scope, id);
    if (!started) throw new ConflictError(job.status === 'running' ? 'This import is already running' : 'This file was already imported; upload it again to import it again');
    return snapshot(job);
  }

  /**
   * Runs a committed import: the staged file read again, planned again, written in one
   * transaction (an archive's staged files read as they were taken out of it).
   */
  private async run(job: Job, onProgress: (p: ImportProgress) => Promise<void>): Promise<{ result: ImportResult; state: JobState }> {
    const { staged, fileName, mapping, archive } = job.state;
    if (!staged) throw new ConflictError('This file was already imported; upload it again to import it again');
    const scope = { workspaceId: job.workspaceId };
    const result = archive
      ? await importGate.run(() => this.withArchive(archive, (read) => this.writeArchive(scope, read, fileName, onProgress)))
      : await importGate.run(async () => this.write(scope, this.prepare(await this.staged.read(staged), fileName, { mapping: mapping ?? undefined, anyCsv: true }), onProgress));
    void this.dropStaged(job.state).catch(() => undefined);
    return { result, state: { ...job.state, staged: null, archive: null } };
  }

  async job(scope: Scope, id: string): Promise<ImportJob> {
    return snapshot(await this.jobs.find(scope, id));
  }

  /** The unexpected error behind a failed job, once (the server logs it). */
  takeFailure(scope: Scope, id: string): Promise<unknown> {
    return this.jobs.takeFailure(scope, id);
  }

  async discard(scope: Scope, id: string): Promise<void> {
    if (!(await this.jobs.remove(scope, id))) throw new ConflictError('This import is running; it cannot be discarded now');
  }

  // ---------------------------------------------------------------- reading and planning

  /**
   * Reads the file into drafts: each record goes from the reader to its draft at once (a
   * sink), so only the drafts and bounded lists for the preview are held, not the records.
   */
  private prepare(bytes: Uint8Array, fileName: string | null, { mapping, anyCsv, enrich }: Pick<ImportOptions, 'mapping' | 'anyCsv' | 'enrich'> = {}): PreparedFile {
    if (bytes.byteLength > this.maxFileBytes) {
      throw new InvalidError(`The file is ${formatBytes(bytes.byteLength)}; the import limit is ${formatBytes(this.maxFileBytes)}`, [{ path: 'file', message: `Larger than ${formatBytes(this.maxFileBytes)}` }]);
    }
    const rows: PlanRow[] = [];
    const warnings: ImportWarning[] = [];
    const skips = new Map<string, { count: number; lines: number[] }>();
    let skippedCount = 0;
    let contactsWithWarnings = 0;
    const warn = (list: ImportWarning[]) => {
      for (const warning of list) if (warnings.length < MAX_LISTED_WARNINGS) warnings.push(warning);
    };
    const sink: ContactSink = {
      row: (row) => {
        enrich?.(row.contact);
        rows.push({ line: row.line, contact: draftOf(row.contact) });
        if (row.warnings.length > 0) {
          contactsWithWarnings++;
          warn(row.warnings);
        }
      },
      skip: (skip) => {
        skippedCount++;
        addSkip(skips, skip.line, skip.reason);
        if (skip.warnings) warn(skip.warnings);
      },
    };
    let format: ContactFileFormat;
    let columns: ImportMapping | null;
    try {
      const read = readContactFile(bytes, { sink, mapping, anyCsv });
      format = read.format;
      columns = read.mapping ?? null;
    } catch (error) {
      if (error instanceof MappingError) {
        throw new InvalidError(
          error.message,
          error.issues.map((issue) => ({ path: issue.column ? `mapping.${issue.column}` : 'mapping', message: issue.message })),
        );
      }
      if (error instanceof FormatError) {
        const where = error.line ? `line ${error.line}` : 'file';
        throw new InvalidError(error.line ? `Line ${error.line}: ${error.message}` : error.message, [{ path: where, message: error.message }]);
      }
      throw error;
    }
    warnings.sort((a, b) => a.line - b.line);
    return { format, fileName, rows, skips, skippedCount, warnings, contactsWithWarnings, records: rows.length + skippedCount, mapping: columns };
  }

  private async planFor(db: Db['kysely'] | Transaction<Database>, workspaceId: string, file: PreparedFile): Promise<Planned> {
    const identities = await this.repo.contactIdentities(db, workspaceId);
    const tags = await this.repo.tagsByContact(db, workspaceId);
    const organizationRows = await this.repo.organizationKeys(db, workspaceId);
    const existing: Target[] = identities.map((row) => {
      const storedTags = tags.get(row.id) ?? [];
      return { id: row.id, deleted: row.deleted_at !== null, row, storedTags, draft: draftOfRow(row, storedTags) };
    });
    const plan = planImport<Target>(existing, file.rows, (draft) => ({ deleted: false, draft }));
    const organizations = new Map(organizationRows.map((o) => [o.name_key, o]));
    const newOrganizations = new Map<string, string>();
    const revived = new Set<string>();
    const need = (name: string | null) => {
      const key = organizationKey(name);
      if (!key) return;
      const stored = organizations.get(key);
      if (!stored) {
        if (!newOrganizations.has(key)) newOrganizations.set(key, name!.trim());
      } else if (stored.deleted_at !== null) {
        revived.add(stored.id);
      }
    };
    for (const c of plan.creates) need(c.target.draft.organizationName);
    for (const m of plan.matches) if (m.changed.has('organizationName')) need(m.target.draft.organizationName);
    return { plan, organizations, newOrganizations, revived };
  }

  // ---------------------------------------------------------------- writing

  /**
   * Writes the prepared file in one transaction. `within` runs in that transaction after the
   * contacts (LinkedIn's archive fills the profile): when it fails, nothing of the import stays.
   */
  private async write(
    scope: Scope,
    file: PreparedFile,
    onProgress: ImportOptions['onProgress'],
    within?: (trx: Transaction<Database>, result: ImportResult) => Promise<void>,
  ): Promise<ImportResult> {
    const started = performance.now();
    const ws = scope.workspaceId;
    const now = this.deps.clock.now().toISOString();
    const newId = () => this.deps.ids.newId();
    const result = await this.deps.db.kysely.transaction().execute(async (trx) => {
      // Planned again inside the transaction: the workspace may have changed since the preview.
      const { plan, organizations, newOrganizations, revived } = await this.planFor(trx, ws, file);
      // A large import is one change to the playbook ("reload everything"), not a log entry per
      // row (db/dialects/change-log.ts); a small one stays precise. Nothing to write: nothing logged.
      const updates = plan.matches.filter((m) => m.changed.size > 0);
      const bulk = plan.creates.length + updates.length + newOrganizations.size + revived.size >= BULK_WRITE_ROWS;
      if (bulk) await beginBulkWrite(trx, ws);

      const organizationRows = [...newOrganizations].map(([name_key, name]) => ({ id: newId(), workspace_id: ws, name, name_key, created_at: now, updated_at: now }));
      for (const row of await this.repo.insertOrganizations(trx, ws, organizationRows)) organizations.set(row.name_key, row);
      await this.repo.restoreOrganizations(trx, ws, [...revived], now);
      const organizationOf = (name: string | null) => (name ? organizations.get(organizationKey(name)) : undefined);

      const total = plan.creates.length + updates.length;
      let processed = 0;
      const progress = async (count: number) => {
        processed += count;
        await onProgress?.({ processed, total });
        // Let the server answer progress polls between batches (better-sqlite3 is synchronous).
        await new Promise<void>((resolve) => setImmediate(resolve));
      };
      await onProgress?.({ processed, total });

      // Each new contact's row is made as the bulk insert takes it: on PostgreSQL that overlaps
      // the server's work on the rows sent before. Its tags are gathered on the way.
      const tagRows: Insertable<ContactTagTable>[] = [];
      function* contactRows(): Generator<Required<NewContactRow>> {
        for (const { target } of plan.creates) {
          const d = target.draft;
          const organization = organizationOf(d.organizationName);
          const id = newId();
          for (const tag of d.tags) tagRows.push({ workspace_id: ws, contact_id: id, tag, tag_key: tagKey(tag) });
          yield {
            id,
            workspace_id: ws,
            given_name: d.givenName,
            family_name: d.familyName,
            display_name: displayName(d.givenName, d.familyName, d.fullName),
            sort_name: sortName(d),
            emails: jsonList(d.emails),
            phones: jsonList(d.phones),
            linkedin_url: d.linkedinUrl,
            organization_id: organization?.id ?? null,
            title: d.title,
            location: d.location,
            notes: d.notes,
            shared_interests: '[]',
            how_we_met: d.howWeMet,
            introduced_by_id: null,
            search_text: searchText(d, organization?.name ?? null),
            version: 1,
            deleted_at: null,
            last_interaction_at: null,
            cadence_ideal_days: null,
            cadence_max_days: null,
            full_name: d.fullName ?? null,
            department: d.department ?? null,
            created_at: now,
            updated_at: now,
          };
        }
      }
      await this.repo.insertContacts(trx, contactRows(), plan.creates.length, progress);
      await this.repo.insertTags(trx, tagRows);

      const fills: ContactFillRow[] = [];
      const addedTags: Insertable<ContactTagTable>[] = [];
      const changes: Insertable<ContactChangeTable>[] = [];
      for (const { target, changed } of updates) {
        const row = target.row!;
        const d = target.draft;
        const organization = changed.has('organizationName') ? organizationOf(d.organizationName) : undefined;
        const organizationName = organization ? organization.name : row.organization_name;
        fills.push({
          id: row.id,
          given_name: d.givenName,
          family_name: d.familyName,
          display_name: displayName(d.givenName, d.familyName, d.fullName),
          sort_name: nameSortKey(d.givenName, d.familyName),
          emails: toJson(d.emails),
          phones: toJson(d.phones),
          linkedin_url: d.linkedinUrl,
          organization_id: organization ? organization.id : row.organization_id,
          full_name: d.fullName ?? null,
          department: d.department ?? null,
          title: d.title,
          location: d.location,
          notes: d.notes,
          how_we_met: d.howWeMet,
          search_text: searchText(d, organizationName),
        });
        const stored = new Set((target.storedTags ?? []).map(tagKey));
        for (const tag of d.tags) {
          if (!stored.has(tagKey(tag))) addedTags.push({ workspace_id: ws, contact_id: row.id, tag, tag_key: tagKey(tag) });
        }
        const before = draftOfRow(row, target.storedTags ?? []);
        const diff: Record<string, [unknown, unknown]> = {};
        for (const field of changed) diff[field] = [before[field] || null, d[field]];
        changes.push({ id: newId(), workspace_id: ws, contact_id: row.id, at: now, changes: toJson(diff) });
      }
      await this.repo.fillContacts(trx, ws, fills, now, progress);
      await this.repo.insertTags(trx, addedTags);
      await this.repo.insertChanges(trx, changes);
      if (bulk) await endBulkWrite(trx, ws);

      const written: ImportResult = {
        created: plan.creates.length,
        updated: updates.length,
        unchanged: plan.matches.length - updates.length,
        duplicatesInFile: plan.duplicates.length,
        skipped: file.skippedCount + plan.deleted.length,
        warnings: file.contactsWithWarnings,
        organizationsCreated: organizationRows.length,
        ms: Math.round(performance.now() - started),
      };
      await within?.(trx, written);
      return written;
    });
    // Thousands of new rows change what the query planner should know (SQLite's statistics).
    if (result.created + result.updated >= BULK_WRITE_ROWS) await this.deps.db.optimize();
    result.ms = Math.round(performance.now() - started);
    return result;
  }

  // ---------------------------------------------------------------- merge

  /**
   * Joins two contacts the user says are one person, in one transaction: the kept contact takes
   * the other's empty fields, emails, phones, tags and interests; every conversation, event,
   * referral (both ways), piece of advice, suggested target, introduction, change and action
   * of the other moves to the kept one; then the other is deleted.
   */
  async merge(scope: Scope, keepId: string, mergeId: string): Promise<MergeResult> {
    if (keepId === mergeId) throw new InvalidError('A contact cannot be merged with itself', [{ path: 'mergeId', message: 'Choose another contact' }]);
    const ws = scope.workspaceId;
    const now = this.deps.clock.now().toISOString();
    const { filled, moved } = await this.deps.db.kysely.transaction().execute(async (trx) => {
      const keep = await this.contacts.findRow(trx, ws, keepId);
      if (!keep) throw new NotFoundError('Contact', keepId);
      const other = await this.contacts.findRow(trx, ws, mergeId);
      if (!other) throw new NotFoundError('Contact', mergeId);
      const tags = await this.contacts.tagsOf(trx, ws, [keepId, mergeId]);
      const names = await this.merges.organizationNames(trx, ws, [keep.organization_id, other.organization_id]);
      const keepTags = tags.get(keepId) ?? [];
      const draft = draftOfRow({ ...keep, organization_name: names.get(keep.organization_id ?? '') ?? null }, keepTags);
      const before = draftOfRow({ ...keep, organization_name: names.get(keep.organization_id ?? '') ?? null }, keepTags);
      const incoming = draftOfRow({ ...other, organization_name: names.get(other.organization_id ?? '') ?? null }, tags.get(mergeId) ?? []);
      const filledFields = fillEmpty(draft, incoming);

      const moved = await this.merges.moveHistory(trx, ws, keepId, mergeId);
      const interests = unionText(fromJsonArray<string>(keep.shared_interests), fromJsonArray<string>(other.shared_interests));
      const introducedBy = keep.introduced_by_id ?? (other.introduced_by_id && other.introduced_by_id !== keepId ? other.introduced_by_id : null);
      const organizationId = filledFields.includes('organizationName') ? other.organization_id : keep.organization_id;
      const organizationName = names.get(organizationId ?? '') ?? null;
      const diff: Record<string, [unknown, unknown]> = { mergedWith: [null, other.display_name] };
      for (const field of filledFields) diff[field] = [before[field] || null, draft[field]];
      // Delete the other first: its LinkedIn URL and emails are then the kept contact's alone.
      await this.contacts.delete(trx, ws, mergeId);
      await trx
        .updateTable('contacts')
        .set({
          given_name: draft.givenName,
          family_name: draft.familyName,
          display_name: displayName(draft.givenName, draft.familyName, draft.fullName),
          sort_name: nameSortKey(draft.givenName, draft.familyName),
          full_name: draft.fullName ?? null,
          department: draft.department ?? null,
          emails: toJson(draft.emails),
          phones: toJson(draft.phones),
          linkedin_url: draft.linkedinUrl,
          organization_id: organizationId,
          title: draft.title,
          location: draft.location,
          notes: draft.notes,
          how_we_met: draft.howWeMet,
          shared_interests: toJson(interests),
          introduced_by_id: introducedBy === keepId ? null : introducedBy,
          cadence_ideal_days: keep.cadence_ideal_days ?? other.cadence_ideal_days,
          cadence_max_days: keep.cadence_max_days ?? other.cadence_max_days,
          search_text: contactSearchText({ ...draft, emails: draft.emails.map((e) => e.value) }, organizationName),
          updated_at: now,
          version: keep.version + 1,
        })
        .where('workspace_id', '=', ws)
        .where('id', '=', keepId)
        .execute();
      if (filledFields.includes('tags')) await this.contacts.replaceTags(trx, ws, keepId, draft.tags);
      await trx.insertInto('contact_changes').values({ id: this.deps.ids.newId(), workspace_id: ws, contact_id: keepId, at: now, changes: toJson(diff) }).execute();
      await this.contacts.refreshLastInteraction(trx, ws, [keepId], now);
      return { filled: filledFields, moved };
    });
    const contact = await this.contacts.get(this.deps.db.kysely, ws, keepId);
    if (!contact) throw new NotFoundError('Contact', keepId);
    return { contact, filled: filled as ImportField[], moved };
  }
}

// ---------------------------------------------------------------- helpers

/** A row of the file as the matcher sees it. A person without a name is named after their email or organization. */
function draftOf(c: ImportedContact): ContactDraft {
  const tags: string[] = [];
  const seen = new Set<string>();
  for (const tag of c.tags) {
    const key = tagKey(tag);
    if (key && !seen.has(key)) {
      seen.add(key);
      tags.push(tag.trim());
    }
  }
  const draft: ContactDraft = {
    givenName: c.givenName,
    familyName: c.familyName,
    emails: c.emails.map((e) => (e.label ? { value: e.value, label: e.label } : { value: e.value })),
    phones: c.phones.map((p) => (p.label ? { value: p.value, label: p.label } : { value: p.value })),
    linkedinUrl: c.linkedinUrl,
    organizationName: c.organizationName,
    fullName: c.fullName ?? null,
    department: c.department ?? null,
    title: c.title,
    location: c.location,
    notes: c.notes,
    howWeMet: c.howWeMet,
    tags,
  };
  if (!draft.givenName && !draft.familyName) {
    draft.givenName = (c.emails[0]?.value ?? c.organizationName ?? c.phones[0]?.value ?? '').slice(0, NAME_MAX);
    draft.placeholderName = true;
  }
  return draft;
}

function draftOfRow(row: ContactIdentityRow, tags: readonly string[]): ContactDraft {
  // Most contacts have no email or phone: skip the JSON parser for the empty list.
  const emails = row.emails === '[]' ? [] : fromJsonArray<{ value: string; label?: string }>(row.emails);
  const phones = row.phones === '[]' ? [] : fromJsonArray<{ value: string; label?: string }>(row.phones);
  const given = row.given_name;
  // A contact an earlier import named after its email or organization may still get a real name.
  const placeholderName =
    row.family_name === '' &&
    given !== '' &&
    (emails.some((e) => emailKey(e.value) === emailKey(given)) || given === row.organization_name || phones.some((p) => phoneKey(p.value) === phoneKey(given) && /\d/.test(given)));
  return {
    givenName: given,
    familyName: row.family_name,
    emails,
    phones,
    linkedinUrl: row.linkedin_url,
    organizationName: row.organization_name,
    fullName: row.full_name,
    department: row.department,
    title: row.title,
    location: row.location,
    notes: row.notes,
    howWeMet: row.how_we_met,
    tags: [...tags],
    ...(placeholderName ? { placeholderName } : {}),
  };
}

/**
 * contactSearchText (domain/text.ts), folded part by part with the memo of domain/matching.ts:
 * names, companies and titles repeat across thousands of rows. The same text (folding trims
 * and collapses spaces part by part alike); the import test compares the two on every row.
 */
function searchText(d: ContactDraft, organizationName: string | null): string {
  const parts = [d.givenName, d.familyName, ...d.emails.map((e) => e.value), organizationName, d.title, d.location];
  let text = '';
  for (const part of parts) {
    const folded = part ? foldOnce(part) : '';
    if (folded) text = text ? `${text} ${folded}` : folded;
  }
  return text;
}

/** nameSortKey (domain/text.ts) with memoised folding. */
function sortName(d: ContactDraft): string {
  const family = d.familyName ? foldOnce(d.familyName) : '';
  const given = d.givenName ? foldOnce(d.givenName) : '';
  return family ? `${family}\u0001${given}` : given;
}

function jsonList(values: readonly unknown[]): string {
  return values.length === 0 ? '[]' : toJson(values);
}

function unionText(a: string[], b: string[]): string[] {
  const out = [...a];
  const seen = new Set(a.map(foldText));
  for (const v of b) {
    if (!seen.has(foldText(v))) {
      seen.add(foldText(v));
      out.push(v);
    }
  }
  return out;
}

/** Counts a skipped record under its reason, keeping the first MAX_LISTED_LINES lines. */
function addSkip(reasons: Map<string, { count: number; lines: number[] }>, line: number, reason: string): void {
  const entry = reasons.get(reason) ?? { count: 0, lines: [] };
  reasons.set(reason, entry);
  entry.count++;
  if (entry.lines.length < MAX_LISTED_LINES) {
    entry.lines.push(line);
    return;
  }
  // Records come mostly in line order; a broken one may come later with an earlier line.
  let largest = 0;
  for (let i = 1; i < entry.lines.length; i++) if (entry.lines[i]! > entry.lines[largest]!) largest = i;
  if (line < entry.lines[largest]!) entry.lines[largest] = line;
}

function buildPreview(file: PreparedFile, planned: Planned): ImportPreview {
  const { plan } = planned;
  const updated = plan.matches.filter((m) => m.changed.size > 0);
  const filled = new Map<FillableField, number>();
  for (const m of updated) for (const f of m.changed) filled.set(f, (filled.get(f) ?? 0) + 1);
  const listed = [...updated, ...plan.matches.filter((m) => m.changed.size === 0)].slice(0, MAX_LISTED_MATCHES);
  const matches: ImportMatch[] = listed.map((m) => ({
    line: m.line,
    contactId: m.target.id!,
    displayName: m.target.row ? displayName(m.target.row.given_name, m.target.row.family_name, m.target.row.full_name) : '',
    matchedBy: m.matchedBy ?? 'name',
    fields: [...m.changed],
  }));
  const reasons = new Map([...file.skips].map(([reason, { count, lines }]) => [reason, { count, lines: [...lines] }]));
  for (const d of plan.deleted) addSkip(reasons, d.line, DELETED_REASON);
  return {
    format: file.format,
    fileName: file.fileName,
    counts: {
      records: file.records,
      new: plan.creates.length,
      matched: plan.matches.length,
      updated: updated.length,
      unchanged: plan.matches.length - updated.length,
      duplicatesInFile: plan.duplicates.length,
      skipped: file.skippedCount + plan.deleted.length,
      warnings: file.contactsWithWarnings,
      newOrganizations: planned.newOrganizations.size,
    },
    filledFields: [...filled].map(([field, count]) => ({ field, count })),
    matches,
    skipped: [...reasons].map(([reason, { count, lines }]) => ({ reason, count, lines: lines.sort((a, b) => a - b) })),
    warnings: file.warnings.slice(0, MAX_LISTED_WARNINGS),
    mapping: file.mapping,
  };
}

function snapshot(job: Job): ImportJob {
  return { id: job.id, status: job.status, processed: job.processed, total: job.total, preview: job.state.preview, result: job.result, error: job.error };
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1).replace(/\.0$/, '')} KiB`;
  return `${bytes} bytes`;
}
