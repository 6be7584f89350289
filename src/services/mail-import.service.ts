import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { Insertable } from 'kysely';
import { contactCreateSchema } from '../contracts/contact.schema.js';
import type { ConversationKind } from '../contracts/conversation.schema.js';
import {
  CALENDAR_IMPORT_MAX_BYTES,
  MAIL_KEPT,
  mailImportOptionsSchema,
  type MailCorrespondent,
  type MailFileFormatName,
  type MailImportJob,
  type MailImportOptions,
  type MailImportPreview,
  type MailImportResult,
  type MailMeeting,
  type MailWarning,
} from '../contracts/mail-import.schema.js';
import type { Db } from '../db/database.js';
import { beginBulkWrite, endBulkWrite } from '../db/dialects/change-log.js';
import { ContactRepository } from '../db/repositories/contact.repository.js';
import { MailImportRepository, type StoredSource } from '../db/repositories/mail-import.repository.js';
import type { ConversationParticipantTable, ConversationSourceTable, ConversationTable } from '../db/schema.js';
import { answeredActions, guessMeetingKind, threadOutcomes, type ThreadMessage } from '../domain/mail-import.js';
import {
  detectMailFormat,
  DETECT_BYTES,
  FormatError,
  readCalendar,
  readMailMessage,
  readMbox,
  type MailAddress,
  type MailMessage,
  type RawMessage,
} from '../formats/index.js';
import type { ContactService, Scope } from './contact.service.js';
import type { ConversationService } from './conversation.service.js';
import { ConflictError, InvalidError, NotFoundError } from './errors.js';
import type { PlaybookService } from './playbook.service.js';
import type { Clock, IdGenerator } from './runtime.js';
import type { SettingsService } from './settings.service.js';
import { MemoryJobs, type BackgroundJobs, type JobKind, type StoredJob } from './background-jobs.js';
import type { StagedFiles } from './staged-files.js';

/** A file on disk (streamed: an mbox may be gigabytes) or bytes in memory. */
export type MailSource = { path: string; fileName?: string | null } | { bytes: Uint8Array; fileName?: string | null };


const DAY_MS = 24 * 60 * 60 * 1000;
/** Occurrences of recurring events are imported from this far back… */
const CALENDAR_PAST_DAYS = 180;
/** …to this far ahead. */
const CALENDAR_FUTURE_DAYS = 365;
/** A message dated later than this after now is refused (a wrong clock, a damaged header). */
const FUTURE_TOLERANCE_MS = DAY_MS;
const MAX_LISTED = 100;
const MAX_WARNINGS = 200;
const BULK_WRITE_ROWS = 500;
const JOB_TTL_MS = 60 * 60 * 1000;
const MAX_JOBS = 10;
const PLACEHOLDER = 'new:';

/** One conversation the file would create or change. */
interface Item {
  sourceKey: string;
  /** Contact ids, or `new:<address>` for a correspondent the user chose to add. */
  participants: string[];
  kind: ConversationKind;
  status: 'scheduled' | 'done' | 'cancelled';
  startsAt: string;
  timeZone: string;
  durationMinutes: number | null;
  title: string;
  location: string | null;
  notes: string | null;
  direction: 'inbound' | 'outbound' | 'mutual';
  awaitingReply: boolean;
  repliedAt: string | null;
  sequence: number;
  stored: StoredSource | null;
  change: 'new' | 'updated' | 'cancelled' | 'unchanged';
}

interface Analysis {
  format: MailFileFormatName;
  fileName: string | null;
  me: { addresses: string[]; guessed: boolean };
  records: number;
  items: Item[];
  /** Replies in this file to messages imported before: conversation id → first reply. */
  laterReplies: Map<string, string>;
  withoutContacts: number;
  automated: number;
  skipped: number;
  warnings: MailWarning[];
  correspondents: Map<string, MailCorrespondent & { lastMs: number }>;
  /** Correspondents chosen to become contacts, with the name they wrote under. */
  newContacts: Map<string, string>;
  people: Map<string, { sent: number; received: number; meetings: number; lastMs: number }>;
  meetings: MailMeeting[];
  actionsAnswered: Map<string, number>;
}

/** What a mail import job keeps between the upload and the end (background-jobs.ts stores it: JSON). */
interface JobState {
  preview: MailImportPreview;
  /** The uploaded file's key in the staged files, until it is imported or discarded. */
  staged: string | null;
  fileName: string | null;
  /** The choices of the commit. */
  options: MailImportOptions | null;
}

type Job = StoredJob<JobState, MailImportResult>;

