import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { allWarnings } from './contact-fields.js';
import type { ExportableContact, ImportedContact } from './contact-import.types.js';
import { readContactFile } from './read-contacts.js';
import { writeVCards } from './vcard.writer.js';

const longNote =
  'Met at the Lisbon meetup, table 3; asked about the platform team.\nFollow up in May — bring the C:\\reports folder. ' +
  'Она говорила о найме инженеров 🚀🇺🇦 и о платформе данных. Η συνάντηση ήταν πολύ χρήσιμη.';

const contacts: ExportableContact[] = [
  {
    id: '0190f1a2-7c3e-7b4d-9a10-1234567890ab',
    updatedAt: '2025-11-14T09:30:00.000Z',
    givenName: 'Ada',
    middleName: 'Marie',
    familyName: 'Quill',
    fullName: 'Dr. Ada Marie Quill',
    emails: [{ value: 'ada@lumen.example', label: 'work' }, { value: 'ada.q@mail.example' }, { value: 'pa@lumen.example', label: 'Assistant' }],
    phones: [
      { value: '+44 7700 900123', label: 'mobile' },
      { value: '+1-555-0100', label: 'work' },
      { value: '+44 20 7946 0958', label: 'Reception desk' },
    ],
    linkedinUrl: 'https://www.linkedin.com/in/ada-quill',
    organizationName: 'Lumen Works, Inc.; Platform',
    department: 'Robotics Lab; Perception',
    title: 'Staff Engineer',
    location: 'Lyon, Auvergne-Rhône-Alpes, France',
    notes: longNote,
    howWeMet: 'Connected on LinkedIn on 9 Oct 2024',
    connectedOn: '2024-10-09',
    birthday: '1985-04-12',
    tags: ['Mentors', 'Book club, Lisbon'],
  },
  {
    id: '01JCQ4ZK8Y6V2N3M4P5R6S7T8U',
    givenName: 'Дмитрий',
    familyName: 'Соколов-Αλεξίου',
    emails: [{ value: 'dmitry@example.org' }],
    phones: [],
    linkedinUrl: 'https://www.linkedin.com/in/%D0%B4%D0%BC%D0%B8%D1%82%D1%80%D0%B8%D0%B9-7a9',
    organizationName: 'Северный Ветер',
    title: null,
    location: 'Berlin, Germany',
    notes: 'Ελένη 🚀'.repeat(12),
    howWeMet: null,
    connectedOn: null,
    birthday: '--07-23',
    tags: [],
  },
  {
    id: 'org-42',
    givenName: '',
    familyName: '',
    emails: [{ value: 'info@kestrel.example' }],
    phones: [{ value: '+1 555 0199' }],
    linkedinUrl: null,
    organizationName: 'Kestrel Freight',
    title: null,
    location: 'Rotterdam',
    notes: null,
    howWeMet: null,
    connectedOn: null,
    birthday: null,
    tags: [],
  },
];

function parseWithIcal(text: string): ICAL.Component[] {
  const parsed = ICAL.parse(text) as unknown[];
  const jcards = typeof parsed[0] === 'string' ? [parsed] : parsed;
  return jcards.map((jcard) => new ICAL.Component(jcard as unknown[]));
}

function withoutExportFields({ id: _id, updatedAt: _updatedAt, ...contact }: ExportableContact): ImportedContact {
  return contact;
}

