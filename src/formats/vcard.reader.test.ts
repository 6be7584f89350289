import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { allWarnings, NO_IDENTITY } from './contact-fields.js';
import { readContactFile } from './read-contacts.js';
import { readVCards } from './vcard.reader.js';

const fixture = (name: string) => readFileSync(new URL(`../../test/fixtures/imports/vcard/${name}`, import.meta.url));
const card = (...lines: string[]) => ['BEGIN:VCARD', 'VERSION:3.0', ...lines, 'END:VCARD', ''].join('\r\n');

describe('vCard 2.1 from Outlook', () => {
  it('decodes quoted-printable UTF-8 values, joins soft line breaks and ignores the photo', () => {
    const result = readContactFile(fixture('outlook-2.1-utf8-qp.vcf'));
    expect(result.format).toBe('vcard');
    expect(allWarnings(result)).toEqual([]);
    expect(result.rows.map((r) => r.line)).toEqual([1, 19]);
    expect(result.rows[0]!.contact).toEqual({
      givenName: 'Étienne',
      familyName: 'Marchal',
      emails: [{ value: 'etienne.marchal@cremerie.example' }],
      phones: [
        { value: '+33 4 72 00 00 00', label: 'work' },
        { value: '+33 6 00 00 00 01', label: 'mobile' },
      ],
      linkedinUrl: null,
      organizationName: 'Crèmerie du Lac',
      department: 'Ventes',
      title: 'Responsable export',
      location: 'Annecy, Haute-Savoie, France',
      notes: "Rencontré au salon de Lyon.\nVeut parler de l'équipe data avant le 15 mars.",
      howWeMet: null,
      connectedOn: null,
      birthday: null,
      tags: [],
    });
    expect(result.rows[1]!.contact).toMatchObject({ givenName: 'Sven', familyName: 'Lindgren', emails: [{ value: 'sven@lindgren.example' }] });
  });

  it('decodes CHARSET=Windows-1252, both raw bytes and quoted-printable', () => {
    const bytes = fixture('outlook-2.1-cp1252.vcf');
    expect(bytes.includes(Buffer.from([0xfc]))).toBe(true); // ü as one byte
    const [row] = readContactFile(bytes).rows;
    expect(row!.contact).toMatchObject({
      givenName: 'Jürgen',
      familyName: 'Weiß',
      organizationName: 'Bäckerei Sonnenschein GmbH',
      notes: 'Kennengelernt auf der Messe in Köln – sehr nett.',
    });
  });
});

describe('vCard 3.0 from Apple and Google', () => {
  const bytes = fixture('apple-google-3.0.vcf');
  const result = readContactFile(bytes);
  const [ada, dmitry, kestrel, noor] = result.rows.map((r) => r.contact);

  it('reads several cards in one file, each at the line of its BEGIN', () => {
    expect(result.format).toBe('vcard');
    expect(result.rows.map((r) => r.line)).toEqual([1, 23, 35, 44]);
    expect(allWarnings(result)).toEqual([]);
    expect(result.skipped).toEqual([]);
  });

  it('unescapes \\, \\; \\\\ and \\n and unfolds continuation lines', () => {
    expect(ada!.organizationName).toBe('Lumen Works, Inc.');
    expect(ada!.notes).toBe('Met at the Lisbon meetup, table 3.\nAsked about the platform team; follow up in May. Path: C:\\temp');
  });

  it('reads N, the preferred email first, Apple item labels, types, address and year-less birthday', () => {
    expect(ada).toMatchObject({
      givenName: 'Ada',
      middleName: 'Marie',
      familyName: 'Quill',
      title: 'Staff Engineer',
      emails: [
        { value: 'ada@lumen.example', label: 'work' },
        { value: 'ada.q@mail.example', label: 'other' },
      ],
      phones: [{ value: '+44 7700 900123', label: 'mobile' }],
      location: 'Portsmouth, Hampshire, United Kingdom',
      birthday: '--03-15',
      tags: ['Mentors', 'Friends'],
    });
  });

  it('finds the LinkedIn URL in item1.URL, X-SOCIALPROFILE and Google\'s escaped http\\://', () => {
    expect(ada!.linkedinUrl).toBe('https://www.linkedin.com/in/ada-quill-4b1a');
    expect(dmitry!.linkedinUrl).toBe('https://www.linkedin.com/in/dmitry-sokolov-7a9');
    expect(noor!.linkedinUrl).toBe('https://www.linkedin.com/in/noor-haddad');
    expect(kestrel!.linkedinUrl).toBeNull();
  });

  it('rejoins a UTF-8 character that the writer split across a fold', () => {
    // The fixture really is invalid UTF-8 until unfolded.
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    expect(dmitry).toMatchObject({ givenName: 'Дмитрий', familyName: 'Соколов', emails: [{ value: 'dmitry.sokolov@example.org' }] });
    expect(dmitry!.notes).toBe(
      'Мы познакомились на конференции в Тбилиси 🚀 — обсуждали платформу данных и найм инженеров, обещал представить руководителю.',
    );
  });

  it('reads an X-ABShowAs:COMPANY card as an organization, not a person', () => {
    expect(kestrel).toMatchObject({ givenName: '', familyName: '', organizationName: 'Kestrel Freight', phones: [{ value: '+1 555 0100', label: 'work' }] });
  });

  it("drops Google's system categories", () => {
    expect(noor).toMatchObject({ tags: ['Recruiters'], birthday: '--07-23', phones: [{ value: '+971 50 123 4567', label: 'mobile' }] });
  });
});

