import { Command, Option } from 'commander';
import pc from 'picocolors';
import {
  contactAddSchema,
  contactListQuerySchema,
  contactSortSchema,
  contactUpdateSchema,
  type Contact,
} from '../../contracts/contact.schema.js';
import { deleteModeSchema, type References } from '../../contracts/organization.schema.js';
import type { ExistingRecord } from '../../contracts/common.schema.js';
import type { ContactInsight } from '../../contracts/timeline.schema.js';
import { DuplicateError } from '../../services/errors.js';
import { collect, withContext } from '../context.js';
import { CliError, EXIT, invalidInput, printJson, table } from '../output.js';
import { resolveContact } from '../resolve.js';
import { formatShort, formatWhen } from '../when.js';

/** Schema paths → the options a user typed, so errors name what they can fix. */
const FLAGS: Record<string, string> = {
  givenName: '--given',
  familyName: '--family',
  emails: '--email',
  phones: '--phone',
  linkedinUrl: '--linkedin',
  organizationName: '--org',
  department: '--department',
  fullName: '--full-name',
  title: '--title',
  location: '--location',
  notes: '--notes',
  sharedInterests: '--interest',
  howWeMet: '--how-we-met',
  introducedById: '--introduced-by',
  tags: '--tag',
  q: '--search',
  tag: '--tag',
  organization: '--org',
  sort: '--sort',
  limit: '--limit',
  offset: '--offset',
};
const flagOf = (path: string) => (path ? (FLAGS[path.split('.')[0] ?? ''] ?? path) : 'input');

interface FieldOptions {
  given?: string;
  family?: string;
  email?: string[];
  phone?: string[];
  linkedin?: string;
  org?: string;
  department?: string;
  fullName?: string;
  title?: string;
  location?: string;
  notes?: string;
  interest?: string[];
  howWeMet?: string;
  introducedBy?: string;
  tag?: string[];
  json?: boolean;
}

function addFieldOptions(cmd: Command): Command {
  return cmd
    .option('--given <name>', 'given (first) name')
    .option('--family <name>', 'family (last) name')
    .option('--email <address>', 'email address (repeat for several)', collect)
    .option('--phone <number>', 'phone number (repeat for several)', collect)
    .option('--linkedin <url>', 'LinkedIn profile URL')
    .option('--org <name>', 'current organization')
    .option('--department <name>', 'department within the organization')
    .option('--title <title>', 'job title')
    .option('--full-name <name>', 'the name as they write it ("Dr. Ada M. Quill PhD"), shown instead of given + family name')
    .option('--location <place>', 'where they are')
    .option('--notes <text>', 'personal notes')
    .option('--interest <interest>', 'a shared interest, e.g. oenophile (repeat for several)', collect)
    .option('--how-we-met <text>', 'how you met')
    .option('--introduced-by <contact>', 'who introduced you (id or a unique name)')
    .option('--tag <tag>', 'a tag (repeat for several)', collect)
    .option('--json', 'print the contact as JSON');
}

/** "Stan Fields" → given Stan, family Fields; "Cher" → given Cher. */
function splitName(name: string | undefined): { givenName?: string; familyName?: string } {
  if (!name?.trim()) return {};
  const parts = name.trim().split(/\s+/);
  if (parts.length === 1) return { givenName: parts[0] };
  return { givenName: parts.slice(0, -1).join(' '), familyName: parts.at(-1) };
}

const RESPONSIVENESS: Record<ContactInsight['responsiveness'], string> = {
  booster: 'Booster (answers within 3 business days)',
  obligate: 'Obligate (answers, slowly)',
  curmudgeon: 'Curmudgeon (does not answer)',
  unknown: 'not known yet',
};

