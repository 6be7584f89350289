import { Command } from 'commander';
import pc from 'picocolors';
import { actionSnoozeSchema, manualActionCreateSchema, type Action, type Today } from '../../contracts/action.schema.js';
import { CONVERSATION_KIND_LABELS, type ConversationKind } from '../../contracts/conversation.schema.js';
import { withContext } from '../context.js';
import { CliError, EXIT, invalidInput, printJson } from '../output.js';
import { resolveContact } from '../resolve.js';
import { formatWhen } from '../when.js';

const CHANNEL_ICON: Record<string, string> = { email: '✉', call: '☎', meeting: '☕', task: '•' };

function day(date: string): string {
  const d = new Date(`${date}T12:00:00Z`);
  return d.toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });
}

function printAction(a: Action): void {
  const icon = CHANNEL_ICON[a.channel] ?? '•';
  process.stdout.write(`  ${icon} ${pc.bold(a.title)} ${pc.dim(`· due ${day(a.dueOn)} · ${a.id}`)}\n`);
  process.stdout.write(`    ${a.reason}\n`);
}

/** One of the first few: numbered, with the sentence saying why it comes first. */
function printLeading(a: Action, n: number): void {
  const icon = CHANNEL_ICON[a.channel] ?? '•';
  process.stdout.write(`  ${n}. ${icon} ${pc.bold(a.title)} ${pc.dim(`· due ${day(a.dueOn)} · ${a.id}`)}\n`);
  process.stdout.write(`     ${a.reason}\n`);
  if (a.whyFirst) process.stdout.write(`     ${pc.green('Why first:')} ${a.whyFirst}\n`);
}

function printToday(t: Today): void {
  process.stdout.write(`${pc.bold(`Today · ${day(t.today)}`)} ${pc.dim(`(${t.timeZone})`)}\n`);
  if (t.nextInterview) {
    const kind = CONVERSATION_KIND_LABELS[t.nextInterview.kind as ConversationKind] ?? t.nextInterview.kind;
    const when = t.nextInterview.inDays === 0 ? 'today' : t.nextInterview.inDays === 1 ? 'tomorrow' : `in ${t.nextInterview.inDays} days`;
    process.stdout.write(`${pc.green('Next interview:')} ${kind}${t.nextInterview.with.length ? ` with ${t.nextInterview.with.join(', ')}` : ''} — ${formatWhen(t.nextInterview.startsAt)} (${when})\n`);
  } else {
    process.stdout.write(`${pc.yellow('Next interview:')} none scheduled — getting the next one is today's goal\n`);
  }
  const since = t.lastInterview ? `${t.lastInterview.daysSince} day${t.lastInterview.daysSince === 1 ? '' : 's'} since the last interview` : 'no interview yet';
  const works = t.inTheWorks;
  const band = works.status === 'below' ? pc.yellow(`${works.count} in the works (aim for ${works.min}–${works.max})`) : pc.green(`${works.count} in the works`);
  process.stdout.write(`${since} · ${band}\n`);
  const section = (title: string, list: Action[], colour: (s: string) => string) => {
    if (list.length === 0) return;
    process.stdout.write(`\n${colour(pc.bold(`${title} (${list.length})`))}\n`);
    list.forEach(printAction);
  };
  if (t.first.length > 0) {
    process.stdout.write(`\n${pc.bold('Now — most important first')}\n`);
    t.first.forEach((a, i) => printLeading(a, i + 1));
  }
  // The rest by date, each action once: the first few are not repeated under their date.
  const leading = new Set(t.first.map((a) => a.id));
  const rest = (list: Action[]) => list.filter((a) => !leading.has(a.id));
  section('Overdue', rest(t.overdue), pc.red);
  section('Due today', rest(t.dueToday), pc.cyan);
  section('Coming up', rest(t.comingUp), (s) => s);
  if (t.overdue.length + t.dueToday.length + t.comingUp.length === 0) process.stdout.write(`\n${pc.green('Nothing due: a good day to ask someone for a conversation.')}\n`);
  if (t.conversationsComing.length > 0) {
    process.stdout.write(`\n${pc.bold('Conversations coming')}\n`);
    for (const c of t.conversationsComing) {
      const kind = CONVERSATION_KIND_LABELS[c.kind as ConversationKind] ?? c.kind;
      process.stdout.write(`  ${formatWhen(c.startsAt)}  ${c.title ?? kind}${c.participants.length ? ` with ${c.participants.map((p) => p.displayName).join(', ')}` : ''}\n`);
    }
  }
  process.stdout.write(pc.dim('\nrapport action done|snooze|dismiss <id> · rapport action message <id>\n'));
}

export function todayCommand(): Command {
  return new Command('today')
    .description('what to do today to get the next interview, and why')
    .option('--json', 'print Today as JSON')
    .addHelpText('after', '\nExamples:\n  rapport today\n  rapport today --json | jq ".dueToday[].title"')
    .action(async (opts: { json?: boolean }) => {
      await withContext(async (ctx) => {
        const today = await ctx.services.playbook.today({ workspaceId: ctx.workspaceId });
        if (opts.json) printJson(today);
        else printToday(today);
      });
    });
}

