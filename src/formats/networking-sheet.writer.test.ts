import { describe, expect, it } from 'vitest';
import { pdfText } from '../../test/support/pdf-text.js';
import { writeNetworkingSheet, type SheetPdfData } from './networking-sheet.writer.js';

const base: SheetPdfData = {
  name: 'Roger Dale',
  email: 'roger@example.test',
  phone: '+1 555 0100',
  headline: 'Product manager for robotics',
  pitchShort: 'I turn robotics prototypes into products people rely on.',
  pitchLong: '',
  skills: ['Roadmaps', 'Field testing'],
  idealPosition: { roles: ['Product Manager'], responsibilities: ['Own the roadmap'], level: 'Senior', location: 'Denver', remote: 'hybrid' },
  targetDefinition: { industries: ['Robotics'], sizes: ['50–500'], positions: ['Product'], geographies: ['Colorado'] },
  groups: [{ label: 'Robotics', targets: [{ rank: 1, name: 'Acme Robotics', location: null }] }],
  more: 0,
  generatedOn: '2026-03-03',
};

describe('networking sheet PDF', () => {
  it('prints names in Cyrillic, Greek and accented Latin as written, not as question marks', async () => {
    const pdf = await writeNetworkingSheet({
      ...base,
      name: 'Zoë Núñez',
      groups: [{ label: 'Europe', targets: [{ rank: 1, name: 'Дмитрий Robotics', location: 'Sofia' }, { rank: 2, name: 'Ελληνική Ρομποτική', location: null }] }],
    });
    const { pages, text } = await pdfText(pdf);
    expect(pages).toBe(1);
    expect(text).toContain('Zoë Núñez');
    expect(text).toContain('Дмитрий Robotics');
    expect(text).toContain('Ελληνική Ρομποτική');
  });
});
