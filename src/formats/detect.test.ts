import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FormatError } from './contact-import.types.js';
import { decodeText } from './decode.js';
import { EMPTY_FILE, UNRECOGNISED_FILE, detectFormat } from './detect.js';
import { readContactFile } from './read-contacts.js';

const fixture = (path: string) => readFileSync(new URL(`../../test/fixtures/imports/${path}`, import.meta.url));

describe('detectFormat reads the content, never the file name', () => {
  it.each([
    ['linkedin/connections-2024.csv', 'linkedin'],
    ['linkedin/connections-2022.csv', 'linkedin'],
    ['linkedin/connections-2019.csv', 'linkedin'],
    ['linkedin/connections-2018.csv', 'linkedin'],
    ['linkedin/connections-pre-2018.csv', 'linkedin'],
    ['linkedin/connections-excel-cp1252.csv', 'linkedin'],
    ['linkedin/connections-bom-blank-lines.csv', 'linkedin'],
    ['google/contacts-current.csv', 'google'],
    ['google/contacts-legacy-utf16.csv', 'google'],
    ['outlook/outlook-com.csv', 'outlook'],
    ['outlook/outlook-desktop-cp1252.csv', 'outlook'],
    ['outlook/outlook-german-cp1252.csv', 'outlook'],
    ['vcard/outlook-2.1-utf8-qp.vcf', 'vcard'],
    ['vcard/apple-google-3.0.vcf', 'vcard'],
    ['vcard/rfc-4.0.vcf', 'vcard'],
  ])('%s is %s', (path, format) => {
    expect(detectFormat(decodeText(fixture(path)))).toBe(format);
  });

  it('recognises a vCard after blank lines and in lower case', () => {
    expect(detectFormat('\n\nbegin:vcard\nversion:3.0\nfn:Ada\nend:vcard\n')).toBe('vcard');
  });

  it('tells a LinkedIn header from an Outlook one that shares First Name and Last Name', () => {
    expect(detectFormat('First Name,Last Name,Email Address,Company,Position,Connected On\n')).toBe('linkedin');
    expect(detectFormat('First Name,Last Name,E-mail Address,Company,Job Title\n')).toBe('outlook');
    expect(detectFormat('First Name,Last Name,Labels,E-mail 1 - Value\n')).toBe('google');
  });
});

describe('files that are not contact files', () => {
  const refuse = (bytes: Uint8Array) => {
    try {
      readContactFile(bytes);
    } catch (error) {
      return error;
    }
    throw new Error('expected a FormatError');
  };

  it('refuses a random text file with a message naming the formats it expects', () => {
    const error = refuse(Buffer.from('Dear Ada,\nthank you for the introduction to Bo.\nBest, Cy\n'));
    expect(error).toBeInstanceOf(FormatError);
    expect((error as FormatError).message).toBe(UNRECOGNISED_FILE);
  });

  it('refuses a CSV that is not a contact export', () => {
    expect((refuse(Buffer.from('Date,Amount,Payee\n2025-01-05,12.50,Bakery\n')) as FormatError).message).toBe(UNRECOGNISED_FILE);
  });

  it('refuses an empty file, or one with only blank lines, saying it is empty', () => {
    expect((refuse(new Uint8Array()) as FormatError).message).toBe(EMPTY_FILE);
    expect((refuse(Buffer.from('\r\n\r\n  \n')) as FormatError).message).toBe(EMPTY_FILE);
    expect((refuse(Buffer.from([0xef, 0xbb, 0xbf])) as FormatError).message).toBe(EMPTY_FILE);
  });

  it('refuses a binary file', () => {
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(2048)]);
    expect((refuse(png) as FormatError).message).toBe(UNRECOGNISED_FILE);
    const zip = Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(512)]);
    expect(refuse(zip)).toBeInstanceOf(FormatError);
  });
});
