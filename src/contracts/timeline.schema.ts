import { z } from 'zod';
import { contactRefSchema } from './contact.schema.js';

export const responsivenessSchema = z.enum(['booster', 'obligate', 'curmudgeon', 'unknown']);
export type Responsiveness = z.infer<typeof responsivenessSchema>;

/** What Rapport derives about a person from the history (PRODUCT.md: Contact, derived). */
export const contactInsightSchema = z.object({
  lastInteractionAt: z.string().nullable(),
  nextConversationAt: z.string().nullable(),
  responsiveness: responsivenessSchema,
  /** 1: someone; 2: right level in a target organization; 3: part of something in the works. */
  searchStage: z.number().int().min(1).max(3),
  searchStageReason: z.string(),
  referralChain: z.array(contactRefSchema),
  introduced: z.array(contactRefSchema),
});
export type ContactInsight = z.infer<typeof contactInsightSchema>;

export const timelineEntrySchema = z.object({
  at: z.string(),
  kind: z.enum(['conversation', 'referral-in', 'referral-out', 'advice', 'event', 'change', 'created']),
  title: z.string(),
  detail: z.string().nullable(),
  link: z.object({ type: z.string(), id: z.string() }).nullable(),
});
export type TimelineEntry = z.infer<typeof timelineEntrySchema>;
export const timelineSchema = z.object({ entries: z.array(timelineEntrySchema) });
