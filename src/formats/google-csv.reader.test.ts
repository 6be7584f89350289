import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { allWarnings, NO_IDENTITY } from './contact-fields.js';
import { readGoogleCsv } from './google-csv.reader.js';
import { readContactFile } from './read-contacts.js';

const fixture = (name: string) => readFileSync(new URL(`../../test/fixtures/imports/google/${name}`, import.meta.url));

describe('Google Contacts CSV, current header', () => {
  const bytes = fixture('contacts-current.csv');
  const result = readContactFile(bytes);
  const ada = result.rows[0]!.contact;

  it('reads a file that starts with a UTF-8 BOM as Google', () => {
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(result.format).toBe('google');
    expect(result.rows.map((r) => r.line)).toEqual([2, 6, 7, 9, 10]);
  });

  it('keeps notes and formatted addresses that span lines inside quotes, and counts their lines', () => {
    expect(ada.notes).toBe('Met at the Lisbon meetup.\nAsked about the platform team.');
    expect(ada.location).toBe('Portsmouth, United Kingdom');
    expect(result.rows[1]!.line).toBe(6);
  });

  it('splits " ::: " values into several emails and phones, primary (* ) first, duplicates once', () => {
    expect(ada.emails).toEqual([
      { value: 'ada.quill@mail.example', label: 'home' },
      { value: 'ada@lumen.example', label: 'work' },
    ]);
    expect(ada.phones).toEqual([
      { value: '+44 20 7946 0958', label: 'work' },
      { value: '+44 7700 900123', label: 'mobile' },
      { value: '+44 7700 900456', label: 'mobile' },
    ]);
  });

  it('turns user labels into tags and drops Google system groups', () => {
    expect(ada.tags).toEqual(['Mentors', 'Friends']);
    expect(result.rows[1]!.contact.tags).toEqual([]);
    expect(result.rows[4]!.contact.tags).toEqual(['Recruiters']);
  });

  it('reads names, organization, title, birthday and a LinkedIn website', () => {
    expect(ada).toMatchObject({
      givenName: 'Ada',
      middleName: 'Marie',
      familyName: 'Quill',
      organizationName: 'Lumen Works, Inc.',
      title: 'Staff Engineer',
      department: 'Platform',
      birthday: '1985-04-12',
      linkedinUrl: 'https://www.linkedin.com/in/ada-quill',
    });
    expect(result.rows[1]!.contact.birthday).toBe('--07-23');
  });

  it('keeps a contact that is only an organization', () => {
    expect(result.rows[2]).toEqual({
      line: 7,
      warnings: [],
      contact: expect.objectContaining({ givenName: '', familyName: '', organizationName: 'Kestrel Freight', phones: [{ value: '+1 555 0100', label: 'work' }] }),
    });
  });

  it('uses the formatted address when there is no city or country', () => {
    expect(result.rows[4]!.contact.location).toBe('Thessaloniki, Greece');
  });

  it('skips a record with no name, email or organization; a bad email costs only that email', () => {
    expect(result.skipped).toEqual([{ line: 8, reason: NO_IDENTITY }]);
    expect(allWarnings(result)).toEqual([{ line: 9, field: 'E-mail 1 - Value', message: '"igor(at)example.com" is not an email address; left out' }]);
    expect(result.rows.find((r) => r.line === 9)!.contact).toMatchObject({ givenName: 'Igor', emails: [] });
  });

  it('keeps the person whose birthday is not a date, without the birthday', () => {
    const text = 'First Name,Last Name,Birthday,E-mail 1 - Value\nAda,Quill,1985-13-40,ada@example.org\n';
    const read = readGoogleCsv(text);
    expect(allWarnings(read)).toEqual([{ line: 2, field: 'Birthday', message: '"1985-13-40" is not a date; left out' }]);
    expect(read.rows[0]!.contact).toMatchObject({ givenName: 'Ada', birthday: null, emails: [{ value: 'ada@example.org' }] });
  });
});

describe('Google Contacts CSV, legacy header in UTF-16', () => {
  const bytes = fixture('contacts-legacy-utf16.csv');
  const result = readContactFile(bytes);

  it('decodes UTF-16 LE with a BOM and recognises the legacy header', () => {
    expect([...bytes.subarray(0, 4)]).toEqual([0xff, 0xfe, 0x4e, 0x00]); // BOM, "N"
    expect(result.format).toBe('google');
    expect(allWarnings(result)).toEqual([]);
  });

  it('maps Given/Family Name, Organization 1, Group Membership and typed e-mails', () => {
    expect(result.rows[0]).toEqual({
      line: 2,
      warnings: [],
      contact: expect.objectContaining({
        givenName: 'Σοφία',
        familyName: 'Νικολάου',
        organizationName: 'Aegean Ledger',
        title: 'Controller',
        emails: [
          { value: 'sofia@nikolaou.example', label: 'work' },
          { value: 'sofia.n@mail.example', label: 'home' },
        ],
        phones: [{ value: '+30 691 234 5678', label: 'mobile' }],
        tags: ['Colleagues'],
        location: 'Thessaloniki, Greece',
        linkedinUrl: 'https://www.linkedin.com/in/sofia-nikolaou',
      }),
    });
  });

  it('splits the Name column when Given and Family Name are empty', () => {
    expect(result.rows[1]!.contact).toMatchObject({ givenName: 'Wendell', familyName: 'Ashby', tags: ['Book club'], birthday: '1979-06-12' });
  });
});
