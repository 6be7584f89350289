import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { linkedInArchive } from '../../test/support/linkedin-archive.js';
import { writeZip, type ZipEntryInput } from '../../test/support/zip-writer.js';
import { extractLinkedInArchive, invitationHowWeMet, NO_CONNECTIONS, readInvitations } from './linkedin-data-archive.js';
import { ARCHIVE_LIMITS, ArchiveError, looksLikeZip } from './zip-archive.js';

const CONNECTIONS = 'First Name,Last Name,URL,Email Address,Company,Position,Connected On\nAda,Quill,https://www.linkedin.com/in/ada-quill,,Lumen,CTO,09 Oct 2024\n';

describe("LinkedIn's data archive", () => {
  let dir: string;
  let out: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-archive-test-'));
    out = path.join(dir, 'out');
    fs.mkdirSync(out);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const basic = () => {
    const file = path.join(dir, 'Basic_LinkedInDataExport.zip');
    fs.writeFileSync(file, linkedInArchive());
    return file;
  };

  const zip = (entries: ZipEntryInput[] | Buffer) => {
    const file = path.join(dir, 'archive.zip');
    fs.writeFileSync(file, Array.isArray(entries) ? writeZip(entries) : entries);
    return file;
  };
  const refusal = async (file: string, limits = ARCHIVE_LIMITS) => {
    try {
      await extractLinkedInArchive(file, out, limits);
    } catch (error) {
      expect(error).toBeInstanceOf(ArchiveError);
      // Nothing of a refused archive is left behind.
      expect(fs.readdirSync(out)).toEqual([]);
      return (error as Error).message;
    }
    throw new Error('expected the archive to be refused');
  };

  it('takes out only the files Rapport reads, each into a file of ours, and recognises the ZIP by its first bytes', async () => {
    const fixture = basic();
    expect(looksLikeZip(fs.readFileSync(fixture).subarray(0, 4))).toBe(true);
    expect(looksLikeZip(Buffer.from('First Name,'))).toBe(false);
    const { files } = await extractLinkedInArchive(fixture, out);
    expect([...files.keys()]).toEqual(['connections', 'invitations', 'messages', 'profile', 'positions', 'skills']);
    expect(fs.readdirSync(out).sort()).toEqual(['Connections.csv', 'Invitations.csv', 'Positions.csv', 'Profile.csv', 'Skills.csv', 'messages.csv']);
    expect(files.get('connections')).toMatchObject({ entryName: 'Connections.csv', bytes: fs.statSync(path.join(out, 'Connections.csv')).size });
  });

  it('finds the files in one folder too, whatever their case', async () => {
    const { files } = await extractLinkedInArchive(zip([{ name: 'Basic_LinkedInDataExport_03-03-2026/connections.CSV', data: CONNECTIONS }]), out);
    expect(files.get('connections')?.entryName).toBe('Basic_LinkedInDataExport_03-03-2026/connections.CSV');
  });

  it('refuses a file that is not a ZIP, and a ZIP without Connections.csv', async () => {
    expect(await refusal(zip(Buffer.from('First Name,Last Name\nAda,Quill\n')))).toMatch(/^Not a ZIP archive that can be read/);
    expect(await refusal(zip([{ name: 'Learning.csv', data: 'Content Title\nRobotics 101\n' }]))).toBe(NO_CONNECTIONS);
  });

  it('refuses a zip bomb before inflating it: an entry that inflates hundreds of times its size, or past the limits', async () => {
    const zeros = Buffer.alloc(3 * 1024 * 1024);
    expect(await refusal(zip([{ name: 'Connections.csv', data: zeros }]))).toMatch(/inflate \d[\d,]* times its size in the archive \(a zip bomb\?\)/);
    // Connections.csv may not be larger than a contact file uploaded on its own.
    expect(await refusal(zip([{ name: 'Connections.csv', data: CONNECTIONS, declaredSize: 21 * 1024 * 1024 }]))).toMatch(/more than the 20 MiB it may hold/);
    expect(await refusal(zip([{ name: 'Connections.csv', data: CONNECTIONS }, { name: 'messages.csv', data: 'x'.repeat(5000) }]), { ...ARCHIVE_LIMITS, maxTotalBytes: 4000 })).toMatch(
      /would inflate to more than/,
    );
    expect(await refusal(zip([{ name: 'Connections.csv', data: CONNECTIONS }]), { ...ARCHIVE_LIMITS, maxEntries: 0 })).toMatch(/more than 0/);
  });

  it('refuses an entry that inflates to more than its header says', async () => {
    expect(await refusal(zip([{ name: 'Connections.csv', data: CONNECTIONS + 'x'.repeat(10_000), declaredSize: 200 }]))).toMatch(/Connections\.csv/);
  });

  it('refuses names that climb out of the archive or are absolute, encrypted entries, and Connections.csv twice', async () => {
    expect(await refusal(zip([{ name: '../Connections.csv', data: CONNECTIONS }]))).toMatch(/invalid relative path|\.\.\//);
    expect(await refusal(zip([{ name: '/tmp/Connections.csv', data: CONNECTIONS }]))).toMatch(/absolute path/);
    expect(await refusal(zip([{ name: 'Connections.csv', data: CONNECTIONS, encrypted: true }]))).toMatch(/encrypted/);
    expect(await refusal(zip([{ name: 'Connections.csv', data: CONNECTIONS }, { name: 'copy/Connections.csv', data: CONNECTIONS }]))).toMatch(/holds Connections\.csv twice/);
  });

  it('tells how we met from Invitations.csv, by the other person, the earliest invitation first', async () => {
    const { files } = await extractLinkedInArchive(basic(), out);
    const invitations = readInvitations(files.get('invitations')!.path);
    expect(invitations.get('https://www.linkedin.com/in/tariq-haddad-77')).toEqual({
      direction: 'incoming',
      sentOn: '2024-10-01',
      message: 'Hi Jordan, we met at the Lyon robotics meetup — happy to stay in touch.',
    });
    expect(invitationHowWeMet(invitations.get('https://www.linkedin.com/in/tariq-haddad-77')!)).toBe(
      'They invited you to connect on LinkedIn on 1 Oct 2024: “Hi Jordan, we met at the Lyon robotics meetup — happy to stay in touch.”',
    );
    expect(invitationHowWeMet(invitations.get('https://www.linkedin.com/in/lena-vogt-3c')!)).toBe('You invited them to connect on LinkedIn on 14 Sep 2023');
    const long = invitationHowWeMet({ direction: 'incoming', sentOn: null, message: `a\u0000b ${'😀'.repeat(600)}` });
    expect(long.length).toBeLessThanOrEqual(1_000);
    expect(long.includes('\u0000')).toBe(false);
    expect(long.endsWith('…”')).toBe(true);
  });
});
