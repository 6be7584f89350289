import { Command } from 'commander';
import pc from 'picocolors';
import { settingsUpdateSchema, type SettingsView } from '../../contracts/settings.schema.js';
import { collect, withContext } from '../context.js';
import { CliError, EXIT, invalidInput, printJson } from '../output.js';
import { intOption, withFlags } from '../resolve.js';

const GROUP_LABEL: Record<string, string> = { 'next-interview': 'next interview', relationship: 'relationship', housekeeping: 'housekeeping' };

/** Contract paths (`playbook.windows.thank-you`) → the options a person typed. */
function flagOf(path: string): string {
  const p = path.replace(/^playbook\./, '');
  if (p.startsWith('windows.')) return `--window ${p.slice('windows.'.length)}`;
  if (p === 'windows') return '--window';
  if (p.startsWith('rulePriority')) return '--priority';
  if (p === 'staleAfterDays') return '--stale-after';
  return p || 'input';
}

interface Effective {
  windows: Record<string, number | null>;
  rulePriority: string[];
  staleAfterDays: number;
}

/** "14 days after due", "never (lasts while it holds)", or a deadline rule's "no window of its own". */
export function windowText(days: number | null, expires: boolean, staleAfterDays: number): string {
  if (!expires) return 'never (lasts while its condition holds)';
  if (days === null) return `no window of its own (given up ${staleAfterDays} days after due)`;
  return `${days} day${days === 1 ? '' : 's'} after due`;
}

function printPlaybook(view: SettingsView): void {
  const e = view.effective as unknown as Effective;
  const rules = new Map(view.rules.map((r) => [r.id, r]));
  process.stdout.write(`${pc.bold('Order of importance on Today')} ${pc.dim('(most important first; within a day the higher rule comes first)')}\n`);
  const width = Math.max(...e.rulePriority.map((id) => id.length));
  e.rulePriority.forEach((id, i) => {
    const rule = rules.get(id);
    const group = rule ? GROUP_LABEL[rule.group] ?? rule.group : '';
    const window = windowText(e.windows[id] ?? null, rule?.expires ?? true, e.staleAfterDays);
    process.stdout.write(`  ${String(i + 1).padStart(2)}. ${id.padEnd(width)}  ${group.padEnd(14)}  expires: ${window}\n`);
  });
  process.stdout.write(pc.dim(`\nWindow: how many days after its due date an open action waits before it expires instead of nagging. Every deadline is given up ${e.staleAfterDays} days after due (--stale-after).\n`));
  process.stdout.write(pc.dim('rapport playbook set --window thank-you=3 --priority ask-feedback,reach-referral,… · --reset-windows · --reset-priority\n'));
}

/** "thank-you=3" → ["thank-you", 3]; "keep-in-touch=never" → null. */
function parseWindow(text: string): [string, number | string | null] {
  const m = /^\s*([^=\s]+)\s*=\s*(.*?)\s*$/.exec(text);
  if (!m || !m[1] || m[2] === undefined || m[2] === '') throw new CliError(`Invalid input:\n  --window: use rule=days or rule=never, e.g. --window thank-you=3; got ${JSON.stringify(text)}`, EXIT.usage);
  const value = m[2].toLowerCase();
  return [m[1], value === 'never' || value === 'null' ? null : (intOption(m[2]) ?? m[2])];
}

/** `rapport playbook show | set`: the order of importance on Today and how long each rule's action is worth doing. */
export function playbookCommand(): Command {
  const playbook = new Command('playbook').description('the rules behind Today: their order of importance and when their actions expire');

  playbook
    .command('show')
    .description('every rule in order of importance, with its expiry window')
    .option('--json', 'print the settings as JSON')
    .addHelpText('after', '\nExample:\n  rapport playbook show')
    .action(async (opts: { json?: boolean }) => {
      await withContext(async (ctx) => {
        const view = await ctx.services.settings.view({ workspaceId: ctx.workspaceId });
        if (opts.json) printJson(view);
        else printPlaybook(view);
      });
    });

  playbook
    .command('set')
    .description('change expiry windows and the order of importance (every rule, once, most important first)')
    .option('--window <rule=days>', 'days after the due date when the rule’s open action expires, or never (repeat)', collect)
    .option('--priority <rules>', 'every rule, comma-separated, most important first (rapport playbook show lists them)')
    .option('--stale-after <days>', 'give up on every deadline this many days after it was due')
    .option('--reset-windows', 'every window back to its default')
    .option('--reset-priority', 'the default order of importance')
    .option('--json', 'print the settings as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  rapport playbook set --window thank-you=3 --window ask-feedback=21\n  rapport playbook set --priority ask-feedback,reach-referral,next-day-call,prepare,interview-status,3b7,convert,thank-you,close-the-loop,act-on-advice,advice-update,keep-in-touch,target-gap,in-the-works\n  rapport playbook set --reset-windows --reset-priority',
    )
    .action(async (opts: { window?: string[]; priority?: string; staleAfter?: string; resetWindows?: boolean; resetPriority?: boolean; json?: boolean }) => {
      const raw: Record<string, unknown> = {};
      if (opts.window && opts.resetWindows) throw new CliError('Invalid input:\n  --window: give either --window or --reset-windows', EXIT.usage);
      if (opts.priority !== undefined && opts.resetPriority) throw new CliError('Invalid input:\n  --priority: give either --priority or --reset-priority', EXIT.usage);
      if (opts.window) raw.windows = Object.fromEntries(opts.window.map(parseWindow));
      if (opts.resetWindows) raw.windows = null;
      if (opts.priority !== undefined) raw.rulePriority = opts.priority.split(',').map((id) => id.trim()).filter(Boolean);
      if (opts.resetPriority) raw.rulePriority = null;
      if (opts.staleAfter !== undefined) raw.staleAfterDays = intOption(opts.staleAfter);
      if (Object.keys(raw).length === 0) throw new CliError('Nothing to change: give --window, --priority, --stale-after or a --reset option (see rapport playbook set --help)', EXIT.usage);
      const parsed = settingsUpdateSchema.safeParse({ playbook: raw });
      if (!parsed.success) throw invalidInput(parsed.error, flagOf);
      await withContext(async (ctx) => {
        const view = await withFlags(ctx.services.settings.update({ workspaceId: ctx.workspaceId }, parsed.data), flagOf);
        if (opts.json) printJson(view);
        else {
          process.stdout.write('Playbook saved: Today follows it from now on.\n\n');
          printPlaybook(view);
        }
      });
    });

  return playbook;
}
