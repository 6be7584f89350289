import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateLinkedInCsv } from '../../test/support/generators/linkedin-csv.generator.js';
import { FormatError, type ImportRow, type ImportSkip } from './contact-import.types.js';
import { csvRecords, HEADER_SEARCH_LINES, MAX_RECORD_CHARS, normalisedChunks, parseCsvRecords, RECORD_TOO_LONG } from './csv-table.js';
import { readGoogleCsv } from './google-csv.reader.js';
import { readLinkedInCsv } from './linkedin-csv.reader.js';
import { readContactFile } from './read-contacts.js';
import { readVCards } from './vcard.reader.js';

/*
 * Readers take text in pieces and hand each record over as soon as it is read: memory is
 * bounded by one record and the caller's drafts, never by the file's records. How much memory
 * and time a whole import takes is measured in `npm run bench`.
 */

/** Cuts text at the given fractions of its length. */
function cut(text: string, at: number[]): string[] {
  const points = [...new Set(at.map((p) => Math.floor(p * text.length)))].sort((a, b) => a - b);
  const out: string[] = [];
  let from = 0;
  for (const point of points) {
    out.push(text.slice(from, point));
    from = point;
  }
  out.push(text.slice(from));
  return out;
}

const cuts = fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { maxLength: 30 });

