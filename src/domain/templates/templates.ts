/**
 * Message templates for the playbook actions that are messages (or a call script).
 *
 * Syntax (a small, safe subset of Mustache — no code, no HTML escaping since these are plain
 * text emails):
 * - `{{contact.firstName}}` — a value from the context; spaces inside the braces are allowed.
 * - `{{#organization.name}} at {{organization.name}}{{/organization.name}}` — the inner text
 *   only when the value is present; `{{^x.y}}…{{/x.y}}` only when it is absent.
 * A placeholder without a value is left as written (`{{contact.firstName}}`) and listed in
 * `missing`, so the UI can highlight it instead of silently sending "Hi ,".
 *
 * The defaults follow The 2-Hour Job Search: under 75 words, one question, more about them
 * than about you (see `outreachHints`).
 */

export const TEMPLATE_IDS = [
  'thank-you',
  'next-day-call',
  'reach-referral',
  'close-the-loop',
  'interview-status',
  'ask-feedback',
  'advice-update',
  'keep-in-touch',
  '3b7-second-contact',
  '3b7-follow-up',
  'convert',
] as const;
export type TemplateId = (typeof TEMPLATE_IDS)[number];

export function isTemplateId(value: unknown): value is TemplateId {
  return typeof value === 'string' && (TEMPLATE_IDS as readonly string[]).includes(value);
}

export type TemplateValue = string | number | null | undefined;
/** `{ contact: { firstName: 'Stan' }, me: { firstName: 'Roger' } }` → `{{contact.firstName}}`. */
export type TemplateContext = { [scope: string]: { [field: string]: TemplateValue } | undefined };

export interface MessageTemplate {
  id: TemplateId;
  /** Name for the template editor. */
  name: string;
  /** Email, or a script to read on a call. */
  kind: 'email' | 'call-script';
  subject: string;
  body: string;
}

/** User-edited text for one template; a present (non-null) field replaces the default. */
export interface TemplateOverride {
  subject?: string | null;
  body?: string | null;
}

export interface RenderedMessage {
  subject: string;
  body: string;
  /** Placeholders that had no value (left as written), e.g. `['organization.name']`. */
  missing: string[];
}

/** Signed with the seeker's full name, and their phone when the profile has one. */
const SIGN_OFF = 'Best,\n{{me.fullName}}{{#me.phone}}\n{{me.phone}}{{/me.phone}}';

