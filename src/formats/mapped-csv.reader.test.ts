import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { guessField, planColumns } from './column-mapping.js';
import { allWarnings, NO_IDENTITY } from './contact-fields.js';
import { MappingError } from './contact-import.types.js';
import { decodeText } from './decode.js';
import { detectFormat } from './detect.js';
import { readContactFile } from './read-contacts.js';

const fixture = (path: string) => readFileSync(new URL(`../../test/fixtures/imports/${path}`, import.meta.url));

describe('Thunderbird address book (issue 13, item 3)', () => {
  const bytes = fixture('thunderbird/thunderbird-en.csv');
  const result = readContactFile(bytes);
  const byLine = new Map(result.rows.map((r) => [r.line, r.contact]));

  it('is recognised as Thunderbird, not Outlook, though it has First Name, Last Name and Job Title', () => {
    expect(detectFormat(decodeText(bytes))).toBe('thunderbird');
    expect(result.format).toBe('thunderbird');
  });

  it('reads Primary and Secondary Email, the phones with their labels, the work address, the LinkedIn web page and the birthday columns', () => {
    expect(byLine.get(2)).toMatchObject({
      givenName: 'Maren',
      familyName: 'Holloway',
      emails: [{ value: 'maren@quillfeather.example' }, { value: 'maren.h@mail.example', label: 'other' }],
      phones: [
        { value: '+44 20 7946 0100', label: 'work' },
        { value: '+44 7700 900200', label: 'mobile' },
      ],
      organizationName: 'Quillfeather Ltd',
      department: 'People',
      title: 'Head of Talent',
      location: 'London, United Kingdom',
      linkedinUrl: 'https://www.linkedin.com/in/maren-holloway-4b1a2c',
      birthday: '1985-04-12',
      notes: 'Met at the London meetup.\nLikes cycling.',
    });
    expect(byLine.get(2)!.fullName).toBeUndefined();
  });

  it('takes the Display Name as the name when there is no other, and as the full name when it says more', () => {
    expect(byLine.get(4)).toMatchObject({ givenName: 'Tomasz', familyName: 'Wiśniewski', phones: [{ value: '+48 22 000 00 00', label: 'home' }] });
    expect(byLine.get(5)).toMatchObject({ givenName: 'Ines', familyName: 'Carvalho', fullName: 'Dr. Inês Carvalho', emails: [{ value: 'ines.carvalho@mail.example', label: 'other' }] });
    expect(byLine.get(6)).toMatchObject({ givenName: '', organizationName: 'Kestrel Freight', location: 'Rotterdam', phones: [{ value: '+1 555 0100', label: 'work' }, { value: '+1 555 0101', label: 'fax' }] });
  });

  it('leaves out a bad value with its line and column, skips a card that names no one, and passes over empty ones', () => {
    expect(allWarnings(result)).toEqual([
      { line: 5, field: 'Primary Email', message: '"ines(at)example" is not an email address; left out' },
      { line: 5, field: 'Birth Month, Birth Day', message: '"13-02" is not a date; left out' },
    ]);
    expect(result.skipped).toEqual([{ line: 8, reason: NO_IDENTITY }]);
  });

  it('reports how every column is read, with a sample, and the columns it does not read', () => {
    const columns = new Map(result.mapping!.columns.map((c) => [c.column, c]));
    expect(columns.get('Primary Email')).toEqual({ column: 'Primary Email', field: 'email', recognised: true, sample: 'Maren@Quillfeather.example' });
    expect(columns.get('Display Name')).toMatchObject({ field: 'fullName', recognised: true });
    expect(columns.get('Work City')).toMatchObject({ field: 'city', sample: 'London' });
    expect(columns.get('Nickname')).toMatchObject({ field: 'ignore', recognised: true, sample: 'Mare' });
    expect(columns.get('Birth Day')).toMatchObject({ field: 'birthDay' });
    // The comma that ends every line makes an empty, unnamed column: not listed.
    expect(result.mapping!.columns).toHaveLength(37);
  });
});

