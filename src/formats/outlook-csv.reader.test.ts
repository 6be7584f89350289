import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { allWarnings } from './contact-fields.js';
import { readOutlookCsv } from './outlook-csv.reader.js';
import { readContactFile } from './read-contacts.js';

const fixture = (name: string) => readFileSync(new URL(`../../test/fixtures/imports/outlook/${name}`, import.meta.url));

describe('Outlook.com CSV', () => {
  const result = readContactFile(fixture('outlook-com.csv'));

  it('is recognised as Outlook and read by header name', () => {
    expect(result.format).toBe('outlook');
    expect(result.rows.map((r) => r.line)).toEqual([2, 4, 5]);
    expect(allWarnings(result)).toEqual([]);
  });

  it('reads emails, phones, job title, company, business location, notes and a LinkedIn web page', () => {
    expect(result.rows[0]!.contact).toMatchObject({
      givenName: 'Jonas',
      familyName: 'Berg',
      emails: [{ value: 'jonas.berg@fjord.example' }, { value: 'jb@home.example' }],
      phones: [
        { value: '+47 912 34 567', label: 'mobile' },
        { value: '+47 22 00 00 00 x12', label: 'work' },
      ],
      title: 'Product Lead',
      organizationName: 'Fjord Systems',
      location: 'Oslo, Norway',
      notes: 'Two-line\nnote',
      linkedinUrl: 'https://www.linkedin.com/in/jonas-berg',
    });
  });

  it('never takes the honorific Title column for the job title', () => {
    expect(result.rows[1]!.contact).toMatchObject({ givenName: 'Mary', middleName: 'Ann', familyName: "O'Connell", title: 'Research Fellow', location: 'Galway, Ireland' });
  });

  it('keeps a company-only record', () => {
    expect(result.rows[2]!.contact).toMatchObject({ givenName: '', familyName: '', organizationName: 'Vireo Health' });
  });
});

describe('classic Outlook desktop CSV', () => {
  const bytes = fixture('outlook-desktop-cp1252.csv');
  const result = readContactFile(bytes);

  it('decodes Windows-1252 with every field quoted and CRLF', () => {
    expect(bytes.subarray(0, 8).toString('latin1')).toBe('"Title",');
    expect(result.format).toBe('outlook');
    expect(result.rows[0]!.contact).toMatchObject({
      givenName: 'François',
      familyName: 'Dupré',
      organizationName: 'Brasserie Étoile',
      department: 'Ventes',
      title: 'Directeur commercial',
      notes: 'Rencontré au salon – très sympa.\nBudget 5 000 €.',
      birthday: '1985-04-12',
      tags: ['Recruiters', 'Alumni'],
      location: 'Lyon, France',
      linkedinUrl: 'https://www.linkedin.com/in/francois-dupre',
    });
  });

  it("ignores an Exchange X.500 address and Outlook's 0/0/00 empty birthday", () => {
    expect(result.rows[1]).toEqual({
      line: 4,
      warnings: [],
      contact: expect.objectContaining({ givenName: 'Grete', familyName: 'Åkesson', emails: [{ value: 'grete@akesson.example' }], birthday: null }),
    });
    expect(allWarnings(result)).toEqual([]);
  });
});

describe('translated Outlook headers', () => {
  it('reads German headers (Vorname, Nachname, Firma, Position, E-Mail-Adresse)', () => {
    const result = readContactFile(fixture('outlook-german-cp1252.csv'));
    expect(result.format).toBe('outlook');
    expect(result.rows[0]!.contact).toMatchObject({
      givenName: 'Jürgen',
      familyName: 'Weiß',
      organizationName: 'Bäckerei Sonnenschein GmbH',
      title: 'Vertriebsleiter',
      emails: [{ value: 'juergen.weiss@sonnenschein.example' }],
      phones: [{ value: '+49 170 1234567', label: 'mobile' }],
      birthday: '1985-04-12',
      location: 'München, Deutschland',
      notes: 'Über die Messe kennengelernt',
      tags: ['Lieferanten'],
    });
  });

  it('reads French headers (Prénom, Nom, Société, Fonction, Adresse de messagerie)', () => {
    const text = 'Titre,Prénom,Nom,Société,Fonction,Adresse de messagerie\r\nMme,Amélie,Roux,Atelier Roux,Gérante,amelie@roux.example\r\n';
    expect(readOutlookCsv(text).rows[0]!.contact).toMatchObject({
      givenName: 'Amélie',
      familyName: 'Roux',
      organizationName: 'Atelier Roux',
      title: 'Gérante',
      emails: [{ value: 'amelie@roux.example' }],
    });
  });

  it('leaves out a bad address or phone, naming its column, and keeps the person', () => {
    const text = 'First Name,Last Name,E-mail Address,Mobile Phone\nAda,Quill,ada at example,\nBo,Li,,call reception\n';
    const result = readOutlookCsv(text);
    expect(allWarnings(result)).toEqual([
      { line: 2, field: 'E-mail Address', message: '"ada at example" is not an email address; left out' },
      { line: 3, field: 'Mobile Phone', message: '"call reception" is not a phone number; left out' },
    ]);
    expect(result.rows.map((r) => [r.contact.givenName, r.contact.emails, r.contact.phones])).toEqual([
      ['Ada', [], []],
      ['Bo', [], []],
    ]);
  });
});