export const DEFAULT_TEMPLATES: Readonly<Record<TemplateId, MessageTemplate>> = Object.freeze({
  'thank-you': {
    id: 'thank-you',
    name: 'Thank-you after a conversation',
    kind: 'email',
    subject: 'Thank you, {{contact.firstName}}',
    body: [
      'Hi {{contact.firstName}},',
      '',
      'Thank you for your time on {{conversation.date}}. Your perspective{{#organization.name}} on {{organization.name}}{{/organization.name}} was generous and helpful.',
      '',
      'Is there anything I can do for you in return?',
      '',
      SIGN_OFF,
    ].join('\n'),
  },
  'next-day-call': {
    id: 'next-day-call',
    name: 'Next-day call after a networking interview (script)',
    kind: 'call-script',
    subject: 'Call {{contact.displayName}}: thanks and updates on your referrals',
    body: [
      // Only what the records say: whom you reached and whom not yet, and nothing when they gave no names.
      'Hi {{contact.firstName}}, it’s {{me.firstName}}. Thank you again for your time on {{conversation.date}} — your help means a lot.{{#referrals.names}}',
      '{{#referrals.reached}}A quick update on the people you suggested: I’ve been in touch with {{referrals.reached}}.{{/referrals.reached}}{{#referrals.notYet}}{{#referrals.reached}} {{/referrals.reached}}Next I’ll contact {{referrals.notYet}}.{{/referrals.notYet}}{{/referrals.names}}',
      'Is there anyone else you think I should talk to?',
    ].join('\n'),
  },
  'reach-referral': {
    id: 'reach-referral',
    name: 'Reach a name you were given',
    kind: 'email',
    subject: '{{referrer.displayName}} suggested we talk',
    body: [
      'Hi {{contact.firstName}},',
      '',
      '{{referrer.displayName}} suggested I reach out to you{{#organization.name}} about your work at {{organization.name}}{{/organization.name}}.',
      '',
      'Your experience is exactly what I’d like to learn from. Would you have 15–20 minutes for a short call next week?',
      '',
      SIGN_OFF,
    ].join('\n'),
  },
  'close-the-loop': {
    id: 'close-the-loop',
    name: 'Tell a referrer how their introduction helped',
    kind: 'email',
    subject: 'Your introduction helped, {{contact.firstName}}',
    body: [
      'Hi {{contact.firstName}},',
      '',
      'Good news, thanks to you: {{referral.story}}.',
      '',
      'Your help made this possible and I wanted you to be the first to know. How are things going on your side?',
      '',
      SIGN_OFF,
    ].join('\n'),
  },
  'interview-status': {
    id: 'interview-status',
    name: 'Ask where they are after an interview',
    kind: 'email',
    subject: 'The {{opportunity.title}} role',
    body: [
      'Hi {{contact.firstName}},',
      '',
      'Thank you again for your time on {{conversation.date}}. Your team’s work{{#organization.name}} at {{organization.name}}{{/organization.name}} still excites me, and so does the {{opportunity.title}} role.',
      '',
      'Where are you in your process, and is there anything more you need from me?',
      '',
      SIGN_OFF,
    ].join('\n'),
  },
  'ask-feedback': {
    id: 'ask-feedback',
    name: 'Ask for feedback after a rejection',
    kind: 'email',
    subject: 'Your advice, {{contact.firstName}}?',
    body: [
      'Hi {{contact.firstName}},',
      '',
      'Thank you for your time during the {{opportunity.title}} interviews. I enjoyed our conversation, and your view of the role would help me a lot.',
      '',
      'Would you share your feedback, and any books or courses you would recommend? I would also like to keep in touch with you.',
      '',
      SIGN_OFF,
    ].join('\n'),
  },
  'advice-update': {
    id: 'advice-update',
    name: 'Tell an adviser you took their advice',
    kind: 'email',
    subject: 'I took your advice: {{advice.title}}',
    body: [
      'Hi {{contact.firstName}},',
      '',
      'You recommended {{advice.title}}, and I took your advice. [How it went, in one sentence.]',
      '',
      'Thank you for pointing me to it. What would you suggest as a next step?',
      '',
      SIGN_OFF,
    ].join('\n'),
  },
  'keep-in-touch': {
    id: 'keep-in-touch',
    name: 'Check in with a contact',
    kind: 'email',
    subject: 'Catching up, {{contact.firstName}}',
    body: [
      'Hi {{contact.firstName}},',
      '',
      '{{#conversation.date}}You have been on my mind since we spoke on {{conversation.date}}. {{/conversation.date}}How are you, and how are things{{#organization.name}} at {{organization.name}}{{/organization.name}}?',
      '',
      'If there is anything you are working on where I could help you, tell me.',
      '',
      SIGN_OFF,
    ].join('\n'),
  },
  '3b7-second-contact': {
    id: '3b7-second-contact',
    name: '3B7: a second contact at the organization',
    kind: 'email',
    subject: 'Your perspective on {{organization.name}}?',
    body: [
      'Hi {{contact.firstName}},',
      '',
      'Your work at {{organization.name}} caught my attention, and your perspective on your team would help me.',
      '',
      'Would you be open to a 15-minute call in the next couple of weeks?',
      '',
      SIGN_OFF,
    ].join('\n'),
  },
  '3b7-follow-up': {
    id: '3b7-follow-up',
    name: '3B7: follow up once with the first contact',
    kind: 'email',
    subject: 'Following up, {{contact.firstName}}',
    body: [
      'Hi {{contact.firstName}},',
      '',
      'Following up on my note of {{conversation.date}}, in case it got buried in your inbox. Your perspective{{#organization.name}} on {{organization.name}}{{/organization.name}} would mean a lot to me.',
      '',
      'Would you have 15 minutes for a short call in the next couple of weeks?',
      '',
      SIGN_OFF,
    ].join('\n'),
  },
  convert: {
    id: 'convert',
    name: 'Turn a job interview into an informational interview',
    kind: 'email',
    subject: '{{organization.name}}: a different conversation',
    body: [
      'Hi {{contact.firstName}},',
      '',
      'Thank you for your time on the {{opportunity.title}} role. The role isn’t the right fit, but {{organization.name}} is exactly where I’d love to contribute, and your view of your organization would help me a lot.',
      '',
      'Could we turn our next conversation into an informational interview about where you see the needs?',
      '',
      SIGN_OFF,
    ].join('\n'),
  },
});

