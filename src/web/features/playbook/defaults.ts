import type { z } from 'zod';
import type { playbookSettingsSchema } from '../../../contracts/settings.schema.js';
import { DEFAULT_TEMPLATES, type MessageTemplate } from '../../../domain/templates/templates.js';
/**
 * The playbook values the settings page edits: every field of the settings contract, all present
 * (the form always holds the effective values; their defaults come from `GET /api/settings`).
 */
type PlaybookFields = z.output<typeof playbookSettingsSchema>;
export type PlaybookValues = Required<Omit<PlaybookFields, 'defaultCadence'>> & { defaultCadence: Required<NonNullable<PlaybookFields['defaultCadence']>> };

export type TemplateDefault = MessageTemplate;

/** The default texts are the domain's own (pure text, shared with the server: no copy to drift). */
export const TEMPLATE_DEFAULTS: Record<string, TemplateDefault> = DEFAULT_TEMPLATES;

export const TEMPLATE_IDS = Object.keys(TEMPLATE_DEFAULTS);

/** Who you are in messages: always available to every template. */
export const ME_PLACEHOLDERS = ['me.firstName', 'me.lastName', 'me.fullName', 'me.email', 'me.phone'];

/** The placeholders a text uses (`{{contact.firstName}}`, and the names of `{{#x}}…{{/x}}` sections). */
export function placeholdersIn(text: string): string[] {
  const found = new Set<string>();
  for (const m of text.matchAll(/\{\{\s*[#^/]?\s*([\w-]+(?:\.[\w-]+)*)\s*\}\}/g)) if (m[1]) found.add(m[1]);
  return [...found].sort();
}
