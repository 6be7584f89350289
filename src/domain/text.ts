/**
 * Text normalisation shared by search, sorting and matching: case, accents and whitespace
 * must not decide whether "José  Núñez" is found by "jose nunez". Marks are dropped only from
 * Latin and Greek letters: in Cyrillic "й" is its own letter, not an accented "и".
 */
export function foldText(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/([\p{Script=Latin}\p{Script=Greek}])\p{M}+/gu, '$1')
    .normalize('NFC')
    .toLowerCase()
    .replace(/\s+/gu, ' ')
    .trim();
}

/**
 * The name shown for a person: the full name as they write it when there is one ("Mr. John
 * Richter James Doe Sr.", from a vCard's FN), else given and family name. Sorting and
 * search keep using the given and family names.
 */
export function displayName(givenName: string, familyName: string, fullName?: string | null): string {
  const full = fullName?.trim();
  if (full) return full;
  return [givenName.trim(), familyName.trim()].filter(Boolean).join(' ');
}

/** Sorts by family name, then given name; a person with only one name sorts by it. */
export function nameSortKey(givenName: string, familyName: string): string {
  const family = foldText(familyName);
  const given = foldText(givenName);
  return family ? `${family}\u0001${given}` : given;
}

/** The words a person may type to find a record; each must appear somewhere in the haystack. */
export function searchTerms(query: string): string[] {
  return foldText(query)
    .split(' ')
    .filter((t) => t.length > 0)
    .slice(0, 8);
}

export function buildSearchText(parts: ReadonlyArray<string | null | undefined>): string {
  return foldText(parts.filter((p): p is string => Boolean(p)).join(' '));
}

/** What a contact is found by: names, emails, organization, title and place. One definition for every writer. */
export function contactSearchText(
  c: { givenName: string; familyName: string; emails: readonly string[]; title: string | null; location: string | null },
  organizationName: string | null,
): string {
  return buildSearchText([c.givenName, c.familyName, ...c.emails, organizationName, c.title, c.location]);
}