/**
 * Mail (.eml, .mbox) and calendar (.ics) files become conversations: every message with a
 * contact an email conversation (date, direction, subject, snippet), every event with a contact a
 * scheduled or past meeting. Threads set `awaitingReply` and `repliedAt` (3B7, responsiveness),
 * sent messages close the open actions they answer (a thank-you), and the source of each
 * conversation is remembered (hashed) so that importing again changes nothing.
 *
 * A preview says what would happen; the import is one transaction. An mbox is streamed twice
 * at most (preview, then import), one message in memory at a time; what is kept per message with
 * a contact is a small record.
 */
export class MailImportService {
  private readonly repo = new MailImportRepository();
  private readonly contacts = new ContactRepository();
  private readonly jobs: JobKind<JobState, MailImportResult>;
  private readonly staged: StagedFiles;

  constructor(
    private readonly deps: {
      db: Db;
      clock: Clock;
      ids: IdGenerator;
      settings: SettingsService;
      contactService: ContactService;
      conversations: ConversationService;
      playbook: PlaybookService;
      jobs?: BackgroundJobs | undefined;
    },
  ) {
    const jobs = deps.jobs ?? new MemoryJobs(deps.ids, deps.clock);
    this.staged = jobs.staged;
    this.jobs = jobs.kind<JobState, MailImportResult>('mail-import', (job) => this.run(job), {
      label: 'Import',
      maxJobs: MAX_JOBS,
      ttlMs: JOB_TTL_MS,
      release: (state) => this.staged.drop(state.staged),
    });
  }

  /** The mail or calendar format of a file, or null for anything else (a contact file). */
  static async formatOf(source: MailSource): Promise<MailFileFormatName | null> {
    return detectMailFormat(await head(source));
  }

  async preview(scope: Scope, source: MailSource, options: MailImportOptions): Promise<MailImportPreview> {
    const analysis = await this.analyse(scope, source, options);
    const names = await this.repo.contactNames(this.deps.db.kysely, scope.workspaceId, [...analysis.people.keys()].filter((id) => !id.startsWith(PLACEHOLDER)));
    return toPreview(analysis, names);
  }

  async importFile(scope: Scope, source: MailSource, options: MailImportOptions): Promise<MailImportResult> {
    const started = performance.now();
    // Actions the rules would propose now must exist before a sent message can close them.
    await this.deps.playbook.ensureFresh(scope);
    const analysis = await this.analyse(scope, source, options);
    const result = await this.write(scope, analysis);
    result.ms = Math.round(performance.now() - started);
    return result;
  }

  // ---------------------------------------------------------------- jobs (the web app's flow)

  /** Reads an uploaded file (a temporary copy this service now owns) and keeps it with its preview. */
  async stage(scope: Scope, path: string, fileName: string | null, options: MailImportOptions): Promise<MailImportJob> {
    let preview: MailImportPreview;
    try {
      preview = await this.preview(scope, { path, fileName }, options);
    } catch (error) {
      await fs.rm(path, { force: true });
      throw error;
    }
    const staged = await this.staged.adopt(path);
    try {
      return snapshot(await this.jobs.create(scope, { total: 0, state: { preview, staged, fileName, options: null } }));
    } catch (error) {
      await this.staged.drop(staged);
      throw error;
    }
  }

  /** Previews the staged file again with other choices (correspondents to add, kinds). */
  async restage(scope: Scope, id: string, options: MailImportOptions): Promise<MailImportJob> {
    const started = 'This import has started; upload the file again to change it';
    const job = await this.jobs.find(scope, id);
    if (job.status !== 'ready' || !job.state.staged) throw new ConflictError(started);
    const preview = await this.withFile(job.state, (source) => this.preview(scope, source, options));
    const changed = await this.jobs.update(scope, id, { total: 0, state: { ...job.state, preview } });
    if (!changed) throw new ConflictError(started);
    return snapshot(changed);
  }

  /** Imports a staged file (in this process, or in server mode whichever takes it from the queue); poll {@link job} until it is done. */
  async commit(scope: Scope, id: string, options: MailImportOptions): Promise<MailImportJob> {
    const current = await this.jobs.find(scope, id);
    const { started, job } = await this.jobs.start(scope, id, { ...current.state, options });
    if (!started) throw new ConflictError(job.status === 'running' ? 'This import is already running' : 'This file was already imported; upload it again to import it again');
    return snapshot(job);
  }

  private async run(job: Job): Promise<{ result: MailImportResult; state: JobState }> {
    const { staged, options } = job.state;
    if (!staged) throw new ConflictError('This file was already imported; upload it again to import it again');
    const result = await this.withFile(job.state, (source) => this.importFile({ workspaceId: job.workspaceId }, source, options ?? mailImportOptionsSchema.parse({})));
    // The uploaded copy goes before anyone is told the import is done.
    await this.staged.drop(staged);
    return { result, state: { ...job.state, staged: null } };
  }

