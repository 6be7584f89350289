import { looksLikeICalendar } from './ics.reader.js';
import { looksLikeMbox } from './mbox.reader.js';

/**
 * Recognises mail and calendar files by their first bytes, as detect.ts does for contact files:
 * a downloaded file is called anything (`All mail Including Spam and Trash.mbox`, `invite.ics`,
 * `message.eml`, or no extension at all).
 */
export type MailFileFormat = 'mbox' | 'eml' | 'ics';

/** How much of a file detection looks at. */
export const DETECT_BYTES = 64 * 1024;

const HEADER_LINE = /^[!-9;-~]+:/;
const IDENTIFYING = /^(from|date|message-id|subject|to|received|return-path|mime-version):/i;

/** The format of a mail or calendar file from its head, or null for anything else (a contact file). */
export function detectMailFormat(head: Uint8Array | string): MailFileFormat | null {
  const text = (typeof head === 'string' ? head : Buffer.from(head.buffer, head.byteOffset, Math.min(head.byteLength, DETECT_BYTES)).toString('latin1')).replace(/^\uFEFF|^\xEF\xBB\xBF/, '');
  if (looksLikeMbox(text)) return 'mbox';
  if (looksLikeICalendar(text)) return 'ics';
  return looksLikeEml(text) ? 'eml' : null;
}

/** A header block (name: value lines, folded continuations) that has a From and a Date or Message-ID. */
function looksLikeEml(text: string): boolean {
  const lines = text.replace(/^\s*\n/, '').split(/\r?\n/);
  const names = new Set<string>();
  for (const line of lines) {
    if (line === '') break;
    if (line.startsWith(' ') || line.startsWith('\t')) continue;
    if (!HEADER_LINE.test(line)) return false;
    const m = IDENTIFYING.exec(line);
    if (m) names.add(m[1]!.toLowerCase());
  }
  return names.has('from') && (names.has('date') || names.has('message-id') || names.has('received'));
}
