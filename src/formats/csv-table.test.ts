import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findHeader, parseCsvRecords, splitCsvLine } from './csv-table.js';

// Cells drawn from the characters that make CSV hard, plus text in several scripts.
const cell = fc.string({ unit: fc.constantFrom('a', 'Z', ' ', ',', ';', '"', '\n', 'é', 'Д', '🚀', '\t'), maxLength: 12 });
const records = fc.array(fc.array(cell, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 20 });

describe('parseCsvRecords', () => {
  it('reads back exactly what csv-stringify wrote, agreeing with csv-parse, with the line each record starts on', () => {
    fc.assert(
      fc.property(records, (input) => {
        const text = stringify(input, { record_delimiter: '\n' });
        const { records: output, broken } = parseCsvRecords(text, 1);
        expect(broken).toEqual([]);
        const expected = input.map((cells) => (cells.length === 1 && cells[0] === '' ? [''] : cells));
        expect(output.map((r) => r.cells)).toEqual(expected);
        expect(output.map((r) => r.cells)).toEqual(parse(text, { relax_column_count: true, skip_empty_lines: false }));
        let line = 1;
        input.forEach((cells, i) => {
          expect(output[i]!.line).toBe(line);
          line += 1 + cells.join('').split('\n').length - 1;
        });
      }),
      { numRuns: 300 },
    );
  });

  it('reports an unclosed quote on the line its record starts and resumes on the next line', () => {
    const { records: output, broken } = parseCsvRecords('a,b\n"c,d\ne,f\ng,h', 10);
    expect(broken).toEqual([{ line: 11, reason: 'a quoted cell is never closed (a missing ")' }]);
    expect(output).toEqual([
      { line: 10, cells: ['a', 'b'] },
      { line: 12, cells: ['e', 'f'] },
      { line: 13, cells: ['g', 'h'] },
    ]);
  });

  it('keeps a stray quote inside an unquoted cell and text after a closing quote', () => {
    expect(parseCsvRecords('5" screen,"Ada" Quill\n', 1).records[0]!.cells).toEqual(['5" screen', 'Ada Quill']);
  });

  it('reads semicolon-separated files', () => {
    expect(parseCsvRecords('a;"b;c";d', 1, ';').records[0]!.cells).toEqual(['a', 'b;c', 'd']);
  });
});

describe('findHeader', () => {
  it('skips preamble lines until the classifier recognises a header', () => {
    const text = 'Notes:\n"A sentence, with a comma."\n\nFirst Name,Last Name\nAda,Quill\n';
    const header = findHeader(text, (cells) => (cells.includes('First Name') ? 'yes' : null));
    expect(header).toMatchObject({ line: 4, cells: ['First Name', 'Last Name'], delimiter: ',' });
    expect(text.slice(header!.bodyOffset)).toBe('Ada,Quill\n');
  });

  it('splits a quoted header line', () => {
    expect(splitCsvLine('"Title","First ""Name""",Last')).toEqual(['Title', 'First "Name"', 'Last']);
  });
});
