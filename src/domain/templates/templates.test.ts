import { describe, expect, it } from 'vitest';
import { computeActions } from '../playbook/engine.js';
import { contact, conversation, organization, playbookInput } from '../../../test/support/playbook-builders.js';
import { mailtoUrl } from './mailto.js';
import { outreachHints } from './outreach-hints.js';
import { DEFAULT_TEMPLATES, TEMPLATE_IDS, renderTemplate, templatePlaceholders, type TemplateContext, type TemplateId } from './templates.js';

const full: TemplateContext = {
  me: { firstName: 'Roger', displayName: 'Roger Smith' },
  contact: { firstName: 'Stan', displayName: 'Stan Fields' },
  referrer: { firstName: 'Jen', displayName: 'Jen Brown' },
  referred: { firstName: 'Ann', displayName: 'Ann Lee' },
  organization: { name: 'Acme' },
  conversation: { date: 'Tue 3 Mar', kind: 'networking meeting' },
  opportunity: { title: 'Product Manager' },
  advice: { title: 'Inspired' },
  referrals: { names: 'Ann Lee and Globex', reached: 'Ann Lee and Globex', notYet: null },
  referral: { story: 'your introduction to Ann Lee led to an interview at Acme' },
};

describe('renderTemplate', () => {
  it('every template renders with the records’ names and leaves no placeholder behind', () => {
    for (const id of TEMPLATE_IDS) {
      const { subject, body, missing } = renderTemplate(id, full);
      expect(missing, id).toEqual([]);
      expect(`${subject}\n${body}`, id).not.toContain('{{');
      expect(`${subject}\n${body}`, id).toMatch(/Stan/);
    }
  });

  it('fills each template with its own facts', () => {
    const expectations: Record<TemplateId, string[]> = {
      'thank-you': ['Hi Stan,', 'Tue 3 Mar', 'on Acme', 'Roger'],
      'next-day-call': ['it’s Roger', 'Ann Lee and Globex'],
      'reach-referral': ['Jen Brown suggested I reach out', 'at Acme'],
      'close-the-loop': ['your introduction to Ann Lee led to an interview at Acme'],
      'interview-status': ['Product Manager role', 'Tue 3 Mar'],
      'ask-feedback': ['Product Manager interviews', 'keep in touch'],
      'advice-update': ['You recommended Inspired', 'I took your advice: Inspired'],
      'keep-in-touch': ['since we spoke on Tue 3 Mar', 'things at Acme'],
      '3b7-second-contact': ['Your work at Acme'],
      '3b7-follow-up': ['my note of Tue 3 Mar'],
      convert: ['Product Manager role', 'informational interview'],
    };
    for (const id of TEMPLATE_IDS) {
      const { subject, body } = renderTemplate(id, full);
      for (const text of expectations[id]) expect(`${subject}\n${body}`, id).toContain(text);
    }
  });

  it('optional parts disappear when the fact is unknown; a missing value stays visible and is reported', () => {
    const { body, missing } = renderTemplate('keep-in-touch', { contact: { firstName: 'Stan' }, me: { firstName: 'Roger' } });
    expect(body).toContain('How are you, and how are things?');
    expect(body).not.toContain('since we spoke');
    expect(missing).toEqual([]);
    const call = renderTemplate('next-day-call', { contact: { firstName: 'Stan', displayName: 'Stan Fields' }, me: { firstName: 'Roger' }, referrals: { names: null } });
    expect(call.body).toContain('I’m already acting on your suggestions.');
    const noName = renderTemplate('thank-you', { conversation: { date: 'Tue 3 Mar' }, me: { firstName: '' } });
    expect(noName.body).toContain('Hi {{contact.firstName}},');
    expect(noName.missing.sort()).toEqual(['contact.firstName', 'me.firstName']);
  });

  it('the user’s edited text replaces the default, field by field', () => {
    const edited = renderTemplate('thank-you', full, { body: 'Dear {{ contact.firstName }}, thanks for {{conversation.date}}! — {{me.firstName}}' });
    expect(edited.body).toBe('Dear Stan, thanks for Tue 3 Mar! — Roger');
    expect(edited.subject).toBe('Thank you, Stan');
    expect(renderTemplate('thank-you', full, { subject: 'Merci {{contact.firstName}}', body: null }).subject).toBe('Merci Stan');
    expect(templatePlaceholders('reach-referral')).toContain('referrer.displayName');
  });

  it('renders straight from an action’s template context plus the seeker', () => {
    const input = playbookInput({
      settings: { timeZone: 'Europe/Berlin', enabledRules: ['thank-you'] },
      now: '2026-03-03T18:00:00.000Z',
      contacts: [contact({ id: 'stan', displayName: 'Stan Fields', organizationId: 'acme' })],
      organizations: [organization({ id: 'acme', name: 'Acme' })],
      conversations: [conversation({ id: 'c1', startsAt: '2026-03-03T09:00:00.000Z', participantIds: ['stan'] })],
    });
    const [action] = computeActions(input);
    const { subject, body, missing } = renderTemplate(action!.templateId!, { ...action!.templateContext, me: { firstName: 'Roger' } });
    expect(missing).toEqual([]);
    expect(subject).toBe('Thank you, Stan');
    expect(body).toContain('Thank you for your time on Tue 3 Mar. Your perspective on Acme');
  });

  it('rejects an unknown template', () => {
    // @ts-expect-error not a template id
    expect(() => renderTemplate('cold-call', full)).toThrow(/Unknown template/);
  });
});

