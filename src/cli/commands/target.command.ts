import { Command, Option } from 'commander';
import pc from 'picocolors';
import {
  TARGET_STATUS_LABELS,
  targetAddSchema,
  targetListQuerySchema,
  targetMoveSchema,
  targetOrderSchema,
  targetStatusSchema,
  targetUpdateSchema,
  type Target,
  type TargetList,
} from '../../contracts/target.schema.js';
import { organizationListQuerySchema } from '../../contracts/organization.schema.js';
import type { AppContext } from '../../runtime/context.js';
import { AppError } from '../../services/errors.js';
import { withContext } from '../context.js';
import { CliError, EXIT, invalidInput, printJson, table } from '../output.js';
import { resolveOrganization } from '../organization-ref.js';
import { intOption, resolveContact } from '../resolve.js';

/** Schema paths → the options a user typed, so errors name what they can fix. */
const FLAGS: Record<string, string> = {
  organizationId: '<organization>',
  organizationName: '<organization>',
  motivation: '--motivation',
  posting: '--posting',
  status: '--status',
  suggestedById: '--suggested-by',
  notes: '--notes',
  order: '--order',
  position: '<position>',
};
const flagOf = (path: string) => (path ? (FLAGS[path.split('.')[0] ?? ''] ?? path) : 'input');

interface ScoreOptions {
  motivation?: string;
  posting?: string;
  status?: string;
  suggestedBy?: string;
  notes?: string;
  json?: boolean;
}

function addScoreOptions(cmd: Command): Command {
  return cmd
    .option('--motivation <0-3>', 'how much you want to work there (0–3)')
    .option('--posting <1-3>', 'is there a relevant posting: 1 none, 2 somewhat, 3 yes')
    .addOption(new Option('--status <status>', 'where you are with it').choices(targetStatusSchema.options))
    .option('--suggested-by <contact>', 'the contact who named it (id or a unique name; "" clears it)')
    .option('--notes <text>', 'notes')
    .option('--json', 'print the entry as JSON');
}

async function scoreFields(ctx: AppContext, opts: ScoreOptions): Promise<Record<string, unknown>> {
  const fields: Record<string, unknown> = {};
  if (opts.motivation !== undefined) fields.motivation = intOption(opts.motivation);
  if (opts.posting !== undefined) fields.posting = intOption(opts.posting);
  if (opts.status !== undefined) fields.status = opts.status;
  if (opts.notes !== undefined) fields.notes = opts.notes;
  if (opts.suggestedBy !== undefined) fields.suggestedById = opts.suggestedBy ? (await resolveContact(ctx, opts.suggestedBy)).id : null;
  return fields;
}

/** The organization must be on the list; says so plainly rather than "Target <id> was not found". */
async function resolveTarget(ctx: AppContext, ref: string): Promise<Target> {
  const organization = await resolveOrganization(ctx, ref);
  if (!organization.onTargetList) throw new CliError(`${organization.name} is not on the target list (add it with: rapport target add "${organization.name}")`, EXIT.notFound);
  return ctx.services.targets.get({ workspaceId: ctx.workspaceId }, organization.id);
}

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : '—');

function printList(list: TargetList, order: string): void {
  if (list.total === 0) {
    process.stdout.write('The target list is empty. Add an organization with: rapport target add "Acme Robotics" --motivation 3\n');
    return;
  }
  const rows = list.items.map((t) => [
    String(t.rank),
    t.organizationName,
    String(t.motivation),
    String(t.advocacy),
    String(t.posting),
    TARGET_STATUS_LABELS[t.status],
    String(t.coverage.contactCount),
    t.coverage.bestContact ? `${t.coverage.bestContact.displayName}${t.coverage.bestContact.title ? `, ${t.coverage.bestContact.title}` : ''}` : '',
    day(t.coverage.lastTouchAt),
    String(t.coverage.stage),
  ]);
  process.stdout.write(`${table(['RANK', 'ORGANIZATION', 'M', 'A', 'P', 'STATUS', 'CONTACTS', 'BEST CONTACT', 'LAST TOUCH', 'STAGE'], rows, [4, 28, 1, 1, 1, 13, 8, 36, 10, 5])}\n`);
  process.stdout.write(
    pc.dim(`${list.total} on the list${order === 'lamp' ? ', in LAMP order (Motivation, Posting, Advocacy)' : ''}. M motivation 0–3, A advocacy (someone there), P posting 1–3; stage 0 nobody known … 3 something in the works\n`),
  );
}

