import { describe, expect, it } from 'vitest';
import {
  ContactMatcher,
  fillEmpty,
  findSamePerson,
  givenNameForms,
  linkedinKey,
  nameKeys,
  phoneKey,
  planImport,
  sameGivenName,
  type ContactDraft,
  type MatchTarget,
} from './matching.js';

const draft = (over: Partial<ContactDraft> = {}): ContactDraft => ({
  givenName: '',
  familyName: '',
  emails: [],
  phones: [],
  linkedinUrl: null,
  organizationName: null,
  title: null,
  location: null,
  notes: null,
  howWeMet: null,
  tags: [],
  ...over,
});

const stored = (id: string, over: Partial<ContactDraft>, deleted = false): MatchTarget => ({ id, deleted, draft: draft(over) });

describe('nicknames', () => {
  it.each([
    ['Bob', 'Robert'],
    ['bill', 'William'],
    ['Liz', 'Elizabeth'],
    ['Kate', 'Katherine'],
    ['Mike', 'Michael'],
    ['Jim', 'James'],
    ['Dave', 'David'],
    ['Tom', 'Thomas'],
    ['Alex', 'Alexander'],
    ['Alex', 'Alexandra'],
    ['Rob', 'Bob'],
  ])('%s is %s', (a, b) => {
    expect(sameGivenName(a, b)).toBe(true);
    expect(sameGivenName(b, a)).toBe(true);
  });

  it('keeps different full names apart, even when they share a nickname', () => {
    expect(sameGivenName('Alexander', 'Alexandra')).toBe(false);
    expect(sameGivenName('Samuel', 'Samantha')).toBe(false);
    expect(sameGivenName('Robert', 'Roberta')).toBe(false);
    expect(sameGivenName('Tom', 'Tim')).toBe(false);
  });

  it('ignores case, accents, whitespace and symbols', () => {
    expect(givenNameForms('  ZOË ')).toEqual(['zoe']);
    expect(sameGivenName('José', 'jose')).toBe(true);
    expect(sameGivenName('Priya 🚀', 'Priya')).toBe(true);
    expect(sameGivenName('Jo  Ann', 'jo ann')).toBe(true);
    // Cyrillic й is a letter of its own, not an accented и.
    expect(sameGivenName('Дмитрий', 'Дмитрии')).toBe(false);
  });

  it('keys a name by family name and organization too', () => {
    expect(nameKeys('Bob', "O'Connell", 'Café Nova')).toEqual(nameKeys('Robert', 'OConnell', 'cafe  nova'));
    expect(nameKeys('Bob', 'Smith', 'Acme')).not.toEqual(nameKeys('Bob', 'Smith', 'Globex'));
    expect(nameKeys('', '', 'Acme')).toEqual([]);
  });
});

describe('identity keys', () => {
  it('treats every spelling of one LinkedIn profile as one key', () => {
    const key = linkedinKey('https://www.linkedin.com/in/maren-holloway');
    for (const url of ['https://linkedin.com/in/Maren-Holloway/', 'http://uk.linkedin.com/in/maren-holloway?trk=x', 'www.linkedin.com/in/maren-holloway#top']) {
      expect(linkedinKey(url)).toBe(key);
    }
    expect(linkedinKey('https://www.linkedin.com/in/%d0%b4%d0%bc%d0%b8')).toBe(linkedinKey('https://linkedin.com/in/дми'));
    expect(linkedinKey('https://example.com/in/maren')).toBeNull();
    expect(linkedinKey(null)).toBeNull();
  });

  it('compares phone numbers by their digits', () => {
    expect(phoneKey('+44 (20) 7946-0958')).toBe(phoneKey('+44 20 7946 0958'));
  });
});

