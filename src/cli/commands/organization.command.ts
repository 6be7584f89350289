import { Command, Option } from 'commander';
import pc from 'picocolors';
import {
  deleteModeSchema,
  organizationCreateSchema,
  organizationListQuerySchema,
  organizationPeopleQuerySchema,
  organizationSortSchema,
  organizationUpdateSchema,
  type Organization,
} from '../../contracts/organization.schema.js';
import { withContext } from '../context.js';
import { CliError, EXIT, invalidInput, printJson, table } from '../output.js';
import { resolveOrganization } from '../organization-ref.js';

/** Schema paths → the options a user typed, so errors name what they can fix. */
const FLAGS: Record<string, string> = {
  name: '<name>',
  website: '--website',
  industry: '--industry',
  location: '--location',
  notes: '--notes',
  q: '--search',
  sort: '--sort',
  limit: '--limit',
  offset: '--offset',
  mode: '--mode',
};
const flagOf = (path: string) => (path ? (FLAGS[path.split('.')[0] ?? ''] ?? path) : 'input');

interface FieldOptions {
  name?: string;
  website?: string;
  industry?: string;
  location?: string;
  notes?: string;
  json?: boolean;
}

function addFieldOptions(cmd: Command): Command {
  return cmd
    .option('--website <url>', 'web site')
    .option('--industry <industry>', 'industry')
    .option('--location <place>', 'where it is')
    .option('--notes <text>', 'notes')
    .option('--json', 'print the organization as JSON');
}

function fieldsFrom(opts: FieldOptions): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  if (opts.name !== undefined) fields.name = opts.name;
  if (opts.website !== undefined) fields.website = opts.website;
  if (opts.industry !== undefined) fields.industry = opts.industry;
  if (opts.location !== undefined) fields.location = opts.location;
  if (opts.notes !== undefined) fields.notes = opts.notes;
  return fields;
}

function printOrganization(o: Organization): void {
  const line = (label: string, value: string | null | undefined) => {
    if (value) process.stdout.write(`${pc.dim(label.padEnd(14))}${value}\n`);
  };
  process.stdout.write(`${pc.bold(o.name)}${o.onTargetList ? pc.cyan('  [on the target list]') : ''}${o.deletedAt ? pc.red('  [deleted, kept in the history]') : ''}\n`);
  line('id', o.id);
  line('website', o.website);
  line('industry', o.industry);
  line('location', o.location);
  line('contacts', String(o.contactCount));
  line('notes', o.notes);
}

