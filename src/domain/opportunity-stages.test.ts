import { describe, expect, it } from 'vitest';
import { adjacentLiveStage, checkTransition, isBackwards, reached } from './opportunity-stages.js';

describe('opportunity stages', () => {
  it('moves forward through the pipeline', () => {
    expect(checkTransition('lead', 'applied')).toEqual({ allowed: true, backwards: false, same: false });
    expect(checkTransition('applied', 'interviewing')).toEqual({ allowed: true, backwards: false, same: false });
    expect(checkTransition('offer', 'accepted')).toEqual({ allowed: true, backwards: false, same: false });
    expect(checkTransition('screening', 'screening')).toEqual({ allowed: true, backwards: false, same: true });
  });
  it('lets any live stage close as rejected, withdrawn or converted', () => {
    for (const from of ['lead', 'applied', 'screening', 'interviewing', 'offer'] as const) {
      for (const to of ['rejected', 'withdrawn', 'converted'] as const) expect(checkTransition(from, to)).toMatchObject({ allowed: true, backwards: false });
    }
  });
  it('accepts only an offer', () => {
    expect(checkTransition('interviewing', 'accepted')).toMatchObject({ allowed: false, reason: 'Only an offer can be accepted' });
    expect(checkTransition('lead', 'accepted').allowed).toBe(false);
  });
  it('allows moving back by hand, and says so', () => {
    expect(checkTransition('interviewing', 'applied')).toEqual({ allowed: true, backwards: true, same: false });
    expect(checkTransition('rejected', 'interviewing')).toEqual({ allowed: true, backwards: true, same: false });
    expect(isBackwards('offer', 'screening')).toBe(true);
    expect(isBackwards(null, 'lead')).toBe(false);
    expect(isBackwards('lead', 'offer')).toBe(false);
  });
  it('does not jump from one closed stage to another', () => {
    expect(checkTransition('rejected', 'withdrawn').allowed).toBe(false);
    expect(checkTransition('converted', 'rejected').allowed).toBe(false);
  });
  it('knows the neighbouring columns of the board', () => {
    expect(adjacentLiveStage('lead', -1)).toBeNull();
    expect(adjacentLiveStage('lead', 1)).toBe('applied');
    expect(adjacentLiveStage('offer', 1)).toBeNull();
    expect(adjacentLiveStage('rejected', 1)).toBeNull();
  });
  it('tells whether a history reached interviewing or an offer', () => {
    expect(reached([{ to: 'lead' }, { to: 'interviewing' }, { to: 'rejected' }], 'interviewing')).toBe(true);
    expect(reached([{ to: 'lead' }, { to: 'interviewing' }, { to: 'rejected' }], 'offer')).toBe(false);
    expect(reached([{ to: 'offer' }, { to: 'accepted' }], 'offer')).toBe(true);
    expect(reached([{ to: 'applied' }, { to: 'withdrawn' }], 'interviewing')).toBe(false);
  });
});