describe('vCard 4.0', () => {
  const result = readContactFile(fixture('rfc-4.0.vcf'));
  const eleni = result.rows[0]!.contact;

  it('orders emails by PREF and reads tel: URIs with their extension', () => {
    expect(eleni.emails).toEqual([{ value: 'eleni.p@mail.example' }, { value: 'eleni@omega.example', label: 'work' }]);
    expect(eleni.phones).toEqual([
      { value: '+30-691-234-5678', label: 'mobile' },
      { value: '+30-2310-123456 x12', label: 'work' },
    ]);
  });

  it('reads --MMDD birthdays, ADR with a quoted LABEL, SOCIALPROFILE, and ignores a data: photo', () => {
    expect(eleni).toMatchObject({
      givenName: 'Ελένη',
      familyName: 'Παπαδάκη',
      birthday: '--04-12',
      location: 'Thessaloniki, Greece',
      linkedinUrl: 'https://www.linkedin.com/in/eleni-papadaki-3c2',
    });
  });

  it('reads KIND:org as an organization and FN alone as a name', () => {
    expect(result.rows.map((r) => [r.line, r.contact.givenName, r.contact.familyName, r.contact.organizationName])).toEqual([
      [1, 'Ελένη', 'Παπαδάκη', null],
      [16, '', '', 'Aegean Ledger'],
      [23, 'Broken', 'Email', null],
      [33, 'Wendell', 'Ashby', null],
      [38, 'Impossible', 'Birthday', null],
    ]);
    expect(result.rows[3]!.contact.birthday).toBe('1979-06-12');
  });

  it('leaves out a bad email and an impossible birthday, each on its own line, keeps those people, and skips an empty card', () => {
    expect(allWarnings(result)).toEqual([
      { line: 27, field: 'EMAIL', message: '"not-an-email" is not an email address; left out' },
      { line: 41, field: 'BDAY', message: '"19790230" is not a date; left out' },
    ]);
    expect(result.rows[2]!.contact.emails).toEqual([]);
    expect(result.rows[4]!.contact.birthday).toBeNull();
    expect(result.skipped).toEqual([{ line: 29, reason: NO_IDENTITY }]);
  });
});

describe('damaged and unusual vCards', () => {
  it('keeps what a card cut off before END:VCARD holds, with a warning, and the cards before it', () => {
    const text = card('N:Quill;Ada;;;', 'FN:Ada Quill') + 'BEGIN:VCARD\r\nVERSION:3.0\r\nN:Li;Bo;;;\r\nFN:Bo Li\r\n';
    const result = readVCards(text);
    expect(result.rows.map((r) => r.contact.givenName)).toEqual(['Ada', 'Bo']);
    expect(allWarnings(result)).toEqual([{ line: 6, field: 'END:VCARD', message: 'missing: the card may be cut off; what it holds is kept' }]);
  });

  it('keeps a card interrupted by the next BEGIN:VCARD, with a warning', () => {
    const text = 'BEGIN:VCARD\nVERSION:3.0\nFN:Half Card\n' + card('N:Quill;Ada;;;', 'FN:Ada Quill');
    const result = readVCards(text);
    expect(allWarnings(result)).toEqual([{ line: 1, field: 'END:VCARD', message: 'missing: the card may be cut off; what it holds is kept' }]);
    expect(result.rows.map((r) => r.line)).toEqual([1, 4]);
  });

  it('unfolds continuation lines that start with a tab', () => {
    const [row] = readVCards(card('N:Quill;Ada;;;', 'NOTE:first half', '\t and the second')).rows;
    expect(row!.contact.notes).toBe('first half and the second');
  });

  it('builds a LinkedIn URL from a SOCIALPROFILE user name', () => {
    const [row] = readVCards(card('FN:Ada Quill', 'SOCIALPROFILE;SERVICE-TYPE=LinkedIn;VALUE=text:ada-quill')).rows;
    expect(row!.contact.linkedinUrl).toBe('https://www.linkedin.com/in/ada-quill');
  });

  it('ignores lines that are not properties and base64 photo lines without indentation', () => {
    const [row] = readVCards(card('N:Quill;Ada;;;', 'PHOTO;ENCODING=BASE64;TYPE=JPEG:/9j/4AAQ', 'SkZJRgABAQEAYABgAAD', '', 'EMAIL:ada@example.org')).rows;
    expect(row!.contact.emails).toEqual([{ value: 'ada@example.org' }]);
  });
});