describe('any other CSV, read by its headers in several languages', () => {
  it.each([
    ['csv/kontakte-de-excel.csv', { givenName: 'Jürgen', familyName: 'Weiß', emails: [{ value: 'juergen.weiss@sonnenschein.example' }], organizationName: 'Bäckerei Sonnenschein GmbH', department: 'Vertrieb', title: 'Leiter Vertrieb', location: 'Köln, Deutschland', birthday: '1985-04-12', notes: 'Kennengelernt auf der Messe' }],
    ['csv/contacts-fr.csv', { givenName: 'Élodie', familyName: 'Marchand', emails: [{ value: 'elodie.marchand@etoile.example' }], phones: [{ value: '+33 6 12 34 56 78', label: 'mobile' }], organizationName: 'Brasserie Étoile', department: 'Ventes', title: 'Directrice commerciale', location: 'Lyon, France' }],
    ['csv/contactos-es.csv', { givenName: 'Lucía', familyName: 'García Pérez', emails: [{ value: 'lucia.garcia@ejemplo.example' }], organizationName: 'Aceites del Sur', department: 'Exportación', title: 'Jefa de exportación', location: 'Sevilla', notes: 'Nos conocimos en Madrid' }],
    ['csv/contacten-nl.csv', { givenName: 'Sanne', familyName: 'de Vries', emails: [{ value: 'sanne@devries.example' }], organizationName: 'Tulp Logistiek', department: 'Planning', title: 'Planner', location: 'Utrecht' }],
    ['csv/contatti-it.csv', { givenName: 'Giulia', familyName: 'Rossi', emails: [{ value: 'giulia.rossi@esempio.example' }], phones: [{ value: '+39 333 000 0000', label: 'mobile' }], organizationName: 'Vigneti Toscani', department: 'Vendite', title: 'Responsabile vendite', location: 'Firenze' }],
    ['csv/contatos-pt.csv', { givenName: 'João', familyName: 'Silva', emails: [{ value: 'joao.silva@exemplo.example' }], organizationName: 'Cortiça Lusa', department: 'Compras', title: 'Comprador', location: 'Porto' }],
    ['csv/people-en.csv', { givenName: 'Ada', familyName: 'Quill', emails: [{ value: 'ada@lumen.example' }], organizationName: 'Lumen Works', linkedinUrl: 'https://www.linkedin.com/in/ada-quill', tags: ['Mentors', 'Friends'] }],
  ])('%s', (path, expected) => {
    const result = readContactFile(fixture(path));
    expect(result.format).toBe('csv');
    expect(result.rows[0]!.contact).toMatchObject(expected);
  });

  it('reports the columns no table knows, and reads none of them', () => {
    const result = readContactFile(fixture('csv/kontakte-de-excel.csv'));
    expect(result.mapping!.columns.filter((c) => !c.recognised)).toEqual([{ column: 'Lieblingsfarbe', field: 'ignore', recognised: false, sample: 'grün' }]);
    expect(allWarnings(result)).toEqual([{ line: 3, field: 'Geburtstag', message: '"31.02.1990" is not a date; left out' }]);
  });

  it('knows the usual headers of each language', () => {
    const cases: Array<[string, string, string?]> = [
      ['E-Mail-Adresse', 'email'],
      ['Courriel', 'email'],
      ['Correo electrónico', 'email'],
      ['E-mailadres', 'email'],
      ['Indirizzo e-mail', 'email'],
      ['Endereço de e-mail', 'email'],
      ['Telefon', 'phone'],
      ['Téléphone', 'phone'],
      ['Tel. dienstlich', 'phone', 'work'],
      ['Mobiel', 'phone', 'mobile'],
      ['Firma', 'organization'],
      ['Société', 'organization'],
      ['Empresa', 'organization'],
      ['Bedrijf', 'organization'],
      ['Azienda', 'organization'],
      ['Ville (bureau)', 'city', 'work'],
      ['Privat: Ort', 'city', 'home'],
      ['Web Page 2', 'website'],
      ['Work Email', 'email', 'work'],
      ['Email (Home)', 'email', 'home'],
    ];
    for (const [header, field, label] of cases) {
      const guess = guessField(header);
      expect(guess?.field, header).toBe(field);
      if (label) expect(guess?.label ?? guess?.group, header).toBe(label);
    }
    expect(guessField('E-mail Type')).toBeNull();
    expect(guessField('Favourite colour')).toBeNull();
  });

  it('still reads an Outlook export with the Outlook reader, and Outlook names beside other email columns by header', () => {
    expect(detectFormat('First Name,Last Name,E-mail Address,Company,Job Title\n')).toBe('outlook');
    expect(detectFormat('First Name,Last Name,Email,Company,Phone\n')).toBe('csv');
    expect(detectFormat('Vorname;Nachname;E-Mail-Adresse;Telefon;Firma\n')).toBe('csv');
  });
});