describe('fillEmpty', () => {
  it('fills empty fields only, adds new emails and phones, and unions tags', () => {
    const target = draft({ givenName: 'Robert', familyName: 'Smith', title: 'CTO', emails: [{ value: 'bob@acme.test' }], tags: ['Mentor'] });
    const changed = fillEmpty(
      target,
      draft({ givenName: 'Bob', familyName: 'Smyth', title: 'Engineer', location: 'Berlin', emails: [{ value: 'BOB@acme.test' }, { value: 'rob@home.test', label: 'home' }], phones: [{ value: '+1 555 0100' }], tags: ['mentor', 'Berlin'] }),
    );
    expect(changed.sort()).toEqual(['emails', 'location', 'phones', 'tags']);
    expect(target).toMatchObject({
      givenName: 'Robert',
      familyName: 'Smith',
      title: 'CTO',
      location: 'Berlin',
      emails: [{ value: 'bob@acme.test' }, { value: 'rob@home.test', label: 'home' }],
      phones: [{ value: '+1 555 0100' }],
      tags: ['Mentor', 'Berlin'],
    });
    expect(fillEmpty(target, draft({ givenName: 'Bob', emails: [{ value: 'rob@home.test' }], tags: ['BERLIN'] }))).toEqual([]);
  });

  it('gives a contact known only by an email its whole real name', () => {
    const target = draft({ givenName: 'ann@lee.test', placeholderName: true, emails: [{ value: 'ann@lee.test' }] });
    expect(fillEmpty(target, draft({ givenName: 'Ann', familyName: 'Lee' })).sort()).toEqual(['familyName', 'givenName']);
    expect(target).toMatchObject({ givenName: 'Ann', familyName: 'Lee', placeholderName: false });
    // A stand-in name never replaces a real one.
    expect(fillEmpty(target, draft({ givenName: 'ann@lee.test', placeholderName: true }))).toEqual([]);
  });
});

describe('ContactMatcher', () => {
  it('finds by LinkedIn URL, then email, then name and organization', () => {
    const matcher = new ContactMatcher<MatchTarget>();
    const a = stored('a', { givenName: 'Robert', familyName: 'Smith', organizationName: 'Acme', linkedinUrl: 'https://linkedin.com/in/rsmith' });
    const b = stored('b', { givenName: 'Ann', familyName: 'Lee', emails: [{ value: 'ann@lee.test' }] });
    matcher.add(a);
    matcher.add(b);
    expect(matcher.find(draft({ givenName: 'X', linkedinUrl: 'https://www.linkedin.com/in/rsmith/' }))).toMatchObject({ target: a, by: 'linkedin' });
    expect(matcher.find(draft({ givenName: 'Annie', emails: [{ value: 'Ann@Lee.test' }] }))).toMatchObject({ target: b, by: 'email' });
    expect(matcher.find(draft({ givenName: 'Bob', familyName: 'smith', organizationName: 'ACME' }))).toMatchObject({ target: a, by: 'name' });
    expect(matcher.find(draft({ givenName: 'Bob', familyName: 'Smith', organizationName: 'Globex' }))).toBeUndefined();
    // Same name, same company, another LinkedIn profile: another person.
    expect(matcher.find(draft({ givenName: 'Robert', familyName: 'Smith', organizationName: 'Acme', linkedinUrl: 'https://www.linkedin.com/in/other-smith' }))).toBeUndefined();
  });
});

