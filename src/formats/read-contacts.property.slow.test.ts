import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateLinkedInCsv } from '../../test/support/generators/linkedin-csv.generator.js';
import { FormatError, type ReadResult } from './contact-import.types.js';
import { readContactFile } from './read-contacts.js';
import { allWarnings } from './contact-fields.js';
import { TOO_MANY_BROKEN_QUOTES } from './csv-table.js';

/*
 * Whatever bytes a user uploads, readContactFile either throws a FormatError or returns
 * fully formed rows: never a TypeError from deep inside a reader, never a half-read contact.
 */

const root = new URL('../../test/fixtures/imports/', import.meta.url);
const fixtures: Buffer[] = ['linkedin', 'google', 'outlook', 'vcard'].flatMap((dir) =>
  readdirSync(new URL(`${dir}/`, root)).map((name) => readFileSync(new URL(`${dir}/${name}`, root))),
);
fixtures.push(Buffer.from(generateLinkedInCsv(40, 3), 'utf8'));

const nullableString = (v: unknown) => v === null || typeof v === 'string';
const labelled = (v: unknown) =>
  Array.isArray(v) &&
  v.every((e: { value?: unknown; label?: unknown }) => typeof e.value === 'string' && e.value !== '' && (e.label === undefined || typeof e.label === 'string'));

function expectWellFormed(result: ReadResult): void {
  // A damaged file may read as another kind (a LinkedIn header missing a byte is a CSV mapped by its headers), never as nothing.
  expect(['linkedin', 'google', 'outlook', 'thunderbird', 'csv', 'vcard']).toContain(result.format);
  for (const { line, contact } of result.rows) {
    expect(Number.isInteger(line) && line >= 1).toBe(true);
    expect(typeof contact.givenName).toBe('string');
    expect(typeof contact.familyName).toBe('string');
    expect(contact.middleName === undefined || typeof contact.middleName === 'string').toBe(true);
    expect(labelled(contact.emails)).toBe(true);
    expect(labelled(contact.phones)).toBe(true);
    expect(contact.emails.every((e) => e.value === e.value.toLowerCase())).toBe(true);
    expect(Array.isArray(contact.tags) && contact.tags.every((t) => typeof t === 'string' && t !== '')).toBe(true);
    for (const key of ['organizationName', 'title', 'location', 'notes', 'howWeMet'] as const) {
      expect(nullableString(contact[key])).toBe(true);
    }
    expect(contact.linkedinUrl === null || contact.linkedinUrl.startsWith('https://www.linkedin.com/in/')).toBe(true);
    expect(contact.connectedOn === null || /^\d{4}-\d{2}-\d{2}$/.test(contact.connectedOn)).toBe(true);
    expect(contact.birthday === null || /^(\d{4}|-)-\d{2}-\d{2}$/.test(contact.birthday)).toBe(true);
    expect(Boolean(contact.givenName || contact.familyName || contact.emails.length || contact.organizationName)).toBe(true);
  }
  // The safety nets that turn a reader bug into a problem must never be what caught something.
  expect(result.skipped.filter((s) => s.reason.startsWith('this record could not be read'))).toEqual([]);
  for (const entry of result.skipped) {
    expect(Number.isInteger(entry.line) && entry.line >= 1).toBe(true);
    expect(typeof entry.reason).toBe('string');
  }
  for (const warning of allWarnings(result)) {
    expect(Number.isInteger(warning.line) && warning.line >= 1).toBe(true);
    expect(typeof warning.field === 'string' && warning.field !== '').toBe(true);
    // Quoted values never carry control characters to a terminal.
    // eslint-disable-next-line no-control-regex
    expect(warning.message).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
  }
}

function readsOrRefuses(bytes: Uint8Array): void {
  let result: ReadResult;
  try {
    result = readContactFile(bytes);
  } catch (error) {
    if (error instanceof FormatError && !error.message.startsWith('The file could not be read')) return;
    throw error;
  }
  expectWellFormed(result);
}

type Mutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'swapLines'; a: number; b: number }
  | { kind: 'duplicateLine'; a: number };

