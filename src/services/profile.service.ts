import {
  profileDataSchema,
  profileIdentitySchema,
  type NetworkingSheet,
  type Profile,
  type ProfileData,
  type ProfileImport,
  type ProfileImportKind,
  type ProfileImportResult,
  type ProfileUpdate,
  type SheetTarget,
} from '../contracts/profile.schema.js';
import { findTextProblems } from '../contracts/common.schema.js';
import type { SettingsUpdate } from '../contracts/settings.schema.js';
import type { Kysely, Transaction } from 'kysely';
import type { Db } from '../db/database.js';
import type { Database } from '../db/schema.js';
import { localDate } from '../domain/business-days.js';
import { FormatError } from '../formats/contact-import.types.js';
import { JsonResumeError, looksLikeJson, readJsonResume } from '../formats/json-resume.reader.js';
import { detectArchiveFile, readLinkedInPositionsCsv, readLinkedInProfileCsv, readLinkedInSkillsCsv } from '../formats/linkedin-archive.reader.js';
import { writeNetworkingSheet } from '../formats/networking-sheet.writer.js';
import type { Scope } from './contact.service.js';
import { InvalidError } from './errors.js';
import type { Clock, IdGenerator } from './runtime.js';
import type { SettingsService } from './settings.service.js';

/** Live targets shown on the sheet: enough to talk about, few enough for one page. */
export const SHEET_MAX_TARGETS = 30;
const SHEET_STATUSES = ['researching', 'networking', 'in-process'];

/** What an imported file proposes for the profile. */
interface Draft {
  firstName?: string;
  lastName?: string;
  email?: string;
  headline?: string;
  summary?: string;
  industry?: string;
  location?: string;
  skills?: string[];
  experience?: ProfileData['experience'];
}

/** "Roger Dale Smith" from the stored first and last names. */
function fullName(me: { firstName?: string | undefined; lastName?: string | undefined }): string {
  return [me.firstName, me.lastName].filter(Boolean).join(' ');
}

/** The first paragraph, or its first sentences when it is long: a pitch to say in 30 seconds. */
export function shortPitchOf(summary: string): string {
  const first = summary.split(/\n{2,}/)[0]?.replace(/\s+/g, ' ').trim() ?? '';
  if (first.length <= 400) return first;
  let out = '';
  for (const sentence of first.match(/[^.!?]+[.!?]+(\s|$)/g) ?? []) {
    if ((out + sentence).length > 400) break;
    out += sentence;
  }
  return (out || `${first.slice(0, 397)}...`).trim();
}

function mergeList(current: readonly string[], added: readonly string[], max: number): string[] {
  const seen = new Set(current.map((s) => s.toLowerCase()));
  const out = [...current];
  for (const item of added) {
    const clipped = item.slice(0, 100);
    if (out.length >= max) break;
    if (!seen.has(clipped.toLowerCase())) {
      seen.add(clipped.toLowerCase());
      out.push(clipped);
    }
  }
  return out;
}

/**
 * The seeker's profile: pitch, skills, ideal position, target definition and weekly goals,
 * in the workspace settings under `profile`; the time zone, working days and holidays are the
 * playbook settings, read and written through SettingsService. Also the one-page networking
 * sheet (JSON for the web page, PDF for printing).
 */
export class ProfileService {
  constructor(private readonly deps: { db: Db; clock: Clock; ids: IdGenerator; settings: SettingsService }) {}

  async get(scope: Scope, db?: Kysely<Database> | Transaction<Database>): Promise<Profile> {
    const settings = await this.deps.settings.get(scope, db);
    const effective = await this.deps.settings.playbook(scope, db);
    return {
      ...settings.profile,
      timeZone: effective.timeZone,
      workingDays: [...effective.workingDays],
      holidays: [...effective.holidays],
      name: fullName(settings.me),
      email: settings.me.email ?? '',
      phone: settings.me.phone ?? '',
    };
  }

  /**
   * Replaces the keys given; the calendar keys go to the playbook settings (validated there),
   * the name, email and phone to `me` (the first word of the name is the first name).
   */
  async update(scope: Scope, input: ProfileUpdate): Promise<Profile> {
    const current = (await this.deps.settings.get(scope)).profile;
    const { timeZone, workingDays, holidays, name, email, phone, ...rest } = input;
    const profile = profileDataSchema.parse({ ...current, ...rest });
    const playbook: NonNullable<SettingsUpdate['playbook']> = {};
    if (timeZone !== undefined) playbook.timeZone = timeZone;
    if (workingDays !== undefined) playbook.workingDays = [...new Set(workingDays)].sort();
    if (holidays !== undefined) playbook.holidays = [...new Set(holidays)].sort();
    const me: NonNullable<SettingsUpdate['me']> = {};
    if (name !== undefined) {
      const [first = '', ...others] = name.split(/\s+/).filter(Boolean);
      me.firstName = first;
      me.lastName = others.join(' ');
    }
    if (email !== undefined) me.email = email;
    if (phone !== undefined) me.phone = phone;
    await this.deps.settings.update(scope, { profile, ...(Object.keys(playbook).length > 0 ? { playbook } : {}), ...(Object.keys(me).length > 0 ? { me } : {}) });
    return this.get(scope);
  }

