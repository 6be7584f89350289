import { z } from 'zod';
import { idSchema, isoInstantSchema, optionalText, pageOf, paginationSchema, plausibleInstantSchema } from './common.schema.js';
import { contactCreateSchema, contactRefSchema } from './contact.schema.js';
import { CONVERSATION_KINDS } from '../domain/playbook/playbook.types.js';

export const conversationKindSchema = z.enum(CONVERSATION_KINDS);
export type ConversationKind = z.infer<typeof conversationKindSchema>;
// The labels live in a zod-free module so the web app's first page can show them without zod.
export { CONVERSATION_KIND_LABELS } from './conversation.labels.js';
/** Every kind of interview counts towards "the next interview" (seed 003). */
export const INTERVIEW_KINDS: readonly ConversationKind[] = ['informational-interview', 'networking-interview', 'job-interview', 'networking-meeting'];

export const conversationStatusSchema = z.enum(['scheduled', 'done', 'cancelled']);
export type ConversationStatus = z.infer<typeof conversationStatusSchema>;
export const directionSchema = z.enum(['inbound', 'outbound', 'mutual']);

export const adviceKindSchema = z.enum(['book', 'course', 'person', 'company', 'other']);
export type AdviceKind = z.infer<typeof adviceKindSchema>;

export const timeZoneSchema = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'Not a known time zone (use an IANA name such as Europe/Paris)');

/**
 * A name offered in a conversation: an existing contact (contactId) or a new person. `offeredById`
 * is the participant who offered it (defaults to the first participant).
 */
export const nameOfferedSchema = z
  .object({
    contactId: idSchema.optional(),
    newContact: contactCreateSchema.optional(),
    offeredById: idSchema.optional(),
    note: optionalText(1_000),
  })
  .strict()
  .refine((v) => Boolean(v.contactId) !== Boolean(v.newContact), { message: 'Give either contactId or newContact', path: ['contactId'] });

export const companySuggestedSchema = z
  .object({
    organizationName: z.string().trim().min(1, 'Required').max(200),
    suggestedById: idSchema.optional(),
    contactName: optionalText(200),
  })
  .strict();

export const adviceGivenSchema = z
  .object({
    kind: adviceKindSchema.default('other'),
    title: z.string().trim().min(1, 'Required').max(300),
    notes: optionalText(5_000),
    givenById: idSchema.optional(),
  })
  .strict();

export const outcomesSchema = z
  .object({
    namesOffered: z.array(nameOfferedSchema).max(50).default([]),
    companiesSuggested: z.array(companySuggestedSchema).max(50).default([]),
    advice: z.array(adviceGivenSchema).max(50).default([]),
  })
  .strict();
export type Outcomes = z.output<typeof outcomesSchema>;
export type OutcomesInput = z.input<typeof outcomesSchema>;

const participant = z.object({ contactId: idSchema, role: z.enum(['participant', 'interviewer']).default('participant') }).strict();

/** The fields of a new conversation (`conversationCreateSchema` adds the checks across fields). */
export const conversationCreateFieldsSchema = z
  .object({
    kind: conversationKindSchema,
    status: conversationStatusSchema.optional(),
    startsAt: plausibleInstantSchema,
    timeZone: timeZoneSchema.default('UTC'),
    durationMinutes: z.number().int().min(1).max(24 * 60).nullish().transform((v) => v ?? null),
    title: optionalText(300),
    location: optionalText(300),
    notes: optionalText(50_000),
    participants: z.array(participant).max(50).default([]),
    direction: directionSchema.default('mutual'),
    awaitingReply: z.boolean().default(false),
    organizationId: idSchema.nullish().transform((v) => v ?? null),
    organizationName: z.string().trim().max(200).nullish().transform((v) => v || null),
    eventId: idSchema.nullish().transform((v) => v ?? null),
    interviewRound: z.number().int().min(1).max(20).nullish().transform((v) => v ?? null),
    feedback: optionalText(20_000),
    nextSteps: optionalText(5_000),
    outcomes: outcomesSchema.default({ namesOffered: [], companiesSuggested: [], advice: [] }),
    /** Log it even though the same conversation (kind, people, time) is already there: it really happened twice. */
    force: z.boolean().default(false),
  })
  .strict();

