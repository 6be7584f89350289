import { Command, Option } from 'commander';
import pc from 'picocolors';
import {
  CONVERSATION_KIND_LABELS,
  adviceKindSchema,
  conversationCreateSchema,
  conversationKindSchema,
  conversationListQuerySchema,
  conversationStatusSchema,
  conversationUpdateSchema,
  outcomesSchema,
  type Conversation,
  type ConversationKind,
  type ConversationSummary,
  type OutcomesInput,
} from '../../contracts/conversation.schema.js';
import { contactListQuerySchema } from '../../contracts/contact.schema.js';
import type { AppContext } from '../../runtime/context.js';
import { cliClock, collect, withContext } from '../context.js';
import { CliError, EXIT, invalidInput, printJson, table } from '../output.js';
import { intOption, plural, resolveContact, resolveContacts, withFlags } from '../resolve.js';
import { formatShort, formatWhen, parseTimeZone, parseWhen } from '../when.js';

/** Words people use for a kind of conversation → the contract's kinds. */
const KIND_ALIASES: Record<string, ConversationKind> = {
  meeting: 'networking-meeting',
  'pre-interview': 'networking-meeting',
  informational: 'informational-interview',
  info: 'informational-interview',
  networking: 'networking-interview',
  interview: 'job-interview',
  job: 'job-interview',
  call: 'call',
  phone: 'call',
  email: 'email',
  mail: 'email',
  event: 'event-encounter',
};
const KIND_HELP = `kinds: ${conversationKindSchema.options.join(', ')} (or meeting, informational, networking, interview, call, email, event)`;

export function parseKind(value: string, where = '<kind>'): ConversationKind {
  const key = value.trim().toLowerCase();
  const direct = conversationKindSchema.safeParse(key);
  if (direct.success) return direct.data;
  const alias = KIND_ALIASES[key];
  if (alias) return alias;
  throw new CliError(`Invalid input:\n  ${where}: "${value}" is not a kind of conversation; ${KIND_HELP}`, EXIT.usage);
}

const ADVICE_PREFIX = new RegExp(`^(${adviceKindSchema.options.join('|')})\\s*:\\s*(.*)$`, 'is');

/** "book:The 2-Hour Job Search" → a book; text without a known kind prefix is "other". */
function parseAdvice(value: string): { kind: string; title: string } {
  const match = ADVICE_PREFIX.exec(value.trim());
  if (match?.[1] !== undefined && match[2] !== undefined) return { kind: match[1].toLowerCase(), title: match[2] };
  return { kind: 'other', title: value };
}

/** "Ada Byron@Globex" → Ada Byron at Globex; "Grace Hopper" → just the name. */
function parseOffered(value: string): { givenName: string; familyName: string; organizationName?: string } {
  const at = value.lastIndexOf('@');
  const name = (at >= 0 ? value.slice(0, at) : value).trim();
  const organization = at >= 0 ? value.slice(at + 1).trim() : '';
  const parts = name.split(/\s+/).filter(Boolean);
  const person = parts.length <= 1 ? { givenName: parts[0] ?? '', familyName: '' } : { givenName: parts.slice(0, -1).join(' '), familyName: parts.at(-1) ?? '' };
  return organization ? { ...person, organizationName: organization } : person;
}

interface OutcomeOptions {
  offered?: string[];
  offeredContact?: string[];
  suggested?: string[];
  advice?: string[];
  from?: string;
}

