import { Command, Option } from 'commander';
import pc from 'picocolors';
import {
  OPPORTUNITY_SOURCE_LABELS,
  OPPORTUNITY_STAGE_LABELS,
  opportunityCreateSchema,
  opportunityInterviewerSchema,
  opportunityListQuerySchema,
  opportunityMoveSchema,
  opportunityRoundLogSchema,
  opportunitySourceSchema,
  opportunityStageSchema,
  type Opportunity,
  type OpportunitySummary,
} from '../../contracts/opportunity.schema.js';
import type { AppContext } from '../../runtime/context.js';
import { collect, withContext } from '../context.js';
import { resolveOrganization } from '../organization-ref.js';
import { CliError, EXIT, invalidInput, printJson, table } from '../output.js';
import { intOption, resolveContact, resolveContacts, withFlags } from '../resolve.js';
import { formatShort, parseTimeZone, parseWhen } from '../when.js';

const STAGES = opportunityStageSchema.options.join(', ');
const FLAGS: Record<string, string> = {
  organizationName: '--org',
  organizationId: '--org',
  title: '<title>',
  source: '--source',
  referrerContactId: '--referrer',
  stage: '--stage',
  competingCandidates: '--competing',
  postingUrl: '--url',
  notes: '--notes',
  interviewerIds: '--interviewer',
  rapportInterviewerId: '--rapport',
  position: '--position',
  startsAt: '--at',
  participants: '--with',
  interviewRound: '--round',
};
const flagOf = (path: string) => FLAGS[path.split('.')[0] ?? ''] ?? (path || 'input');
const stageLabel = (s: string) => OPPORTUNITY_STAGE_LABELS[s as keyof typeof OPPORTUNITY_STAGE_LABELS] ?? s;
const sourceLabel = (s: string) => OPPORTUNITY_SOURCE_LABELS[s as keyof typeof OPPORTUNITY_SOURCE_LABELS] ?? s;

/** An opportunity by id, or by a title (and organization) that matches exactly one. */
async function resolveOpportunity(ctx: AppContext, ref: string): Promise<Opportunity> {
  const scope = { workspaceId: ctx.workspaceId };
  const all = (await ctx.services.opportunities.list(scope)).items;
  const byId = all.find((o) => o.id === ref);
  if (byId) return ctx.services.opportunities.get(scope, byId.id);
  const text = ref.trim().toLowerCase();
  const matches = all.filter((o) => `${o.title} ${o.organization.name}`.toLowerCase().includes(text) || o.title.toLowerCase() === text);
  const only = matches[0];
  if (matches.length === 1 && only) return ctx.services.opportunities.get(scope, only.id);
  if (matches.length === 0) throw new CliError(`No opportunity matches "${ref}"`, EXIT.notFound);
  throw new CliError(`"${ref}" matches ${matches.length} opportunities; use an id:\n${matches.map((o) => `  ${o.id}  ${o.title} (${o.organization.name})`).join('\n')}`, EXIT.usage);
}

function describe(o: Opportunity): string {
  const lines = [
    `${pc.bold(o.title)} at ${pc.bold(o.organization.name)} · ${stageLabel(o.stage)} ${pc.dim(o.id)}`,
    `Source: ${sourceLabel(o.source)}${o.referrer ? `, referred by ${o.referrer.displayName}` : ''}${o.competingCandidates !== null ? ` · ${o.competingCandidates} other candidates` : ''}${o.notAFit ? ' · not a fit' : ''}`,
    `Led here by: ${o.attribution.sentence}`,
  ];
  if (o.interviewers.length > 0) lines.push(`Interviewers: ${o.interviewers.map((i) => `${i.displayName}${o.rapportInterviewer?.id === i.id ? ' (rapport)' : ''}`).join(', ')}`);
  if (o.rounds.length > 0) {
    lines.push('Rounds:');
    for (const r of o.rounds) lines.push(`  ${r.interviewRound ?? '-'}  ${formatShort(r.startsAt)}  ${r.kind}  ${r.status}  ${r.participants.map((p) => p.displayName).join(', ')}  ${pc.dim(r.id)}`);
  }
  lines.push('History:');
  for (const h of o.history) lines.push(`  ${formatShort(h.at)}  ${h.from ? `${stageLabel(h.from)} → ` : ''}${stageLabel(h.to)}${h.backwards ? ' (back)' : ''}`);
  if (o.notes) lines.push(`Notes: ${o.notes}`);
  return lines.join('\n');
}

