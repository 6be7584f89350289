import { z } from 'zod';
import { timeZoneSchema } from './conversation.schema.js';
import { isoDateSchema, templateOverrideSchema } from './action.schema.js';
import { goalsSchema } from './insights.schema.js';
import { EMPTY_PROFILE, profileDataSchema, profileIdentitySchema } from './profile.schema.js';

const days = (max: number) => z.number().int().min(0).max(max);

/** Playbook settings a user may change; everything missing keeps its default. */
export const playbookSettingsSchema = z
  .object({
    timeZone: timeZoneSchema,
    workingDays: z.array(z.number().int().min(1).max(7)).min(1, 'At least one working day').max(7),
    holidays: z.array(isoDateSchema).max(400),
    thankYouBusinessDays: days(30),
    nextDayCallBusinessDays: days(30),
    reachReferralBusinessDays: days(30),
    closeTheLoopBusinessDays: days(30),
    interviewStatusBusinessDays: days(90),
    askFeedbackBusinessDays: days(30),
    adviceUpdateBusinessDays: days(30),
    threeB7SecondContactBusinessDays: days(30),
    threeB7FollowUpBusinessDays: days(60),
    inTheWorksMin: days(100),
    inTheWorksMax: days(100),
    inTheWorksRecentDays: days(365),
    topTargetCount: z.number().int().min(1).max(200),
    defaultCadence: z.object({ idealDays: z.number().int().min(1).max(3650), maxDays: z.number().int().min(1).max(3650) }).partial(),
    prepareLeadBusinessDays: days(30),
    staleAfterDays: z.number().int().min(1).max(3650),
    actOnAdviceBusinessDays: days(60),
    informationalRequestBusinessDays: days(30),
    /**
     * Per rule: calendar days after its due date when an open action expires; null = never (a
     * deadline rule still gives up after `staleAfterDays`). Only the rules given change; null as
     * a whole: every window back to its default.
     */
    windows: z.record(z.string(), z.number({ error: 'A whole number of days, or never (null)' }).int('A whole number of days').min(0, 'At least 0 days').max(3650).nullable()).nullable(),
    /**
     * The rules in order of importance on Today, most important first. A change lists every rule
     * exactly once; null: the default order.
     */
    rulePriority: z.array(z.string()).max(50).nullable(),
    enabledRules: z.array(z.string()),
  })
  .partial()
  .strict();

/** Who the seeker is, for signing messages and heading the networking sheet (edited in the profile). */
export const meSchema = z
  .object({ firstName: z.string().trim().max(100), lastName: z.string().trim().max(100), email: z.string().trim().max(320), phone: z.string().trim().max(50) })
  .partial()
  .strict();

export const settingsSchema = z.object({
  playbook: playbookSettingsSchema.default({}),
  me: meSchema.default({}),
  templates: z.record(z.string(), templateOverrideSchema).default({}),
  /** The seeker's profile (profile.service.ts); a damaged one reads as empty rather than losing the rest. */
  profile: profileDataSchema.default(EMPTY_PROFILE).catch(EMPTY_PROFILE),
  /** No longer read: Insights shows the profile's weekly goals. Kept so that older settings still parse. */
  goals: goalsSchema.default({}).catch({}),
});
export type Settings = z.output<typeof settingsSchema>;

/** `me` as entered: the email and phone checked as the profile checks them (they are the profile's). */
const meUpdateSchema = meSchema.extend({ email: profileIdentitySchema.shape.email, phone: profileIdentitySchema.shape.phone }).partial();

export const settingsUpdateSchema = z
  .object({
    playbook: playbookSettingsSchema.optional(),
    me: meUpdateSchema.optional(),
    templates: z.record(z.string(), templateOverrideSchema.nullable()).optional(),
    profile: profileDataSchema.optional(),
    goals: goalsSchema.optional(),
  })
  .strict();
export type SettingsUpdate = z.output<typeof settingsUpdateSchema>;

/** The settings as the app sees them: the user's overrides and the effective values. */
export const settingsViewSchema = z.object({
  playbook: z.record(z.string(), z.unknown()),
  effective: z.record(z.string(), z.unknown()),
  /** The built-in values, so that a client can offer "reset to default" without a copy of its own. */
  defaults: z.record(z.string(), z.unknown()),
  me: meSchema,
  templates: z.record(z.string(), templateOverrideSchema),
  /**
   * The rules: what each does, what it does for the search (`group`: next interview, relationship,
   * housekeeping), why it stands where it does on Today, and whether its actions expire by a
   * window (`expires`; false: they last while their condition holds).
   */
  rules: z.array(z.object({ id: z.string(), describe: z.string(), group: z.enum(['next-interview', 'relationship', 'housekeeping']), whyFirst: z.string(), expires: z.boolean() })),
});
export type SettingsView = z.infer<typeof settingsViewSchema>;
