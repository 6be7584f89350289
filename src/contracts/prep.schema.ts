import { z } from 'zod';
import { contactRefSchema } from './contact.schema.js';
import { conversationKindSchema, conversationStatusSchema } from './conversation.schema.js';
import { idealPositionSchema } from './profile.schema.js';

/** The five groups of informational-interview questions (seed 002: turn a wrong job into an informational interview). */
export const questionGroupSchema = z.enum(['trends', 'insights', 'advice', 'resources', 'assignments']);
export type QuestionGroup = z.infer<typeof questionGroupSchema>;
export const QUESTION_GROUP_LABELS: Record<QuestionGroup, string> = {
  trends: 'Trends',
  insights: 'Insights',
  advice: 'Advice',
  resources: 'Resources',
  assignments: 'Assignments',
};

/**
 * Informational questions, worded for the organization and field when known. Shared by the prep
 * brief (server) and meeting mode's "wrong job" switch (web), so both ask the same things.
 */
export function informationalQuestions(about: { organization?: string | null; field?: string | null } = {}): Record<QuestionGroup, string[]> {
  const org = about.organization?.trim() || 'your organization';
  const field = about.field?.trim() || 'your field';
  return {
    trends: [
      `What are the biggest changes in ${field} right now?`,
      `Where is ${org} growing, and where is it cutting back?`,
      'Which skills are in more demand than two years ago?',
    ],
    insights: [
      `What does it take to succeed at ${org}?`,
      'What do you wish you had known before taking your role?',
      'How do people usually get hired into teams like yours?',
    ],
    advice: [
      'Given my background, where do you think I fit best?',
      'What would make my profile stand out more?',
      'Is there a company missing from my target list?',
    ],
    resources: [
      'Which associations, events or groups should I follow?',
      'What do you read to keep up with the field?',
      'Who else should I talk to? May I use your name?',
    ],
    assignments: [
      'Is there a problem your team has that I could help think through?',
      'What could I do in the next month that would strengthen my case?',
      'May I send you an update after I follow your advice?',
    ],
  };
}

const groupOf = <T extends z.ZodTypeAny>(item: T) => z.object({ trends: z.array(item), insights: z.array(item), advice: z.array(item), resources: z.array(item), assignments: z.array(item) });

export const prepBriefSchema = z.object({
  conversation: z.object({
    id: z.string(),
    kind: conversationKindSchema,
    status: conversationStatusSchema,
    startsAt: z.string(),
    timeZone: z.string(),
    durationMinutes: z.number().int().nullable(),
    title: z.string().nullable(),
    location: z.string().nullable(),
    organization: z.object({ id: z.string(), name: z.string() }).nullable(),
  }),
  people: z.array(
    z.object({
      id: z.string(),
      displayName: z.string(),
      title: z.string().nullable(),
      organization: z.object({ id: z.string(), name: z.string(), industry: z.string().nullable() }).nullable(),
      howWeMet: z.string().nullable(),
      sharedInterests: z.array(z.string()),
      notes: z.string().nullable(),
      introducedBy: contactRefSchema.nullable(),
      linkedinUrl: z.string().nullable(),
    }),
  ),
  pastConversations: z.array(
    z.object({
      id: z.string(),
      kind: conversationKindSchema,
      startsAt: z.string(),
      with: z.array(contactRefSchema),
      notesExcerpt: z.string().nullable(),
      nextSteps: z.string().nullable(),
    }),
  ),
  suggested: z.object({
    referrals: z.array(z.object({ id: z.string(), from: contactRefSchema, to: contactRefSchema.nullable(), toOrganization: z.string().nullable(), status: z.string(), offeredAt: z.string() })),
    companies: z.array(z.object({ organizationId: z.string(), name: z.string(), suggestedBy: contactRefSchema, targetStatus: z.string().nullable(), rank: z.number().int().nullable() })),
    advice: z.array(z.object({ id: z.string(), from: contactRefSchema, kind: z.string(), title: z.string(), status: z.string(), updateSent: z.boolean() })),
  }),
  /** Targets where they may know people, and why; then the top targets where you know nobody yet (ask about them). */
  targetsTheyMayKnow: z.array(z.object({ organizationId: z.string(), name: z.string(), rank: z.number().int(), why: z.string() })),
  targetGaps: z.array(z.object({ organizationId: z.string(), name: z.string(), rank: z.number().int() })),
  pitch: z.object({ headline: z.string(), short: z.string(), long: z.string() }),
  skills: z.array(z.string()),
  idealPosition: idealPositionSchema,
  questions: groupOf(z.string()),
});
export type PrepBrief = z.infer<typeof prepBriefSchema>;