export function actionCommand(): Command {
  const action = new Command('action').alias('actions').description('act on what the playbook proposes, or add your own reminders');

  action
    .command('list')
    .description('open and snoozed actions')
    .option('--status <status>', 'open, snoozed, done, dismissed or obsolete')
    .option('--json', 'print as JSON')
    .action(async (opts: { status?: string; json?: boolean }) => {
      await withContext(async (ctx) => {
        const statuses = ['open', 'snoozed', 'done', 'dismissed', 'obsolete'];
        if (opts.status && !statuses.includes(opts.status)) throw new CliError(`Invalid input:\n  --status: use one of ${statuses.join(', ')}`, EXIT.usage);
        const list = await ctx.services.playbook.list({ workspaceId: ctx.workspaceId }, { status: opts.status, limit: 500 });
        if (opts.json) return printJson(list);
        if (list.length === 0) process.stdout.write('No actions.\n');
        list.forEach(printAction);
      });
    });

  const act = (name: string, description: string) =>
    action
      .command(name)
      .description(description)
      .argument('<id>', 'the action id (shown by rapport today)')
      .option('--json', 'print the action as JSON');

  act('done', 'mark an action done')
    .option('--log', 'also log the email or call it implies as a conversation')
    .option('--note <text>', 'a note on how it went')
    .action(async (id: string, opts: { log?: boolean; note?: string; json?: boolean }) => {
      await withContext(async (ctx) => {
        const done = await ctx.services.playbook.complete({ workspaceId: ctx.workspaceId }, id, { logConversation: Boolean(opts.log), note: opts.note ?? null });
        if (opts.json) printJson(done);
        else process.stdout.write(`Done: ${pc.bold(done.title)}${opts.log ? pc.dim(' (logged as a conversation)') : ''}\n`);
      });
    });

  act('snooze', 'hide an action until a date')
    .requiredOption('--until <date>', 'YYYY-MM-DD')
    .action(async (id: string, opts: { until: string; json?: boolean }) => {
      const parsed = actionSnoozeSchema.safeParse({ until: opts.until });
      if (!parsed.success) throw invalidInput(parsed.error, () => '--until');
      await withContext(async (ctx) => {
        const snoozed = await ctx.services.playbook.snooze({ workspaceId: ctx.workspaceId }, id, parsed.data.until);
        if (opts.json) printJson(snoozed);
        else process.stdout.write(`Snoozed until ${day(parsed.data.until)}: ${pc.bold(snoozed.title)}\n`);
      });
    });

  act('dismiss', 'dismiss an action: it never comes back').action(async (id: string, opts: { json?: boolean }) => {
    await withContext(async (ctx) => {
      const dismissed = await ctx.services.playbook.dismiss({ workspaceId: ctx.workspaceId }, id);
      if (opts.json) printJson(dismissed);
      else process.stdout.write(`Dismissed: ${pc.bold(dismissed.title)}\n`);
    });
  });

  action
    .command('message')
    .description('the message an action proposes, filled in, with a mailto: link')
    .argument('<id>', 'the action id')
    .option('--json', 'print as JSON')
    .action(async (id: string, opts: { json?: boolean }) => {
      await withContext(async (ctx) => {
        const m = await ctx.services.playbook.message({ workspaceId: ctx.workspaceId }, id);
        if (opts.json) return printJson(m);
        process.stdout.write(`${pc.dim('To:')} ${m.to.map((t) => (t.email ? `${t.displayName} <${t.email}>` : `${t.displayName} (no email)`)).join(', ')}\n`);
        process.stdout.write(`${pc.dim('Subject:')} ${m.subject}\n\n${m.body}\n\n`);
        const hint = [`${m.hints.words} words${m.hints.under75Words ? '' : ' (aim for under 75)'}`, m.hints.asksQuestion ? 'asks a question' : 'ask them a question', m.hints.aboutThem ? 'about them' : 'say more about them than about you'];
        process.stdout.write(pc.dim(`${hint.join(' · ')}\n${m.mailto}\n`));
        if (m.missing.length > 0) process.stdout.write(pc.yellow(`Fill in: ${m.missing.join(', ')}\n`));
      });
    });

  action
    .command('add')
    .description('a note to self with a due date, linked to contacts')
    .argument('<title>', 'what to do')
    .requiredOption('--due <date>', 'YYYY-MM-DD')
    .option('--about <contact>', 'a contact it concerns (id or unique name; repeat)', (v: string, prev: string[] = []) => [...prev, v])
    .option('--channel <channel>', 'email, call, meeting or task', 'task')
    .option('--note <text>', 'details')
    .option('--json', 'print the action as JSON')
    .action(async (title: string, opts: { due: string; about?: string[]; channel: string; note?: string; json?: boolean }) => {
      await withContext(async (ctx) => {
        const subjects = [];
        for (const ref of opts.about ?? []) subjects.push({ type: 'contact' as const, id: (await resolveContact(ctx, ref, '--about')).id });
        const parsed = manualActionCreateSchema.safeParse({ title, dueOn: opts.due, channel: opts.channel, note: opts.note, subjects });
        if (!parsed.success) throw invalidInput(parsed.error, (p) => ({ dueOn: '--due', channel: '--channel', title: '<title>', note: '--note' })[p.split('.')[0] ?? ''] ?? p);
        const created = await ctx.services.playbook.createManual({ workspaceId: ctx.workspaceId }, parsed.data);
        if (opts.json) printJson(created);
        else process.stdout.write(`Added: ${pc.bold(created.title)} ${pc.dim(`due ${day(created.dueOn)} · ${created.id}`)}\n`);
      });
    });

  return action;
}
