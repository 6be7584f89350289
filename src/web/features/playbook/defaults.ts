/**
 * Defaults the settings page shows next to your values, so that "reset" can say what it resets to.
 * They are copies of `src/domain/playbook/settings.ts` (DEFAULT_PLAYBOOK_SETTINGS) and
 * `src/domain/templates/templates.ts` (DEFAULT_TEMPLATES): the web may import only contracts.
 * test/cli/today.cli.test.ts fails when a copy drifts from the domain.
 */

export const PLAYBOOK_DEFAULTS = {
  timeZone: 'UTC',
  workingDays: [1, 2, 3, 4, 5],
  holidays: [] as string[],
  thankYouBusinessDays: 1,
  nextDayCallBusinessDays: 1,
  reachReferralBusinessDays: 2,
  closeTheLoopBusinessDays: 1,
  interviewStatusBusinessDays: 10,
  askFeedbackBusinessDays: 3,
  adviceUpdateBusinessDays: 1,
  threeB7SecondContactBusinessDays: 3,
  threeB7FollowUpBusinessDays: 7,
  inTheWorksMin: 6,
  inTheWorksMax: 10,
  inTheWorksRecentDays: 14,
  topTargetCount: 10,
  defaultCadence: { idealDays: 30, maxDays: 90 },
  prepareLeadBusinessDays: 1,
  staleAfterDays: 30,
  enabledRules: ['thank-you', 'next-day-call', 'reach-referral', 'close-the-loop', 'interview-status', 'ask-feedback', 'advice-update', 'keep-in-touch', '3b7', 'in-the-works', 'target-gap', 'convert', 'prepare'],
};
export type PlaybookValues = typeof PLAYBOOK_DEFAULTS;

export interface TemplateDefault {
  name: string;
  kind: 'email' | 'call-script';
  subject: string;
  body: string;
}

