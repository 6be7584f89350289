import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateLinkedInCsv } from '../../test/support/generators/linkedin-csv.generator.js';
import { FormatError } from './contact-import.types.js';
import { HIDDEN_MEMBER, readLinkedInCsv } from './linkedin-csv.reader.js';
import { readContactFile } from './read-contacts.js';
import { allWarnings } from './contact-fields.js';

const fixture = (name: string) => readFileSync(new URL(`../../test/fixtures/imports/linkedin/${name}`, import.meta.url));
const read = (name: string) => readContactFile(fixture(name));
const names = (result: ReturnType<typeof read>) => result.rows.map((r) => `${r.contact.givenName} ${r.contact.familyName}`);

describe('LinkedIn Connections.csv, 2024 export', () => {
  const result = read('connections-2024.csv');

  it('finds the header below the Notes: preamble and reads every connection', () => {
    expect(result.format).toBe('linkedin');
    expect(result.rows.map((r) => r.line)).toEqual([5, 6, 7, 9, 10, 11, 13]);
    expect(allWarnings(result)).toEqual([]);
  });

  it('skips hidden or deleted members (rows with only a date) and says where', () => {
    expect(result.skipped).toEqual([
      { line: 8, reason: HIDDEN_MEMBER },
      { line: 12, reason: HIDDEN_MEMBER },
    ]);
  });

  it('keeps emoji, flags, Cyrillic and Greek names as written', () => {
    expect(names(result)).toContain('Дмитрий Соколов');
    expect(names(result)).toContain('Ελένη Παπαδάκη');
    expect(names(result)).toContain('Priya 🚀 Raman 🇮🇳');
  });

  it('trims tabs and trailing spaces and collapses inner whitespace in names', () => {
    const tomas = result.rows.find((r) => r.line === 10)!.contact;
    expect(tomas.givenName).toBe('Tomás');
    expect(tomas.familyName).toBe('Okafor-Lindqvist');
    expect(result.rows.find((r) => r.line === 11)!.contact.givenName).toBe('Jo Ann');
  });

  it('keeps commas and quotes inside quoted names, companies and positions', () => {
    const jo = result.rows.find((r) => r.line === 11)!.contact;
    expect(jo.familyName).toBe('Smith, PhD');
    expect(jo.organizationName).toBe('The "Good" Bakery');
    const tomas = result.rows.find((r) => r.line === 10)!.contact;
    expect(tomas.organizationName).toBe('Harbour & Pine, LLC');
    expect(tomas.title).toBe('VP, Engineering');
    expect(result.rows[0]!.contact.organizationName).toBe('Quillfeather, Ltd.');
  });

  it('makes profile URLs canonical: one host, no trailing slash or query, one percent-encoding', () => {
    const urls = result.rows.map((r) => r.contact.linkedinUrl);
    expect(urls).toEqual([
      'https://www.linkedin.com/in/maren-holloway-4b1a2c',
      'https://www.linkedin.com/in/%D0%B4%D0%BC%D0%B8%D1%82%D1%80%D0%B8%D0%B9-%D1%81%D0%BE%D0%BA%D0%BE%D0%BB%D0%BE%D0%B2-7a9',
      'https://www.linkedin.com/in/eleni-papadaki-3c2',
      'https://www.linkedin.com/in/priya-raman-rocket',
      'https://www.linkedin.com/in/tomas-okafor',
      'https://www.linkedin.com/in/joann-smith-phd',
      'https://www.linkedin.com/in/lena-vogt-9f',
    ]);
    expect(decodeURIComponent(urls[1]!)).toBe('https://www.linkedin.com/in/дмитрий-соколов-7a9');
  });

  it('lower-cases emails and turns Connected On into an ISO date and a how-we-met sentence', () => {
    const tomas = result.rows.find((r) => r.line === 10)!.contact;
    expect(tomas.emails).toEqual([{ value: 'tomas.okafor@example.com' }]);
    const maren = result.rows[0]!.contact;
    expect(maren.emails).toEqual([]);
    expect(maren.connectedOn).toBe('2024-10-09');
    expect(maren.howWeMet).toBe('Connected on LinkedIn on 9 Oct 2024');
  });

  it('reads a file without a trailing newline to its last row', () => {
    expect(fixture('connections-2024.csv').at(-1)).not.toBe(0x0a);
    expect(result.rows.at(-1)!.contact.givenName).toBe('Lena');
  });
});

