import type { ShareLevel } from '../../../contracts/coaching.schema.js';

/** The sharing levels in the seeker's words. */
export const LEVEL_LABEL: Record<ShareLevel, string> = {
  health: 'Search health only',
  pipeline: 'Health, opportunities and target list',
  network: 'All that, and contacts and conversations (read-only)',
};

export const LEVEL_SHORT: Record<ShareLevel, string> = { health: 'health', pipeline: 'pipeline', network: 'network' };

/** What a coach opened, as the seeker's log says it. */
export const VIEW_LABEL: Record<string, string> = {
  health: 'your search health',
  report: 'your weekly report',
  opportunities: 'your opportunities',
  opportunity: 'an opportunity',
  targets: 'your target list',
  contacts: 'your contacts',
  contact: 'a contact',
  conversations: 'your conversations',
  conversation: 'a conversation',
};

/** Where the seeker sees the record a coach opened. */
export function recordLink(what: string, id: string | null): string | null {
  if (!id) return null;
  if (what === 'contact') return `/contacts/${id}`;
  if (what === 'conversation') return `/conversations/${id}`;
  if (what === 'opportunity') return `/opportunities/${id}`;
  return null;
}
