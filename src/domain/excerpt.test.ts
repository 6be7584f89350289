import { describe, expect, it } from 'vitest';
import { excerptAround } from './excerpt.js';

describe('excerptAround', () => {
  const notes =
    'We talked for twenty minutes about her move from logistics into product management.\n\nShe suggested I read Inspired by Marty Cagan and meet Priya Raman at Globex, who runs the platform team there and is hiring next quarter.';

  it('shows the words found with what surrounds them, cut at spaces', () => {
    const excerpt = excerptAround(notes, ['priya']);
    expect(excerpt).toContain('Priya Raman');
    expect(excerpt?.startsWith('…')).toBe(true);
    expect(excerpt?.endsWith('…')).toBe(true);
    expect(excerpt?.length).toBeLessThanOrEqual(122);
    // Cut at spaces: no half word at either end.
    expect(excerpt).toMatch(/^… ?\S/);
    expect(notes.replace(/\s+/g, ' ')).toContain(excerpt?.slice(1, -1) ?? 'missing');
  });

  it('ignores case, puts the text on one line and shows a short text whole', () => {
    expect(excerptAround('Coffee with ADA\n at the Café', ['ada'])).toBe('Coffee with ADA at the Café');
    expect(excerptAround('Café Nova pitch', ['café'])).toBe('Café Nova pitch');
    const short = 'Priya said the robotics team hires in April; send her the portfolio.';
    expect(excerptAround(short, ['portfolio'])).toBe(short);
  });

  it('fills the window before a word found near the end', () => {
    const excerpt = excerptAround(notes, ['quarter']);
    expect(excerpt?.endsWith('next quarter.')).toBe(true);
    expect(excerpt?.length).toBeGreaterThan(100);
  });

  it('is null when none of the words occurs, or none is given', () => {
    expect(excerptAround(notes, ['zebra'])).toBeNull();
    expect(excerptAround(notes, [])).toBeNull();
  });

  it('reads words as text, not as patterns', () => {
    expect(excerptAround('Salary (range) 90k', ['(range)'])).toBe('Salary (range) 90k');
    expect(excerptAround('Salary 90k', ['.*'])).toBeNull();
  });
});
