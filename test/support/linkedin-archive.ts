import fs from 'node:fs';
import path from 'node:path';
import { writeZip, type ZipEntryInput } from './zip-writer.js';

/*
 * Synthetic LinkedIn data archives, built by the tests that use them (never a real export).
 * The seeker is Jordan Rivera (https://www.linkedin.com/in/jordan-rivera-0a1); every person and
 * company is invented. What is real is the shape, as LinkedIn writes it (see FORMATS.md and the
 * notes in src/formats/linkedin-data-archive.ts): Connections.csv with its three-line preamble and
 * `DD Mon YYYY` dates, Invitations.csv with `M/D/YY, h:mm AM` dates, messages.csv with
 * `YYYY-MM-DD HH:MM:SS UTC` dates, the profile files, and files Rapport does not read.
 */

export const ME_URL = 'https://www.linkedin.com/in/jordan-rivera-0a1';

const PREAMBLE = [
  'Notes:',
  '"When exporting your connection data, you may notice that some of the email addresses are missing. You will only see email addresses for connections who have allowed their connections to see or download their email address using this setting https://www.linkedin.com/psettings/privacy/email. You can learn more here https://www.linkedin.com/help/linkedin/answer/261"',
  '',
];

/** RFC 4180 quoting only where needed, as LinkedIn writes. */
export function csvCell(cell: string): string {
  return /[",\n\r]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

const csvLine = (cells: string[]) => cells.map(csvCell).join(',');

export interface Connection {
  first: string;
  last: string;
  url: string;
  email?: string;
  company: string;
  position: string;
  connectedOn: string;
}

export function connectionsCsv(rows: Connection[], extraLines: string[] = []): string {
  return [
    ...PREAMBLE,
    'First Name,Last Name,URL,Email Address,Company,Position,Connected On',
    ...rows.map((c) => csvLine([c.first, c.last, c.url, c.email ?? '', c.company, c.position, c.connectedOn])),
    ...extraLines,
    '',
  ].join('\n');
}

export interface Message {
  conversation: string;
  from: string;
  fromUrl: string;
  to: string;
  toUrls: string;
  /** `YYYY-MM-DD HH:MM:SS UTC`, as LinkedIn writes. */
  date: string;
  subject?: string;
  content: string;
  folder?: string;
  title?: string;
}

export const MESSAGES_HEADER = 'CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,FOLDER';

export function messagesCsv(rows: Message[]): string {
  return [MESSAGES_HEADER, ...rows.map((m) => csvLine([m.conversation, m.title ?? '', m.from, m.fromUrl, m.to, m.toUrls, m.date, m.subject ?? '', m.content, m.folder ?? 'INBOX'])), ''].join('\n');
}

/** The connections of the basic archive: three people and a hidden member (a date only). */
export const CONNECTIONS: Connection[] = [
  { first: 'Maren', last: 'Holloway', url: 'https://www.linkedin.com/in/maren-holloway-4b1a2c', company: 'Quillfeather, Ltd.', position: 'Head of Talent', connectedOn: '09 Oct 2024' },
  { first: 'Tariq', last: 'Haddad', url: 'https://www.linkedin.com/in/tariq-haddad-77', email: 'tariq@haddad.example', company: 'Kestrel Robotics', position: 'Engineering Manager', connectedOn: '02 Oct 2024' },
  { first: 'Lena', last: 'Vogt', url: 'https://www.linkedin.com/in/lena-vogt-3c', company: 'NovaBots', position: 'Recruiter', connectedOn: '15 Sep 2023' },
];
export const HIDDEN_MEMBER = ',,,,,,05 Feb 2023';

export const INVITATIONS = [
  'From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl',
  `Tariq Haddad,Jordan Rivera,"10/1/24, 6:14 PM","Hi Jordan, we met at the Lyon robotics meetup — happy to stay in touch.",INCOMING,https://www.linkedin.com/in/tariq-haddad-77,${ME_URL}`,
  `Jordan Rivera,Lena Vogt,"9/14/23, 9:02 AM",,OUTGOING,${ME_URL},https://www.linkedin.com/in/lena-vogt-3c`,
  `Jordan Rivera,Someone Pending,"2/1/26, 10:00 AM",Would love to connect.,OUTGOING,${ME_URL},https://www.linkedin.com/in/someone-pending-9`,
  '',
].join('\n');

export const MESSAGES: Message[] = [
  { conversation: '2-YWJj', from: 'Jordan Rivera', fromUrl: ME_URL, to: 'Tariq Haddad', toUrls: 'https://www.linkedin.com/in/tariq-haddad-77', date: '2026-02-10 09:15:00 UTC', content: 'Hi Tariq, could we talk about the controls team at Kestrel?' },
  { conversation: '2-YWJj', from: 'Tariq Haddad', fromUrl: 'https://www.linkedin.com/in/tariq-haddad-77', to: 'Jordan Rivera', toUrls: ME_URL, date: '2026-02-11 17:40:00 UTC', content: 'Sure — Thursday at 10?' },
  { conversation: '2-ZGVm', from: 'Jordan Rivera', fromUrl: ME_URL, to: 'Lena Vogt', toUrls: 'https://www.linkedin.com/in/lena-vogt-3c', date: '2026-02-20 08:00:00 UTC', subject: 'Engineering manager role', content: 'Hello Lena, I saw the EM opening at NovaBots.' },
  { conversation: '2-Z2hp', from: 'Recruiter Bot', fromUrl: 'https://www.linkedin.com/in/not-a-connection-1', to: 'Jordan Rivera', toUrls: ME_URL, date: '2026-01-05 12:00:00 UTC', subject: 'Opportunity', content: 'Are you open to new roles?' },
];

const profileFixture = (name: string) => fs.readFileSync(path.resolve(import.meta.dirname, '../fixtures/profile', name));

export interface ArchiveOptions {
  connections?: string;
  /** null: no such file in the archive. */
  invitations?: string | null;
  messages?: string | null;
  /** With Profile.csv, Positions.csv and Skills.csv (the synthetic profile of test/fixtures/profile). */
  profile?: boolean;
  /** More entries, as they are (a hostile archive, a folder). */
  extra?: ZipEntryInput[];
}

/** A "Basic" archive as LinkedIn sends it, with what the options change. */
export function linkedInArchive(options: ArchiveOptions = {}): Buffer {
  const entries: ZipEntryInput[] = [{ name: 'Connections.csv', data: options.connections ?? connectionsCsv(CONNECTIONS, [HIDDEN_MEMBER]) }];
  const invitations = options.invitations === undefined ? INVITATIONS : options.invitations;
  if (invitations !== null) entries.push({ name: 'Invitations.csv', data: invitations });
  const messages = options.messages === undefined ? messagesCsv(MESSAGES) : options.messages;
  if (messages !== null) entries.push({ name: 'messages.csv', data: messages });
  if (options.profile ?? true) {
    for (const name of ['Profile.csv', 'Positions.csv', 'Skills.csv']) entries.push({ name, data: profileFixture(name) });
  }
  entries.push({ name: 'Learning.csv', data: 'Content Title,Content Type\nRobotics 101,Course\n' }, { name: 'Rich_Media.csv', data: 'Date/Time,Media Description,Media Link\n', store: true });
  entries.push(...(options.extra ?? []));
  return writeZip(entries);
}

/** Writes an archive into `dir` and returns its path. */
export function writeArchive(dir: string, bytes: Buffer, name = 'Basic_LinkedInDataExport_03-03-2026.zip'): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, bytes);
  return file;
}