  /** The staged file as a path on this machine while `work` reads it. */
  private async withFile<T>(state: JobState, work: (source: MailSource) => Promise<T>): Promise<T> {
    if (!state.staged) throw new ConflictError('This file was already imported; upload it again to import it again');
    const file = await this.staged.open(state.staged);
    try {
      return await work({ path: file.path, fileName: state.fileName });
    } finally {
      await file.release();
    }
  }

  async job(scope: Scope, id: string): Promise<MailImportJob> {
    return snapshot(await this.jobs.find(scope, id));
  }

  takeFailure(scope: Scope, id: string): Promise<unknown> {
    return this.jobs.takeFailure(scope, id);
  }

  async discard(scope: Scope, id: string): Promise<void> {
    if (!(await this.jobs.remove(scope, id))) throw new ConflictError('This import is running; it cannot be discarded now');
  }

  // ---------------------------------------------------------------- reading and planning

  private async analyse(scope: Scope, source: MailSource, options: MailImportOptions): Promise<Analysis> {
    const format = detectMailFormat(await head(source));
    if (!format) throw new InvalidError('Not a mail or calendar file: expected an .mbox, an .eml message or an .ics calendar', [{ path: 'file', message: 'Unrecognised content' }]);
    const ws = scope.workspaceId;
    const db = this.deps.db.kysely;
    if (options.contactId && !(await this.contacts.exists(db, ws, options.contactId))) throw new NotFoundError('Contact', options.contactId);
    const settings = await this.deps.settings.get(scope);
    const playbook = await this.deps.settings.playbook(scope);
    const configured = [settings.me.email, ...options.me].map((a) => (a ?? '').trim().toLowerCase()).filter((a) => a.includes('@'));
    const contacts = await this.repo.contactAddresses(db, ws);
    const byAddress = new Map<string, string>();
    for (const c of contacts) for (const e of c.emails) if (!byAddress.has(e)) byAddress.set(e, c.id);
    const ctx: Ctx = {
      now: this.deps.clock.now(),
      timeZone: playbook.timeZone,
      me: new Set(configured),
      byAddress,
      add: new Set(options.addCorrespondents),
      forced: options.contactId ?? null,
      includeAutomated: options.includeAutomated,
      kinds: options.kinds,
    };
    const fileName = source.fileName ?? null;
    const analysis = format === 'ics' ? await this.analyseCalendar(ws, source, ctx) : await this.analyseMail(ws, source, format, ctx);
    analysis.fileName = fileName;
    analysis.me = { addresses: [...ctx.me], guessed: ctx.me.size > configured.length };
    analysis.actionsAnswered = await this.answered(ws, analysis);
    return analysis;
  }