describe('FN and ORG units as address books write them (issue 13)', () => {
  const read = (name: string) => readContactFile(fixture(name));

  it('Android 2.1: FN is the full name, N still gives given and family name, ORG gives the department', () => {
    const result = read('android-2.1.vcf');
    expect(result.rows.map((r) => r.line)).toEqual([1, 13, 20]);
    const [john, zoe, nameless] = result.rows.map((r) => r.contact);
    expect(john).toMatchObject({
      givenName: 'John',
      middleName: 'Richter James',
      familyName: 'Doe',
      fullName: 'Mr. John Richter James Doe Sr.',
      organizationName: 'Acme',
      department: 'Robotics Lab',
      title: 'Principal Engineer',
      emails: [{ value: 'john.doe@acme.example', label: 'work' }, { value: 'jrjd@mail.example', label: 'home' }],
    });
    // Quoted-printable ORG with two units; an FN that only repeats the names adds nothing.
    expect(zoe).toMatchObject({ givenName: 'Zoë', familyName: 'Ångström', organizationName: 'Fjäll Analytics', department: 'Data Platform, Ingestion' });
    expect(zoe!.fullName).toBeUndefined();
    // A phone number as FN is not a name.
    expect(nameless).toMatchObject({ givenName: '', familyName: '', emails: [{ value: 'unknown.caller@mail.example', label: 'home' }] });
    expect(nameless!.fullName).toBeUndefined();
    expect(allWarnings(result)).toEqual([]);
  });

  it('Outlook 2003: titles and suffix kept in the full name, the department, and a placeholder phone left out on its line', () => {
    const result = read('outlook-2003.vcf');
    const [chidi, kaethe] = result.rows.map((r) => r.contact);
    expect(chidi).toMatchObject({
      givenName: 'Chidi',
      familyName: 'Okafor',
      fullName: 'Dr. Chidi Okafor PhD',
      organizationName: 'Northwind Traders',
      department: 'Supply Chain Analytics',
      title: 'Director',
      emails: [{ value: 'chidi.okafor@northwind.example' }],
    });
    expect(chidi!.phones.map((p) => p.value)).toEqual(['+44 20 7946 0000', '+44 20 7946 0001']);
    expect(allWarnings(result)).toEqual([expect.objectContaining({ line: 8, field: 'TEL' })]);
    // `ORG:Brenner & Söhne KG;` — an empty unit is no department.
    expect(kaethe).toMatchObject({ givenName: 'Käthe', familyName: 'Brenner', organizationName: 'Brenner & Söhne KG' });
    expect(kaethe!.department).toBeUndefined();
    expect(kaethe!.fullName).toBeUndefined();
  });

  it('Nextcloud 3.0: academic titles in FN, a family name with a particle, two units joined', () => {
    const result = read('nextcloud-3.0.vcf');
    const [ingrid, severine] = result.rows.map((r) => r.contact);
    expect(ingrid).toMatchObject({
      givenName: 'Ingrid',
      familyName: 'von Falkenberg',
      fullName: 'Prof. Dr. Ingrid von Falkenberg',
      organizationName: 'Universität Hafenstadt',
      department: 'Fakultät für Technik, Institut für Robotik',
      title: 'Lehrstuhlinhaberin',
      tags: ['Kontakte', 'Mentoren'],
    });
    expect(severine).toMatchObject({ givenName: 'Séverine', familyName: '' });
    expect(severine!.fullName).toBeUndefined();
    expect(allWarnings(result)).toEqual([]);
  });

  it('Apple 3.0: FN with a nickname is the full name; a company card keeps its department', () => {
    const [haru, kestrel] = read('apple-3.0-names.vcf').rows.map((r) => r.contact);
    expect(haru).toMatchObject({ givenName: 'Haruki', familyName: 'Nakamura', fullName: 'Haruki "Haru" Nakamura', organizationName: 'Kestrel Robotics', department: 'Perception' });
    expect(kestrel).toMatchObject({ givenName: '', familyName: '', organizationName: 'Kestrel Freight', department: 'Dispatch' });
    expect(kestrel!.fullName).toBeUndefined();
  });

  it('Apple and Google 3.0: an FN with the middle name is kept as written', () => {
    const [ada] = readContactFile(fixture('apple-google-3.0.vcf')).rows.map((r) => r.contact);
    expect(ada).toMatchObject({ fullName: 'Ada Marie Quill', organizationName: 'Lumen Works, Inc.', department: 'Platform' });
  });

  it('leaves out a full name or department over 200 characters, with a warning, and keeps the person', () => {
    const long = 'x'.repeat(201);
    const result = readVCards(card('N:Quill;Ada;;;', `FN:Ada ${long}`, `ORG:Lumen;${long}`));
    expect(result.rows[0]!.contact).toMatchObject({ givenName: 'Ada', organizationName: 'Lumen' });
    expect(result.rows[0]!.contact.fullName).toBeUndefined();
    expect(result.rows[0]!.contact.department).toBeUndefined();
    expect(allWarnings(result).map((w) => w.field)).toEqual(['full name', 'department']);
  });
});