  /**
   * Whether a file would be accepted by {@link import}: null, or why not (a damaged Profile.csv
   * of an archive is left out, not the whole archive). Reads only; writes nothing.
   */
  check(file: { name: string; text: string }): string | null {
    try {
      const { draft } = readProfileFile(file.text, file.name, 0);
      const issues = findTextProblems(draft, 'file');
      return issues[0] ? `${issues[0].path}: ${issues[0].message}` : null;
    } catch (error) {
      if (error instanceof InvalidError) return error.message;
      throw error;
    }
  }

  /**
   * Fills the profile from LinkedIn archive files (Profile.csv, Positions.csv, Skills.csv) and
   * JSON Resume files. Empty fields are filled and lists merged; what is already written is
   * kept unless `overwrite`. Nothing is written when any file is refused. `db` may be an open
   * transaction (LinkedIn's archive: the profile is filled with the contacts, or not at all).
   */
  async import(scope: Scope, input: ProfileImport, db?: Kysely<Database> | Transaction<Database>): Promise<ProfileImportResult> {
    const drafts: Draft[] = [];
    const files: ProfileImportResult['files'] = [];
    for (const [index, file] of input.files.entries()) {
      const name = file.name || `file ${index + 1}`;
      const { kind, draft } = readProfileFile(file.text, name, index);
      // The shared text rule, on what was read (a JSON Resume can spell a NUL as \u0000).
      const issues = findTextProblems(draft, `files.${index}`);
      if (issues[0]) throw new InvalidError(`${name}: ${issues[0].path}: ${issues[0].message}`, issues);
      files.push({ name, kind });
      drafts.push(draft);
    }
    const settings = await this.deps.settings.get(scope, db);
    const current = settings.profile;
    const next: ProfileData = structuredClone(current);
    const filled: string[] = [];
    const kept: string[] = [];
    const take = <K extends 'headline' | 'pitchShort' | 'pitchLong'>(key: K, value: string | undefined) => {
      if (!value) return;
      if (next[key] && !input.overwrite && next[key] !== value) {
        if (!kept.includes(key)) kept.push(key);
        return;
      }
      if (next[key] !== value) {
        next[key] = value;
        if (!filled.includes(key)) filled.push(key);
      }
    };
    const me: NonNullable<SettingsUpdate['me']> = {};
    for (const d of drafts) {
      take('headline', d.headline?.slice(0, 300));
      if (d.summary) {
        take('pitchLong', d.summary.slice(0, 5_000));
        take('pitchShort', shortPitchOf(d.summary).slice(0, 600));
      }
      if (d.skills && d.skills.length > 0) {
        const merged = mergeList(next.skills, d.skills, 100);
        if (merged.length > next.skills.length) filled.push(`skills (+${merged.length - next.skills.length})`);
        next.skills = merged;
      }
      if (d.experience && d.experience.length > 0) {
        const experience = d.experience.slice(0, 50);
        // The same positions again (a re-imported archive) change nothing and are not reported.
        if (JSON.stringify(experience) !== JSON.stringify(next.experience)) filled.push(`experience (${experience.length})`);
        next.experience = experience;
        const latest = d.experience[0]?.title;
        if (latest && next.idealPosition.roles.length === 0) {
          next.idealPosition.roles = [latest.slice(0, 120)];
          filled.push('idealPosition.roles');
        }
      }
      if (d.industry) {
        if (next.targetDefinition.industries.length === 0) {
          next.targetDefinition.industries = [d.industry.slice(0, 120)];
          filled.push('targetDefinition.industries');
        } else if (!next.targetDefinition.industries.some((i) => i.toLowerCase() === d.industry?.toLowerCase())) kept.push('targetDefinition.industries');
      }
      if (d.location) {
        if (!next.idealPosition.location) {
          next.idealPosition.location = d.location.slice(0, 200);
          filled.push('idealPosition.location');
        } else if (next.idealPosition.location !== d.location) kept.push('idealPosition.location');
      }
      if (d.firstName && !settings.me.firstName && !me.firstName) me.firstName = d.firstName.slice(0, 100);
      if (d.lastName && !settings.me.lastName && !me.lastName) me.lastName = d.lastName.slice(0, 100);
      // Only an address that is one: the profile shows it, and a file can hold anything.
      if (d.email && !settings.me.email && !me.email && profileIdentitySchema.shape.email.safeParse(d.email).success) me.email = d.email.trim();
    }
    if (me.firstName || me.lastName) filled.push('your name');
    const profile = profileDataSchema.parse(next);
    await this.deps.settings.update(scope, { profile, ...(Object.keys(me).length > 0 ? { me } : {}) }, db);
    return { profile: await this.get(scope, db), files, filled: [...new Set(filled)], kept: [...new Set(kept)] };
  }