  private async analyseMail(ws: string, source: MailSource, format: 'mbox' | 'eml', ctx: Ctx): Promise<Analysis> {
    const a = emptyAnalysis(format);
    const kept: { raw: { index: number; line: number }; m: MailMessage; addresses: MailAddress[] }[] = [];
    const counts = new Map<string, number>();
    const sentFrom = new Map<string, number>();
    let readable = 0;
    for await (const raw of messagesOf(source, format)) {
      a.records += 1;
      let m: MailMessage;
      try {
        m = await readMailMessage(raw.bytes, { body: false });
      } catch (error) {
        a.skipped += 1;
        warn(a, { message: raw.index, line: raw.line, messageId: messageIdOf(raw.bytes), reason: error instanceof Error ? error.message : String(error) });
        continue;
      }
      if (Date.parse(m.sentAt) > ctx.now.getTime() + FUTURE_TOLERANCE_MS) {
        a.skipped += 1;
        warn(a, { message: raw.index, line: raw.line, messageId: m.messageId, reason: `dated in the future (${m.sentAt.slice(0, 10)})` });
        continue;
      }
      if (m.automated && !ctx.includeAutomated) {
        a.automated += 1;
        continue;
      }
      readable += 1;
      const addresses = everyone(m);
      if (ctx.me.size === 0) {
        for (const x of addresses) counts.set(x.address, (counts.get(x.address) ?? 0) + 1);
        if (m.labels.some((l) => l.toLowerCase() === 'sent')) sentFrom.set(m.from.address, (sentFrom.get(m.from.address) ?? 0) + 1);
      }
      const involved = ctx.forced !== null || addresses.some((x) => ctx.byAddress.has(x.address) || ctx.add.has(x.address));
      for (const x of addresses) if (!ctx.byAddress.has(x.address)) noteCorrespondent(a, x, Date.parse(m.sentAt), 'message');
      if (!involved) {
        a.withoutContacts += 1;
        continue;
      }
      // Only messages with a contact are read past their headers, for the snippet.
      let full = m;
      try {
        full = await readMailMessage(raw.bytes);
      } catch {
        // The headers were readable: keep the message without a snippet.
      }
      kept.push({ raw: { index: raw.index, line: raw.line }, m: full, addresses });
    }
    if (ctx.me.size === 0) {
      const guess = guessMe(sentFrom, counts, readable);
      if (guess) ctx.me.add(guess);
    }
    for (const me of ctx.me) a.correspondents.delete(me);

    // Within the file, a message seen twice (an mbox of several folders) counts once.
    const seen = new Set<string>();
    const records: { key: string; m: MailMessage; outbound: boolean; participants: string[] }[] = [];
    for (const { m, addresses } of kept) {
      const key = mailKey(m);
      if (seen.has(key)) continue;
      seen.add(key);
      const outbound = isOutbound(m, ctx);
      const participants = new Set<string>();
      for (const x of addresses) {
        if (ctx.me.has(x.address)) continue;
        const id = ctx.byAddress.get(x.address);
        if (id) participants.add(id);
        else if (ctx.add.has(x.address)) {
          participants.add(PLACEHOLDER + x.address);
          if (!a.newContacts.has(x.address)) a.newContacts.set(x.address, x.name);
        }
      }
      if (ctx.forced) participants.add(ctx.forced);
      if (participants.size === 0) {
        a.withoutContacts += 1;
        continue;
      }
      records.push({ key, m, outbound, participants: [...participants] });
    }

    const outcomes = threadOutcomes(
      records.map((r) => ({
        key: r.key,
        answers: r.m.inReplyTo.map(idKey),
        thread: [...r.m.inReplyTo, ...r.m.references].map(idKey),
        sentAtMs: Date.parse(r.m.sentAt),
        outbound: r.outbound,
        from: r.m.from.address,
        recipients: [...r.m.to, ...r.m.cc, ...r.m.bcc].map((x) => x.address),
        subject: r.m.subject,
      })) satisfies ThreadMessage[],
    );
    const stored = await this.repo.sources(this.deps.db.kysely, ws, records.map((r) => r.key));
    for (const r of records) {
      const outcome = r.outbound ? outcomes.get(r.key) : undefined;
      const repliedAt = outcome?.repliedAtMs != null ? new Date(outcome.repliedAtMs).toISOString() : null;
      const before = stored.get(r.key) ?? null;
      let change: Item['change'] = 'new';
      if (before) change = r.outbound && before.repliedAt === null && repliedAt !== null ? 'updated' : 'unchanged';
      a.items.push({
        sourceKey: r.key,
        participants: r.participants,
        kind: 'email',
        status: 'done',
        startsAt: r.m.sentAt,
        timeZone: ctx.timeZone,
        durationMinutes: null,
        title: (r.m.subject || '(no subject)').slice(0, 300),
        location: null,
        notes: r.m.snippet,
        direction: r.outbound ? 'outbound' : 'inbound',
        awaitingReply: Boolean(outcome?.outreach) && repliedAt === null,
        repliedAt,
        sequence: 0,
        stored: before,
        change,
      });
      for (const p of r.participants) {
        const person = personOf(a, p);
        if (r.outbound) person.sent += 1;
        else person.received += 1;
        person.lastMs = Math.max(person.lastMs, Date.parse(r.m.sentAt));
      }
    }
    await this.findLaterReplies(ws, records, a);
    return a;
  }

  /** Answers in this file to messages sent in an earlier import (a later Takeout, a dragged reply). */
  private async findLaterReplies(ws: string, records: { key: string; m: MailMessage; outbound: boolean; participants: string[] }[], a: Analysis): Promise<void> {
    const inFile = new Set(records.map((r) => r.key));
    const wanted = new Set<string>();
    for (const r of records) if (!r.outbound) for (const id of [...r.m.inReplyTo, ...r.m.references]) if (!inFile.has(idKey(id))) wanted.add(idKey(id));
    if (wanted.size === 0) return;
    const earlier = [...(await this.repo.sources(this.deps.db.kysely, ws, [...wanted])).values()].filter((s) => s.direction === 'outbound' && s.repliedAt === null);
    if (earlier.length === 0) return;
    const participants = await this.repo.participantIds(this.deps.db.kysely, ws, earlier.map((s) => s.conversationId));
    const byKey = new Map(earlier.map((s) => [s.sourceKey, s]));
    for (const r of records) {
      if (r.outbound) continue;
      const at = Date.parse(r.m.sentAt);
      for (const id of new Set([...r.m.inReplyTo, ...r.m.references].map(idKey))) {
        const s = byKey.get(id);
        if (!s || Date.parse(s.startsAt) >= at) continue;
        const people = participants.get(s.conversationId) ?? [];
        if (!r.participants.some((p) => people.includes(p))) continue;
        const current = a.laterReplies.get(s.conversationId);
        if (!current || r.m.sentAt < current) a.laterReplies.set(s.conversationId, r.m.sentAt);
      }
    }
  }