export function targetCommand(): Command {
  const target = new Command('target')
    .alias('targets')
    .description('the target list: the organizations you go after, ranked, with LAMP scores and coverage');

  addScoreOptions(
    target
      .command('add')
      .description('put an organization at the bottom of the target list (created if it does not exist yet)')
      .argument('<organization>', 'an organization id or name'),
  )
    .addHelpText('after', '\nExample:\n  rapport target add "Acme Robotics" --motivation 3 --posting 2 --suggested-by "Stan Fields"')
    .action(async (ref: string, opts: ScoreOptions) => {
      await withContext(async (ctx) => {
        const scope = { workspaceId: ctx.workspaceId };
        // An id adds that organization; anything else is a name, found or created by the service.
        const byId = await ctx.services.organizations.get(scope, ref).catch((error: unknown) => {
          if (error instanceof AppError && error.code === 'not_found') return undefined;
          throw error;
        });
        const which = byId && byId.deletedAt === null ? { organizationId: byId.id } : { organizationName: ref };
        const parsed = targetAddSchema.safeParse({ ...which, ...(await scoreFields(ctx, opts)) });
        if (!parsed.success) throw invalidInput(parsed.error, flagOf);
        const isNew = !('organizationId' in which) && !(await ctx.services.organizations.findByName(scope, ref));
        // Say so when a name creates an organization: "acme" next to "Acme Robotics" is likely a slip.
        const similar = isNew ? (await ctx.services.organizations.list(scope, organizationListQuerySchema.parse({ q: ref, limit: 5 }))).items : [];
        const added = await ctx.services.targets.add(scope, parsed.data);
        if (opts.json) printJson(added);
        else process.stdout.write(`Added ${pc.bold(added.organizationName)} to the target list at rank ${added.rank} ${pc.dim(added.organizationId)}\n`);
        if (isNew) {
          const hint = similar.length > 0 ? `; did you mean ${similar.map((o) => `"${o.name}"`).join(', ')}? (rapport target remove "${added.organizationName}")` : '';
          process.stderr.write(`note: created the organization "${added.organizationName}"${hint}\n`);
        }
      });
    });

  target
    .command('list')
    .alias('ls')
    .description('show the target list: rank, LAMP scores, contacts there, best contact, last touch and stage')
    .addOption(new Option('--order <order>', 'rank: your ranking; lamp: Motivation, Posting, Advocacy').choices(targetOrderSchema.options).default('rank'))
    .addOption(new Option('--status <status>', 'only entries with this status').choices(targetStatusSchema.options))
    .option('--json', 'print the list as JSON')
    .action(async (opts: { order: string; status?: string; json?: boolean }) => {
      const parsed = targetListQuerySchema.safeParse({ order: opts.order, status: opts.status });
      if (!parsed.success) throw invalidInput(parsed.error, flagOf);
      await withContext(async (ctx) => {
        const list = await ctx.services.targets.list({ workspaceId: ctx.workspaceId }, parsed.data);
        if (opts.json) printJson(list);
        else printList(list, parsed.data.order);
      });
    });

  target
    .command('move')
    .description('move an organization to a position on the list (1 = top; beyond the end = last)')
    .argument('<organization>', 'id, or a name that matches one organization')
    .argument('<position>', 'the new rank')
    .option('--json', 'print the list as JSON')
    .action(async (ref: string, position: string, opts: { json?: boolean }) => {
      const parsed = targetMoveSchema.safeParse({ position: intOption(position) });
      if (!parsed.success) throw invalidInput(parsed.error, flagOf);
      await withContext(async (ctx) => {
        const entry = await resolveTarget(ctx, ref);
        const list = await ctx.services.targets.move({ workspaceId: ctx.workspaceId }, entry.organizationId, parsed.data.position);
        if (opts.json) return printJson(list);
        const moved = list.items.find((t) => t.organizationId === entry.organizationId);
        process.stdout.write(`Moved ${pc.bold(entry.organizationName)} to rank ${moved?.rank ?? parsed.data.position}\n`);
      });
    });

  addScoreOptions(
    target
      .command('set')
      .description('change the LAMP scores, status, suggester or notes of an entry')
      .argument('<organization>', 'id, or a name that matches one organization'),
  ).action(async (ref: string, opts: ScoreOptions) => {
    await withContext(async (ctx) => {
      const entry = await resolveTarget(ctx, ref);
      const raw = { version: entry.version, ...(await scoreFields(ctx, opts)) };
      if (Object.keys(raw).length === 1) throw new CliError('Nothing to change: give at least one option (see rapport target set --help)', EXIT.usage);
      const parsed = targetUpdateSchema.safeParse(raw);
      if (!parsed.success) throw invalidInput(parsed.error, flagOf);
      const updated = await ctx.services.targets.update({ workspaceId: ctx.workspaceId }, entry.organizationId, parsed.data);
      if (opts.json) printJson(updated);
      else process.stdout.write(`Updated ${pc.bold(updated.organizationName)}: motivation ${updated.motivation}, posting ${updated.posting}, ${TARGET_STATUS_LABELS[updated.status].toLowerCase()}\n`);
    });
  });

  target
    .command('remove')
    .alias('rm')
    .description('take an organization off the target list (the organization and its history stay)')
    .argument('<organization>', 'id, or a name that matches one organization')
    .option('--json', 'print what was removed as JSON')
    .action(async (ref: string, opts: { json?: boolean }) => {
      await withContext(async (ctx) => {
        const entry = await resolveTarget(ctx, ref);
        await ctx.services.targets.remove({ workspaceId: ctx.workspaceId }, entry.organizationId);
        if (opts.json) printJson({ removed: { organizationId: entry.organizationId, organizationName: entry.organizationName } });
        else process.stdout.write(`Removed ${pc.bold(entry.organizationName)} from the target list\n`);
      });
    });

  target
    .command('rank-by-lamp')
    .description('make the LAMP order (Motivation, Posting, Advocacy) your ranking')
    .option('--json', 'print the list as JSON')
    .action(async (opts: { json?: boolean }) => {
      await withContext(async (ctx) => {
        const list = await ctx.services.targets.rankByLamp({ workspaceId: ctx.workspaceId });
        if (opts.json) printJson(list);
        else printList(list, 'rank');
      });
    });

  return target;
}