export function organizationCommand(): Command {
  const organization = new Command('organization')
    .alias('organizations')
    .alias('org')
    .description('add, find, show, edit and remove organizations (companies and institutions)');

  addFieldOptions(organization.command('add').description('add an organization').argument('<name>', 'its name, e.g. "Acme Robotics"'))
    .addHelpText('after', '\nExample:\n  rapport organization add "Acme Robotics" --website acme.example --industry Robotics --location Denver')
    .action(async (name: string, opts: FieldOptions) => {
      const parsed = organizationCreateSchema.safeParse({ ...fieldsFrom(opts), name });
      if (!parsed.success) throw invalidInput(parsed.error, flagOf);
      await withContext(async (ctx) => {
        const created = await ctx.services.organizations.create({ workspaceId: ctx.workspaceId }, parsed.data);
        if (opts.json) printJson(created);
        else process.stdout.write(`Added ${pc.bold(created.name)} ${pc.dim(created.id)}\n`);
      });
    });

  organization
    .command('list')
    .alias('ls')
    .description('list organizations, with search')
    .option('-s, --search <text>', 'search names (case and accents ignored)')
    .addOption(new Option('--sort <order>', 'sort order').choices(organizationSortSchema.options).default('name'))
    .option('--limit <n>', 'how many to show', '50')
    .option('--offset <n>', 'how many to skip', '0')
    .option('--json', 'print the page as JSON')
    .action(async (opts: { search?: string; sort: string; limit: string; offset: string; json?: boolean }) => {
      const parsed = organizationListQuerySchema.safeParse({ q: opts.search, sort: opts.sort, limit: opts.limit, offset: opts.offset });
      if (!parsed.success) throw invalidInput(parsed.error, flagOf);
      await withContext(async (ctx) => {
        const page = await ctx.services.organizations.list({ workspaceId: ctx.workspaceId }, parsed.data);
        if (opts.json) return printJson(page);
        if (page.total === 0) {
          process.stdout.write(opts.search ? 'No organizations match.\n' : 'No organizations yet. Add one with: rapport organization add "Name"\n');
          return;
        }
        const rows = page.items.map((o) => [o.name, String(o.contactCount), o.onTargetList ? 'yes' : '', o.industry ?? '', o.location ?? '', o.id]);
        process.stdout.write(`${table(['NAME', 'CONTACTS', 'TARGET', 'INDUSTRY', 'LOCATION', 'ID'], rows, [32, 8, 6, 24, 24, 36])}\n`);
        process.stdout.write(pc.dim(`${page.offset + 1}–${page.offset + page.items.length} of ${page.total}\n`));
      });
    });

  organization
    .command('show')
    .description('show one organization and the people there')
    .argument('<organization>', 'id, or a name that matches one organization')
    .option('--json', 'print as JSON (the organization and its people)')
    .action(async (ref: string, opts: { json?: boolean }) => {
      await withContext(async (ctx) => {
        const scope = { workspaceId: ctx.workspaceId };
        const o = await resolveOrganization(ctx, ref);
        const people = await ctx.services.organizations.people(scope, o.id, organizationPeopleQuerySchema.parse({ limit: 20 }));
        if (opts.json) return printJson({ ...o, people: people.items });
        printOrganization(o);
        if (people.total > 0) {
          process.stdout.write(`\n${pc.bold('People there')}\n`);
          process.stdout.write(`${table(['NAME', 'TITLE', 'ID'], people.items.map((p) => [p.displayName, p.title ?? '', p.id]), [30, 36, 36])}\n`);
          if (people.total > people.items.length) process.stdout.write(pc.dim(`…and ${people.total - people.items.length} more: rapport contact list --org "${o.name}"\n`));
        }
      });
    });

  addFieldOptions(
    organization
      .command('edit')
      .description('edit an organization: the options given replace those fields ("" clears one)')
      .argument('<organization>', 'id, or a name that matches one organization')
      .option('--name <name>', 'a new name'),
  ).action(async (ref: string, opts: FieldOptions) => {
    await withContext(async (ctx) => {
      const current = await resolveOrganization(ctx, ref);
      const raw = { version: current.version, ...fieldsFrom(opts) };
      if (Object.keys(raw).length === 1) throw new CliError('Nothing to change: give at least one option (see rapport organization edit --help)', EXIT.usage);
      const parsed = organizationUpdateSchema.safeParse(raw);
      if (!parsed.success) throw invalidInput(parsed.error, (p) => (p === 'name' ? '--name' : flagOf(p)));
      const updated = await ctx.services.organizations.update({ workspaceId: ctx.workspaceId }, current.id, parsed.data);
      if (opts.json) printJson(updated);
      else process.stdout.write(`Updated ${pc.bold(updated.name)} ${pc.dim(updated.id)}\n`);
    });
  });

  organization
    .command('remove')
    .alias('rm')
    .description('delete an organization, keeping it named in the history (default) or removing it for good')
    .argument('<organization>', 'id, or a name that matches one organization')
    .addOption(
      new Option('--mode <mode>', 'keep-history: it leaves every list but conversations and contacts keep its name; remove: delete it for good')
        .choices(deleteModeSchema.shape.mode.unwrap().options)
        .default('keep-history'),
    )
    .option('--json', 'print what references it and what was done as JSON')
    .action(async (ref: string, opts: { mode: string; json?: boolean }) => {
      const parsed = deleteModeSchema.safeParse({ mode: opts.mode });
      if (!parsed.success) throw invalidInput(parsed.error, flagOf);
      const { mode } = parsed.data;
      await withContext(async (ctx) => {
        const scope = { workspaceId: ctx.workspaceId };
        const o = await resolveOrganization(ctx, ref);
        const references = await ctx.services.organizations.references(scope, o.id);
        await ctx.services.organizations.remove(scope, o.id, mode);
        if (opts.json) return printJson({ removed: { id: o.id, name: o.name }, mode, references });
        if (references.total > 0) {
          process.stdout.write(`${pc.bold(o.name)} was referenced by:\n${references.items.map((i) => `  ${i.label}`).join('\n')}\n`);
        }
        process.stdout.write(
          mode === 'keep-history'
            ? `Deleted ${pc.bold(o.name)}; the history keeps its name ${pc.dim(o.id)}\n`
            : `Removed ${pc.bold(o.name)} for good: its contacts and conversations stay, without it; its target entry and referrals to it are gone ${pc.dim(o.id)}\n`,
        );
      });
    });

  return organization;
}
