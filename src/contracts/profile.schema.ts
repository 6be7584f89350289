import { z } from 'zod';
import { isoDateSchema } from './action.schema.js';
import { timeZoneSchema } from './conversation.schema.js';

/**
 * The seeker's Profile (PRODUCT.md): elevator pitch, skills and abilities, ideal position,
 * target definition and weekly goals. Stored in the workspace settings JSON under `profile`;
 * the time zone, working days and holidays are the playbook's settings (one source of truth)
 * and are shown and edited here through them.
 */

const line = (max: number) => z.string().trim().max(max, `At most ${max} characters`);
const list = (maxItems: number, maxLength: number) =>
  z
    .array(z.string().trim().min(1, 'Empty item').max(maxLength, `At most ${maxLength} characters`))
    .max(maxItems, `At most ${maxItems} items`);
const goal = z.number().int('A whole number').min(0, 'At least 0').max(500, 'At most 500');

export const remoteSchema = z.enum(['any', 'onsite', 'hybrid', 'remote']);
export type Remote = z.infer<typeof remoteSchema>;
export const REMOTE_LABELS: Record<Remote, string> = { any: 'Any', onsite: 'On site', hybrid: 'Hybrid', remote: 'Remote' };

export const idealPositionSchema = z
  .object({
    roles: list(20, 120).default([]),
    responsibilities: list(30, 300).default([]),
    level: line(120).default(''),
    location: line(200).default(''),
    remote: remoteSchema.default('any'),
  })
  .strict();
export type IdealPosition = z.output<typeof idealPositionSchema>;

export const targetDefinitionSchema = z
  .object({
    industries: list(30, 120).default([]),
    sizes: list(10, 120).default([]),
    positions: list(30, 120).default([]),
    geographies: list(30, 120).default([]),
  })
  .strict();
export type TargetDefinition = z.output<typeof targetDefinitionSchema>;

export const weeklyGoalsSchema = z
  .object({
    newContacts: goal.default(5),
    conversations: goal.default(3),
    followUps: goal.default(5),
  })
  .strict();
export type WeeklyGoals = z.output<typeof weeklyGoalsSchema>;

/** A past position (LinkedIn Positions.csv, JSON Resume work[]). */
export const experienceSchema = z
  .object({
    organization: line(200).default(''),
    title: line(200).default(''),
    location: line(200).default(''),
    startedOn: line(20).default(''),
    finishedOn: line(20).default(''),
  })
  .strict();
export type Experience = z.output<typeof experienceSchema>;

/** What the profile stores (every key defaults, so an old or empty workspace reads as an empty profile). */
export const profileDataSchema = z
  .object({
    headline: line(300).default(''),
    pitchShort: line(600).default(''),
    pitchLong: line(5_000).default(''),
    skills: list(100, 100).default([]),
    idealPosition: idealPositionSchema.default(idealPositionSchema.parse({})),
    targetDefinition: targetDefinitionSchema.default(targetDefinitionSchema.parse({})),
    weeklyGoals: weeklyGoalsSchema.default(weeklyGoalsSchema.parse({})),
    experience: z.array(experienceSchema).max(50, 'At most 50 positions').default([]),
  })
  .strict();
export type ProfileData = z.output<typeof profileDataSchema>;
export const EMPTY_PROFILE: ProfileData = profileDataSchema.parse({});

/** The playbook settings the profile shows: they live in the playbook settings. */
export const profileCalendarSchema = z.object({
  timeZone: timeZoneSchema,
  workingDays: z.array(z.number().int().min(1, 'Days are 1 (Monday) to 7 (Sunday)').max(7, 'Days are 1 (Monday) to 7 (Sunday)')).min(1, 'At least one working day').max(7),
  holidays: z.array(isoDateSchema).max(400),
});

/**
 * Who the seeker is: the name, email and phone that sign every message and head the networking
 * sheet. Stored with the settings (`me`); the first word of the name is the first name.
 */