  private async analyseCalendar(ws: string, source: MailSource, ctx: Ctx): Promise<Analysis> {
    const a = emptyAnalysis('ics');
    let text: string;
    if ('bytes' in source) {
      if (source.bytes.byteLength > CALENDAR_IMPORT_MAX_BYTES) throw new InvalidError('The calendar file is larger than 50 MiB, the limit; nothing was read', [{ path: 'file', message: 'Larger than 50 MiB' }]);
      text = Buffer.from(source.bytes).toString('utf8');
    } else {
      const stat = await fs.stat(source.path);
      if (stat.size > CALENDAR_IMPORT_MAX_BYTES) throw new InvalidError('The calendar file is larger than 50 MiB, the limit; nothing was read', [{ path: 'file', message: 'Larger than 50 MiB' }]);
      text = await fs.readFile(source.path, 'utf8');
    }
    let calendar;
    try {
      calendar = readCalendar(text, {
        from: new Date(ctx.now.getTime() - CALENDAR_PAST_DAYS * DAY_MS),
        to: new Date(ctx.now.getTime() + CALENDAR_FUTURE_DAYS * DAY_MS),
        defaultTimeZone: ctx.timeZone,
      });
    } catch (error) {
      if (error instanceof FormatError) {
        const message = error.line ? `Line ${error.line}: ${error.message}` : error.message;
        throw new InvalidError(`${message}; nothing was imported`, [{ path: error.line ? `line ${error.line}` : 'file', message: error.message }]);
      }
      throw error;
    }
    a.records = calendar.occurrences.length + calendar.skipped.length;
    a.skipped = calendar.skipped.length;
    for (const s of calendar.skipped) warn(a, { message: 0, line: s.line, messageId: null, reason: s.message });
    const keyed = calendar.occurrences.map((o) => ({ o, key: `ics:${hash(o.key)}` }));
    const stored = await this.repo.sources(this.deps.db.kysely, ws, keyed.map((k) => k.key));
    const names = new Map<string, string>();
    for (const { o, key } of keyed) {
      const people = [o.organizer, ...o.attendees].filter((p): p is NonNullable<typeof p> => p !== null && !ctx.me.has(p.address));
      const participants = new Set<string>();
      for (const p of people) {
        const id = ctx.byAddress.get(p.address);
        if (id) participants.add(id);
        else if (ctx.add.has(p.address)) {
          participants.add(PLACEHOLDER + p.address);
          if (!a.newContacts.has(p.address)) a.newContacts.set(p.address, p.name);
        } else noteCorrespondent(a, p, Date.parse(o.startsAt), 'meeting');
      }
      if (ctx.forced) participants.add(ctx.forced);
      if (participants.size === 0) {
        a.withoutContacts += 1;
        continue;
      }
      const before = stored.get(key) ?? null;
      const status: Item['status'] = o.cancelled ? 'cancelled' : Date.parse(o.startsAt) > ctx.now.getTime() ? 'scheduled' : 'done';
      const kind = ctx.kinds[o.key] ?? (before ? (before.kind as ConversationKind) : guessMeetingKind(o.summary));
      let change: Item['change'];
      if (!before) change = o.cancelled ? 'unchanged' : 'new';
      else if (o.cancelled) change = before.status === 'cancelled' ? 'unchanged' : 'cancelled';
      else if (o.sequence > before.sequence || (ctx.kinds[o.key] !== undefined && ctx.kinds[o.key] !== before.kind)) change = 'updated';
      else change = 'unchanged';
      const item: Item = {
        sourceKey: key,
        participants: [...participants],
        kind,
        status,
        startsAt: o.startsAt,
        timeZone: o.timeZone ?? ctx.timeZone,
        durationMinutes: o.durationMinutes,
        title: (o.summary || '(no title)').slice(0, 300),
        location: o.location ? o.location.slice(0, 300) : null,
        notes: null,
        direction: 'mutual',
        awaitingReply: false,
        repliedAt: null,
        sequence: o.sequence,
        stored: before,
        change,
      };
      a.items.push(item);
      for (const p of item.participants) {
        const person = personOf(a, p);
        person.meetings += 1;
        person.lastMs = Math.max(person.lastMs, Date.parse(o.startsAt));
      }
      if (a.meetings.length < MAX_LISTED) {
        for (const p of people) if (!names.has(p.address)) names.set(p.address, p.name || p.address);
        a.meetings.push({
          key: o.key,
          title: item.title,
          startsAt: item.startsAt,
          kind,
          status,
          participants: people.filter((p) => ctx.byAddress.has(p.address) || ctx.add.has(p.address)).map((p) => names.get(p.address) ?? p.address),
          change,
        });
      }
    }
    return a;
  }

