import { z } from 'zod';
import { idSchema } from './common.schema.js';
import { conversationKindSchema } from './conversation.schema.js';

/**
 * Importing mail (.eml, .mbox) and calendar (.ics) files as conversations: what the web app,
 * the API and the CLI exchange.
 */

/** An mbox export holds years of mail; it is streamed, never held whole. */
export const MAIL_IMPORT_MAX_BYTES = 4 * 1024 * 1024 * 1024;
/** A calendar file is read whole (ical.js parses text). */
export const CALENDAR_IMPORT_MAX_BYTES = 50 * 1024 * 1024;

export const mailFileFormatSchema = z.enum(['mbox', 'eml', 'ics']);
export type MailFileFormatName = z.infer<typeof mailFileFormatSchema>;

/** What Rapport keeps of a message, said in the preview and the README. */
export const MAIL_KEPT =
  'For each message with one of your contacts: the date, who wrote to whom (sent or received), the subject and the first 200 characters of what the sender wrote. Never attachments, full bodies or messages with people who are not contacts.';

const address = z.string().trim().toLowerCase().min(3).max(320).regex(/^[^\s@]+@[^\s@]+$/, 'Not an email address');

/** Choices made in the preview (or on the command line) for committing an import. */
export const mailImportOptionsSchema = z
  .object({
    /** Your own addresses beyond those in Settings: they tell sent from received. */
    me: z.array(address).max(20).default([]),
    /** Correspondents who are not contacts yet, to add as contacts (with their messages). */
    addCorrespondents: z.array(address).max(1_000).default([]),
    /** Calendar occurrences (by key) whose guessed kind the user changed. */
    kinds: z.record(z.string().max(1_000), conversationKindSchema).default({}),
    /** Keep mailing lists and automated senders too (left out by default). */
    includeAutomated: z.boolean().default(false),
    /** The file was dropped on this contact's page: its messages and events are with them. */
    contactId: idSchema.optional(),
  })
  .strict();
export type MailImportOptions = z.output<typeof mailImportOptionsSchema>;
export type MailImportOptionsInput = z.input<typeof mailImportOptionsSchema>;

export const mailWarningSchema = z.object({
  /** Message number in the file (1-based) for mail; 0 for a calendar. */
  message: z.number().int(),
  line: z.number().int(),
  messageId: z.string().nullable(),
  reason: z.string(),
});
export type MailWarning = z.infer<typeof mailWarningSchema>;

export const mailPersonSchema = z.object({
  contactId: z.string(),
  displayName: z.string(),
  sent: z.number().int(),
  received: z.number().int(),
  meetings: z.number().int(),
  lastAt: z.string(),
});

export const mailCorrespondentSchema = z.object({
  address: z.string(),
  name: z.string(),
  messages: z.number().int(),
  meetings: z.number().int(),
  lastAt: z.string(),
});
export type MailCorrespondent = z.infer<typeof mailCorrespondentSchema>;

export const mailMeetingSchema = z.object({
  key: z.string(),
  title: z.string(),
  startsAt: z.string(),
  kind: conversationKindSchema,
  status: z.enum(['scheduled', 'done', 'cancelled']),
  participants: z.array(z.string()),
  change: z.enum(['new', 'updated', 'cancelled', 'unchanged']),
});
export type MailMeeting = z.infer<typeof mailMeetingSchema>;

export const mailImportPreviewSchema = z.object({
  format: mailFileFormatSchema,
  fileName: z.string().nullable(),
  /** Your addresses used to tell sent from received; `guessed` when Settings held none and the file told. */
  me: z.object({ addresses: z.array(z.string()), guessed: z.boolean() }),
  counts: z.object({
    /** Messages (mail) or event occurrences (calendar) read. */
    records: z.number().int(),
    /** New conversations it would create. */
    new: z.number().int(),
    /** Conversations it would update: a reply found, an invitation changed or cancelled. */
    updated: z.number().int(),
    /** Already imported and unchanged. */
    unchanged: z.number().int(),
    /** With no contact in it (see correspondents). */
    withoutContacts: z.number().int(),
    /** Mailing lists and automated senders, left out. */
    automated: z.number().int(),
    /** Unreadable messages or events, skipped (see warnings). */
    skipped: z.number().int(),
    /** Sent messages still waiting for an answer (3B7 follows them up). */
    awaitingReply: z.number().int(),
    /** Sent messages that got an answer, in this file or a later one. */
    replied: z.number().int(),
    /** Open actions (a thank-you, a follow-up) that a sent message answers. */
    actionsAnswered: z.number().int(),
  }),
  people: z.array(mailPersonSchema),
  /** Correspondents who are not contacts, most frequent first: add them or leave them out. */
  correspondents: z.array(mailCorrespondentSchema),
  correspondentsTotal: z.number().int(),
  meetings: z.array(mailMeetingSchema),
  warnings: z.array(mailWarningSchema),
  kept: z.string(),
});
export type MailImportPreview = z.infer<typeof mailImportPreviewSchema>;

export const mailImportResultSchema = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  cancelled: z.number().int(),
  contactsCreated: z.number().int(),
  repliesRecorded: z.number().int(),
  actionsDone: z.number().int(),
  skipped: z.number().int(),
  ms: z.number(),
});
export type MailImportResult = z.infer<typeof mailImportResultSchema>;

export const mailImportJobSchema = z.object({
  id: z.string(),
  status: z.enum(['ready', 'running', 'done', 'failed']),
  preview: mailImportPreviewSchema,
  result: mailImportResultSchema.nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
});
export type MailImportJob = z.infer<typeof mailImportJobSchema>;

/** Whether a file's first bytes look like mail or a calendar (the web app routes the upload with it). */
export function sniffMailFile(head: string): MailFileFormatName | null {
  const text = head.replace(/^\uFEFF/, '').replace(/^\s+/, '');
  if (/^From \S/.test(text)) return 'mbox';
  if (/^BEGIN:VCALENDAR/i.test(text)) return 'ics';
  const block = text.split(/\r?\n\r?\n/, 1)[0] ?? '';
  return /^from:/im.test(block) && /^(date|message-id|received):/im.test(block) && /^[!-9;-~]+:/.test(text) ? 'eml' : null;
}