describe('outreachHints', () => {
  it('counts words, questions, and you against I', () => {
    const hints = outreachHints("Hi Stan, I'm Roger. I loved your talk — you’re clearly an expert. Would you share your view on my plan?");
    expect(hints).toEqual({ words: 20, under75Words: true, asksQuestion: true, youVsI: { you: 4, i: 3 }, aboutThem: true });
  });

  it('flags a long, self-centred message with no question', () => {
    const long = `I ${'really '.repeat(60)}want a job. My résumé is attached and I think I am a great fit for my dream role.`;
    const hints = outreachHints(long);
    expect(hints.words).toBeGreaterThanOrEqual(75);
    expect(hints.under75Words).toBe(false);
    expect(hints.asksQuestion).toBe(false);
    expect(hints.youVsI).toEqual({ you: 0, i: 5 });
    expect(hints.aboutThem).toBe(false);
    expect(outreachHints('').words).toBe(0);
  });

  it('exactly 75 words is not under 75', () => {
    expect(outreachHints(Array.from({ length: 74 }, () => 'word').join(' ')).under75Words).toBe(true);
    expect(outreachHints(Array.from({ length: 75 }, () => 'word').join(' ')).under75Words).toBe(false);
  });

  it('the default emails follow their own advice: under 75 words, a question, about them', () => {
    for (const t of Object.values(DEFAULT_TEMPLATES)) {
      if (t.kind !== 'email') continue;
      const hints = outreachHints(renderTemplate(t.id, full).body);
      expect(hints.under75Words, t.id).toBe(true);
      expect(hints.asksQuestion, t.id).toBe(true);
      expect(hints.aboutThem, `${t.id} ${JSON.stringify(hints.youVsI)}`).toBe(true);
    }
  });
});

describe('mailtoUrl', () => {
  it('encodes spaces as %20 and line breaks as %0D%0A', () => {
    expect(mailtoUrl('stan@acme.com', 'Thank you', 'Hi Stan,\nThanks & see you?\r\nRoger')).toBe(
      'mailto:stan@acme.com?subject=Thank%20you&body=Hi%20Stan%2C%0D%0AThanks%20%26%20see%20you%3F%0D%0ARoger',
    );
  });

  it('handles several recipients, none, unicode and empty parts', () => {
    expect(mailtoUrl(['stan@acme.com', ' ann+jobs@globex.com '], 'Café', '')).toBe('mailto:stan@acme.com,ann%2Bjobs@globex.com?subject=Caf%C3%A9');
    expect(mailtoUrl(null, '', '')).toBe('mailto:');
    expect(mailtoUrl([], 'Hi', 'x')).toBe('mailto:?subject=Hi&body=x');
    expect(mailtoUrl('stan@acme.com', '', '100% sure')).toBe('mailto:stan@acme.com?body=100%25%20sure');
  });
});