  /** Open email actions that a sent message of this file answers. */
  private async answered(ws: string, a: Analysis): Promise<Map<string, number>> {
    const sent = a.items
      .filter((i) => i.direction === 'outbound')
      .map((i) => ({ contactIds: i.participants.filter((p) => !p.startsWith(PLACEHOLDER)), sentAtMs: Date.parse(i.startsAt) }));
    if (sent.length === 0) return new Map();
    const db = this.deps.db.kysely;
    const actions = await this.repo.openEmailActions(db, ws);
    if (actions.length === 0) return new Map();
    const starts = await this.repo.conversationStarts(db, ws, actions.flatMap((x) => x.subjects.filter((s) => s.type === 'conversation').map((s) => s.id)));
    return answeredActions(
      actions.map((x) => {
        const about = x.subjects.filter((s) => s.type === 'conversation').map((s) => Date.parse(starts.get(s.id) ?? ''));
        const known = about.filter((ms) => Number.isFinite(ms));
        return { id: x.id, recipientIds: x.recipients, sinceMs: known.length > 0 ? Math.max(...known) : Date.parse(x.createdAt) };
      }),
      sent,
    );
  }

  // ---------------------------------------------------------------- writing

  private async write(scope: Scope, a: Analysis): Promise<MailImportResult> {
    const ws = scope.workspaceId;
    const nowIso = this.deps.clock.now().toISOString();
    const creates = a.items.filter((i) => i.change === 'new');
    const updates = a.items.filter((i) => i.change === 'updated' || i.change === 'cancelled');
    return this.deps.db.kysely.transaction().execute(async (trx) => {
      const bulk = creates.length + updates.length >= BULK_WRITE_ROWS;
      if (bulk) await beginBulkWrite(trx, ws);
      const created = new Map<string, string>();
      for (const [address, name] of a.newContacts) {
        created.set(PLACEHOLDER + address, await this.deps.contactService.insertWithin(trx, scope, contactOf(address, name), nowIso));
      }
      const resolve = (ids: string[]) => [...new Set(ids.map((id) => created.get(id) ?? id))];

      const conversations: Insertable<ConversationTable>[] = [];
      const participants: Insertable<ConversationParticipantTable>[] = [];
      const sources: Insertable<ConversationSourceTable>[] = [];
      const touched = new Set<string>();
      const referralFacts = new Map<string, Set<string>>();
      for (const item of creates) {
        const id = this.deps.ids.newId();
        conversations.push({
          id,
          workspace_id: ws,
          kind: item.kind,
          status: item.status,
          starts_at: item.startsAt,
          time_zone: item.timeZone,
          duration_minutes: item.durationMinutes,
          title: item.title,
          location: item.location,
          notes: item.notes,
          direction: item.direction,
          awaiting_reply: item.awaitingReply ? 1 : 0,
          replied_at: item.repliedAt,
          organization_id: null,
          event_id: null,
          opportunity_id: null,
          interview_round: null,
          feedback: null,
          next_steps: null,
          created_at: nowIso,
          updated_at: nowIso,
        });
        const people = resolve(item.participants);
        for (const contact_id of people) {
          participants.push({ workspace_id: ws, conversation_id: id, contact_id, role: 'participant' });
          touched.add(contact_id);
        }
        sources.push({ workspace_id: ws, source_key: item.sourceKey, conversation_id: id, sequence: item.sequence, created_at: nowIso });
        noteReferral(referralFacts, item, people);
      }
      await this.repo.insertConversations(trx, conversations, participants, sources);

      let repliesRecorded = 0;
      for (const item of updates) {
        const stored = item.stored!;
        const people = resolve(item.participants);
        if (item.kind === 'email') {
          await this.repo.updateConversation(trx, ws, stored.conversationId, { replied_at: item.repliedAt, awaiting_reply: 0, updated_at: nowIso });
          repliesRecorded += 1;
        } else {
          const patch: Partial<Insertable<ConversationTable>> =
            item.change === 'cancelled'
              ? { status: 'cancelled', updated_at: nowIso }
              : { kind: item.kind, status: item.status, starts_at: item.startsAt, time_zone: item.timeZone, duration_minutes: item.durationMinutes, title: item.title, location: item.location, updated_at: nowIso };
          await this.repo.updateConversation(trx, ws, stored.conversationId, patch);
          if (item.change !== 'cancelled') await this.repo.replaceParticipants(trx, ws, stored.conversationId, people);
          await this.repo.setSequence(trx, ws, item.sourceKey, Math.max(item.sequence, stored.sequence));
          noteReferral(referralFacts, item, people);
        }
        for (const p of people) touched.add(p);
      }
      for (const [conversationId, repliedAt] of a.laterReplies) {
        await this.repo.updateConversation(trx, ws, conversationId, { replied_at: repliedAt, awaiting_reply: 0, updated_at: nowIso });
        repliesRecorded += 1;
      }

      // Referrals move forward on a meeting or an email with the referred person, as when logged by hand.
      for (const [fact, contactIds] of referralFacts) {
        const [kind, status] = fact.split('|') as [string, string];
        await this.deps.conversations.advanceReferrals(trx, scope, { kind, status, organizationId: null, startsAt: nowIso }, [...contactIds], nowIso);
      }
      await this.contacts.refreshLastInteraction(trx, ws, [...touched], nowIso);
      const done = [...a.actionsAnswered].map(([id, at]) => ({ id, note: `Sent on ${new Date(at).toISOString().slice(0, 10)} (found by the mail import)` }));
      await this.repo.markActionsDone(trx, ws, done, nowIso);
      if (bulk) await endBulkWrite(trx, ws);
      return {
        created: creates.length,
        updated: updates.filter((u) => u.change === 'updated').length + a.laterReplies.size,
        unchanged: a.items.length - creates.length - updates.length,
        cancelled: updates.filter((u) => u.change === 'cancelled').length,
        contactsCreated: created.size,
        repliesRecorded,
        actionsDone: done.length,
        skipped: a.skipped,
        ms: 0,
      };
    });
  }
}

