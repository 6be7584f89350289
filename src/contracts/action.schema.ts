import { z } from 'zod';
import { idSchema, isPlausibleDate, optionalText, plausibleDateMessage } from './common.schema.js';

export const isoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date like 2026-03-03')
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)), 'Not a real date')
  .refine(isPlausibleDate, plausibleDateMessage);

export const actionStatusSchema = z.enum(['open', 'done', 'snoozed', 'dismissed', 'obsolete']);
export type ActionStatus = z.infer<typeof actionStatusSchema>;
export const actionChannelSchema = z.enum(['email', 'call', 'meeting', 'task']);
export const recordRefSchema = z.object({
  type: z.enum(['contact', 'organization', 'conversation', 'referral', 'advice', 'opportunity', 'event']),
  id: idSchema,
});
export type RecordRefDto = z.infer<typeof recordRefSchema>;

export const actionSchema = z.object({
  id: z.string(),
  ruleId: z.string().nullable(),
  title: z.string(),
  reason: z.string(),
  dueOn: z.string(),
  channel: actionChannelSchema,
  templateId: z.string().nullable(),
  subjects: z.array(recordRefSchema.extend({ label: z.string().nullable() })),
  recipients: z.array(z.object({ id: z.string(), displayName: z.string(), email: z.string().nullable() })),
  status: actionStatusSchema,
  /** Place in the order of importance (1 = first; the rule's place in `rulePriority`). */
  priority: z.number(),
  /** Why an action of this kind stands where it does on Today, in one sentence. */
  whyFirst: z.string().nullable(),
  snoozedUntil: z.string().nullable(),
  completedAt: z.string().nullable(),
  note: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  /** Server mode: the coach who suggested this action (its reason is theirs); null for the playbook's and your own. */
  suggestedBy: z.string().nullable(),
});
export type Action = z.infer<typeof actionSchema>;

/** A note to self with a due date, linked to any record. */
export const manualActionCreateSchema = z
  .object({
    title: z.string().trim().min(1, 'Required').max(300),
    dueOn: isoDateSchema,
    channel: actionChannelSchema.default('task'),
    note: optionalText(5_000),
    subjects: z.array(recordRefSchema).max(20).default([]),
  })
  .strict();
export type ManualActionCreate = z.output<typeof manualActionCreateSchema>;
export type ManualActionCreateInput = z.input<typeof manualActionCreateSchema>;

export const actionCompleteSchema = z
  .object({
    /** Log the conversation the action implies (a thank-you email sent becomes an email conversation). */
    logConversation: z.boolean().default(false),
    note: optionalText(5_000),
  })
  .strict();
export type ActionComplete = z.output<typeof actionCompleteSchema>;
export const actionSnoozeSchema = z.object({ until: isoDateSchema }).strict();

export const actionListQuerySchema = z.object({
  status: actionStatusSchema.optional(),
  recordId: idSchema.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const messageSchema = z.object({
  actionId: z.string(),
  templateId: z.string(),
  to: z.array(z.object({ displayName: z.string(), email: z.string().nullable() })),
  subject: z.string(),
  body: z.string(),
  missing: z.array(z.string()),
  mailto: z.string(),
  hints: z.object({ words: z.number().int(), under75Words: z.boolean(), asksQuestion: z.boolean(), aboutThem: z.boolean() }),
});
export type Message = z.infer<typeof messageSchema>;

/** How many actions Today leads with ("Now — most important first"). */
export const TODAY_FIRST_COUNT = 3;

export const todaySchema = z.object({
  today: z.string(),
  timeZone: z.string(),
  /**
   * What to do now, most important first: everything due today or overdue, and whatever leads
   * to the next interview (worth doing before its deadline). The same actions also appear, by
   * date, in `overdue`, `dueToday` and `comingUp` (which together hold every open action of the
   * next two weeks, once).
   */
  now: z.array(actionSchema),
  /**
   * The few to do first (the top of `now`, at most `TODAY_FIRST_COUNT`), each with the sentence
   * saying why it comes first (`whyFirst`). The web app and the CLI lead with them and list the
   * rest by date.
   */
  first: z.array(actionSchema),
  /** Due before today, in the order of `now`. */
  overdue: z.array(actionSchema),
  /** Due today, in the order of `now`. */
  dueToday: z.array(actionSchema),
  /** Due on a later day: first those already in `now`, then the rest by due date. */
  comingUp: z.array(actionSchema),
  conversationsComing: z.array(
    z.object({ id: z.string(), kind: z.string(), startsAt: z.string(), title: z.string().nullable(), participants: z.array(z.object({ id: z.string(), displayName: z.string() })) }),
  ),
  nextInterview: z.object({ id: z.string(), kind: z.string(), startsAt: z.string(), title: z.string().nullable(), with: z.array(z.string()), inDays: z.number().int() }).nullable(),
  lastInterview: z.object({ id: z.string(), startsAt: z.string(), daysSince: z.number().int() }).nullable(),
  inTheWorks: z.object({ count: z.number().int(), min: z.number().int(), max: z.number().int(), status: z.enum(['below', 'healthy', 'above']) }),
});
export type Today = z.infer<typeof todaySchema>;

export const templateOverrideSchema = z
  .object({ subject: z.string().max(300).optional(), body: z.string().max(10_000) })
  .strict();
