import { z } from 'zod';
import { idSchema } from './common.schema.js';

/** The search's health in pictures (Insights): every series also reads as a table. */
export const insightsQuerySchema = z.object({ weeks: z.coerce.number().int().min(1).max(104).default(12) });

export const goalsSchema = z
  .object({
    newContactsPerWeek: z.number().int().min(0).max(1000),
    conversationsPerWeek: z.number().int().min(0).max(1000),
    actionsDonePerWeek: z.number().int().min(0).max(1000),
  })
  .partial()
  .strict();
export type GoalsInput = z.infer<typeof goalsSchema>;

export const insightsSchema = z.object({
  now: z.string(),
  timeZone: z.string(),
  inTheWorks: z.object({
    min: z.number().int(),
    max: z.number().int(),
    current: z.number().int(),
    series: z.array(
      z.object({ week: z.string(), at: z.string(), count: z.number().int(), opportunities: z.number().int(), people: z.number().int(), band: z.enum(['below', 'healthy', 'above']) }),
    ),
  }),
  activity: z.object({
    goals: z.object({ newContactsPerWeek: z.number().int(), conversationsPerWeek: z.number().int(), actionsDonePerWeek: z.number().int() }),
    weeks: z.array(z.object({ week: z.string(), newContacts: z.number().int(), conversations: z.number().int(), actionsDone: z.number().int() })),
  }),
  funnel: z.array(z.object({ step: z.enum(['contacts', 'conversations', 'referrals', 'interviews', 'offers']), label: z.string(), count: z.number().int() })),
  interviews: z.object({
    total: z.number().int(),
    networking: z.number().int(),
    posting: z.number().int(),
    unlinked: z.number().int(),
    bySource: z.array(z.object({ source: z.string(), count: z.number().int() })),
  }),
  coverage: z.object({
    topTargets: z.number().int(),
    withContact: z.number().int(),
    withConversation: z.number().int(),
    contactShare: z.number(),
    conversationShare: z.number(),
  }),
  replies: z.object({
    outreaches: z.number().int(),
    replied: z.number().int(),
    rate: z.number(),
    people: z.object({ booster: z.number().int(), obligate: z.number().int(), curmudgeon: z.number().int(), unknown: z.number().int() }),
  }),
});
export type Insights = z.infer<typeof insightsSchema>;

/** The referral graph (Network): people linked by introductions and referrals, and where they led. */
export const networkQuerySchema = z.object({
  focus: idSchema.optional(),
  depth: z.coerce.number().int().min(1).max(6).default(2),
  q: z.string().trim().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(2000),
});
export type NetworkQuery = z.output<typeof networkQuerySchema>;

export const networkNodeSchema = z.object({
  id: z.string(),
  type: z.enum(['contact', 'opportunity', 'organization']),
  label: z.string(),
  /** Organization of a contact, stage of an opportunity. */
  detail: z.string().nullable(),
  /** An opportunity's stage, for its colour. */
  stage: z.string().nullable(),
  /** On a path that led to an interview or an offer. */
  path: z.enum(['interview', 'offer']).nullable(),
  degree: z.number().int(),
});
export type NetworkNode = z.infer<typeof networkNodeSchema>;

export const networkEdgeSchema = z.object({
  id: z.string(),
  source: z.string(),
  target: z.string(),
  kind: z.enum(['introduced', 'referral', 'referrer', 'interviewer']),
  /** A referral's status, an opportunity's stage for referrer and interviewer edges. */
  status: z.string().nullable(),
  path: z.enum(['interview', 'offer']).nullable(),
});
export type NetworkEdge = z.infer<typeof networkEdgeSchema>;

export const networkSchema = z.object({
  nodes: z.array(networkNodeSchema),
  edges: z.array(networkEdgeSchema),
  total: z.object({ nodes: z.number().int(), edges: z.number().int() }),
  truncated: z.boolean(),
  focus: z.string().nullable(),
});
export type Network = z.infer<typeof networkSchema>;