export const TEMPLATE_DEFAULTS: Record<string, TemplateDefault> = {
  'thank-you': {
    name: 'Thank-you after a conversation',
    kind: 'email',
    subject: 'Thank you, {{contact.firstName}}',
    body: 'Hi {{contact.firstName}},\n\nThank you for your time on {{conversation.date}}. Your perspective{{#organization.name}} on {{organization.name}}{{/organization.name}} and your suggestions were generous, and you gave me a lot to act on.\n\nIs there anything I can do for you in return?\n\nBest,\n{{me.firstName}}',
  },
  'next-day-call': {
    name: 'Next-day call after a networking interview (script)',
    kind: 'call-script',
    subject: 'Call {{contact.displayName}}: thanks and updates on your referrals',
    body: 'Hi {{contact.firstName}}, it’s {{me.firstName}}. Thank you again for your time on {{conversation.date}} — your help means a lot.\n{{#referrals.names}}A quick update on the people you suggested: I’ve started reaching out to {{referrals.names}}.{{/referrals.names}}{{^referrals.names}}I’m already acting on your suggestions.{{/referrals.names}}\nIs there anyone else you think I should talk to?',
  },
  'reach-referral': {
    name: 'Reach a name you were given',
    kind: 'email',
    subject: '{{referrer.displayName}} suggested we talk',
    body: 'Hi {{contact.firstName}},\n\n{{referrer.displayName}} suggested I reach out to you and spoke highly of your work{{#organization.name}} at {{organization.name}}{{/organization.name}}.\n\nYour experience is exactly what I’d like to learn from. Would you have 15–20 minutes for a short call next week?\n\nBest,\n{{me.firstName}}',
  },
  'close-the-loop': {
    name: 'Tell a referrer how their introduction helped',
    kind: 'email',
    subject: 'Your introduction helped, {{contact.firstName}}',
    body: 'Hi {{contact.firstName}},\n\nGood news, thanks to you: {{referral.story}}.\n\nYour help made this possible and I wanted you to be the first to know. How are things going on your side?\n\nBest,\n{{me.firstName}}',
  },
  'interview-status': {
    name: 'Ask where they are after an interview',
    kind: 'email',
    subject: 'The {{opportunity.title}} role',
    body: 'Hi {{contact.firstName}},\n\nThank you again for your time on {{conversation.date}}. Your team’s work{{#organization.name}} at {{organization.name}}{{/organization.name}} still excites me, and so does the {{opportunity.title}} role.\n\nWhere are you in your process, and is there anything more you need from me?\n\nBest,\n{{me.firstName}}',
  },
  'ask-feedback': {
    name: 'Ask for feedback after a rejection',
    kind: 'email',
    subject: 'Your advice, {{contact.firstName}}?',
    body: 'Hi {{contact.firstName}},\n\nThank you for your time during the {{opportunity.title}} interviews. I enjoyed our conversation, and your view of the role would help me a lot.\n\nWould you share your feedback, and any books or courses you would recommend? I would also like to keep in touch with you.\n\nBest,\n{{me.firstName}}',
  },
  'advice-update': {
    name: 'Tell an adviser you took their advice',
    kind: 'email',
    subject: 'I took your advice: {{advice.title}}',
    body: 'Hi {{contact.firstName}},\n\nYou recommended {{advice.title}}, and I took your advice. [How it went, in one sentence.]\n\nThank you for pointing me to it. What would you suggest as a next step?\n\nBest,\n{{me.firstName}}',
  },
  'keep-in-touch': {
    name: 'Check in with a contact',
    kind: 'email',
    subject: 'Catching up, {{contact.firstName}}',
    body: 'Hi {{contact.firstName}},\n\n{{#conversation.date}}You have been on my mind since we spoke on {{conversation.date}}. {{/conversation.date}}How are you, and how are things{{#organization.name}} at {{organization.name}}{{/organization.name}}?\n\nIf there is anything you are working on where I could help you, tell me.\n\nBest,\n{{me.firstName}}',
  },
  '3b7-second-contact': {
    name: '3B7: a second contact at the organization',
    kind: 'email',
    subject: 'Your perspective on {{organization.name}}?',
    body: 'Hi {{contact.firstName}},\n\nYour work at {{organization.name}} caught my attention, and your perspective on your team would help me.\n\nWould you be open to a 15-minute call in the next couple of weeks?\n\nBest,\n{{me.firstName}}',
  },
  '3b7-follow-up': {
    name: '3B7: follow up once with the first contact',
    kind: 'email',
    subject: 'Following up, {{contact.firstName}}',
    body: 'Hi {{contact.firstName}},\n\nFollowing up on my note of {{conversation.date}}, in case it got buried in your inbox. Your perspective{{#organization.name}} on {{organization.name}}{{/organization.name}} would mean a lot to me.\n\nWould you have 15 minutes for a short call in the next couple of weeks?\n\nBest,\n{{me.firstName}}',
  },
  convert: {
    name: 'Turn a job interview into an informational interview',
    kind: 'email',
    subject: '{{organization.name}}: a different conversation',
    body: 'Hi {{contact.firstName}},\n\nThank you for your time on the {{opportunity.title}} role. The role isn’t the right fit, but {{organization.name}} is exactly where I’d love to contribute, and your view of your organization would help me a lot.\n\nCould we turn our next conversation into an informational interview about where you see the needs?\n\nBest,\n{{me.firstName}}',
  },
};

export const TEMPLATE_IDS = Object.keys(TEMPLATE_DEFAULTS);

/** Who you are in messages: always available to every template. */
export const ME_PLACEHOLDERS = ['me.firstName', 'me.lastName', 'me.fullName'];

/** The placeholders a text uses (`{{contact.firstName}}`, and the names of `{{#x}}…{{/x}}` sections). */
export function placeholdersIn(text: string): string[] {
  const found = new Set<string>();
  for (const m of text.matchAll(/\{\{\s*[#^/]?\s*([\w-]+(?:\.[\w-]+)*)\s*\}\}/g)) if (m[1]) found.add(m[1]);
  return [...found].sort();
}
