import type { ConversationKind } from './conversation.schema.js';

/** What each kind of conversation is called on screen (no zod here: Today's first load uses it). */
export const CONVERSATION_KIND_LABELS: Record<ConversationKind, string> = {
  'networking-meeting': 'Networking meeting',
  'informational-interview': 'Informational interview',
  'networking-interview': 'Networking interview',
  'job-interview': 'Job interview',
  call: 'Phone call',
  email: 'Email',
  'event-encounter': 'Met at an event',
};