describe('planImport', () => {
  const rows = (...contacts: Partial<ContactDraft>[]) => contacts.map((c, i) => ({ line: i + 2, contact: draft(c) }));
  const plan = (existing: MatchTarget[], input: ReturnType<typeof rows>) => planImport<MatchTarget>(existing, input, (d) => ({ deleted: false, draft: d }));

  it('creates new people, merges repeats within the file and fills stored contacts', () => {
    const robert = stored('r', { givenName: 'Robert', familyName: 'Smith', organizationName: 'Acme', title: 'CTO' });
    const result = plan(
      [robert],
      rows(
        { givenName: 'Ann', familyName: 'Lee', emails: [{ value: 'ann@lee.test' }] },
        { givenName: 'Bob', familyName: 'Smith', organizationName: 'Acme', title: 'Engineer', location: 'Denver' },
        { givenName: 'Ann', familyName: 'Lee', emails: [{ value: 'ann@lee.test' }], phones: [{ value: '+1 555 0100' }] },
        { givenName: 'Robert', familyName: 'Smith', organizationName: 'acme' },
      ),
    );
    expect(result.creates.map((c) => c.target.draft)).toEqual([expect.objectContaining({ givenName: 'Ann', phones: [{ value: '+1 555 0100' }] })]);
    expect(result.matches).toHaveLength(1);
    expect(result.matches[0]).toMatchObject({ target: robert, line: 3, matchedBy: 'name' });
    expect([...result.matches[0]!.changed]).toEqual(['location']);
    expect(robert.draft).toMatchObject({ title: 'CTO', location: 'Denver' });
    expect(result.duplicates).toEqual([
      { line: 4, firstLine: 2 },
      { line: 5, firstLine: 3 },
    ]);
  });

  it('leaves contacts the user deleted alone', () => {
    const gone = stored('g', { givenName: 'Ann', familyName: 'Lee', linkedinUrl: 'https://linkedin.com/in/annlee' }, true);
    const result = plan([gone], rows({ givenName: 'Ann', familyName: 'Lee', linkedinUrl: 'https://www.linkedin.com/in/annlee', title: 'New title' }));
    expect(result.deleted).toEqual([{ line: 2, id: 'g' }]);
    expect(result.creates).toHaveLength(0);
    expect(gone.draft.title).toBeNull();
  });

  it('plans nothing when the same rows are planned again against their result', () => {
    const input = rows(
      { givenName: 'Ann', familyName: 'Lee', emails: [{ value: 'ann@lee.test' }] },
      { givenName: 'Bob', familyName: 'Smith', organizationName: 'Acme' },
      { givenName: 'Robert', familyName: 'Smith', organizationName: 'Acme', emails: [{ value: 'bob@acme.test' }] },
      { givenName: 'Ann', familyName: 'Lee', organizationName: 'Globex', emails: [{ value: 'ann@globex.test' }] },
      { givenName: 'Ann', familyName: 'Lee', organizationName: 'Globex', emails: [{ value: 'ann@lee.test' }] },
      { givenName: 'Kate', familyName: 'Moss', linkedinUrl: 'https://linkedin.com/in/kmoss', tags: ['x'] },
      { givenName: 'Katherine', familyName: 'Moss', linkedinUrl: 'https://linkedin.com/in/kmoss2' },
    );
    const first = plan([], input);
    const storedNow = first.creates.map((c, i) => ({ id: `c${i}`, deleted: false, draft: c.target.draft }));
    const again = plan(storedNow, input);
    expect(again.creates).toHaveLength(0);
    expect(again.matches.filter((m) => m.changed.size > 0)).toHaveLength(0);
    expect(first.creates).toHaveLength(5);
  });
});

describe('findSamePerson (a contact added by hand)', () => {
  const stored = (id: string, over: Partial<ContactDraft>, deleted = false) => ({ id, deleted, draft: draft(over) });
  const ann = stored('ann', { givenName: 'Ann', familyName: 'Lee', organizationName: 'Acme', emails: [{ value: 'ann@acme.test' }], linkedinUrl: 'https://www.linkedin.com/in/ann-lee' });
  const bob = stored('bob', { givenName: 'Robert', familyName: 'Stone', organizationName: 'Acme' });
  const gone = stored('gone', { givenName: 'Gone', familyName: 'Away', emails: [{ value: 'gone@x.test' }] }, true);

  it('finds by LinkedIn profile first, then email, then name at the organization (nicknames too)', () => {
    expect(findSamePerson(draft({ givenName: 'X', linkedinUrl: 'http://linkedin.com/in/Ann-Lee/?trk=1' }), [ann, bob])).toMatchObject({ target: { id: 'ann' }, by: 'linkedin' });
    expect(findSamePerson(draft({ givenName: 'X', emails: [{ value: 'ANN@acme.test' }] }), [ann, bob])).toMatchObject({ target: { id: 'ann' }, by: 'email' });
    expect(findSamePerson(draft({ givenName: 'Bob', familyName: 'stone', organizationName: 'ACME' }), [ann, bob])).toMatchObject({ target: { id: 'bob' }, by: 'name' });
  });
  it('offers nobody for another organization, another profile, or a deleted contact', () => {
    expect(findSamePerson(draft({ givenName: 'Robert', familyName: 'Stone', organizationName: 'Globex' }), [ann, bob])).toBeUndefined();
    expect(findSamePerson(draft({ givenName: 'Ann', familyName: 'Lee', organizationName: 'Acme', linkedinUrl: 'linkedin.com/in/ann-lee-2' }), [ann])).toBeUndefined();
    expect(findSamePerson(draft({ givenName: 'Gone', familyName: 'Away', emails: [{ value: 'gone@x.test' }] }), [gone])).toBeUndefined();
  });
});