function printContact(c: Contact, insight?: ContactInsight): void {
  const line = (label: string, value: string | null | undefined) => {
    if (value) process.stdout.write(`${pc.dim(label.padEnd(16))}${value}\n`);
  };
  const role = [c.title, c.department, c.organizationName].filter(Boolean).join(', ');
  process.stdout.write(`${pc.bold(c.displayName)}${role ? pc.dim(` — ${role}`) : ''}\n`);
  line('id', c.id);
  line('emails', c.emails.map((e) => e.value).join(', '));
  line('phones', c.phones.map((p) => p.value).join(', '));
  line('linkedin', c.linkedinUrl);
  line('location', c.location);
  line('tags', c.tags.join(', '));
  line('interests', c.sharedInterests.join(', '));
  line('how we met', c.howWeMet);
  line('introduced by', c.introducedBy ? `${c.introducedBy.displayName} (${c.introducedBy.id})` : null);
  line('notes', c.notes);
  if (c.deletedAt) line('deleted', `${formatWhen(c.deletedAt)} (history kept)`);
  if (!insight) return;
  line('last contact', insight.lastInteractionAt ? formatWhen(insight.lastInteractionAt) : 'never');
  line('next', insight.nextConversationAt ? formatWhen(insight.nextConversationAt) : 'nothing scheduled');
  line('responsiveness', RESPONSIVENESS[insight.responsiveness]);
  line('search stage', `${insight.searchStage} — ${insight.searchStageReason}`);
  if (insight.referralChain.length > 1) line('chain', insight.referralChain.map((r) => r.displayName).join(' → '));
  line('introduced', insight.introduced.map((r) => r.displayName).join(', '));
}

/** Exit 4 naming the contact already there, what matched (as the options the user typed) and how to add anyway. */
function alreadyThere(error: DuplicateError, them: Extract<ExistingRecord, { type: 'contact' }>): CliError {
  const what = error.issues?.[0]?.message ?? error.message;
  const option = them.matchedBy === 'email' ? '--email' : them.matchedBy === 'linkedin' ? '--linkedin' : them.organization ? 'name and --org' : 'name';
  return new CliError(
    `${what}\n  matched by ${option}\n  already there: ${them.label} ${them.id} (rapport contact show ${them.id})\n  if this is someone else, run the command again with --force to add them anyway`,
    EXIT.conflict,
  );
}

function referencesText(refs: References): string {
  return refs.items.map((i) => `${i.count} ${i.label}`).join(', ');
}

function fieldsFrom(opts: FieldOptions): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  if (opts.given !== undefined) fields.givenName = opts.given;
  if (opts.family !== undefined) fields.familyName = opts.family;
  if (opts.email !== undefined) fields.emails = opts.email.filter(Boolean).map((value) => ({ value }));
  if (opts.phone !== undefined) fields.phones = opts.phone.filter(Boolean).map((value) => ({ value }));
  if (opts.linkedin !== undefined) fields.linkedinUrl = opts.linkedin || null;
  if (opts.org !== undefined) fields.organizationName = opts.org;
  if (opts.department !== undefined) fields.department = opts.department;
  if (opts.fullName !== undefined) fields.fullName = opts.fullName;
  if (opts.title !== undefined) fields.title = opts.title;
  if (opts.location !== undefined) fields.location = opts.location;
  if (opts.notes !== undefined) fields.notes = opts.notes;
  if (opts.interest !== undefined) fields.sharedInterests = opts.interest.filter(Boolean);
  if (opts.howWeMet !== undefined) fields.howWeMet = opts.howWeMet;
  if (opts.tag !== undefined) fields.tags = opts.tag.filter(Boolean);
  return fields;
}