describe('reading text in pieces', () => {
  it('gives the same CSV records wherever the text is cut, CRLF split across pieces included', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', ',', '"', '\n', '\r\n', 'é', '🚀', ' '), maxLength: 8 });
    const csv = fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 15 }).map((rows) =>
      rows.map((cells) => cells.map((c) => (/[",\n\r]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join('\r\n'),
    );
    fc.assert(
      fc.property(csv, cuts, (text, at) => {
        const whole = parseCsvRecords([...normalisedChunks(text)].join(''), 1);
        const broken: ImportSkip[] = [];
        const pieces = [...csvRecords(normalisedChunks(cut(text, at)), 1, ',', broken)];
        expect(pieces).toEqual(whole.records);
        expect(broken).toEqual(whole.broken);
      }),
      { numRuns: 400 },
    );
  });

  it('gives the same contacts from a LinkedIn export and a vCard file wherever they are cut', () => {
    const linkedin = generateLinkedInCsv(60, 5).replace(/\n/g, '\r\n');
    const vcard = [
      'BEGIN:VCARD\r\nVERSION:2.1\r\nN:Marchal;=C3=89tienne\r\nNOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:Rencontr=C3=A9 au salon=\r\n de Lyon.\r\nEND:VCARD',
      'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Quill\r\nN:Quill;Ada;;;\r\nNOTE:first half\r\n  and the second\r\nEMAIL:ada@example.org\r\nEND:VCARD',
      'BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Bo Li\r\nTEL;VALUE=uri:tel:+1-555-0100\r\n',
    ].join('\r\n');
    fc.assert(
      fc.property(cuts, (at) => {
        expect(readLinkedInCsv(cut(linkedin, at))).toEqual(readLinkedInCsv(linkedin));
        expect(readVCards(cut(vcard, at))).toEqual(readVCards(vcard));
      }),
      { numRuns: 200 },
    );
  });
});

describe('bounded memory', () => {
  /** One LinkedIn row per piece, made only when the reader asks for it. */
  function* connections(count: number, pulled: { n: number }): Generator<string> {
    yield 'First Name,Last Name,URL,Email Address,Company,Position,Connected On\n';
    for (let i = 0; i < count; i++) {
      pulled.n++;
      yield `Person${i},Number${i},https://www.linkedin.com/in/p-${i},,Company ${i % 50},Engineer,09 Oct 2024\n`;
    }
  }

  it('hands each row over before it reads far ahead: never more than a few rows held', () => {
    const pulled = { n: 0 };
    let delivered = 0;
    let most = 0;
    let mostAtStart = 0;
    const sink = {
      row: (row: ImportRow) => {
        delivered++;
        // The first lines are read together to find the header (below a preamble); after that,
        // one row at a time.
        if (delivered <= HEADER_SEARCH_LINES) mostAtStart = Math.max(mostAtStart, pulled.n - delivered);
        else most = Math.max(most, pulled.n - delivered);
        if (delivered % 1000 === 1 && row.contact.givenName !== `Person${delivered - 1}`) throw new Error(`row ${delivered} out of order`);
      },
      skip: () => undefined,
    };
    const result = readLinkedInCsv(connections(20_000, pulled), { sink });
    expect(delivered).toBe(20_000);
    expect(result.rows).toEqual([]); // the sink took them
    expect(mostAtStart).toBeLessThanOrEqual(HEADER_SEARCH_LINES);
    expect(most).toBeLessThanOrEqual(1);
  });

  it('refuses a file past the record limit as soon as it meets the record past it, before reading the rest', () => {
    const pulled = { n: 0 };
    let error: unknown;
    try {
      readLinkedInCsv(connections(1_000_000, pulled), { maxRecords: 1_000, sink: { row: () => undefined, skip: () => undefined } });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FormatError);
    expect((error as FormatError).message).toMatch(/more than 1,000 records, the most one import takes .* nothing was imported/);
    expect(pulled.n).toBeLessThan(1_010);
  });

  it('counts blank rows and hidden members against the limit too (a file of ten million tiny rows)', () => {
    const header = 'First Name,Last Name,URL,Email Address,Company,Position,Connected On\n';
    expect(() => readContactFile(Buffer.from(header + 'a\n'.repeat(100_001)))).toThrow(/more than 100,000 records/);
    expect(() => readContactFile(Buffer.from(header + '\n'.repeat(100_001)))).toThrow(/more than 100,000 records/);
    expect(readContactFile(Buffer.from(header + ',,,,,,01 Jan 2020\n'.repeat(100_000))).skipped).toHaveLength(100_000);
  });

  it('refuses a vCard file with more cards than the limit', () => {
    const card = 'BEGIN:VCARD\nVERSION:3.0\nFN:A\nEND:VCARD\n';
    expect(() => readVCards(card.repeat(11), { maxRecords: 10 })).toThrow(FormatError);
    expect(readVCards(card.repeat(10), { maxRecords: 10 }).rows).toHaveLength(10);
  });

  it('skips a record longer than the record bound, and reads on after it', () => {
    const header = 'First Name,Last Name,Labels,E-mail 1 - Value\n';
    const huge = `Ada,Quill,"${'x'.repeat(MAX_RECORD_CHARS + 10)}\nBo,Li,,bo@example.org\n`;
    const result = readGoogleCsv(header + huge);
    expect(result.skipped).toEqual([{ line: 2, reason: RECORD_TOO_LONG }]);
    expect(result.rows.map((r) => r.contact.givenName)).toEqual(['Bo']);
    const noBreaks = readGoogleCsv(`${header}Ada,${'y'.repeat(3 * MAX_RECORD_CHARS)}\nBo,Li,,bo@example.org\n`);
    expect(noBreaks.skipped).toEqual([{ line: 2, reason: RECORD_TOO_LONG }]);
    expect(noBreaks.rows.map((r) => r.contact.givenName)).toEqual(['Bo']);
  });

  it('reads a card whose photo is megabytes long without joining the photo', () => {
    const photo = `PHOTO;ENCODING=b;TYPE=JPEG:${'QUJD'.repeat(40)}\r\n${` ${'QUJD'.repeat(18)}\r\n`.repeat(100_000)}`;
    const result = readVCards(`BEGIN:VCARD\r\nVERSION:3.0\r\nN:Quill;Ada;;;\r\n${photo}EMAIL:ada@example.org\r\nEND:VCARD\r\n`);
    expect(result.rows[0]!.contact).toMatchObject({ givenName: 'Ada', emails: [{ value: 'ada@example.org' }] });
  });

  it('reads the first thousand properties of a card that has millions', () => {
    const result = readVCards(`BEGIN:VCARD\nVERSION:3.0\nFN:Ada Quill\nN:Quill;Ada;;;\n${'X-JUNK:x\n'.repeat(200_000)}EMAIL:late@example.org\nEND:VCARD\n`);
    expect(result.rows[0]!.contact.emails).toEqual([]);
    expect(result.rows[0]!.warnings).toEqual([{ line: 1, field: 'vCard', message: 'more than 1,000 properties: the rest were not read' }]);
  });
});