// ---------------------------------------------------------------- helpers

interface Ctx {
  now: Date;
  timeZone: string;
  me: Set<string>;
  byAddress: Map<string, string>;
  add: Set<string>;
  forced: string | null;
  includeAutomated: boolean;
  kinds: Record<string, ConversationKind>;
}

function emptyAnalysis(format: MailFileFormatName): Analysis {
  return {
    format,
    fileName: null,
    me: { addresses: [], guessed: false },
    records: 0,
    items: [],
    laterReplies: new Map(),
    withoutContacts: 0,
    automated: 0,
    skipped: 0,
    warnings: [],
    correspondents: new Map(),
    newContacts: new Map(),
    people: new Map(),
    meetings: [],
    actionsAnswered: new Map(),
  };
}

async function head(source: MailSource): Promise<Uint8Array> {
  if ('bytes' in source) return source.bytes.subarray(0, DETECT_BYTES);
  let handle;
  try {
    handle = await fs.open(source.path, 'r');
  } catch {
    throw new InvalidError(`No such file: ${source.path}`, [{ path: 'file', message: 'No such file' }]);
  }
  try {
    const buf = Buffer.alloc(DETECT_BYTES);
    const { bytesRead } = await handle.read(buf, 0, DETECT_BYTES, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

async function* messagesOf(source: MailSource, format: 'mbox' | 'eml'): AsyncGenerator<RawMessage> {
  if (format === 'eml') {
    const bytes = 'bytes' in source ? Buffer.from(source.bytes) : await fs.readFile(source.path);
    yield { index: 1, line: 1, bytes, truncated: false };
    return;
  }
  const stream = 'bytes' in source ? Readable.from([Buffer.from(source.bytes)]) : createReadStream(source.path, { highWaterMark: 256 * 1024 });
  yield* readMbox(stream);
}

function warn(a: Analysis, w: MailWarning): void {
  if (a.warnings.length < MAX_WARNINGS) a.warnings.push(w);
}

function messageIdOf(bytes: Buffer): string | null {
  const m = /^message-id:\s*<?([^>\s]+)>?/im.exec(bytes.subarray(0, 16 * 1024).toString('latin1'));
  return m?.[1] ?? null;
}

function everyone(m: MailMessage): MailAddress[] {
  const seen = new Set<string>();
  const out: MailAddress[] = [];
  for (const x of [m.from, ...m.to, ...m.cc, ...m.bcc]) {
    if (seen.has(x.address)) continue;
    seen.add(x.address);
    out.push(x);
  }
  return out;
}

function noteCorrespondent(a: Analysis, x: MailAddress, atMs: number, what: 'message' | 'meeting'): void {
  const c = a.correspondents.get(x.address);
  if (c) {
    if (what === 'message') c.messages += 1;
    else c.meetings += 1;
    if (atMs > c.lastMs) c.lastMs = atMs;
    if (!c.name && x.name) c.name = x.name;
  } else {
    a.correspondents.set(x.address, { address: x.address, name: x.name, messages: what === 'message' ? 1 : 0, meetings: what === 'meeting' ? 1 : 0, lastAt: '', lastMs: atMs });
  }
}

function personOf(a: Analysis, id: string) {
  let p = a.people.get(id);
  if (!p) {
    p = { sent: 0, received: 0, meetings: 0, lastMs: 0 };
    a.people.set(id, p);
  }
  return p;
}

/**
 * Your address when Settings has none: the sender of the messages Gmail labels "Sent", else the
 * address on at least half the messages (yours is on every one of a personal mailbox).
 */
function guessMe(sentFrom: Map<string, number>, counts: Map<string, number>, messages: number): string | null {
  const top = (m: Map<string, number>) => [...m].sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]))[0];
  const sent = top(sentFrom);
  if (sent) return sent[0];
  const any = top(counts);
  return any && messages >= 3 && any[1] * 2 >= messages ? any[0] : null;
}