describe('a mapping chosen by the user', () => {
  const text = 'Courriel,Qui,Boîte,Surnom\nada@lumen.example,Ada Quill,Lumen,Ace\n';

  it('reads a column as the field the user chose, over the guess, and a column no table knows', () => {
    const result = readContactFile(Buffer.from(text), { mapping: { Qui: 'fullName', Boîte: 'organization' } });
    expect(result.rows[0]!.contact).toMatchObject({ givenName: 'Ada', familyName: 'Quill', emails: [{ value: 'ada@lumen.example' }], organizationName: 'Lumen' });
    expect(result.mapping!.columns.map((c) => [c.column, c.field, c.recognised])).toEqual([
      ['Courriel', 'email', true],
      ['Qui', 'fullName', true],
      ['Boîte', 'organization', true],
      ['Surnom', 'ignore', true],
    ]);
    // "ignore" turns a recognised column off.
    const ignored = readContactFile(Buffer.from(text), { mapping: { Courriel: 'ignore', Qui: 'fullName' } });
    expect(ignored.rows[0]!.contact.emails).toEqual([]);
  });

  it('reads a CSV none of whose headers is known once the user names the columns', () => {
    const bytes = Buffer.from('A,B,C\nAda,Quill,ada@lumen.example\n');
    expect(() => readContactFile(bytes)).toThrow(/Unrecognised file/);
    const result = readContactFile(bytes, { mapping: { A: 'givenName', B: 'familyName', C: 'email' } });
    expect(result.format).toBe('csv');
    expect(result.rows[0]!.contact).toMatchObject({ givenName: 'Ada', familyName: 'Quill', emails: [{ value: 'ada@lumen.example' }] });
  });

  it('refuses a column the file does not have, a field taken twice and a mapping that names no one, naming each column', () => {
    const problems = (mapping: Record<string, string>) => {
      try {
        planColumns(['Courriel', 'Qui', 'Boîte'], mapping as never);
      } catch (error) {
        expect(error).toBeInstanceOf(MappingError);
        return (error as MappingError).issues;
      }
      return [];
    };
    expect(problems({ Email: 'email' })).toEqual([{ column: 'Email', message: 'the file has no column "Email"; its columns are "Courriel", "Qui", "Boîte"' }]);
    expect(problems({ Qui: 'organization', Boîte: 'organization' })).toEqual([
      { column: 'Boîte', message: 'organization is already read from column "Qui": only emails, phones, web pages, notes, tags and address parts may come from several columns' },
    ]);
    expect(problems({ Courriel: 'ignore', Qui: 'ignore', Boîte: 'ignore' })).toEqual([{ column: '', message: 'no column gives a name, an email or an organization: no person could be read' }]);
    // Two emails are fine; a user's choice wins over a guess of the same field.
    expect(problems({ Qui: 'email' })).toEqual([]);
    expect(planColumns(['Name', 'Full Name'], { 'Full Name': 'fullName' }).map((p) => p.field)).toEqual(['ignore', 'fullName']);
  });

  it('refuses a mapping for a file whose columns are known (LinkedIn, Google, Outlook)', () => {
    const linkedin = Buffer.from('First Name,Last Name,URL,Email Address,Company,Position,Connected On\nAda,Quill,,,,,09 Oct 2024\n');
    expect(() => readContactFile(linkedin, { mapping: { Company: 'notes' } })).toThrow(MappingError);
  });
});