const summaryRow = (o: OpportunitySummary) => [stageLabel(o.stage), o.organization.name, o.title, o.referrer ? `${sourceLabel(o.source)}: ${o.referrer.displayName}` : sourceLabel(o.source), String(o.roundCount), o.id];

export function opportunityCommand(): Command {
  const opportunity = new Command('opportunity').alias('opportunities').alias('opp').description('positions you pursue, on a board by stage, with their interview rounds and who led to them');

  opportunity
    .command('add')
    .description('add an opportunity at an organization')
    .argument('<title>', 'the position, e.g. "Robotics Engineer"')
    .requiredOption('--org <organization>', 'the organization (found or added by name)')
    .addOption(new Option('--source <source>', 'where it came from (default: referral with --referrer, else posting)').choices(opportunitySourceSchema.options))
    .option('--referrer <contact>', 'who referred you (id or a unique name)')
    .addOption(new Option('--stage <stage>', 'the stage it is at').choices(opportunityStageSchema.options).default('lead'))
    .option('--competing <n>', 'how many other candidates, when known')
    .option('--interviewer <contact>', 'an interviewer (repeat)', collect)
    .option('--not-a-fit', 'the right company, the wrong job (seed 002)')
    .option('--url <url>', 'the posting')
    .option('--notes <text>', 'notes')
    .option('--json', 'print the opportunity as JSON')
    .addHelpText('after', '\nExample:\n  rapport opportunity add "Automation Engineer" --org Acme --referrer "Stan Fields" --stage interviewing')
    .action(async (title: string, opts: { org: string; source?: string; referrer?: string; stage: string; competing?: string; interviewer?: string[]; notAFit?: boolean; url?: string; notes?: string; json?: boolean }) => {
      await withContext(async (ctx) => {
        const referrer = opts.referrer ? await resolveContact(ctx, opts.referrer, '--referrer') : null;
        const interviewers = await resolveContacts(ctx, opts.interviewer, '--interviewer');
        const parsed = opportunityCreateSchema.safeParse({
          organizationName: opts.org,
          title,
          source: opts.source,
          referrerContactId: referrer?.id,
          stage: opts.stage,
          competingCandidates: intOption(opts.competing),
          notAFit: Boolean(opts.notAFit),
          postingUrl: opts.url,
          notes: opts.notes,
          interviewerIds: interviewers.map((i) => i.id),
        });
        if (!parsed.success) throw invalidInput(parsed.error, flagOf);
        const created = await withFlags(ctx.services.opportunities.create({ workspaceId: ctx.workspaceId }, parsed.data), flagOf);
        if (opts.json) return printJson(created);
        process.stdout.write(`Added ${pc.bold(created.title)} at ${created.organization.name} · ${stageLabel(created.stage)} ${pc.dim(created.id)}\n`);
      });
    });

  opportunity
    .command('list')
    .alias('ls')
    .description('list opportunities in board order')
    .addOption(new Option('--stage <stage>', 'only this stage').choices(opportunityStageSchema.options))
    .option('--live', 'only live ones (lead … offer)')
    .option('--org <organization>', 'only at this organization')
    .option('--json', 'print as JSON')
    .addHelpText('after', '\nExample:\n  rapport opportunity list --live')
    .action(async (opts: { stage?: string; live?: boolean; org?: string; json?: boolean }) => {
      await withContext(async (ctx) => {
        const organizationId = opts.org ? (await resolveOrganization(ctx, opts.org)).id : undefined;
        const query = opportunityListQuerySchema.safeParse({ stage: opts.stage, live: opts.live ? true : undefined, organizationId });
        if (!query.success) throw invalidInput(query.error, flagOf);
        const list = await ctx.services.opportunities.list({ workspaceId: ctx.workspaceId }, query.data);
        if (opts.json) return printJson(list);
        if (list.total === 0) {
          process.stdout.write('No opportunities yet. Add one with: rapport opportunity add "Robotics Engineer" --org Acme\n');
          return;
        }
        process.stdout.write(`${table(['STAGE', 'ORGANIZATION', 'TITLE', 'SOURCE', 'ROUNDS', 'ID'], list.items.map(summaryRow), [12, 24, 30, 28, 6, 36])}\n`);
      });
    });

  opportunity
    .command('show')
    .description('an opportunity: rounds, interviewers, stage history and the people who led to it')
    .argument('<opportunity>', 'id, or words of its title or organization that match one')
    .option('--json', 'print as JSON')
    .addHelpText('after', '\nExample:\n  rapport opportunity show "Robotics Engineer"')
    .action(async (ref: string, opts: { json?: boolean }) => {
      await withContext(async (ctx) => {
        const o = await resolveOpportunity(ctx, ref);
        if (opts.json) return printJson(o);
        process.stdout.write(`${describe(o)}\n`);
      });
    });

  opportunity
    .command('move')
    .description('move an opportunity to a stage (moving back is allowed and recorded)')
    .argument('<opportunity>', 'id, or words of its title or organization')
    .argument('<stage>', STAGES)
    .option('--position <n>', 'place in the column, 0 = top')
    .option('--json', 'print the opportunity as JSON')
    .addHelpText('after', '\nExample:\n  rapport opportunity move "Automation Engineer" offer')
    .action(async (ref: string, stage: string, opts: { position?: string; json?: boolean }) => {
      const known = opportunityStageSchema.safeParse(stage);
      if (!known.success) throw invalidInput(known.error, () => '<stage>');
      await withContext(async (ctx) => {
        const o = await resolveOpportunity(ctx, ref);
        const parsed = opportunityMoveSchema.safeParse({ version: o.version, stage, position: intOption(opts.position) });
        if (!parsed.success) throw invalidInput(parsed.error, (p) => (p === 'stage' ? '<stage>' : flagOf(p)));
        const moved = await withFlags(ctx.services.opportunities.move({ workspaceId: ctx.workspaceId }, o.id, parsed.data), (p) => (p === 'stage' ? '<stage>' : flagOf(p)));
        if (opts.json) return printJson(moved);
        process.stdout.write(`${moved.title} at ${moved.organization.name}: ${stageLabel(o.stage)} → ${pc.bold(stageLabel(moved.stage))}\n`);
      });
    });

  opportunity
    .command('reject')
    .description('you were turned down: keep the interviewers, name the one you had rapport with (Today proposes asking them for feedback)')
    .argument('<opportunity>', 'id, or words of its title or organization')
    .option('--rapport <contact>', 'the interviewer you had rapport with')
    .option('--json', 'print the opportunity as JSON')
    .addHelpText('after', '\nExample:\n  rapport opportunity reject "Robotics Engineer" --rapport "Stan Fields"')
    .action(async (ref: string, opts: { rapport?: string; json?: boolean }) => {
      await withContext(async (ctx) => {
        const o = await resolveOpportunity(ctx, ref);
        const rapport = opts.rapport ? await resolveContact(ctx, opts.rapport, '--rapport') : null;
        const rejected = await withFlags(ctx.services.opportunities.reject({ workspaceId: ctx.workspaceId }, o.id, { version: o.version, rapportInterviewerId: rapport?.id ?? null }), flagOf);
        if (opts.json) return printJson(rejected);
        process.stdout.write(`${rejected.title} at ${rejected.organization.name}: rejected.${rejected.rapportInterviewer ? ` Ask ${rejected.rapportInterviewer.displayName} for feedback (see rapport today).` : ''}\n`);
      });
    });

  opportunity
    .command('convert')
    .description('the right company, the wrong job: turn its job interview into an informational interview (seed 002)')
    .argument('<opportunity>', 'id, or words of its title or organization')
    .option('--json', 'print { opportunity, conversation, questions } as JSON')
    .addHelpText('after', '\nExample:\n  rapport opportunity convert "Night-shift support"')
    .action(async (ref: string, opts: { json?: boolean }) => {
      await withContext(async (ctx) => {
        const o = await resolveOpportunity(ctx, ref);
        const result = await ctx.services.opportunities.convert({ workspaceId: ctx.workspaceId }, o.id, { version: o.version });
        if (opts.json) return printJson(result);
        process.stdout.write(`${o.title} at ${o.organization.name} is converted${result.conversation ? '; its job interview is now an informational interview' : ''}.\nAsk:\n`);
        for (const q of result.questions) process.stdout.write(`  ${pc.bold(q.topic)}: ${q.question}\n`);
      });
    });

  opportunity
    .command('round')
    .description('log a job interview as the next round (or link an existing conversation with --conversation)')
    .argument('<opportunity>', 'id, or words of its title or organization')
    .option('--conversation <id>', 'link this conversation instead of logging a new one')
    .option('--with <contact>', 'an interviewer (repeat)', collect)
    .option('--at <when>', 'when: "YYYY-MM-DD HH:MM" in --tz, or ISO 8601', 'now')
    .option('--tz <zone>', 'time zone of --at')
    .option('--round <n>', 'round number (default: the next)')
    .option('--notes <text>', 'notes')
    .option('--json', 'print the opportunity as JSON')
    .addHelpText('after', '\nExample:\n  rapport opportunity round "Robotics Engineer" --with "Stan Fields" --at "2026-03-03 15:00"')
    .action(async (ref: string, opts: { conversation?: string; with?: string[]; at: string; tz?: string; round?: string; notes?: string; json?: boolean }) => {
      await withContext(async (ctx) => {
        const scope = { workspaceId: ctx.workspaceId };
        const o = await resolveOpportunity(ctx, ref);
        let result: Opportunity;
        const round = intOption(opts.round);
        if (opts.conversation) {
          result = await withFlags(ctx.services.opportunities.linkRound(scope, o.id, { conversationId: opts.conversation, round: typeof round === 'number' ? round : null }), () => '--conversation');
        } else {
          const zone = parseTimeZone(opts.tz);
          const people = await resolveContacts(ctx, opts.with, '--with');
          const parsed = opportunityRoundLogSchema.safeParse({ startsAt: parseWhen(opts.at, zone), timeZone: zone, participants: people.map((p) => ({ contactId: p.id, role: 'interviewer' })), interviewRound: round, notes: opts.notes });
          if (!parsed.success) throw invalidInput(parsed.error, flagOf);
          result = await withFlags(ctx.services.opportunities.logRound(scope, o.id, parsed.data), flagOf);
        }
        if (opts.json) return printJson(result);
        process.stdout.write(`${result.title} at ${result.organization.name}: ${result.roundCount} ${result.roundCount === 1 ? 'round' : 'rounds'} · ${stageLabel(result.stage)}\n`);
      });
    });

  opportunity
    .command('interviewer')
    .description('add an interviewer: a contact, or with --new a person who is not one yet (created at the opportunity\'s organization)')
    .argument('<opportunity>', 'id, or words of its title or organization')
    .argument('<person>', 'a contact (id, name or email); with --new, the new person\'s full name')
    .option('--new', 'create them as a contact (refused, exit 4, when someone already there matches, unless --force)')
    .option('--title <title>', 'with --new: their role')
    .option('--email <address>', 'with --new: their email')
    .option('--org <name>', 'with --new: their organization, when not the opportunity\'s (a recruiter from an agency)')
    .option('--force', 'with --new: add them even if a contact has the same email, or name at the same organization')
    .option('--json', 'print the opportunity as JSON')
    .addHelpText('after', '\nExamples:\n  rapport opportunity interviewer "Robotics Engineer" "Stan Fields"\n  rapport opportunity interviewer "Robotics Engineer" "Priya Raman" --new --title "Hiring Manager"')
    .action(async (ref: string, person: string, opts: { new?: boolean; title?: string; email?: string; org?: string; force?: boolean; json?: boolean }) => {
      await withContext(async (ctx) => {
        const o = await resolveOpportunity(ctx, ref);
        const words = person.trim().split(/\s+/).filter(Boolean);
        const raw = opts.new
          ? {
              newContact: {
                givenName: words.length > 1 ? words.slice(0, -1).join(' ') : (words[0] ?? ''),
                familyName: words.length > 1 ? (words.at(-1) ?? '') : '',
                title: opts.title,
                organizationName: opts.org,
                emails: opts.email ? [{ value: opts.email }] : [],
              },
              force: Boolean(opts.force),
            }
          : { contactId: (await resolveContact(ctx, person, '<person>')).id };
        const interviewerFlag = (path: string) => {
          const field = path.replace(/^newContact\./, '').split('.')[0] ?? '';
          return ({ givenName: '<person>', familyName: '<person>', title: '--title', emails: '--email', organizationName: '--org', contactId: '<person>' } as Record<string, string>)[field] ?? (path || 'input');
        };
        const parsed = opportunityInterviewerSchema.safeParse(raw);
        if (!parsed.success) throw invalidInput(parsed.error, interviewerFlag);
        const result = await withFlags(ctx.services.opportunities.addInterviewer({ workspaceId: ctx.workspaceId }, o.id, parsed.data), interviewerFlag);
        if (opts.json) return printJson(result);
        process.stdout.write(`${result.title} at ${result.organization.name}: interviewers ${result.interviewers.map((i) => i.displayName).join(', ')}\n`);
      });
    });

  opportunity
    .command('remove')
    .alias('rm')
    .description('delete an opportunity (its conversations stay)')
    .argument('<opportunity>', 'id, or words of its title or organization')
    .option('--json', 'print what was removed as JSON')
    .addHelpText('after', '\nExample:\n  rapport opportunity remove 0195f6a2-…')
    .action(async (ref: string, opts: { json?: boolean }) => {
      await withContext(async (ctx) => {
        const o = await resolveOpportunity(ctx, ref);
        await ctx.services.opportunities.remove({ workspaceId: ctx.workspaceId }, o.id);
        if (opts.json) return printJson({ removed: { id: o.id } });
        process.stdout.write(`Removed ${o.title} at ${o.organization.name} ${pc.dim(o.id)}\n`);
      });
    });

  return opportunity;
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

export function insightsCommand(): Command {
  return new Command('insights')
    .description('the search in numbers: things in the works, weekly activity against goals, the funnel, interviews by source, coverage, replies')
    .option('--weeks <n>', 'how many weeks the series cover', '12')
    .option('--json', 'print as JSON')
    .addHelpText('after', '\nExample:\n  rapport insights --weeks 8')
    .action(async (opts: { weeks: string; json?: boolean }) => {
      const weeks = Number(opts.weeks);
      if (!Number.isInteger(weeks) || weeks < 1 || weeks > 104) throw new CliError('Invalid input:\n  --weeks: a whole number from 1 to 104', EXIT.usage);
      await withContext(async (ctx) => {
        const i = await ctx.services.searchInsights.insights({ workspaceId: ctx.workspaceId }, weeks);
        if (opts.json) return printJson(i);
        const w = i.inTheWorks;
        const out = [
          `${pc.bold('In the works')}: ${w.current} (a healthy search has ${w.min}–${w.max})`,
          table(['WEEK', 'IN THE WORKS'], w.series.map((p) => [p.week, String(p.count)])),
          '',
          `${pc.bold('Weekly activity')} (goals: ${i.activity.goals.newContactsPerWeek} new contacts, ${i.activity.goals.conversationsPerWeek} conversations, ${i.activity.goals.actionsDonePerWeek} follow-ups done)`,
          table(['WEEK', 'NEW CONTACTS', 'CONVERSATIONS', 'ACTIONS DONE'], i.activity.weeks.map((a) => [a.week, String(a.newContacts), String(a.conversations), String(a.actionsDone)])),
          '',
          `${pc.bold('Funnel')}: ${i.funnel.map((f) => `${f.label} ${f.count}`).join(' → ')}`,
          `${pc.bold('Interviews')}: ${i.interviews.total} (networking ${i.interviews.networking}, postings ${i.interviews.posting}${i.interviews.unlinked ? `, not linked ${i.interviews.unlinked}` : ''})`,
          `${pc.bold('Top targets')}: ${i.coverage.topTargets}; with a contact ${i.coverage.withContact} (${pct(i.coverage.contactShare)}), with a conversation ${i.coverage.withConversation} (${pct(i.coverage.conversationShare)})`,
          `${pc.bold('Replies')}: ${i.replies.replied} of ${i.replies.outreaches} (${pct(i.replies.rate)}); Boosters ${i.replies.people.booster}, Obligates ${i.replies.people.obligate}, Curmudgeons ${i.replies.people.curmudgeon}`,
        ];
        process.stdout.write(`${out.join('\n')}\n`);
      });
    });
}
