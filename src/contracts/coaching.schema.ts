import { z } from 'zod';
import { actionChannelSchema, isoDateSchema } from './action.schema.js';
import { insightsSchema } from './insights.schema.js';

/**
 * What a seeker shares with a coach, each level including the ones before it:
 * health — the search's health only (things in the works, days since the last interview,
 * weekly activity against goals, overdue actions, the funnel, interviews by source);
 * pipeline — and the opportunities and the target list with its coverage;
 * network — and the contacts and conversations, read-only.
 */
export const SHARE_LEVELS = ['health', 'pipeline', 'network'] as const;
export const shareLevelSchema = z.enum(SHARE_LEVELS);
export type ShareLevel = z.infer<typeof shareLevelSchema>;

export function levelIncludes(granted: ShareLevel, needed: ShareLevel): boolean {
  return SHARE_LEVELS.indexOf(granted) >= SHARE_LEVELS.indexOf(needed);
}

export const shareSetSchema = z.object({ level: shareLevelSchema }).strict();

/** A coach as the seeker's Sharing page lists them: shared with at which level, or not. */
export const coachShareSchema = z.object({
  coachId: z.string(),
  displayName: z.string(),
  email: z.string(),
  organizationName: z.string(),
  level: shareLevelSchema.nullable(),
  since: z.string().nullable(),
});
export type CoachShare = z.infer<typeof coachShareSchema>;

/** One thing a coach opened, for the seeker. */
export const coachViewSchema = z.object({
  coachName: z.string(),
  what: z.string(),
  recordId: z.string().nullable(),
  at: z.string(),
});
export type CoachViewEntry = z.infer<typeof coachViewSchema>;

export const cockpitRowSchema = z.object({
  clientId: z.string(),
  displayName: z.string(),
  level: shareLevelSchema,
  inTheWorks: z.object({ count: z.number().int(), min: z.number().int(), max: z.number().int(), status: z.enum(['below', 'healthy', 'above']) }).nullable(),
  daysSinceLastInterview: z.number().int().nullable(),
  overdueActions: z.number().int(),
  lastActivityAt: z.string().nullable(),
  /** Higher first: why this client needs attention now, in a few words each. */
  attention: z.number(),
  reasons: z.array(z.string()),
});
export type CockpitRow = z.infer<typeof cockpitRowSchema>;
export const cockpitSchema = z.object({ today: z.string(), clients: z.array(cockpitRowSchema) });

/** Level (a): the search's health, in counts only — no names, no records. */
export const clientHealthSchema = z.object({
  client: z.object({ id: z.string(), displayName: z.string() }),
  level: shareLevelSchema,
  today: z.string(),
  inTheWorks: z.object({ count: z.number().int(), min: z.number().int(), max: z.number().int(), status: z.enum(['below', 'healthy', 'above']) }),
  daysSinceLastInterview: z.number().int().nullable(),
  nextInterviewInDays: z.number().int().nullable(),
  overdueActions: z.number().int(),
  dueToday: z.number().int(),
  activity: insightsSchema.shape.activity,
  funnel: insightsSchema.shape.funnel,
  interviews: insightsSchema.shape.interviews,
});
export type ClientHealth = z.infer<typeof clientHealthSchema>;

export const coachNoteCreateSchema = z.object({ body: z.string().trim().min(1, 'Required').max(10_000, 'At most 10,000 characters') }).strict();
export const coachNoteSchema = z.object({ id: z.string(), body: z.string(), createdAt: z.string() });
export type CoachNote = z.infer<typeof coachNoteSchema>;

export const suggestionCreateSchema = z
  .object({
    title: z.string().trim().min(1, 'Required').max(300, 'At most 300 characters'),
    reason: z.string().trim().min(1, 'Say why: the client sees your reason').max(2_000, 'At most 2,000 characters'),
    dueOn: isoDateSchema,
    channel: actionChannelSchema.default('task'),
  })
  .strict();
export type SuggestionCreate = z.output<typeof suggestionCreateSchema>;
export type SuggestionCreateInput = z.input<typeof suggestionCreateSchema>;

export const suggestionSchema = z.object({
  actionId: z.string(),
  title: z.string(),
  reason: z.string(),
  dueOn: z.string(),
  status: z.string(),
  completedAt: z.string().nullable(),
});
export type Suggestion = z.infer<typeof suggestionSchema>;

/** The weekly report of one client: on screen and as a printable PDF. */
export const weeklyReportSchema = z.object({
  client: z.object({ id: z.string(), displayName: z.string() }),
  coach: z.string(),
  level: shareLevelSchema,
  weekStart: z.string(),
  weekEnd: z.string(),
  health: clientHealthSchema.omit({ client: true, level: true }),
  thisWeek: z.object({ newContacts: z.number().int(), conversations: z.number().int(), actionsDone: z.number().int() }),
  suggestions: z.array(suggestionSchema),
  /** Level (b) and up: opportunities by stage. */
  opportunities: z.array(z.object({ id: z.string(), title: z.string(), organization: z.string().nullable(), stage: z.string() })).nullable(),
});
export type WeeklyReport = z.infer<typeof weeklyReportSchema>;
