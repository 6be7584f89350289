import { z } from 'zod';
import { safeString } from './common.schema.js';
import { conversationKindSchema, conversationStatusSchema } from './conversation.schema.js';
import { opportunityStageSchema } from './opportunity.schema.js';

/** `GET /api/search`: what the command palette (Ctrl/Cmd+K) finds as the user types. */
export const searchQuerySchema = z.object({
  q: safeString().trim().min(1, 'Type something to search for').max(200),
  /** Results per kind of record. */
  limit: z.coerce.number().int().min(1).max(20).default(5),
});
export type SearchQuery = z.output<typeof searchQuerySchema>;
export type SearchQueryInput = z.input<typeof searchQuerySchema>;

export const searchContactSchema = z.object({
  id: z.string(),
  displayName: z.string(),
  title: z.string().nullable(),
  organizationName: z.string().nullable(),
});

export const searchOrganizationSchema = z.object({
  id: z.string(),
  name: z.string(),
  location: z.string().nullable(),
  /** Its place on the target list; null when it is not a target. */
  targetRank: z.number().int().nullable(),
});

export const searchOpportunitySchema = z.object({
  id: z.string(),
  title: z.string(),
  organizationName: z.string(),
  stage: opportunityStageSchema,
});

export const searchConversationSchema = z.object({
  id: z.string(),
  kind: conversationKindSchema,
  status: conversationStatusSchema,
  title: z.string().nullable(),
  startsAt: z.string(),
  /** The first participants' names. */
  participants: z.array(z.string()),
  /** When the words were found in the notes: the part of the notes around them. */
  excerpt: z.string().nullable(),
});

const group = <T extends z.ZodTypeAny>(item: T) =>
  z.object({
    items: z.array(item),
    /** More records match than `limit` shows. */
    more: z.boolean(),
  });

export const searchResultSchema = z.object({
  contacts: group(searchContactSchema),
  organizations: group(searchOrganizationSchema),
  opportunities: group(searchOpportunitySchema),
  conversations: group(searchConversationSchema),
});
export type SearchResult = z.infer<typeof searchResultSchema>;
export type SearchContact = z.infer<typeof searchContactSchema>;
export type SearchOrganization = z.infer<typeof searchOrganizationSchema>;
export type SearchOpportunity = z.infer<typeof searchOpportunitySchema>;
export type SearchConversation = z.infer<typeof searchConversationSchema>;