const position = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: position }),
  fc.record({ kind: fc.constant('insert' as const), at: position, bytes: fc.constantFrom(...['"', '""', ',', '\n', '\r\n', ' ', '=', ':', ';', '\\', 'BEGIN:VCARD\n', 'END:VCARD\n', '\u00ff'].map((s) => Buffer.from(s, 'latin1'))) }),
  fc.record({ kind: fc.constant('insert' as const), at: position, bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
  fc.record({ kind: fc.constant('delete' as const), at: position, length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('swapLines' as const), a: position, b: position }),
  fc.record({ kind: fc.constant('duplicateLine' as const), a: position }),
);

function mutate(input: Buffer, m: Mutation): Buffer {
  const at = (p: number) => Math.floor(p * (input.length + 1));
  switch (m.kind) {
    case 'truncate':
      return input.subarray(0, at(m.at));
    case 'insert':
      return Buffer.concat([input.subarray(0, at(m.at)), m.bytes, input.subarray(at(m.at))]);
    case 'delete':
      return Buffer.concat([input.subarray(0, at(m.at)), input.subarray(at(m.at) + m.length)]);
    case 'swapLines':
    case 'duplicateLine': {
      const lines = input.toString('latin1').split('\n');
      const i = Math.floor(m.a * lines.length);
      if (m.kind === 'duplicateLine') lines.splice(i, 0, lines[i]!);
      else {
        const j = Math.floor(m.b * lines.length);
        [lines[i], lines[j]] = [lines[j]!, lines[i]!];
      }
      return Buffer.from(lines.join('\n'), 'latin1');
    }
  }
}

const HEADERS = [
  'First Name,Last Name,URL,Email Address,Company,Position,Connected On',
  'First Name,Middle Name,Last Name,Labels,E-mail 1 - Label,E-mail 1 - Value,Phone 1 - Value,Birthday,Website 1 - Value',
  '"Title","First Name","Last Name","Company","Job Title","E-mail Address","Birthday","Mobile Phone"',
  'BEGIN:VCARD\nVERSION:3.0',
];
const csvish = fc.string({ unit: fc.constantFrom('a', '@', '.', ',', '"', '\n', '\r', ';', ':', ' ', 'é', '🚀', '-', '/', '1', '9', '\\', '='), maxLength: 400 });

describe('readContactFile never throws anything but FormatError', () => {
  it('on random bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 2000 }), readsOrRefuses), { numRuns: 500 });
  });

  it('on random text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 1000 }), (text) => readsOrRefuses(Buffer.from(text, 'utf8'))), { numRuns: 500 });
  });

  it('on a valid header followed by random CSV-like or vCard-like text', () => {
    fc.assert(
      fc.property(fc.constantFrom(...HEADERS), csvish, (header, body) => readsOrRefuses(Buffer.from(`${header}\n${body}`, 'utf8'))),
      { numRuns: 1000 },
    );
  });

  it('on random mutations of every fixture (truncate, insert quotes, delete bytes, swap lines)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...fixtures), fc.array(mutation, { minLength: 1, maxLength: 5 }), (fixture, mutations) => {
        readsOrRefuses(mutations.reduce(mutate, fixture));
      }),
      { numRuns: 1500 },
    );
  });

  it('reads every unmutated fixture without throwing', () => {
    for (const fixture of fixtures) expectWellFormed(readContactFile(fixture));
  });
});

describe('hostile input does not hang the reader', () => {
  // A catastrophic pattern (backtracking, rescanning) on 200,000 characters runs for minutes:
  // the test's time limit catches that. How fast reading is, is measured in `npm run bench`.
  const HANG = 15_000;
  const spaces = ' '.repeat(200_000);

  it('long runs of whitespace in cells that are split or pattern-matched', () => {
    const google = `First Name,Labels,Phone 1 - Value,E-mail 1 - Value\nAda,"a${spaces}b","1${spaces}a","a${spaces}@b"\n`;
    const result = readContactFile(Buffer.from(google));
    // Values over the contact's limits are left out with a warning; the person is kept.
    expect(result.rows).toHaveLength(1);
    expect(allWarnings(result).map((w) => w.field).sort()).toEqual(['E-mail 1 - Value', 'Phone 1 - Value']);
  }, HANG);

  it('a vCard value folded over thousands of lines', () => {
    const folded = `BEGIN:VCARD\nVERSION:3.0\nFN:Ada\nNOTE:x=\n${' abcdefghij='.repeat(20_000).replace(/=/g, '=\n').trimEnd()}\nEND:VCARD\n`;
    const result = readContactFile(Buffer.from(folded));
    expect(result.rows.length + result.skipped.length).toBe(1);
  }, HANG);

  it('a quote left open on every line (each would otherwise rescan to the end of the file)', () => {
    const header = 'First Name,Last Name,URL,Email Address,Company,Position,Connected On\n';
    const bytes = Buffer.from(header + ',"a",,"\n'.repeat(20_000));
    expect(() => readContactFile(bytes)).toThrow(TOO_MANY_BROKEN_QUOTES);
  }, HANG);
});
