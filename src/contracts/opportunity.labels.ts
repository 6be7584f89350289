import type { OpportunityStage } from './opportunity.schema.js';

/** What each stage is called on screen (no zod here: the command palette uses it). */
export const OPPORTUNITY_STAGE_LABELS: Record<OpportunityStage, string> = {
  lead: 'Lead',
  applied: 'Applied',
  screening: 'Screening',
  interviewing: 'Interviewing',
  offer: 'Offer',
  accepted: 'Accepted',
  rejected: 'Rejected',
  withdrawn: 'Withdrawn',
  converted: 'Converted',
};