describe.each(['3.0', '4.0'] as const)('writeVCards %s', (version) => {
  const text = writeVCards(contacts, version);

  it('ends every physical line with CRLF and keeps it within 75 octets', () => {
    expect(text.endsWith('\r\n')).toBe(true);
    const lines = text.slice(0, -2).split('\r\n');
    expect(lines.some((l) => l.includes('\n') || l.includes('\r'))).toBe(false);
    for (const line of lines) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    expect(lines.filter((l) => l.startsWith(' ')).length).toBeGreaterThan(3);
  });

  it('never splits a UTF-8 character when folding', () => {
    const bytes = Buffer.from(text, 'utf8');
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).not.toThrow();
    for (const line of text.split('\r\n')) expect(line).not.toMatch(/[\uD800-\uDBFF]$/);
  });

  it('is read by ical.js with the same fields', () => {
    const cards = parseWithIcal(text);
    expect(cards).toHaveLength(3);
    const [ada, dmitry, kestrel] = cards as [ICAL.Component, ICAL.Component, ICAL.Component];

    expect(ada.getFirstPropertyValue('version')).toBe(version);
    expect(ada.getFirstPropertyValue('fn')).toBe('Dr. Ada Marie Quill');
    expect(ada.getFirstPropertyValue('n')).toEqual(['Quill', 'Ada', 'Marie', '', '']);
    expect([ada.getFirstPropertyValue('org')].flat()).toEqual(['Lumen Works, Inc.; Platform', 'Robotics Lab; Perception']);
    expect(ada.getFirstPropertyValue('title')).toBe('Staff Engineer');
    // RFC 2426 requires \; in 3.0 text; ical.js only unescapes it inside N, ORG and ADR.
    const expectedNote = version === '3.0' ? longNote.replace(/;/g, '\\;') : longNote;
    expect(ada.getFirstPropertyValue('note')).toBe(expectedNote);
    expect(ada.getAllProperties('email').map((p) => p.getFirstValue())).toEqual(['ada@lumen.example', 'ada.q@mail.example', 'pa@lumen.example']);
    const preferred = ada.getAllProperties('email')[0]!;
    if (version === '3.0') expect(preferred.getParameter('type')).toEqual(['INTERNET', 'WORK', 'pref']);
    else expect(preferred.getParameter('pref')).toBe('1');
    expect(ada.getAllProperties('categories')[0]!.getValues()).toEqual(['Mentors', 'Book club, Lisbon']);
    expect(ada.getFirstPropertyValue('url')).toBe('https://www.linkedin.com/in/ada-quill');
    const social = ada.getFirstProperty(version === '3.0' ? 'x-socialprofile' : 'socialprofile')!;
    expect(social.getFirstValue()).toBe('https://www.linkedin.com/in/ada-quill');
    expect(String(ada.getFirstPropertyValue('uid'))).toBe('urn:uuid:0190f1a2-7c3e-7b4d-9a10-1234567890ab');
    expect(String(ada.getFirstPropertyValue('rev'))).toMatch(/^2025-11-14T09:30:00Z?$/);
    expect(ada.getFirstProperty('adr')!.getFirstValue()).toEqual(['', '', '', 'Lyon', 'Auvergne-Rhône-Alpes', '', 'France']);

    expect(dmitry.getFirstPropertyValue('fn')).toBe('Дмитрий Соколов-Αλεξίου');
    expect(dmitry.getFirstPropertyValue('note')).toBe('Ελένη 🚀'.repeat(12));
    expect(String(dmitry.getFirstPropertyValue('uid'))).toBe('01JCQ4ZK8Y6V2N3M4P5R6S7T8U');

    expect(kestrel.getFirstPropertyValue('fn')).toBe('Kestrel Freight');
    if (version === '4.0') expect(kestrel.getFirstPropertyValue('kind')).toBe('org');
    else expect(kestrel.getFirstPropertyValue('x-abshowas')).toBe('COMPANY');
  });

  it('round-trips through readContactFile to the same contacts', () => {
    const result = readContactFile(Buffer.from(text, 'utf8'));
    expect(result.format).toBe('vcard');
    expect(allWarnings(result)).toEqual([]);
    expect(result.rows.map((r) => r.contact)).toEqual(contacts.map(withoutExportFields));
  });
});

describe('writeVCards details', () => {
  it('writes year-less birthdays the way each version expects', () => {
    expect(writeVCards([contacts[1]!], '3.0')).toContain('\r\nBDAY:--07-23\r\n');
    expect(writeVCards([contacts[1]!], '4.0')).toContain('\r\nBDAY:--0723\r\n');
    expect(writeVCards([contacts[0]!], '4.0')).toContain('\r\nBDAY:19850412\r\n');
  });

  it('writes a tel: URI in 4.0 only when the number has no spaces', () => {
    const text = writeVCards([contacts[0]!], '4.0');
    expect(text).toContain('TEL;VALUE=uri;TYPE=work:tel:+1-555-0100');
    expect(text).toContain('TEL;VALUE=text;TYPE=cell;PREF=1:+44 7700 900123');
  });

  it('returns an empty string for no contacts', () => {
    expect(writeVCards([], '4.0')).toBe('');
  });
});