/** Builds the outcomes input, and for each item the option (and value) it came from, to name it in errors. */
async function outcomesFrom(ctx: AppContext, opts: OutcomeOptions, fromId: string | undefined) {
  const labels = { namesOffered: [] as string[], companiesSuggested: [] as string[], advice: [] as string[] };
  const namesOffered: Record<string, unknown>[] = [];
  for (const value of opts.offered ?? []) {
    namesOffered.push({ newContact: parseOffered(value), ...(fromId ? { offeredById: fromId } : {}) });
    labels.namesOffered.push(`--offered "${value}"`);
  }
  for (const value of opts.offeredContact ?? []) {
    const contact = await resolveContact(ctx, value, '--offered-contact');
    namesOffered.push({ contactId: contact.id, ...(fromId ? { offeredById: fromId } : {}) });
    labels.namesOffered.push(`--offered-contact "${value}"`);
  }
  const companiesSuggested = (opts.suggested ?? []).map((value) => {
    labels.companiesSuggested.push(`--suggested "${value}"`);
    return { organizationName: value, ...(fromId ? { suggestedById: fromId } : {}) };
  });
  const advice = (opts.advice ?? []).map((value) => {
    labels.advice.push(`--advice "${value}"`);
    return { ...parseAdvice(value), ...(fromId ? { givenById: fromId } : {}) };
  });
  return { outcomes: { namesOffered, companiesSuggested, advice }, labels };
}

const FIELD_FLAGS: Record<string, string> = {
  kind: '<kind>',
  startsAt: '--at',
  timeZone: '--tz',
  durationMinutes: '--minutes',
  title: '--title',
  location: '--location',
  notes: '--notes',
  direction: '--outbound',
  awaitingReply: '--awaiting-reply',
  repliedAt: '--replied',
  organizationId: '--org',
  organizationName: '--org',
  interviewRound: '--round',
  feedback: '--feedback',
  nextSteps: '--next-steps',
  version: '<id>',
};

/** Contract paths → options: `participants.1.contactId` → --with "ada", `outcomes.namesOffered.0.newContact.givenName` → --offered "…". */
function flagMapper(o: { participants?: string[]; labels?: { namesOffered: string[]; companiesSuggested: string[]; advice: string[] }; status?: string }) {
  return (path: string): string => {
    if (!path) return 'input';
    const parts = path.replace(/^outcomes\./, '').split('.');
    const [head, second, third] = parts;
    const index = Number(second);
    const list = head === 'namesOffered' || head === 'companiesSuggested' || head === 'advice' ? o.labels?.[head] : undefined;
    if (head === 'participants') return o.participants?.[index] ?? '--with';
    if (list) {
      if (third === 'offeredById' || third === 'suggestedById' || third === 'givenById') return '--from';
      return list[index] ?? `--${head === 'namesOffered' ? 'offered' : head === 'companiesSuggested' ? 'suggested' : 'advice'}`;
    }
    if (head === 'status') return o.status ?? '--status';
    return FIELD_FLAGS[head ?? ''] ?? path;
  };
}

const kindLabel = (kind: string) => CONVERSATION_KIND_LABELS[kind as ConversationKind] ?? kind;
const names = (refs: readonly { displayName: string; deleted?: boolean }[]) => refs.map((r) => `${r.displayName}${r.deleted ? ' (deleted)' : ''}`).join(', ');
const withWhom = (c: Pick<Conversation, 'participants'>) => {
  const people = c.participants.map((p) => p.displayName);
  if (people.length === 0) return '';
  const last = people.pop();
  return ` with ${people.length > 0 ? `${people.join(', ')} and ${last}` : last}`;
};

/** "2 names offered: Ada Byron, Grace Hopper · 1 company added to your target list: Initech · 1 piece of advice" */
function outcomeSummary(o: Conversation['outcomes']): string[] {
  const parts: string[] = [];
  const offered = o.referrals.filter((r) => r.to);
  if (offered.length > 0) parts.push(`${plural(offered.length, 'name', 'names')} offered: ${offered.map((r) => r.to?.displayName ?? '').join(', ')}`);
  if (o.companiesSuggested.length > 0) {
    parts.push(`${plural(o.companiesSuggested.length, 'company', 'companies')} added to your target list: ${o.companiesSuggested.map((c) => c.organizationName).join(', ')}`);
  }
  if (o.advice.length > 0) parts.push(plural(o.advice.length, 'piece of advice', 'pieces of advice'));
  return parts;
}

