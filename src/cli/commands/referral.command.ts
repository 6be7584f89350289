import { Command } from 'commander';
import pc from 'picocolors';
import {
  REFERRAL_STATUS_LABELS,
  referralCreateSchema,
  referralListQuerySchema,
  referralStatusSchema,
  referralUpdateSchema,
  type Referral,
  type ReferralStatus,
} from '../../contracts/referral.schema.js';
import { withContext } from '../context.js';
import { invalidInput, printJson, table } from '../output.js';
import { resolveContact, withFlags } from '../resolve.js';
import { formatShort } from '../when.js';

const STATUSES = referralStatusSchema.options.join(', ');
const FLAGS: Record<string, string> = {
  fromContactId: '--from',
  toContactId: '--to',
  toOrganizationId: '--to',
  status: '--status',
  note: '--note',
  contactId: '--contact',
  version: '<id>',
};
const flagOf = (path: string) => FLAGS[path.split('.')[0] ?? ''] ?? (path || 'input');

const statusLabel = (s: string) => REFERRAL_STATUS_LABELS[s as ReferralStatus] ?? s;
const target = (r: Referral) => r.to?.displayName ?? r.toOrganization?.name ?? '?';

export function referralCommand(): Command {
  const referral = new Command('referral').alias('referrals').description('who introduced you to whom, and how far each introduction has gone');

  referral
    .command('list')
    .alias('ls')
    .description('list referrals, newest first')
    .option('--contact <contact>', 'only referrals to or from this contact')
    .option('--status <status>', `only this status: ${STATUSES}`)
    .option('--json', 'print as JSON')
    .addHelpText('after', '\nExample:\n  rapport referral list --contact "Stan Fields" --status offered')
    .action(async (opts: { contact?: string; status?: string; json?: boolean }) => {
      const pre = referralListQuerySchema.safeParse({ status: opts.status });
      if (!pre.success) throw invalidInput(pre.error, flagOf);
      await withContext(async (ctx) => {
        const contactId = opts.contact ? (await resolveContact(ctx, opts.contact, '--contact')).id : undefined;
        const items = await ctx.services.referrals.list({ workspaceId: ctx.workspaceId }, { ...pre.data, contactId });
        if (opts.json) return printJson(items);
        if (items.length === 0) {
          process.stdout.write('No referrals match. Record one with: rapport referral add --from "Stan Fields" --to "Ada Byron"\n');
          return;
        }
        const rows = items.map((r) => [r.from.displayName, target(r), statusLabel(r.status), formatShort(r.offeredAt).slice(0, 10), r.id]);
        process.stdout.write(`${table(['FROM', 'TO', 'STATUS', 'OFFERED', 'ID'], rows, [28, 28, 20, 10, 36])}\n`);
      });
    });

  referral
    .command('add')
    .description('record that a contact introduced you to someone')
    .requiredOption('--from <contact>', 'who made the introduction (id or a unique name)')
    .requiredOption('--to <contact>', 'whom they introduced you to')
    .option('--status <status>', `where it stands (default offered): ${STATUSES}`)
    .option('--note <text>', 'a note')
    .option('--json', 'print the referral as JSON')
    .addHelpText('after', '\nExample:\n  rapport referral add --from "Stan Fields" --to "Ada Byron" --note "Ada runs the robotics team at Globex"')
    .action(async (opts: { from: string; to: string; status?: string; note?: string; json?: boolean }) => {
      await withContext(async (ctx) => {
        const from = await resolveContact(ctx, opts.from, '--from');
        const to = await resolveContact(ctx, opts.to, '--to');
        const parsed = referralCreateSchema.safeParse({ fromContactId: from.id, toContactId: to.id, status: opts.status, note: opts.note });
        if (!parsed.success) throw invalidInput(parsed.error, flagOf);
        const created = await withFlags(ctx.services.referrals.create({ workspaceId: ctx.workspaceId }, parsed.data), flagOf);
        if (opts.json) return printJson(created);
        process.stdout.write(`Recorded: ${pc.bold(created.from.displayName)} introduced you to ${pc.bold(target(created))} · ${statusLabel(created.status)} ${pc.dim(created.id)}\n`);
      });
    });

  referral
    .command('set')
    .description('set where a referral stands (it also moves forward by itself as you log conversations)')
    .argument('<id>', 'referral id')
    .argument('<status>', STATUSES)
    .option('--note <text>', 'replace the note ("" clears it)')
    .option('--json', 'print the referral as JSON')
    .addHelpText('after', '\nExample:\n  rapport referral set 0195f6a2-… met')
    .action(async (id: string, status: string, opts: { note?: string; json?: boolean }) => {
      const setFlags = (path: string) => (path === 'status' ? '<status>' : flagOf(path));
      const known = referralStatusSchema.safeParse(status);
      if (!known.success) throw invalidInput(known.error, () => '<status>');
      await withContext(async (ctx) => {
        const scope = { workspaceId: ctx.workspaceId };
        const current = await ctx.services.referrals.get(scope, id);
        const parsed = referralUpdateSchema.safeParse({ version: current.version, status, ...(opts.note !== undefined ? { note: opts.note } : {}) });
        if (!parsed.success) throw invalidInput(parsed.error, setFlags);
        const updated = await ctx.services.referrals.update(scope, current.id, parsed.data);
        if (opts.json) return printJson(updated);
        process.stdout.write(`${updated.from.displayName} → ${target(updated)}: ${pc.bold(statusLabel(updated.status))} ${pc.dim(updated.id)}\n`);
      });
    });

  referral
    .command('chain')
    .description('who introduced whom, leading to a contact: "Amy → Ben → Cal"')
    .argument('<contact>', 'id, or a name or email that matches one contact')
    .option('--json', 'print as JSON: { chain: [{ id, displayName }] }, the first introducer first')
    .addHelpText('after', '\nExample:\n  rapport referral chain "Ada Byron"')
    .action(async (ref: string, opts: { json?: boolean }) => {
      await withContext(async (ctx) => {
        const contact = await resolveContact(ctx, ref);
        const chain = await ctx.services.referrals.chain({ workspaceId: ctx.workspaceId }, contact.id);
        if (opts.json) return printJson({ chain });
        process.stdout.write(`${chain.map((c) => c.displayName).join(' → ')}\n`);
        if (chain.length === 1) process.stdout.write(pc.dim(`Nobody introduced ${contact.displayName} (set it with: rapport contact edit "${contact.displayName}" --introduced-by …)\n`));
      });
    });

  referral
    .command('remove')
    .alias('rm')
    .description('delete a referral')
    .argument('<id>', 'referral id')
    .option('--json', 'print what was removed as JSON')
    .addHelpText('after', '\nExample:\n  rapport referral remove 0195f6a2-…')
    .action(async (id: string, opts: { json?: boolean }) => {
      await withContext(async (ctx) => {
        const scope = { workspaceId: ctx.workspaceId };
        const r = await ctx.services.referrals.get(scope, id);
        await ctx.services.referrals.remove(scope, r.id);
        if (opts.json) return printJson({ removed: { id: r.id } });
        process.stdout.write(`Removed the referral ${r.from.displayName} → ${target(r)} ${pc.dim(r.id)}\n`);
      });
    });

  return referral;
}