  /** The networking sheet: who I am, my pitch, my ideal position and my live targets, grouped and ranked. */
  async sheet(scope: Scope): Promise<NetworkingSheet> {
    const settings = await this.deps.settings.get(scope);
    const effective = await this.deps.settings.playbook(scope);
    const rows = await this.deps.db.kysely
      .selectFrom('targets as t')
      .innerJoin('organizations as o', 'o.id', 't.organization_id')
      .select(['t.organization_id', 't.rank', 't.status', 'o.name', 'o.industry', 'o.location'])
      .where('t.workspace_id', '=', scope.workspaceId)
      .where('t.status', 'in', SHEET_STATUSES)
      .where('o.deleted_at', 'is', null)
      .orderBy('t.rank')
      .execute();
    const targets: SheetTarget[] = rows.slice(0, SHEET_MAX_TARGETS).map((r) => ({
      organizationId: r.organization_id,
      name: r.name,
      rank: r.rank,
      industry: r.industry?.trim() || null,
      location: r.location?.trim() || null,
      status: r.status,
    }));
    const withIndustry = targets.filter((t) => t.industry).length;
    const byIndustry = targets.length > 0 && withIndustry * 2 >= targets.length;
    let groups: NetworkingSheet['groups'];
    if (byIndustry) {
      const map = new Map<string, SheetTarget[]>();
      for (const t of targets) {
        const key = t.industry ?? 'Other';
        map.set(key, [...(map.get(key) ?? []), t]);
      }
      // Groups in the order of their best-ranked target; "Other" last.
      groups = [...map.entries()]
        .sort(([a, ta], [b, tb]) => (a === 'Other' ? 1 : b === 'Other' ? -1 : (ta[0]?.rank ?? 0) - (tb[0]?.rank ?? 0)))
        .map(([label, list]) => ({ label, targets: list }));
    } else {
      groups = targets.length > 0 ? [{ label: '', targets }] : [];
    }
    const p = settings.profile;
    return {
      name: fullName(settings.me),
      email: settings.me.email ?? '',
      phone: settings.me.phone ?? '',
      headline: p.headline,
      pitchShort: p.pitchShort,
      pitchLong: p.pitchLong,
      skills: p.skills,
      idealPosition: p.idealPosition,
      targetDefinition: p.targetDefinition,
      groupedBy: byIndustry ? 'industry' : 'none',
      groups,
      more: Math.max(0, rows.length - targets.length),
      generatedOn: localDate(this.deps.clock.now().toISOString(), effective.timeZone),
    };
  }

  async sheetPdf(scope: Scope): Promise<{ fileName: string; contentType: string; body: Buffer }> {
    const sheet = await this.sheet(scope);
    const body = await writeNetworkingSheet(sheet);
    const slug = sheet.name.toLowerCase().normalize('NFD').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
    return { fileName: `${slug ? `${slug}-` : ''}networking-sheet-${sheet.generatedOn}.pdf`, contentType: 'application/pdf', body };
  }
}

/** Reads one file given for the profile import, or refuses it naming the file and the field. */
function readProfileFile(text: string, name: string, index: number): { kind: ProfileImportKind; draft: Draft } {
  const path = `files.${index}`;
  try {
    if (looksLikeJson(text)) {
      const r = readJsonResume(text);
      const [given, ...rest] = r.name.split(/\s+/).filter(Boolean);
      return {
        kind: 'json-resume',
        draft: {
          ...(given ? { firstName: given, lastName: rest.join(' ') } : {}),
          email: r.email,
          headline: r.label,
          summary: r.summary,
          location: r.location,
          skills: r.skills,
          experience: r.work.map((w) => ({ organization: w.organization.slice(0, 200), title: w.position.slice(0, 200), location: w.location.slice(0, 200), startedOn: w.startDate.slice(0, 20), finishedOn: w.endDate.slice(0, 20) })),
        },
      };
    }
    const kind = detectArchiveFile(text);
    if (kind === 'profile') {
      const p = readLinkedInProfileCsv(text);
      return { kind: 'linkedin-profile', draft: { firstName: p.firstName, lastName: p.lastName, headline: p.headline, summary: p.summary, industry: p.industry, location: p.location } };
    }
    if (kind === 'positions') {
      const positions = readLinkedInPositionsCsv(text);
      return {
        kind: 'linkedin-positions',
        draft: { experience: positions.map((p) => ({ organization: p.companyName.slice(0, 200), title: p.title.slice(0, 200), location: p.location.slice(0, 200), startedOn: p.startedOn.slice(0, 20), finishedOn: p.finishedOn.slice(0, 20) })) },
      };
    }
    if (kind === 'skills') return { kind: 'linkedin-skills', draft: { skills: readLinkedInSkillsCsv(text) } };
  } catch (error) {
    if (error instanceof JsonResumeError) {
      throw new InvalidError(`${name}: ${error.message}`, error.issues.map((i) => ({ path: `${path}.${i.path}`, message: i.message })));
    }
    if (error instanceof FormatError) throw new InvalidError(`${name}: ${error.message}`, [{ path, message: error.message }]);
    throw error;
  }
  const message = 'Not a LinkedIn Profile.csv, Positions.csv or Skills.csv, nor a JSON Resume';
  throw new InvalidError(`${name}: ${message}`, [{ path, message }]);
}