function headline(c: Conversation | ConversationSummary): string {
  const round = c.interviewRound ? ` (round ${c.interviewRound})` : '';
  return `${c.title ?? kindLabel(c.kind)}${withWhom(c)}${c.organization ? ` at ${c.organization.name}` : ''}${round}`;
}

function printConversation(c: Conversation): void {
  const line = (label: string, value: string | null | undefined) => {
    if (value) process.stdout.write(`${pc.dim(label.padEnd(14))}${value}\n`);
  };
  process.stdout.write(`${pc.bold(headline(c))}\n`);
  line('id', c.id);
  line('kind', kindLabel(c.kind));
  line('when', `${formatWhen(c.startsAt, c.timeZone)}${c.durationMinutes ? ` · ${c.durationMinutes} min` : ''}`);
  line('status', c.status);
  line('with', c.participants.map((p) => `${p.displayName}${p.role === 'interviewer' ? ' (interviewer)' : ''}${p.deleted ? ' (deleted)' : ''}`).join(', '));
  line('organization', c.organization?.name);
  line('round', c.interviewRound ? String(c.interviewRound) : null);
  line('location', c.location);
  if (c.direction !== 'mutual') line('direction', c.direction);
  line('reply', c.awaitingReply ? 'awaiting a reply' : c.repliedAt ? `replied ${formatWhen(c.repliedAt)}` : null);
  line('notes', c.notes);
  line('feedback', c.feedback);
  line('next steps', c.nextSteps);
  for (const r of c.outcomes.referrals) line('name offered', `${r.to?.displayName ?? r.toOrganization?.name ?? '?'} by ${r.from.displayName} · ${r.status}`);
  for (const s of c.outcomes.companiesSuggested) line('company', `${s.organizationName}${s.suggestedBy ? ` suggested by ${s.suggestedBy.displayName}` : ''}`);
  for (const a of c.outcomes.advice) line('advice', `${a.title} (${a.kind}) from ${a.from.displayName} · ${a.status} ${pc.dim(a.id)}`);
}

interface LogOptions extends OutcomeOptions {
  with?: string[];
  at?: string;
  tz?: string;
  minutes?: string;
  title?: string;
  location?: string;
  notes?: string;
  org?: string;
  round?: string;
  interviewer?: string[];
  outbound?: boolean;
  inbound?: boolean;
  awaitingReply?: boolean;
  feedback?: string;
  nextSteps?: string;
  force?: boolean;
  json?: boolean;
}

function addLogOptions(cmd: Command, atRequired: boolean): Command {
  const at = new Option('--at <when>', `when: "YYYY-MM-DD HH:MM" in --tz, or ISO 8601${atRequired ? '' : ' (default: now)'}`);
  if (atRequired) at.makeOptionMandatory();
  return cmd
    .argument('<kind>', KIND_HELP)
    .option('--with <contact>', 'who you talked with: id or a unique name (repeat for several)', collect)
    .addOption(at)
    .option('--tz <zone>', 'time zone of --at, e.g. Europe/Paris (default: this machine’s)')
    .option('--minutes <n>', 'how long it lasted, in minutes')
    .option('--title <text>', 'a title')
    .option('--location <place>', 'where')
    .option('--notes <text>', 'notes')
    .option('--org <name>', 'the organization it was with (found or added by name)')
    .option('--round <n>', 'interview round')
    .option('--interviewer <contact>', 'an interviewer (repeat for several)', collect)
    .option('--outbound', 'you reached out (an email or call you made)')
    .option('--inbound', 'they reached out')
    .option('--awaiting-reply', 'you are waiting for their answer')
    .option('--offered <name@org>', 'a name they offered: a new contact introduced by them, e.g. "Ada Byron@Globex" (repeat)', collect)
    .option('--offered-contact <contact>', 'an existing contact they offered to introduce (repeat)', collect)
    .option('--suggested <organization>', 'a company they suggested: joins your target list (repeat)', collect)
    .option('--advice <[kind:]title>', `advice they gave, e.g. "book:The 2-Hour Job Search" (kinds: ${adviceKindSchema.options.join(', ')}) (repeat)`, collect)
    .option('--from <contact>', 'which participant the names, companies and advice came from (default: the first --with)')
    .option('--feedback <text>', 'feedback you received')
    .option('--next-steps <text>', 'next steps you agreed')
    .option('--force', 'log it even if the same conversation (kind, people, time) is already logged: it happened twice')
    .option('--json', 'print the conversation as JSON');
}

