import { describe, expect, it } from 'vitest';
import { canonicalLinkedInUrl, cleanName, linkedInHowWeMet, parseBirthday, parseDate } from './contact-fields.js';

describe('canonicalLinkedInUrl', () => {
  it.each([
    ['https://www.linkedin.com/in/ada-quill', 'https://www.linkedin.com/in/ada-quill'],
    ['https://www.linkedin.com/in/ada-quill/', 'https://www.linkedin.com/in/ada-quill'],
    ['http://linkedin.com/in/Ada-Quill?trk=people', 'https://www.linkedin.com/in/ada-quill'],
    ['https://UK.LinkedIn.com/in/ada-quill/en', 'https://www.linkedin.com/in/ada-quill'],
    ['www.linkedin.com/in/ada-quill#about', 'https://www.linkedin.com/in/ada-quill'],
    ['https://www.linkedin.com/in/j%c3%bcrgen-wei%c3%9f', 'https://www.linkedin.com/in/j%C3%BCrgen-wei%C3%9F'],
    ['https://www.linkedin.com/in/jürgen-weiß', 'https://www.linkedin.com/in/j%C3%BCrgen-wei%C3%9F'],
  ])('%s → %s', (raw, canonical) => {
    expect(canonicalLinkedInUrl(raw)).toBe(canonical);
  });

  it.each([
    '',
    'https://example.com/in/ada',
    'https://www.linkedin.com/company/lumen',
    'https://notlinkedin.com/in/ada',
    'mailto:ada@x.example',
    'https://www.linkedin.com/in/%E0%A4%A',
  ])('%s is not a profile URL', (raw) => {
    expect(canonicalLinkedInUrl(raw)).toBeNull();
  });
});

describe('parseDate', () => {
  it.each([
    ['09 Oct 2024', '2024-10-09'],
    ['9 October 2024', '2024-10-09'],
    ['5-Jan-26', '2026-01-05'],
    ['1/8/18, 6:14 PM', '2018-01-08'],
    ['12/24/2017', '2017-12-24'],
    ['24/12/2017', '2017-12-24'],
    ['12.04.1985', '1985-04-12'],
    ['2024-02-29', '2024-02-29'],
    ['Oct 9, 2024', '2024-10-09'],
  ])('%s → %s', (raw, iso) => {
    expect(parseDate(raw)).toBe(iso);
  });

  it.each(['31 Feb 2024', '2023-02-29', '13/13/2020', 'yesterday', '09 Okt 2024', ''])('%s is not a date', (raw) => {
    expect(parseDate(raw)).toBeNull();
  });
});

describe('parseBirthday', () => {
  it('keeps year-less birthdays year-less, and knows "no birthday" from "not a date"', () => {
    expect(parseBirthday('--07-23')).toBe('--07-23');
    expect(parseBirthday('--0229')).toBe('--02-29');
    expect(parseBirthday('1604-03-15')).toBe('--03-15');
    expect(parseBirthday('0/0/00')).toBeNull();
    expect(parseBirthday('')).toBeNull();
    expect(parseBirthday('--13-01')).toBeUndefined();
    expect(parseBirthday('soon')).toBeUndefined();
  });
});

describe('names and how we met', () => {
  it('collapses whitespace but keeps scripts and emoji', () => {
    expect(cleanName('\t Jo \u00a0 Ann  ')).toBe('Jo Ann');
    expect(cleanName('Priya 🚀 ')).toBe('Priya 🚀');
    expect(cleanName('Zoe\u0308')).toBe('Zoë');
  });

  it('writes the LinkedIn connection date as a person would say it', () => {
    expect(linkedInHowWeMet('2024-10-09')).toBe('Connected on LinkedIn on 9 Oct 2024');
    expect(linkedInHowWeMet(null)).toBe('Connected on LinkedIn');
  });
});
