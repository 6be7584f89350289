import { describe, expect, it } from 'vitest';
import { introductionChain, isHiringLevelTitle, responsiveness, searchStage } from './contact-insight.js';

// Business days between two dates with Monday–Friday working days (2026-03-02 is a Monday).
const bd = (from: string, to: string) => {
  let n = 0;
  const d = new Date(`${from}T00:00:00Z`);
  const end = new Date(`${to}T00:00:00Z`);
  while (d < end) {
    d.setUTCDate(d.getUTCDate() + 1);
    const day = d.getUTCDay();
    if (day !== 0 && day !== 6) n += 1;
  }
  return n;
};

describe('responsiveness', () => {
  it('calls someone who answers within 3 business days a Booster', () => {
    expect(responsiveness([{ sentOn: '2026-03-06', repliedOn: '2026-03-11' }], '2026-04-01', bd)).toBe('booster'); // Fri → Wed: 3
  });
  it('calls a slow but sure answerer an Obligate', () => {
    expect(responsiveness([{ sentOn: '2026-03-02', repliedOn: '2026-03-06' }], '2026-04-01', bd)).toBe('obligate'); // 4 business days
  });
  it('calls someone who never answers a Curmudgeon, but only once the wait is over', () => {
    expect(responsiveness([{ sentOn: '2026-03-02', repliedOn: null }], '2026-03-16', bd)).toBe('curmudgeon'); // 10 business days
    expect(responsiveness([{ sentOn: '2026-03-02', repliedOn: null }], '2026-03-13', bd)).toBe('unknown'); // 9: still waiting
  });
  it('goes by the usual answer, not the exception', () => {
    const history = [
      { sentOn: '2026-03-02', repliedOn: '2026-03-03' },
      { sentOn: '2026-03-09', repliedOn: '2026-03-10' },
      { sentOn: '2026-03-16', repliedOn: null },
    ];
    expect(responsiveness(history, '2026-05-01', bd)).toBe('booster');
  });
  it('says nothing without any outreach', () => {
    expect(responsiveness([], '2026-05-01', bd)).toBe('unknown');
  });
});

describe('search stage', () => {
  it('is 3 when the person is part of something in the works, whatever else', () => {
    expect(searchStage({ atTargetOrganization: false, rightLevel: false, inTheWorks: true }).stage).toBe(3);
  });
  it('is 2 at the right level in a target organization', () => {
    expect(searchStage({ atTargetOrganization: true, rightLevel: true, inTheWorks: false }).stage).toBe(2);
  });
  it('is 1 for anyone else', () => {
    expect(searchStage({ atTargetOrganization: true, rightLevel: false, inTheWorks: false }).stage).toBe(1);
    expect(searchStage({ atTargetOrganization: false, rightLevel: true, inTheWorks: false }).stage).toBe(1);
  });
  it('recognises hiring-level titles', () => {
    expect(isHiringLevelTitle('Director of Engineering')).toBe(true);
    expect(isHiringLevelTitle('VP Product')).toBe(true);
    expect(isHiringLevelTitle('Software Engineer')).toBe(false);
    expect(isHiringLevelTitle(null)).toBe(false);
  });
});

describe('introduction chain', () => {
  const people = { a: { id: 'a' }, b: { id: 'b' }, c: { id: 'c' } };
  it('walks back from a contact to the first introducer', () => {
    const introducer: Record<string, { id: string }> = { c: people.b, b: people.a };
    expect(introductionChain(people.c, (id) => introducer[id]).map((p) => p.id)).toEqual(['a', 'b', 'c']);
  });
  it('stops at a cycle instead of looping forever', () => {
    const introducer: Record<string, { id: string }> = { a: people.b, b: people.a };
    expect(introductionChain(people.a, (id) => introducer[id]).map((p) => p.id)).toEqual(['b', 'a']);
  });
});