async function logConversation(kindArg: string, opts: LogOptions, mode: 'log' | 'schedule'): Promise<void> {
  const kind = parseKind(kindArg);
  const timeZone = parseTimeZone(opts.tz);
  const now = cliClock().now();
  const startsAt = opts.at !== undefined ? parseWhen(opts.at, timeZone) : now.toISOString();
  if (mode === 'schedule' && new Date(startsAt).getTime() <= now.getTime()) {
    throw new CliError(`Invalid input:\n  --at: ${formatWhen(startsAt, timeZone)} is in the past; to record a conversation that happened, use: rapport conversation log`, EXIT.usage);
  }
  if (opts.outbound && opts.inbound) throw new CliError('Invalid input:\n  --outbound: give --outbound or --inbound, not both', EXIT.usage);
  await withContext(async (ctx) => {
    const participants = await resolveContacts(ctx, opts.with, '--with');
    const interviewers = await resolveContacts(ctx, opts.interviewer, '--interviewer');
    const interviewerIds = new Set(interviewers.map((c) => c.id));
    const people = [...participants, ...interviewers.filter((i) => !participants.some((p) => p.id === i.id))];
    const participantFlags = people.map((p, i) => (i < participants.length ? `--with "${opts.with?.[i] ?? p.displayName}"` : '--interviewer'));
    const from = opts.from ? await resolveContact(ctx, opts.from, '--from') : undefined;
    const { outcomes, labels } = await outcomesFrom(ctx, opts, from?.id);
    const raw: Record<string, unknown> = {
      kind,
      status: mode === 'log' ? 'done' : 'scheduled',
      startsAt,
      timeZone,
      durationMinutes: intOption(opts.minutes),
      title: opts.title,
      location: opts.location,
      notes: opts.notes,
      participants: people.map((p) => ({ contactId: p.id, role: interviewerIds.has(p.id) ? 'interviewer' : 'participant' })),
      direction: opts.outbound ? 'outbound' : opts.inbound ? 'inbound' : 'mutual',
      awaitingReply: Boolean(opts.awaitingReply),
      organizationName: opts.org,
      interviewRound: intOption(opts.round),
      feedback: opts.feedback,
      nextSteps: opts.nextSteps,
      outcomes,
      force: Boolean(opts.force),
    };
    const flagOf = flagMapper({ participants: participantFlags, labels, status: '--at' });
    const parsed = conversationCreateSchema.safeParse(raw);
    if (!parsed.success) throw invalidInput(parsed.error, flagOf);
    await warnAboutKnownNames(ctx, opts.offered);
    const created = await withFlags(ctx.services.conversations.create({ workspaceId: ctx.workspaceId }, parsed.data), flagOf);
    if (opts.json) return printJson(created);
    const verb = created.status === 'scheduled' ? 'Scheduled' : 'Logged';
    const when = created.status === 'scheduled' ? ` on ${formatWhen(created.startsAt, created.timeZone)}` : '';
    const parts = [`${verb} ${kindLabel(created.kind)}${withWhom(created)}${created.organization ? ` at ${created.organization.name}` : ''}${when}`, ...outcomeSummary(created.outcomes)];
    process.stdout.write(`${parts.join(' · ')}\n${pc.dim(created.id)}\n`);
  });
}