describe('older LinkedIn eras', () => {
  it('2021–2023: preamble, no URL column, trailing newline', () => {
    const result = read('connections-2022.csv');
    expect(result.format).toBe('linkedin');
    expect(result.rows.map((r) => [r.line, r.contact.givenName, r.contact.linkedinUrl, r.contact.connectedOn])).toEqual([
      [5, 'Aiko', null, '2023-03-14'],
      [6, 'Ruben', null, '2018-11-20'],
    ]);
    expect(result.rows[1]!.contact.emails).toEqual([{ value: 'ruben.c@example.com' }]);
    expect(result.skipped).toEqual([{ line: 7, reason: HIDDEN_MEMBER }]);
  });

  it('late 2018 – 2021: no preamble, header on line 1', () => {
    const result = read('connections-2019.csv');
    expect(result.rows.map((r) => r.line)).toEqual([2, 3]);
    expect(result.rows[1]!.contact).toMatchObject({
      givenName: 'Kwame',
      organizationName: 'Northwind Analytics, Inc.',
      connectedOn: '2018-11-20',
      howWeMet: 'Connected on LinkedIn on 20 Nov 2018',
    });
  });

  it('2018: "1/8/18, 6:14 PM" dates are month first and 20xx', () => {
    const result = read('connections-2018.csv');
    expect(result.rows.map((r) => r.contact.connectedOn)).toEqual(['2018-01-08', '2017-12-24']);
    expect(result.rows[0]!.contact.howWeMet).toBe('Connected on LinkedIn on 8 Jan 2018');
  });

  it('before 2018: the Outlook-style export is recognised as LinkedIn by its column order', () => {
    const result = read('connections-pre-2018.csv');
    expect(result.format).toBe('linkedin');
    expect(result.rows.map((r) => r.contact)).toEqual([
      expect.objectContaining({ givenName: 'Teodor', familyName: 'Kowalczyk', emails: [{ value: 'teodor@kowalczyk.example' }], organizationName: 'Orbitline', title: 'CTO', howWeMet: 'Connected on LinkedIn', connectedOn: null }),
      expect.objectContaining({ givenName: 'Marisol', middleName: 'E.', familyName: 'Núñez', title: 'Organizer' }),
    ]);
  });
});

describe('a Connections.csv re-saved by Excel', () => {
  it('reads Windows-1252, CRLF, a Notes:,, preamble, filler rows and 5-Jan-26 dates', () => {
    const bytes = fixture('connections-excel-cp1252.csv');
    expect(bytes.includes(Buffer.from('\r\n'))).toBe(true);
    expect(bytes.includes(Buffer.from([0xeb]))).toBe(true); // ë as one Windows-1252 byte
    const result = readContactFile(bytes);
    expect(result.format).toBe('linkedin');
    expect(result.rows.map((r) => [r.line, r.contact.givenName, r.contact.familyName, r.contact.connectedOn])).toEqual([
      [5, 'Zoë', 'Bérénger', '2026-01-05'],
      [6, 'Jürgen', 'Weiß', '2025-12-28'],
      [8, 'Anouk', 'Moreau', '2025-11-14'],
    ]);
    expect(result.rows[0]!.contact.organizationName).toBe('Café Lumière, SARL');
    expect(result.rows[1]!.contact.organizationName).toBe('Bäckerei Sonnenschein – Nord');
    expect(result.rows[1]!.contact.title).toBe('Einkäufer €');
    expect(result.rows[1]!.contact.linkedinUrl).toBe('https://www.linkedin.com/in/j%C3%BCrgen-wei%C3%9F');
    expect(result.skipped).toEqual([{ line: 7, reason: HIDDEN_MEMBER }]);
    expect(allWarnings(result)).toEqual([]);
  });

  it('reads a re-save whose preamble is gone', () => {
    const result = read('connections-excel-no-preamble.csv');
    expect(result.rows.map((r) => [r.line, r.contact.givenName, r.contact.familyName, r.contact.connectedOn])).toEqual([
      [2, 'Björn', 'Øvergaard', '2026-01-05'],
      [3, 'Léa', 'Dupré', '2024-02-01'],
    ]);
  });

  it('reads a file that starts with a BOM and blank lines, counting lines from the first byte', () => {
    const bytes = fixture('connections-bom-blank-lines.csv');
    expect([...bytes.subarray(0, 4)]).toEqual([0xef, 0xbb, 0xbf, 0x0a]);
    const result = readContactFile(bytes);
    expect(result.rows).toHaveLength(1);
    expect(result.rows[0]).toMatchObject({ line: 7, contact: { givenName: 'Chidi', familyName: 'Okafor' } });
  });

  it('reads a semicolon-separated re-save from a comma-decimal locale', () => {
    const text = 'First Name;Last Name;URL;Email Address;Company;Position;Connected On\r\nIlse;Brandt;;;"Orbitline; GmbH";CTO;05.01.2026\r\n';
    const result = readLinkedInCsv(text);
    expect(result.rows[0]!.contact).toMatchObject({ givenName: 'Ilse', organizationName: 'Orbitline; GmbH', connectedOn: '2026-01-05' });
  });
});