function isOutbound(m: MailMessage, ctx: Ctx): boolean {
  if (ctx.me.has(m.from.address)) return true;
  if ([...m.to, ...m.cc, ...m.bcc].some((x) => ctx.me.has(x.address))) return false;
  // Your addresses unknown: a message from a contact is theirs, one to a contact is yours.
  if (ctx.byAddress.has(m.from.address) || ctx.add.has(m.from.address)) return false;
  return [...m.to, ...m.cc, ...m.bcc].some((x) => ctx.byAddress.has(x.address) || ctx.add.has(x.address));
}

export function hash(value: string): string {
  return createHash('sha256').update(value).digest('base64url').slice(0, 32);
}

/** The source key of a Message-ID, and so of what a reply names. */
function idKey(messageId: string): string {
  return `mail:${hash(messageId.trim())}`;
}

/** A message without a Message-ID is known by its sender, date and subject. */
function mailKey(m: MailMessage): string {
  return m.messageId ? idKey(m.messageId) : `mail:${hash(`${m.from.address}\u0000${m.sentAt}\u0000${m.subject}`)}`;
}

function noteReferral(facts: Map<string, Set<string>>, item: Item, people: string[]): void {
  if (item.status === 'cancelled') return;
  const fact = `${item.kind}|${item.status}`;
  const set = facts.get(fact) ?? new Set<string>();
  for (const p of people) set.add(p);
  facts.set(fact, set);
}

/** A correspondent the user chose to add: named as they signed their mail. */
function contactOf(address: string, name: string) {
  const clean = name.replace(/["']/g, '').trim();
  let given = clean;
  let family = '';
  if (clean.includes(',')) {
    const [last, first] = clean.split(',', 2);
    given = (first ?? '').trim();
    family = (last ?? '').trim();
  } else if (clean.includes(' ')) {
    const parts = clean.split(/\s+/);
    family = parts.pop() ?? '';
    given = parts.join(' ');
  }
  if (!given && !family) given = address;
  return contactCreateSchema.parse({ givenName: given.slice(0, 100), familyName: family.slice(0, 100), emails: [{ value: address }], howWeMet: 'Email' });
}

function toPreview(a: Analysis, names: Map<string, string>): MailImportPreview {
  const count = (change: Item['change']) => a.items.filter((i) => i.change === change).length;
  const outbound = a.items.filter((i) => i.direction === 'outbound');
  const correspondents = [...a.correspondents.values()]
    .filter((c) => c.messages + c.meetings > 0)
    .sort((x, y) => y.messages + y.meetings - (x.messages + x.meetings) || y.lastMs - x.lastMs || x.address.localeCompare(y.address));
  return {
    format: a.format,
    fileName: a.fileName,
    me: a.me,
    counts: {
      records: a.records,
      new: count('new'),
      updated: count('updated') + count('cancelled') + a.laterReplies.size,
      unchanged: count('unchanged'),
      withoutContacts: a.withoutContacts,
      automated: a.automated,
      skipped: a.skipped,
      awaitingReply: outbound.filter((i) => i.awaitingReply).length,
      replied: outbound.filter((i) => i.repliedAt !== null).length + a.laterReplies.size,
      actionsAnswered: a.actionsAnswered.size,
    },
    people: [...a.people]
      .filter(([id]) => names.has(id))
      .sort((x, y) => y[1].lastMs - x[1].lastMs || x[0].localeCompare(y[0]))
      .slice(0, MAX_LISTED)
      .map(([contactId, p]) => ({ contactId, displayName: names.get(contactId) ?? '', sent: p.sent, received: p.received, meetings: p.meetings, lastAt: new Date(p.lastMs).toISOString() })),
    correspondents: correspondents.slice(0, MAX_LISTED).map(({ lastMs, ...c }) => ({ ...c, lastAt: new Date(lastMs).toISOString() })),
    correspondentsTotal: correspondents.length,
    meetings: a.meetings,
    warnings: a.warnings,
    kept: MAIL_KEPT,
  };
}

function snapshot(job: Job): MailImportJob {
  return { id: job.id, status: job.status, preview: job.state.preview, result: job.result, error: job.error };
}