/** Offering a name that is already a contact creates a second one: say so, and how to link instead. */
async function warnAboutKnownNames(ctx: AppContext, offered: string[] | undefined): Promise<void> {
  for (const value of offered ?? []) {
    const { givenName, familyName } = parseOffered(value);
    const name = [givenName, familyName].filter(Boolean).join(' ');
    if (!name) continue;
    const page = await ctx.services.contacts.list({ workspaceId: ctx.workspaceId }, contactListQuerySchema.parse({ q: name, limit: 5 }));
    if (page.items.some((c) => c.displayName.toLowerCase() === name.toLowerCase())) {
      process.stderr.write(`${pc.yellow('note')} you already have a contact named ${name}; to link them instead of adding another, use --offered-contact "${name}"\n`);
    }
  }
}

export function conversationCommand(): Command {
  const conversation = new Command('conversation').alias('conversations').description('log, schedule, list and show conversations and what came out of them');

  addLogOptions(conversation.command('log').description('log a conversation that happened, with what came out of it'), false)
    .addHelpText(
      'after',
      `
Example:
  rapport conversation log networking-interview --with "Stan Fields" --at "2026-03-03 15:00" --tz Europe/Paris --minutes 20 \\
    --offered "Ada Byron@Globex" --offered "Grace Hopper" --suggested Initech --advice "book:The 2-Hour Job Search"`,
    )
    .action((kind: string, opts: LogOptions) => logConversation(kind, opts, 'log'));

  addLogOptions(conversation.command('schedule').description('schedule a conversation in the future'), true)
    .addHelpText('after', '\nExample:\n  rapport conversation schedule interview --with "Ada Byron" --org Globex --round 1 --at "2026-03-10 10:00" --tz Europe/Paris')
    .action((kind: string, opts: LogOptions) => logConversation(kind, opts, 'schedule'));

  conversation
    .command('list')
    .alias('ls')
    .description('list conversations, newest first (upcoming ones soonest first)')
    .option('--contact <contact>', 'only conversations with this contact')
    .option('--org-id <id>', 'only conversations at this organization or with people who work there')
    .option('--kind <kind>', KIND_HELP)
    .addOption(new Option('--status <status>', 'only this status').choices(conversationStatusSchema.options))
    .addOption(new Option('--upcoming', 'only those from now on').conflicts('past'))
    .option('--past', 'only those before now')
    .option('--limit <n>', 'how many to show', '50')
    .option('--offset <n>', 'how many to skip', '0')
    .option('--json', 'print the page as JSON')
    .addHelpText('after', '\nExample:\n  rapport conversation list --contact "Stan Fields" --past --limit 10')
    .action(async (opts: { contact?: string; orgId?: string; kind?: string; status?: string; upcoming?: boolean; past?: boolean; limit: string; offset: string; json?: boolean }) => {
      const now = cliClock().now().toISOString();
      const raw: Record<string, unknown> = {
        organizationId: opts.orgId,
        kind: opts.kind !== undefined ? parseKind(opts.kind, '--kind') : undefined,
        status: opts.status,
        from: opts.upcoming ? now : undefined,
        to: opts.past ? now : undefined,
        order: opts.upcoming ? 'oldest' : 'newest',
        limit: opts.limit,
        offset: opts.offset,
      };
      const listFlags: Record<string, string> = { organizationId: '--org-id', kind: '--kind', status: '--status', limit: '--limit', offset: '--offset', contactId: '--contact' };
      const flagOf = (path: string) => listFlags[path.split('.')[0] ?? ''] ?? path;
      const preParsed = conversationListQuerySchema.safeParse(raw);
      if (!preParsed.success) throw invalidInput(preParsed.error, flagOf);
      await withContext(async (ctx) => {
        const query = { ...preParsed.data, ...(opts.contact ? { contactId: (await resolveContact(ctx, opts.contact, '--contact')).id } : {}) };
        const page = await ctx.services.conversations.list({ workspaceId: ctx.workspaceId }, query);
        if (opts.json) return printJson(page);
        if (page.total === 0) {
          process.stdout.write('No conversations match. Log one with: rapport conversation log meeting --with "First Last"\n');
          return;
        }
        const rows = page.items.map((c) => [formatShort(c.startsAt), kindLabel(c.kind), names(c.participants), c.organization?.name ?? '', c.status, c.id]);
        process.stdout.write(`${table(['WHEN', 'KIND', 'WITH', 'ORGANIZATION', 'STATUS', 'ID'], rows, [16, 24, 36, 24, 10, 36])}\n`);
        process.stdout.write(pc.dim(`${page.offset + 1}–${page.offset + page.items.length} of ${page.total}\n`));
      });
    });

  conversation
    .command('show')
    .description('show a conversation with its outcomes')
    .argument('<id>', 'conversation id')
    .option('--json', 'print as JSON')
    .addHelpText('after', '\nExample:\n  rapport conversation show 0195f6a2-…')
    .action(async (id: string, opts: { json?: boolean }) => {
      await withContext(async (ctx) => {
        const c = await ctx.services.conversations.get({ workspaceId: ctx.workspaceId }, id);
        if (opts.json) printJson(c);
        else printConversation(c);
      });
    });

  conversation
    .command('edit')
    .description('edit a conversation: mark it done or cancelled, add notes, feedback, next steps, or that they replied')
    .argument('<id>', 'conversation id')
    .addOption(new Option('--status <status>', 'new status').choices(conversationStatusSchema.options))
    .option('--kind <kind>', KIND_HELP)
    .option('--at <when>', 'new time: "YYYY-MM-DD HH:MM" in --tz (default: the conversation’s zone), or ISO 8601')
    .option('--tz <zone>', 'time zone')
    .option('--minutes <n>', 'duration in minutes')
    .option('--title <text>', 'title ("" clears it)')
    .option('--notes <text>', 'notes ("" clears them)')
    .option('--round <n>', 'interview round')
    .option('--feedback <text>', 'feedback you received')
    .option('--next-steps <text>', 'next steps you agreed')
    .option('--replied', 'they replied (now): no longer awaiting a reply')
    .option('--json', 'print the conversation as JSON')
    .addHelpText('after', '\nExample:\n  rapport conversation edit 0195f6a2-… --status done --feedback "Strong on systems design" --next-steps "Send the portfolio"')
    .action(
      async (
        id: string,
        opts: { status?: string; kind?: string; at?: string; tz?: string; minutes?: string; title?: string; notes?: string; round?: string; feedback?: string; nextSteps?: string; replied?: boolean; json?: boolean },
      ) => {
        const kind = opts.kind !== undefined ? parseKind(opts.kind, '--kind') : undefined;
        const tz = opts.tz !== undefined ? parseTimeZone(opts.tz) : undefined;
        await withContext(async (ctx) => {
          const scope = { workspaceId: ctx.workspaceId };
          const current = await ctx.services.conversations.get(scope, id);
          const raw: Record<string, unknown> = { version: current.version };
          if (opts.status !== undefined) raw.status = opts.status;
          if (kind !== undefined) raw.kind = kind;
          if (tz !== undefined) raw.timeZone = tz;
          if (opts.at !== undefined) raw.startsAt = parseWhen(opts.at, tz ?? current.timeZone);
          if (opts.minutes !== undefined) raw.durationMinutes = opts.minutes === '' ? null : intOption(opts.minutes);
          if (opts.title !== undefined) raw.title = opts.title;
          if (opts.notes !== undefined) raw.notes = opts.notes;
          if (opts.round !== undefined) raw.interviewRound = opts.round === '' ? null : intOption(opts.round);
          if (opts.feedback !== undefined) raw.feedback = opts.feedback;
          if (opts.nextSteps !== undefined) raw.nextSteps = opts.nextSteps;
          if (opts.replied) raw.repliedAt = ctx.clock.now().toISOString();
          if (Object.keys(raw).length === 1) throw new CliError('Nothing to change: give at least one option (see rapport conversation edit --help)', EXIT.usage);
          const flagOf = flagMapper({ status: '--status' });
          const parsed = conversationUpdateSchema.safeParse(raw);
          if (!parsed.success) throw invalidInput(parsed.error, (p) => (p === 'kind' ? '--kind' : flagOf(p)));
          const updated = await withFlags(ctx.services.conversations.update(scope, current.id, parsed.data), (p) => (p === 'kind' ? '--kind' : flagOf(p)));
          if (opts.json) printJson(updated);
          else process.stdout.write(`Updated ${headline(updated)} · ${updated.status} ${pc.dim(updated.id)}\n`);
        });
      },
    );

  conversation
    .command('outcome')
    .description('add what came out of a conversation after the fact: names offered, companies suggested, advice')
    .argument('<id>', 'conversation id')
    .option('--offered <name@org>', 'a name offered: a new contact, e.g. "Ada Byron@Globex" (repeat)', collect)
    .option('--offered-contact <contact>', 'an existing contact offered (repeat)', collect)
    .option('--suggested <organization>', 'a company suggested: joins your target list (repeat)', collect)
    .option('--advice <[kind:]title>', 'advice given, e.g. "course:Negotiation 101" (repeat)', collect)
    .option('--from <contact>', 'which participant they came from (default: the first)')
    .option('--json', 'print the conversation as JSON')
    .addHelpText('after', '\nExample:\n  rapport conversation outcome 0195f6a2-… --offered "Linus Pauling@Initech" --advice "person:Talk to Grace about Globex"')
    .action(async (id: string, opts: OutcomeOptions & { json?: boolean }) => {
      if (!opts.offered && !opts.offeredContact && !opts.suggested && !opts.advice) {
        throw new CliError('Nothing to add: give --offered, --offered-contact, --suggested or --advice (see rapport conversation outcome --help)', EXIT.usage);
      }
      await withContext(async (ctx) => {
        const scope = { workspaceId: ctx.workspaceId };
        const before = await ctx.services.conversations.get(scope, id);
        const from = opts.from ? await resolveContact(ctx, opts.from, '--from') : undefined;
        const { outcomes, labels } = await outcomesFrom(ctx, opts, from?.id);
        const flagOf = flagMapper({ labels });
        const parsed = outcomesSchema.safeParse(outcomes);
        if (!parsed.success) throw invalidInput(parsed.error, flagOf);
        await warnAboutKnownNames(ctx, opts.offered);
        const after = await withFlags(ctx.services.conversations.addOutcomes(scope, before.id, parsed.data as OutcomesInput), flagOf);
        if (opts.json) return printJson(after);
        const had = new Set([...before.outcomes.referrals.map((r) => r.id), ...before.outcomes.advice.map((a) => a.id), ...before.outcomes.companiesSuggested.map((c) => c.organizationId)]);
        const added = {
          referrals: after.outcomes.referrals.filter((r) => !had.has(r.id)),
          companiesSuggested: after.outcomes.companiesSuggested.filter((c) => !had.has(c.organizationId)),
          advice: after.outcomes.advice.filter((a) => !had.has(a.id)),
        };
        const parts = outcomeSummary(added);
        process.stdout.write(`Added to ${headline(after)}: ${parts.length > 0 ? parts.join(' · ') : 'nothing new'}\n`);
      });
    });

  conversation
    .command('remove')
    .alias('rm')
    .description('delete a conversation (the contacts, referrals and advice that came out of it stay)')
    .argument('<id>', 'conversation id')
    .option('--json', 'print what was removed as JSON')
    .addHelpText('after', '\nExample:\n  rapport conversation remove 0195f6a2-…')
    .action(async (id: string, opts: { json?: boolean }) => {
      await withContext(async (ctx) => {
        const scope = { workspaceId: ctx.workspaceId };
        const c = await ctx.services.conversations.get(scope, id);
        await ctx.services.conversations.remove(scope, c.id);
        if (opts.json) printJson({ removed: { id: c.id, kind: c.kind, startsAt: c.startsAt } });
        else process.stdout.write(`Removed ${headline(c)} on ${formatWhen(c.startsAt, c.timeZone)} ${pc.dim(c.id)}\n`);
      });
    });

  return conversation;
}