describe('malformed LinkedIn rows', () => {
  const result = read('connections-malformed.csv');

  it('leaves out each bad value with its line and column, and keeps the person', () => {
    expect(allWarnings(result)).toEqual([
      { line: 6, field: 'Email Address', message: '"femi(at)example.com" is not an email address; left out' },
      { line: 7, field: 'Connected On', message: '"31 Feb 2024" is not a date; left out' },
      { line: 11, field: 'URL', message: '"https://example.com/mateus" is not a LinkedIn profile URL; left out' },
    ]);
    expect(result.rows.map((r) => [r.line, r.contact.givenName])).toEqual([
      [5, 'Hana'],
      [6, 'Femi'],
      [7, 'Oskar'],
      [10, 'Ilse'],
      [11, 'Mateus'],
      [12, 'Jovan'],
    ]);
    expect(result.rows.find((r) => r.line === 6)!.contact.emails).toEqual([]);
    expect(result.rows.find((r) => r.line === 7)!.contact).toMatchObject({ connectedOn: null, howWeMet: 'Connected on LinkedIn' });
  });

  it('skips only the rows that cannot be read, with the reason', () => {
    expect(result.skipped).toEqual([
      { line: 8, reason: expect.stringContaining('8 cells but the header has 7') },
      { line: 9, reason: expect.stringContaining('never closed') },
    ]);
  });

  it('refuses a file with no LinkedIn header with a FormatError', () => {
    expect(() => readLinkedInCsv('Name,Phone\nAda,123\n')).toThrow(FormatError);
  });
});

describe('generateLinkedInCsv', () => {
  it('is deterministic for a seed', () => {
    expect(generateLinkedInCsv(200, 7)).toBe(generateLinkedInCsv(200, 7));
    expect(generateLinkedInCsv(200, 7)).not.toBe(generateLinkedInCsv(200, 8));
  });

  it('parses 30,000 connections (the LinkedIn cap) into ~29,100 contacts', () => {
    // How long this takes is measured in `npm run bench`, not here.
    const bytes = Buffer.from(generateLinkedInCsv(30_000), 'utf8');
    const result = readContactFile(bytes);

    expect(result.format).toBe('linkedin');
    expect(allWarnings(result)).toEqual([]);
    expect(result.rows.length + result.skipped.length).toBe(30_000);
    expect(result.rows.length).toBeGreaterThan(28_800);
    expect(result.rows.length).toBeLessThan(29_400);
    expect(result.skipped.every((s) => s.reason === HIDDEN_MEMBER)).toBe(true);
    const withEmail = result.rows.filter((r) => r.contact.emails.length > 0).length;
    expect(withEmail / result.rows.length).toBeGreaterThan(0.08);
    expect(withEmail / result.rows.length).toBeLessThan(0.12);
    // Newest first, as LinkedIn writes them.
    const dates = result.rows.map((r) => r.contact.connectedOn!);
    expect([...dates].sort().reverse()).toEqual(dates);
  });
});