export const profileIdentitySchema = z.object({
  name: line(200),
  email: z.union([z.literal(''), z.string().trim().max(320).email('Not an email address')]),
  phone: z
    .string()
    .trim()
    .max(50, 'At most 50 characters')
    .regex(/^[+\d\s().\-/x]*$/i, 'Digits, spaces and + ( ) - . / only'),
});

/**
 * GET /api/profile. The name, email and phone as stored: what is entered is checked (above, and
 * in PATCH /api/settings), but a value stored by an older version or a restored backup is shown
 * to be corrected, not refused with an error.
 */
export const profileSchema = profileDataSchema.extend(profileCalendarSchema.shape).extend({ name: z.string(), email: z.string(), phone: z.string() });
export type Profile = z.output<typeof profileSchema>;

/** PUT /api/profile: the keys given replace the stored ones; the others stay. */
export const profileUpdateSchema = z
  .object({
    headline: line(300),
    pitchShort: line(600),
    pitchLong: line(5_000),
    skills: list(100, 100),
    idealPosition: idealPositionSchema,
    targetDefinition: targetDefinitionSchema,
    weeklyGoals: weeklyGoalsSchema,
    experience: z.array(experienceSchema).max(50, 'At most 50 positions'),
    ...profileCalendarSchema.shape,
    ...profileIdentitySchema.shape,
  })
  .partial()
  .strict();
export type ProfileUpdate = z.output<typeof profileUpdateSchema>;
export type ProfileUpdateInput = z.input<typeof profileUpdateSchema>;

/** POST /api/profile/import (JSON body): the files' text, as read from a LinkedIn archive or a JSON Resume. */
export const profileImportSchema = z
  .object({
    files: z
      .array(z.object({ name: z.string().trim().max(300).default(''), text: z.string().max(2_000_000, 'At most 2 MB of text') }).strict())
      .min(1, 'Give at least one file')
      .max(10, 'At most 10 files'),
    /** Replace the pitch and headline even when they are already written (lists are always merged). */
    overwrite: z.boolean().default(false),
  })
  .strict();
export type ProfileImport = z.output<typeof profileImportSchema>;
export type ProfileImportInput = z.input<typeof profileImportSchema>;

export const profileImportKindSchema = z.enum(['linkedin-profile', 'linkedin-positions', 'linkedin-skills', 'json-resume']);
export type ProfileImportKind = z.infer<typeof profileImportKindSchema>;

export const profileImportResultSchema = z.object({
  profile: profileSchema,
  files: z.array(z.object({ name: z.string(), kind: profileImportKindSchema })),
  /** Fields that received a value ("pitchShort", "skills (+12)"). */
  filled: z.array(z.string()),
  /** Fields that kept what was already written. */
  kept: z.array(z.string()),
});
export type ProfileImportResult = z.infer<typeof profileImportResultSchema>;

/** The one-page networking sheet (seed 004: "show them your Target Company list"). */
export const sheetTargetSchema = z.object({
  organizationId: z.string(),
  name: z.string(),
  rank: z.number().int(),
  industry: z.string().nullable(),
  location: z.string().nullable(),
  status: z.string(),
});
export type SheetTarget = z.infer<typeof sheetTargetSchema>;

export const networkingSheetSchema = z.object({
  name: z.string(),
  email: z.string(),
  phone: z.string(),
  headline: z.string(),
  pitchShort: z.string(),
  pitchLong: z.string(),
  skills: z.array(z.string()),
  idealPosition: idealPositionSchema,
  targetDefinition: targetDefinitionSchema,
  /** How the targets are grouped: by industry when the organizations have one, else one list. */
  groupedBy: z.enum(['industry', 'none']),
  groups: z.array(z.object({ label: z.string(), targets: z.array(sheetTargetSchema) })),
  /** Live targets left off the page to keep it to one page. */
  more: z.number().int(),
  generatedOn: z.string(),
});
export type NetworkingSheet = z.infer<typeof networkingSheetSchema>;
