import { z } from 'zod';
import { idSchema, optionalText } from './common.schema.js';
import { contactCreateSchema, contactRefSchema } from './contact.schema.js';
import { conversationCreateFieldsSchema, conversationKindSchema, conversationStatusSchema } from './conversation.schema.js';

/** lead → applied → screening → interviewing → offer → accepted | rejected | withdrawn | converted. */
export const OPPORTUNITY_STAGES = ['lead', 'applied', 'screening', 'interviewing', 'offer', 'accepted', 'rejected', 'withdrawn', 'converted'] as const;
export const opportunityStageSchema = z.enum(OPPORTUNITY_STAGES);
export type OpportunityStage = z.infer<typeof opportunityStageSchema>;
/** The board's columns, in order: an opportunity in one of these is still alive ("in the works"). */
export const LIVE_OPPORTUNITY_STAGES = ['lead', 'applied', 'screening', 'interviewing', 'offer'] as const satisfies readonly OpportunityStage[];
/** The board's closed area. */
export const CLOSED_OPPORTUNITY_STAGES = ['accepted', 'rejected', 'withdrawn', 'converted'] as const satisfies readonly OpportunityStage[];
// The labels live in a zod-free module: pages loaded early (the command palette) show them.
export { OPPORTUNITY_STAGE_LABELS } from './opportunity.labels.js';

export const opportunitySourceSchema = z.enum(['posting', 'hidden-job', 'referral', 'converted']);
export type OpportunitySource = z.infer<typeof opportunitySourceSchema>;
export const OPPORTUNITY_SOURCE_LABELS: Record<OpportunitySource, string> = {
  posting: 'Posting',
  'hidden-job': 'Hidden job',
  referral: 'Referral',
  converted: 'Converted',
};

const competing = z.number().int().min(0).max(10_000);
const url = z
  .string()
  .trim()
  .max(2_000)
  .nullish()
  .transform((v) => (v ? v : null))
  .refine((v) => v === null || /^https?:\/\/\S+$/i.test(v), 'Not a web address (http:// or https://)');

export const opportunityCreateSchema = z
  .object({
    organizationId: idSchema.nullish().transform((v) => v ?? null),
    organizationName: z.string().trim().max(200).nullish().transform((v) => v || null),
    title: z.string().trim().min(1, 'Required').max(300),
    /** Default: referral when a referrer is given, else posting. */
    source: opportunitySourceSchema.optional(),
    referrerContactId: idSchema.nullish().transform((v) => v ?? null),
    stage: opportunityStageSchema.default('lead'),
    competingCandidates: competing.nullish().transform((v) => v ?? null),
    notAFit: z.boolean().default(false),
    postingUrl: url,
    notes: optionalText(20_000),
    interviewerIds: z.array(idSchema).max(50).default([]),
  })
  .strict()
  .refine((v) => Boolean(v.organizationId) || Boolean(v.organizationName), { message: 'Name the organization', path: ['organizationName'] });
export type OpportunityCreate = z.output<typeof opportunityCreateSchema>;
export type OpportunityCreateInput = z.input<typeof opportunityCreateSchema>;

export const opportunityUpdateSchema = z
  .object({
    version: z.number().int().min(1),
    title: z.string().trim().min(1, 'Required').max(300).optional(),
    source: opportunitySourceSchema.optional(),
    referrerContactId: idSchema.nullable().optional(),
    competingCandidates: competing.nullable().optional(),
    notAFit: z.boolean().optional(),
    postingUrl: url.optional(),
    notes: optionalText(20_000).optional(),
    rapportInterviewerId: idSchema.nullable().optional(),
  })
  .strict();
export type OpportunityUpdate = z.output<typeof opportunityUpdateSchema>;
export type OpportunityUpdateInput = z.input<typeof opportunityUpdateSchema>;

/** A stage change, or a board move: the stage and (optionally) the place in its column, 0 = top. */
export const opportunityMoveSchema = z
  .object({
    version: z.number().int().min(1),
    stage: opportunityStageSchema,
    position: z.number().int().min(0).max(100_000).optional(),
  })
  .strict();
export type OpportunityMove = z.output<typeof opportunityMoveSchema>;

export const opportunityRejectSchema = z
  .object({
    version: z.number().int().min(1),
    /** The interviewer you had rapport with: the playbook proposes asking them for feedback (seed 001). */
    rapportInterviewerId: idSchema.nullish().transform((v) => v ?? null),
  })
  .strict();
export type OpportunityReject = z.output<typeof opportunityRejectSchema>;

export const opportunityConvertSchema = z
  .object({
    version: z.number().int().min(1),
    /** The job interview to convert; default: the latest one of the opportunity. */
    conversationId: idSchema.optional(),
  })
  .strict();
export type OpportunityConvert = z.output<typeof opportunityConvertSchema>;

/**
 * Add an interviewer: a contact (`contactId`), or a person who is not one yet (`newContact`,
 * created at the opportunity's organization unless they name another). A new person who is
 * already a contact (email, LinkedIn, name at the organization) is a 409 naming them, unless `force`.
 */