const SECTION_RE = /\{\{\s*([#^])\s*([\w.-]+)\s*\}\}([\s\S]*?)\{\{\s*\/\s*\2\s*\}\}/g;
const VARIABLE_RE = /\{\{\s*([\w-]+(?:\.[\w-]+)*)\s*\}\}/g;

function lookup(context: TemplateContext, path: string): string | null {
  const dot = path.indexOf('.');
  const scope = dot === -1 ? path : path.slice(0, dot);
  const field = dot === -1 ? '' : path.slice(dot + 1);
  const values = Object.prototype.hasOwnProperty.call(context, scope) ? context[scope] : undefined;
  if (!values || !Object.prototype.hasOwnProperty.call(values, field)) return null;
  const value = values[field];
  if (value === null || value === undefined) return null;
  const text = String(value);
  return text.trim() === '' ? null : text;
}

/** Renders one piece of template text (sections first, then placeholders). */
export function renderText(text: string, context: TemplateContext): { text: string; missing: string[] } {
  let out = text;
  // Sections may contain other sections; render innermost-first until nothing changes.
  for (let guard = 0; guard < 20; guard += 1) {
    const next = out.replace(SECTION_RE, (_m, mode: string, path: string, inner: string) => {
      const present = lookup(context, path) !== null;
      return (mode === '#') === present ? inner : '';
    });
    if (next === out) break;
    out = next;
  }
  const missing = new Set<string>();
  out = out.replace(VARIABLE_RE, (whole, path: string) => {
    const value = lookup(context, path);
    if (value === null) {
      missing.add(path);
      return whole;
    }
    return value;
  });
  return { text: out, missing: [...missing] };
}

/** The default template, or throws a RangeError for an unknown id. */
export function getTemplate(templateId: TemplateId): MessageTemplate {
  if (!isTemplateId(templateId)) throw new RangeError(`Unknown template ${JSON.stringify(templateId)}`);
  return DEFAULT_TEMPLATES[templateId];
}

/** The placeholders a template uses (for the template editor's help text). */
export function templatePlaceholders(templateId: TemplateId, override?: TemplateOverride): string[] {
  const t = getTemplate(templateId);
  const text = `${override?.subject ?? t.subject}\n${override?.body ?? t.body}`;
  const found = new Set<string>();
  for (const m of text.matchAll(/\{\{\s*[#^/]?\s*([\w-]+(?:\.[\w-]+)*)\s*\}\}/g)) if (m[1]) found.add(m[1]);
  return [...found].sort();
}

/**
 * Fills a template with the context. `override` is the user's edited text for this template:
 * each present field replaces the default subject or body.
 */
export function renderTemplate(templateId: TemplateId, context: TemplateContext, override?: TemplateOverride): RenderedMessage {
  const t = getTemplate(templateId);
  const subject = renderText(override?.subject ?? t.subject, context);
  const body = renderText(override?.body ?? t.body, context);
  return {
    // A subject is one line: a value with a newline in it must not break the header.
    subject: subject.text.replace(/\s*[\r\n]+\s*/g, ' ').trim(),
    body: body.text,
    missing: [...new Set([...subject.missing, ...body.missing])],
  };
}
