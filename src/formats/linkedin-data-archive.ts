import fs from 'node:fs';
import { IMPORT_MAX_BYTES } from '../contracts/transfer.schema.js';
import { canonicalLinkedInUrl, cleanLine, cleanNotes, parseDate } from './contact-fields.js';
import { decodeText } from './decode.js';
import { headerKey, isBlankRecord, readCsvTable } from './csv-table.js';
import { ARCHIVE_LIMITS, ArchiveError, extractEntries, type ArchiveLimits, type ExtractedEntry } from './zip-archive.js';

/**
 * LinkedIn's data archive (Settings → Data privacy → Get a copy of your data), "Basic" or
 * "Complete": a ZIP whose root holds Connections.csv, Invitations.csv, messages.csv,
 * Profile.csv, Positions.csv, Skills.csv and many files Rapport does not read. Only those are
 * taken out of the archive, each into a file of ours (zip-archive.ts), with the limits of a
 * file uploaded on its own.
 */

export type ArchiveFileKey = 'connections' | 'invitations' | 'messages' | 'profile' | 'positions' | 'skills';

const FILE_NAMES: Record<ArchiveFileKey, string> = {
  connections: 'Connections.csv',
  invitations: 'Invitations.csv',
  messages: 'messages.csv',
  profile: 'Profile.csv',
  positions: 'Positions.csv',
  skills: 'Skills.csv',
};

// messages.csv of a long-standing member is the one large file: it is read from disk as it streams.
const MAX_BYTES: Record<ArchiveFileKey, number> = {
  connections: IMPORT_MAX_BYTES,
  invitations: IMPORT_MAX_BYTES,
  messages: 512 * 1024 * 1024,
  profile: 2_000_000,
  positions: 2_000_000,
  skills: 2_000_000,
};

export const NO_CONNECTIONS =
  'This ZIP archive has no Connections.csv: expected the data archive LinkedIn sends (Settings & Privacy → Data privacy → Get a copy of your data); nothing was imported';

export interface LinkedInArchiveFiles {
  /** The files found, by what they are. Connections.csv is always there. */
  files: Map<ArchiveFileKey, ExtractedEntry>;
}

/**
 * Takes the files Rapport reads out of the archive into `dir` (which the caller owns and
 * deletes). They are recognised by name, at the root of the archive or in one folder (some
 * unzip-and-rezip tools add one). Throws ArchiveError: not a ZIP, a guard tripped, no
 * Connections.csv, or one of them twice.
 */
export async function extractLinkedInArchive(archivePath: string, dir: string, limits: ArchiveLimits = ARCHIVE_LIMITS): Promise<LinkedInArchiveFiles> {
  const byName = new Map<string, ArchiveFileKey>((Object.entries(FILE_NAMES) as Array<[ArchiveFileKey, string]>).map(([key, name]) => [name.toLowerCase(), key]));
  const extracted = await extractEntries(
    archivePath,
    (entryName) => {
      const parts = entryName.split('/');
      if (parts.length > 2) return null;
      const key = byName.get(parts.at(-1)!.toLowerCase());
      return key ? { name: FILE_NAMES[key], maxBytes: MAX_BYTES[key] } : null;
    },
    dir,
    limits,
  );
  const files = new Map<ArchiveFileKey, ExtractedEntry>();
  for (const [key, name] of Object.entries(FILE_NAMES) as Array<[ArchiveFileKey, string]>) {
    const entry = extracted.get(name);
    if (entry) files.set(key, entry);
  }
  if (!files.has('connections')) throw new ArchiveError(NO_CONNECTIONS);
  return { files };
}

export function archiveFileName(key: ArchiveFileKey): string {
  return FILE_NAMES[key];
}

/** A LinkedIn invitation: who sent it, when, with what words. */
export interface LinkedInInvitation {
  direction: 'incoming' | 'outgoing';
  /** ISO date (YYYY-MM-DD), or null when the file's date is not one. */
  sentOn: string | null;
  message: string | null;
}

/**
 * Invitations.csv (`From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl`),
 * by the other person's canonical profile URL; for someone invited twice, the earliest. A row
 * that cannot be used is passed over: the invitation only adds words to how we met.
 */
export function readInvitations(path: string): Map<string, LinkedInInvitation> {
  const text = decodeText(fs.readFileSync(path));
  const out = new Map<string, LinkedInInvitation>();
  let table;
  try {
    table = readCsvTable(text, (cells) => (isInvitationsHeader(cells) ? 'invitations' : null), 'Not an Invitations.csv');
  } catch {
    return out;
  }
  const cell = (cells: string[], name: string) => table.columns.get(cells, name);
  for (const record of table.records) {
    if (isBlankRecord(record.cells)) continue;
    const direction = cell(record.cells, 'Direction').trim().toUpperCase() === 'OUTGOING' ? 'outgoing' : 'incoming';
    const url = canonicalLinkedInUrl(direction === 'outgoing' ? cell(record.cells, 'inviteeProfileUrl') : cell(record.cells, 'inviterProfileUrl'));
    if (!url) continue;
    const invitation: LinkedInInvitation = {
      direction,
      sentOn: parseDate(cell(record.cells, 'Sent At')),
      message: cleanNotes(cell(record.cells, 'Message')),
    };
    const before = out.get(url);
    if (!before || (invitation.sentOn && before.sentOn && invitation.sentOn < before.sentOn)) out.set(url, invitation);
  }
  return out;
}

function isInvitationsHeader(cells: string[]): boolean {
  const keys = new Set(cells.map(headerKey));
  return keys.has('direction') && keys.has('sent at') && (keys.has('inviterprofileurl') || keys.has('inviteeprofileurl'));
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** How we met, told from an invitation: "They invited you on LinkedIn on 9 Oct 2024: “…”". */
export function invitationHowWeMet(invitation: LinkedInInvitation): string {
  const when = invitation.sentOn ? ` on ${Number(invitation.sentOn.slice(8, 10))} ${MONTHS[Number(invitation.sentOn.slice(5, 7)) - 1]} ${invitation.sentOn.slice(0, 4)}` : '';
  const who = invitation.direction === 'outgoing' ? `You invited them to connect on LinkedIn${when}` : `They invited you to connect on LinkedIn${when}`;
  // One line, and no control character (a damaged file must not reach the database).
  // eslint-disable-next-line no-control-regex
  const words = cleanLine(invitation.message?.replace(/[\s\u0000-\u001f\u007f-\u009f]+/g, ' '));
  const text = words ? `${who}: “${words}”` : who;
  // The contact contract keeps how-we-met within 1,000 characters; never cut a character in two.
  if (text.length <= 1_000) return text;
  const cut = text.slice(0, 998);
  return `${/[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut}…”`;
}