export function contactCommand(): Command {
  const contact = new Command('contact').alias('contacts').description('add, find, show, edit and remove contacts');

  addFieldOptions(
    contact
      .command('add')
      .description('add a contact')
      .argument('[name]', 'full name, e.g. "Stan Fields" (or use --given and --family)'),
  )
    .option('--force', 'add them even if a contact has the same email, LinkedIn profile, or name at the same organization')
    .addHelpText('after', '\nExample:\n  rapport contact add "Stan Fields" --org Acme --title "Engineering Manager" --email stan@acme.test --tag adviser')
    .action(async (name: string | undefined, opts: FieldOptions & { force?: boolean }) => {
      await withContext(async (ctx) => {
        const raw: Record<string, unknown> = { ...splitName(name), ...fieldsFrom(opts) };
        if (opts.introducedBy) raw.introducedById = (await resolveContact(ctx, opts.introducedBy)).id;
        const parsed = contactAddSchema.safeParse({ ...raw, force: Boolean(opts.force) });
        if (!parsed.success) throw invalidInput(parsed.error, flagOf);
        const created = await ctx.services.contacts
          .create({ workspaceId: ctx.workspaceId }, parsed.data)
          .catch((error: unknown) => {
            throw error instanceof DuplicateError && error.existing.type === 'contact' ? alreadyThere(error, error.existing) : error;
          });
        if (opts.json) printJson(created);
        else process.stdout.write(`Added ${pc.bold(created.displayName)} ${pc.dim(created.id)}\n`);
      });
    });

  contact
    .command('list')
    .alias('ls')
    .description('list contacts, with search and filters')
    .option('-s, --search <text>', 'search names, emails, organizations and titles')
    .option('--tag <tag>', 'only contacts with this tag')
    .option('--org <name>', 'only contacts at an organization whose name contains this')
    .addOption(new Option('--sort <order>', 'sort order').choices(contactSortSchema.options).default('name'))
    .option('--limit <n>', 'how many to show', '50')
    .option('--offset <n>', 'how many to skip', '0')
    .option('--json', 'print the page as JSON')
    .action(async (opts: { search?: string; tag?: string; org?: string; sort: string; limit: string; offset: string; json?: boolean }) => {
      const parsed = contactListQuerySchema.safeParse({
        q: opts.search,
        tag: opts.tag,
        organization: opts.org,
        sort: opts.sort,
        limit: opts.limit,
        offset: opts.offset,
      });
      if (!parsed.success) throw invalidInput(parsed.error, flagOf);
      await withContext(async (ctx) => {
        const page = await ctx.services.contacts.list({ workspaceId: ctx.workspaceId }, parsed.data);
        if (opts.json) return printJson(page);
        if (page.total === 0) {
          process.stdout.write(opts.search || opts.tag || opts.org ? 'No contacts match.\n' : 'No contacts yet. Add one with: rapport contact add "First Last"\n');
          return;
        }
        const rows = page.items.map((c) => [c.displayName, c.organizationName ?? '', c.title ?? '', c.primaryEmail ?? '', c.id]);
        process.stdout.write(`${table(['NAME', 'ORGANIZATION', 'TITLE', 'EMAIL', 'ID'], rows, [30, 28, 28, 30, 36])}\n`);
        const shown = `${page.offset + 1}–${page.offset + page.items.length}`;
        process.stdout.write(pc.dim(`${shown} of ${page.total}\n`));
      });
    });

  contact
    .command('show')
    .description('show one contact, with what Rapport knows about them: last and next conversation, responsiveness, search stage, who introduced them')
    .argument('<contact>', 'id, or a name or email that matches one contact')
    .option('--json', 'print as JSON: { contact, insight }')
    .addHelpText('after', '\nExample:\n  rapport contact show "Ada Byron"')
    .action(async (ref: string, opts: { json?: boolean }) => {
      await withContext(async (ctx) => {
        const c = await resolveContact(ctx, ref);
        const insight = await ctx.services.insights.contactInsight({ workspaceId: ctx.workspaceId }, c.id);
        if (opts.json) printJson({ contact: c, insight });
        else printContact(c, insight);
      });
    });

  contact
    .command('timeline')
    .description('everything about a person, newest first: conversations, referrals, advice, events, edits')
    .argument('<contact>', 'id, or a name or email that matches one contact')
    .option('--json', 'print as JSON: { entries }')
    .addHelpText('after', '\nExample:\n  rapport contact timeline "Stan Fields"')
    .action(async (ref: string, opts: { json?: boolean }) => {
      await withContext(async (ctx) => {
        const c = await resolveContact(ctx, ref);
        const entries = await ctx.services.insights.timeline({ workspaceId: ctx.workspaceId }, c.id);
        if (opts.json) return printJson({ entries });
        process.stdout.write(`${pc.bold(c.displayName)}\n`);
        for (const e of entries) {
          process.stdout.write(`${pc.dim(formatShort(e.at))}  ${e.title}${e.detail ? pc.dim(` · ${e.detail}`) : ''}\n`);
        }
      });
    });

  addFieldOptions(
    contact
      .command('edit')
      .description('edit a contact: the options given replace those fields ("" clears one)')
      .argument('<contact>', 'id, or a name or email that matches one contact')
      .option('--add-tag <tag>', 'add a tag (repeat for several)', collect)
      .option('--remove-tag <tag>', 'remove a tag (repeat for several)', collect),
  ).action(async (ref: string, opts: FieldOptions & { addTag?: string[]; removeTag?: string[] }) => {
    await withContext(async (ctx) => {
      const current = await resolveContact(ctx, ref);
      const raw: Record<string, unknown> = { version: current.version, ...fieldsFrom(opts) };
      if (opts.introducedBy !== undefined) raw.introducedById = opts.introducedBy ? (await resolveContact(ctx, opts.introducedBy)).id : null;
      if (opts.addTag || opts.removeTag) {
        const remove = new Set((opts.removeTag ?? []).map((t) => t.toLowerCase()));
        const base = (raw.tags as string[] | undefined) ?? current.tags;
        raw.tags = [...base, ...(opts.addTag ?? [])].filter((t) => !remove.has(t.toLowerCase()));
      }
      if (Object.keys(raw).length === 1) throw new CliError('Nothing to change: give at least one option (see rapport contact edit --help)', EXIT.usage);
      const parsed = contactUpdateSchema.safeParse(raw);
      if (!parsed.success) throw invalidInput(parsed.error, flagOf);
      const updated = await ctx.services.contacts.update({ workspaceId: ctx.workspaceId }, current.id, parsed.data);
      if (opts.json) printJson(updated);
      else process.stdout.write(`Updated ${pc.bold(updated.displayName)} ${pc.dim(updated.id)}\n`);
    });
  });

  contact
    .command('remove')
    .alias('rm')
    .description('delete a contact; first prints what refers to them (conversations, referrals, advice, people they introduced)')
    .argument('<contact>', 'id, or a name or email that matches one contact')
    .option('--mode <mode>', 'keep-history: leave every list, but conversations, referrals and advice keep their name; remove: delete them with their referrals and advice', 'keep-history')
    .option('--json', 'print what was removed as JSON')
    .addHelpText('after', '\nExample:\n  rapport contact remove "Stan Fields" --mode keep-history')
    .action(async (ref: string, opts: { mode: string; json?: boolean }) => {
      const mode = deleteModeSchema.safeParse({ mode: opts.mode });
      if (!mode.success) throw invalidInput(mode.error, () => '--mode');
      await withContext(async (ctx) => {
        const scope = { workspaceId: ctx.workspaceId };
        const c = await resolveContact(ctx, ref);
        const references = await ctx.services.contacts.references(scope, c.id);
        if (!opts.json) {
          process.stdout.write(references.total > 0 ? `${c.displayName} is referred to by: ${referencesText(references)}\n` : `Nothing refers to ${c.displayName}.\n`);
        }
        await ctx.services.contacts.remove(scope, c.id, mode.data.mode);
        const historyKept = mode.data.mode === 'keep-history' && references.total > 0;
        if (opts.json) return printJson({ removed: { id: c.id, displayName: c.displayName }, mode: mode.data.mode, historyKept, references });
        if (historyKept) process.stdout.write(`Removed ${pc.bold(c.displayName)} from your lists; their name stays on that history ${pc.dim(c.id)}\n`);
        else process.stdout.write(`Removed ${pc.bold(c.displayName)}${references.total > 0 ? ' and their referrals and advice' : ''} ${pc.dim(c.id)}\n`);
      });
    });

  return contact;
}
