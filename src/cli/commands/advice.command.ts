import { Command, Option } from 'commander';
import pc from 'picocolors';
import { adviceKindSchema } from '../../contracts/conversation.schema.js';
import { adviceCreateSchema, adviceListQuerySchema, adviceUpdateSchema, type Advice } from '../../contracts/referral.schema.js';
import type { AppContext } from '../../runtime/context.js';
import { withContext } from '../context.js';
import { invalidInput, printJson, table } from '../output.js';
import { resolveContact, withFlags } from '../resolve.js';
import { formatShort } from '../when.js';

const FLAGS: Record<string, string> = { contactId: '<contact>', title: '<title>', kind: '--kind', notes: '--notes', status: '--status', version: '<id>' };
const flagOf = (path: string) => FLAGS[path.split('.')[0] ?? ''] ?? (path || 'input');

function statusText(a: Advice): string {
  if (a.status !== 'done') return a.status;
  return `done ${formatShort(a.doneAt).slice(0, 10)}${a.updateSentAt ? ', told' : ', not told yet'}`;
}

/** Applies one change on the current version (a concurrent edit is a conflict, exit 4). */
async function change(ctx: AppContext, id: string, patch: Record<string, unknown>): Promise<Advice> {
  const scope = { workspaceId: ctx.workspaceId };
  const current = await ctx.services.advice.get(scope, id);
  const parsed = adviceUpdateSchema.safeParse({ version: current.version, ...patch });
  if (!parsed.success) throw invalidInput(parsed.error, flagOf);
  return ctx.services.advice.update(scope, current.id, parsed.data);
}

export function adviceCommand(): Command {
  const advice = new Command('advice').description('advice contacts gave you: do it, then tell them how it went');

  advice
    .command('add')
    .description('record advice a contact gave you')
    .argument('<contact>', 'who gave it: id, or a name or email that matches one contact')
    .argument('<title>', 'what to do, e.g. "Read The 2-Hour Job Search"')
    .addOption(new Option('--kind <kind>', 'what kind of advice').choices(adviceKindSchema.options).default('other'))
    .option('--notes <text>', 'notes')
    .option('--json', 'print the advice item as JSON')
    .addHelpText('after', '\nExample:\n  rapport advice add "Stan Fields" "The 2-Hour Job Search" --kind book')
    .action(async (ref: string, title: string, opts: { kind: string; notes?: string; json?: boolean }) => {
      await withContext(async (ctx) => {
        const contact = await resolveContact(ctx, ref, '<contact>');
        const parsed = adviceCreateSchema.safeParse({ contactId: contact.id, title, kind: opts.kind, notes: opts.notes });
        if (!parsed.success) throw invalidInput(parsed.error, flagOf);
        const created = await withFlags(ctx.services.advice.create({ workspaceId: ctx.workspaceId }, parsed.data), flagOf);
        if (opts.json) return printJson(created);
        process.stdout.write(`Recorded advice from ${pc.bold(created.from.displayName)}: ${created.title} (${created.kind}) ${pc.dim(created.id)}\n`);
      });
    });

  advice
    .command('list')
    .alias('ls')
    .description('list advice items, newest first')
    .option('--contact <contact>', 'only advice from this contact')
    .addOption(new Option('--open', 'only advice not acted on yet').conflicts('done'))
    .option('--done', 'only advice you took')
    .option('--json', 'print as JSON')
    .addHelpText('after', '\nExample:\n  rapport advice list --open')
    .action(async (opts: { contact?: string; open?: boolean; done?: boolean; json?: boolean }) => {
      const query = adviceListQuerySchema.parse({ status: opts.open ? 'open' : opts.done ? 'done' : undefined });
      await withContext(async (ctx) => {
        const contactId = opts.contact ? (await resolveContact(ctx, opts.contact, '--contact')).id : undefined;
        const items = await ctx.services.advice.list({ workspaceId: ctx.workspaceId }, { ...query, contactId });
        if (opts.json) return printJson(items);
        if (items.length === 0) {
          process.stdout.write('No advice matches. Record some with: rapport advice add "Stan Fields" "Read The 2-Hour Job Search" --kind book\n');
          return;
        }
        const rows = items.map((a) => [a.from.displayName, a.title, a.kind, statusText(a), a.id]);
        process.stdout.write(`${table(['FROM', 'ADVICE', 'KIND', 'STATUS', 'ID'], rows, [28, 40, 8, 26, 36])}\n`);
      });
    });

  advice
    .command('done')
    .description('you took this advice (then tell the adviser, and record it with advice told)')
    .argument('<id>', 'advice item id')
    .option('--json', 'print the advice item as JSON')
    .addHelpText('after', '\nExample:\n  rapport advice done 0195f6a2-…')
    .action(async (id: string, opts: { json?: boolean }) => {
      await withContext(async (ctx) => {
        const updated = await change(ctx, id, { status: 'done' });
        if (opts.json) return printJson(updated);
        process.stdout.write(`Done: ${pc.bold(updated.title)}. Tell ${updated.from.displayName} you took their advice and how it went, then: rapport advice told ${updated.id}\n`);
      });
    });

  advice
    .command('told')
    .description('record that you told the adviser you took their advice')
    .argument('<id>', 'advice item id')
    .option('--json', 'print the advice item as JSON')
    .addHelpText('after', '\nExample:\n  rapport advice told 0195f6a2-…')
    .action(async (id: string, opts: { json?: boolean }) => {
      await withContext(async (ctx) => {
        const updated = await change(ctx, id, { updateSent: true });
        if (opts.json) return printJson(updated);
        process.stdout.write(`Recorded that you told ${pc.bold(updated.from.displayName)} about: ${updated.title} ${pc.dim(updated.id)}\n`);
      });
    });

  advice
    .command('remove')
    .alias('rm')
    .description('delete an advice item')
    .argument('<id>', 'advice item id')
    .option('--json', 'print what was removed as JSON')
    .addHelpText('after', '\nExample:\n  rapport advice remove 0195f6a2-…')
    .action(async (id: string, opts: { json?: boolean }) => {
      await withContext(async (ctx) => {
        const scope = { workspaceId: ctx.workspaceId };
        const a = await ctx.services.advice.get(scope, id);
        await ctx.services.advice.remove(scope, a.id);
        if (opts.json) return printJson({ removed: { id: a.id } });
        process.stdout.write(`Removed advice from ${a.from.displayName}: ${a.title} ${pc.dim(a.id)}\n`);
      });
    });

  return advice;
}
