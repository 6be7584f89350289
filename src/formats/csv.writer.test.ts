import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { writeCsv } from './csv.writer.js';

const columns = [
  { key: 'name', header: 'Name' },
  { key: 'emails', header: 'Emails' },
  { key: 'notes', header: 'Notes' },
  { key: 'score', header: 'Score' },
  { key: 'tags', header: 'Tags' },
];

describe('writeCsv', () => {
  const rows = [
    {
      name: 'Quill, Ada',
      emails: [{ value: 'ada@lumen.example', label: 'work' }, { value: 'ada.q@mail.example' }],
      notes: 'Said "call me"\nnext week',
      score: 3,
      tags: ['Mentors', 'Friends'],
    },
    { name: 'Дмитрий 🚀', emails: [], notes: null, score: undefined, tags: [] },
  ];
  const csv = writeCsv(columns, rows);

  it('writes RFC 4180: a header row, CRLF, quotes only where needed', () => {
    expect(csv.split('\r\n')[0]).toBe('Name,Emails,Notes,Score,Tags');
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv).toContain('"Quill, Ada"');
    expect(csv).toContain('"Said ""call me""\nnext week"');
    expect(csv).toContain('\r\nДмитрий 🚀,,,,\r\n');
  });

  it('joins lists with "; ", exports emails by value, and reads back to the same cells', () => {
    expect(parse(csv)).toEqual([
      ['Name', 'Emails', 'Notes', 'Score', 'Tags'],
      ['Quill, Ada', 'ada@lumen.example; ada.q@mail.example', 'Said "call me"\nnext week', '3', 'Mentors; Friends'],
      ['Дмитрий 🚀', '', '', '', ''],
    ]);
  });

  it('starts with a BOM only when asked, for Excel', () => {
    expect(csv.startsWith('\uFEFF')).toBe(false);
    expect(writeCsv(columns, rows, { bom: true }).startsWith('\uFEFFName,')).toBe(true);
  });

  it('can neutralise spreadsheet formulas', () => {
    const risky = writeCsv([{ key: 'v', header: 'V' }], [{ v: '=HYPERLINK("http://x.example")' }], { escapeFormulas: true });
    expect(parse(risky)[1]![0]).toBe(`'=HYPERLINK("http://x.example")`);
  });

  it('writes dates as ISO and the header alone for no rows', () => {
    expect(writeCsv([{ key: 'at', header: 'At' }], [{ at: new Date('2025-01-05T10:00:00Z') }])).toBe('At\r\n2025-01-05T10:00:00.000Z\r\n');
    expect(writeCsv(columns, [])).toBe('Name,Emails,Notes,Score,Tags\r\n');
  });
});