/** A conversation is with someone, or at least about an organization: one with neither is a slip of the form. */
export const conversationCreateSchema = conversationCreateFieldsSchema.refine((v) => v.participants.length > 0 || Boolean(v.organizationId) || Boolean(v.organizationName), {
  message: 'Add who you talked with, or the organization it was about',
  path: ['participants'],
});
export type ConversationCreate = z.output<typeof conversationCreateSchema>;
export type ConversationCreateInput = z.input<typeof conversationCreateSchema>;

export const conversationUpdateSchema = z
  .object({
    version: z.number().int().min(1),
    kind: conversationKindSchema.optional(),
    status: conversationStatusSchema.optional(),
    startsAt: plausibleInstantSchema.optional(),
    timeZone: timeZoneSchema.optional(),
    durationMinutes: z.number().int().min(1).max(24 * 60).nullable().optional(),
    title: optionalText(300).optional(),
    location: optionalText(300).optional(),
    notes: optionalText(50_000).optional(),
    participants: z.array(participant).max(50).optional(),
    direction: directionSchema.optional(),
    awaitingReply: z.boolean().optional(),
    repliedAt: plausibleInstantSchema.nullable().optional(),
    organizationId: idSchema.nullable().optional(),
    interviewRound: z.number().int().min(1).max(20).nullable().optional(),
    feedback: optionalText(20_000).optional(),
    nextSteps: optionalText(5_000).optional(),
  })
  .strict();
export type ConversationUpdate = z.output<typeof conversationUpdateSchema>;
export type ConversationUpdateInput = z.input<typeof conversationUpdateSchema>;

export const conversationSchema = z.object({
  id: z.string(),
  kind: conversationKindSchema,
  status: conversationStatusSchema,
  startsAt: z.string(),
  timeZone: z.string(),
  durationMinutes: z.number().int().nullable(),
  title: z.string().nullable(),
  location: z.string().nullable(),
  notes: z.string().nullable(),
  participants: z.array(contactRefSchema.extend({ role: z.string(), deleted: z.boolean() })),
  direction: directionSchema,
  awaitingReply: z.boolean(),
  repliedAt: z.string().nullable(),
  organization: z.object({ id: z.string(), name: z.string() }).nullable(),
  eventId: z.string().nullable(),
  opportunityId: z.string().nullable(),
  interviewRound: z.number().int().nullable(),
  feedback: z.string().nullable(),
  nextSteps: z.string().nullable(),
  outcomes: z.object({
    referrals: z.array(z.object({ id: z.string(), from: contactRefSchema, to: contactRefSchema.nullable(), toOrganization: z.object({ id: z.string(), name: z.string() }).nullable(), status: z.string() })),
    companiesSuggested: z.array(z.object({ organizationId: z.string(), organizationName: z.string(), suggestedBy: contactRefSchema.nullable() })),
    advice: z.array(z.object({ id: z.string(), title: z.string(), kind: adviceKindSchema, status: z.string(), from: contactRefSchema })),
  }),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Conversation = z.infer<typeof conversationSchema>;

export const conversationListQuerySchema = paginationSchema.extend({
  contactId: idSchema.optional(),
  organizationId: idSchema.optional(),
  kind: conversationKindSchema.optional(),
  status: conversationStatusSchema.optional(),
  from: isoInstantSchema.optional(),
  to: isoInstantSchema.optional(),
  order: z.enum(['newest', 'oldest']).default('newest'),
});
export type ConversationListQuery = z.output<typeof conversationListQuerySchema>;
export type ConversationListQueryInput = z.input<typeof conversationListQuerySchema>;

export const conversationSummarySchema = conversationSchema.pick({
  id: true,
  kind: true,
  status: true,
  startsAt: true,
  timeZone: true,
  title: true,
  participants: true,
  organization: true,
  interviewRound: true,
});
export type ConversationSummary = z.infer<typeof conversationSummarySchema>;
export const conversationPageSchema = pageOf(conversationSummarySchema);
export type ConversationPage = z.infer<typeof conversationPageSchema>;