export const opportunityInterviewerSchema = z
  .object({
    contactId: idSchema.optional(),
    newContact: contactCreateSchema.optional(),
    force: z.boolean().default(false),
  })
  .strict()
  .refine((v) => Boolean(v.contactId) !== Boolean(v.newContact), { message: 'Give either contactId or newContact', path: ['contactId'] });
export type OpportunityInterviewer = z.output<typeof opportunityInterviewerSchema>;
export type OpportunityInterviewerInput = z.input<typeof opportunityInterviewerSchema>;
export const opportunityRoundLinkSchema = z
  .object({ conversationId: idSchema, round: z.number().int().min(1).max(20).nullish().transform((v) => v ?? null) })
  .strict();
export type OpportunityRoundLink = z.output<typeof opportunityRoundLinkSchema>;
/** A job interview logged from the opportunity: its kind and organization come from the opportunity. */
export const opportunityRoundLogSchema = conversationCreateFieldsSchema.omit({ kind: true, organizationId: true, organizationName: true });
export type OpportunityRoundLog = z.output<typeof opportunityRoundLogSchema>;
export type OpportunityRoundLogInput = z.input<typeof opportunityRoundLogSchema>;

export const opportunityListQuerySchema = z.object({
  stage: opportunityStageSchema.optional(),
  organizationId: idSchema.optional(),
  contactId: idSchema.optional(),
  /** Only live ones (lead … offer). */
  live: z
    .union([z.boolean(), z.enum(['true', 'false', '1', '0'])])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === true || v === 'true' || v === '1')),
});
export type OpportunityListQuery = z.output<typeof opportunityListQuerySchema>;

const orgRef = z.object({ id: z.string(), name: z.string() });

export const opportunitySummarySchema = z.object({
  id: z.string(),
  organization: orgRef,
  title: z.string(),
  source: opportunitySourceSchema,
  referrer: contactRefSchema.nullable(),
  stage: opportunityStageSchema,
  stageChangedAt: z.string(),
  boardPosition: z.number().int(),
  competingCandidates: z.number().int().nullable(),
  notAFit: z.boolean(),
  rapportInterviewer: contactRefSchema.nullable(),
  interviewers: z.array(contactRefSchema),
  roundCount: z.number().int(),
  version: z.number().int(),
  updatedAt: z.string(),
});
export type OpportunitySummary = z.infer<typeof opportunitySummarySchema>;

export const opportunityRoundSchema = z.object({
  id: z.string(),
  kind: conversationKindSchema,
  status: conversationStatusSchema,
  startsAt: z.string(),
  title: z.string().nullable(),
  interviewRound: z.number().int().nullable(),
  participants: z.array(contactRefSchema),
});
export type OpportunityRound = z.infer<typeof opportunityRoundSchema>;

export const stageChangeSchema = z.object({ from: opportunityStageSchema.nullable(), to: opportunityStageSchema, at: z.string(), backwards: z.boolean() });

/** The people that led to this opportunity, the first introducer first: "Ann → Stan → this interview". */
export const attributionSchema = z.object({
  chain: z.array(contactRefSchema.extend({ via: z.enum(['introduced-by', 'referral', 'referrer', 'suggested-target']) })),
  sentence: z.string(),
});
export type Attribution = z.infer<typeof attributionSchema>;

export const opportunitySchema = opportunitySummarySchema.extend({
  postingUrl: z.string().nullable(),
  notes: z.string().nullable(),
  createdAt: z.string(),
  rounds: z.array(opportunityRoundSchema),
  history: z.array(stageChangeSchema),
  attribution: attributionSchema,
});
export type Opportunity = z.infer<typeof opportunitySchema>;

export const opportunityListSchema = z.object({ items: z.array(opportunitySummarySchema), total: z.number().int() });
export type OpportunityList = z.infer<typeof opportunityListSchema>;

/** Trends, Insights, Advice, Resources, Assignments: what to ask in an informational interview (seed 002). */
export const INFORMATIONAL_QUESTIONS = [
  { topic: 'Trends', question: 'What trends are changing your field and this organization right now?' },
  { topic: 'Insights', question: 'What does it take to succeed here, and what do the people who do well have in common?' },
  { topic: 'Insights', question: 'Which roles here fit someone with my background better than the one I interviewed for?' },
  { topic: 'Advice', question: 'If you were in my place, what would you do next to get into this organization?' },
  { topic: 'Resources', question: 'Which books, courses, events or groups would you recommend I look into?' },
  { topic: 'Resources', question: 'Who else, here or elsewhere, would you suggest I talk with? May I mention your name?' },
  { topic: 'Assignments', question: 'Is there a problem your team is working on that I could help with or learn about?' },
] as const;

export const opportunityConvertResultSchema = z.object({
  opportunity: opportunitySchema,
  conversation: z.object({ id: z.string(), kind: conversationKindSchema }).nullable(),
  questions: z.array(z.object({ topic: z.string(), question: z.string() })),
});
export type OpportunityConvertResult = z.infer<typeof opportunityConvertResultSchema>;
