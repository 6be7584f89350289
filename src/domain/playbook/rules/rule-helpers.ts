/** Shared pieces of the rules: template scopes for people and organizations, subject lists. */
import type { TemplateContext } from '../../templates/templates.js';
import type { RuleContext } from '../context.js';
import type { PContact, POrganization, RecordRef } from '../playbook.types.js';
import { joinNames } from '../wording.js';

/** `{{contact.firstName}}`, `{{contact.displayName}}` for one person or several ("Ann and Bob"). */
export function personScope(people: readonly PContact[]): { firstName: string; displayName: string } {
  const only = people.length === 1 ? people[0] : undefined;
  if (only) return { firstName: only.firstName || only.displayName, displayName: only.displayName };
  return {
    firstName: joinNames(people.map((p) => p.firstName || p.displayName)),
    displayName: joinNames(people.map((p) => p.displayName)),
  };
}

export function organizationScope(org: POrganization | undefined): TemplateContext[string] {
  return org ? { name: org.name } : undefined;
}

/** The organization shared by everyone in the list, if they all work at the same one. */
export function commonOrganization(ctx: RuleContext, people: readonly PContact[]): POrganization | undefined {
  const first = people[0]?.organizationId ?? null;
  if (first === null || people.some((p) => p.organizationId !== first)) return undefined;
  return ctx.organization(first);
}

export function contactRefs(people: readonly PContact[]): RecordRef[] {
  return people.map((p) => ({ type: 'contact', id: p.id }));
}

/** "Stan Fields (Acme)" when the organization is known. */
export function nameWithOrganization(ctx: RuleContext, person: PContact): string {
  const org = ctx.organization(person.organizationId);
  return org ? `${person.displayName} (${org.name})` : person.displayName;
}
