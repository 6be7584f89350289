import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeText, normaliseText } from './decode.js';

const text = 'First Name,Last Name\r\nZoë,Weiß – €\r\n';
const expected = 'First Name,Last Name\nZoë,Weiß – €\n';

describe('decodeText', () => {
  it('reads UTF-8 with and without a BOM', () => {
    expect(decodeText(Buffer.from(text, 'utf8'))).toBe(expected);
    expect(decodeText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]))).toBe(expected);
  });

  it('reads UTF-16 LE and BE, with a BOM and by the pattern of NUL bytes without one', () => {
    const le = iconv.encode(text, 'utf16-le');
    const be = iconv.encode(text, 'utf16-be');
    expect(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), le]))).toBe(expected);
    expect(decodeText(Buffer.concat([Buffer.from([0xfe, 0xff]), be]))).toBe(expected);
    expect(decodeText(le)).toBe(expected);
    expect(decodeText(be)).toBe(expected);
  });

  it('falls back to Windows-1252 (not Latin-1) when the bytes are not UTF-8', () => {
    const bytes = iconv.encode(text, 'windows-1252');
    expect(bytes.includes(0x96)).toBe(true); // the en dash, undefined in Latin-1
    expect(decodeText(bytes)).toBe(expected);
  });

  it('turns CRLF and lone CR into LF without changing the number of lines', () => {
    expect(decodeText(Buffer.from('a\r\nb\rc\nd'))).toBe('a\nb\nc\nd');
    expect(normaliseText('\uFEFFx\r\n"multi\r\nline"')).toBe('x\n"multi\nline"');
  });

  it('repairs a UTF-8 character that a vCard writer split across a fold', () => {
    const bytes = Buffer.concat([Buffer.from('NOTE:Zo'), Buffer.from([0xc3]), Buffer.from('\r\n '), Buffer.from([0xab]), Buffer.from(' Weiß\r\n')]);
    expect(decodeText(bytes)).toBe('NOTE:Zoë\n  Weiß\n');
  });

  it('accepts a Uint8Array view into a larger buffer', () => {
    const backing = Buffer.from(`xxxx${text}`, 'utf8');
    expect(decodeText(new Uint8Array(backing.buffer, backing.byteOffset + 4, backing.length - 4))).toBe(expected);
  });
});
