import { describe, expect, it } from 'vitest';
import { buildSearchText, displayName, foldText, nameSortKey, searchTerms } from './text.js';

describe('text normalisation', () => {
  it('finds accented names by their plain spelling', () => {
    expect(foldText('  José   NÚÑEZ ')).toBe('jose nunez');
    expect(buildSearchText(['Zoë', null, 'Ærø Ltd'])).toContain('zoe');
  });

  it('keeps non-Latin scripts searchable in lower case', () => {
    expect(foldText('Дмитрий ИВАНОВ')).toBe('дмитрий иванов');
    expect(foldText('Ελένη')).toBe('ελενη');
  });

  it('shows a person with only one name by that name', () => {
    expect(displayName('Stan', '')).toBe('Stan');
    expect(displayName(' Stan ', ' Fields ')).toBe('Stan Fields');
    expect(displayName('', 'Fields')).toBe('Fields');
  });

  it('sorts by family name, then given name, ignoring case and accents', () => {
    const people = [
      ['anna', 'Zimmer'],
      ['Bob', 'Ábel'],
      ['Adam', 'abel'],
    ] as const;
    const sorted = [...people].sort((a, b) => nameSortKey(a[0], a[1]).localeCompare(nameSortKey(b[0], b[1])));
    expect(sorted.map((p) => p[0])).toEqual(['Adam', 'Bob', 'anna']);
  });

  it('splits a query into folded words and ignores extra spaces', () => {
    expect(searchTerms('  Stan   ACME ')).toEqual(['stan', 'acme']);
    expect(searchTerms('   ')).toEqual([]);
  });
});
