import { contactListQuerySchema, type Contact } from '../contracts/contact.schema.js';
import type { AppContext } from '../runtime/context.js';
import { AppError } from '../services/errors.js';
import { CliError, EXIT } from './output.js';

const isNotFound = (error: unknown) => error instanceof AppError && error.code === 'not_found';

/**
 * Finds a contact by id, or by a search that matches exactly one person (or exactly one whose
 * name is the text given, so "Ada Byron" still finds her next to "Ada Byronson"). `flag` names
 * the option the reference came from, so that errors say what to fix.
 */
export async function resolveContact(ctx: AppContext, ref: string, flag?: string): Promise<Contact> {
  const scope = { workspaceId: ctx.workspaceId };
  const where = flag ? `${flag}: ` : '';
  if (!ref.trim()) throw new CliError(`${where}give a contact id or name`, EXIT.usage);
  try {
    return await ctx.services.contacts.get(scope, ref);
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
  const matches = await ctx.services.contacts.list(scope, contactListQuerySchema.parse({ q: ref, limit: 6 }));
  const only = matches.items[0];
  if (matches.total === 1 && only) return ctx.services.contacts.get(scope, only.id);
  const exact = matches.items.filter((c) => c.displayName.toLowerCase() === ref.trim().toLowerCase());
  if (exact.length === 1 && exact[0]) return ctx.services.contacts.get(scope, exact[0].id);
  if (matches.total === 0) throw new CliError(`${where}No contact matches "${ref}"`, EXIT.notFound);
  const names = matches.items.map((c) => `  ${c.id}  ${c.displayName}${c.organizationName ? ` (${c.organizationName})` : ''}`).join('\n');
  throw new CliError(`${where}"${ref}" matches ${matches.total} contacts; use an id:\n${names}`, EXIT.usage);
}

/** Resolves every reference of a repeated option, in order; the first that fails stops (nothing is written yet). */
export async function resolveContacts(ctx: AppContext, refs: readonly string[] | undefined, flag?: string): Promise<Contact[]> {
  const contacts: Contact[] = [];
  for (const ref of refs ?? []) contacts.push(await resolveContact(ctx, ref, flag));
  return contacts;
}

/**
 * Awaits a service call and turns its field issues (contract paths such as
 * `participants.0.contactId`) into the options the user typed, exit 2.
 */
export async function withFlags<T>(work: Promise<T>, flagOf: (path: string) => string): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof AppError && error.code === 'invalid' && error.issues && error.issues.length > 0) {
      const lines = error.issues.map((i) => `  ${flagOf(i.path)}: ${i.message}`);
      throw new CliError(`Invalid input:\n${lines.join('\n')}`, EXIT.usage);
    }
    throw error;
  }
}

/** "45" → 45; anything else is passed through as typed, so the schema names the option in its message. */
export function intOption(value: string | undefined): number | string | undefined {
  if (value === undefined) return undefined;
  return /^-?\d+$/.test(value.trim()) ? Number(value) : value;
}

/** "1 name", "3 names". */
export function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}
