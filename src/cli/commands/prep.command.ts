import { Command } from 'commander';
import pc from 'picocolors';
import { CONVERSATION_KIND_LABELS } from '../../contracts/conversation.schema.js';
import { QUESTION_GROUP_LABELS, questionGroupSchema, type PrepBrief } from '../../contracts/prep.schema.js';
import { withContext } from '../context.js';
import { printJson } from '../output.js';
import { formatShort, formatWhen } from '../when.js';

function printBrief(b: PrepBrief): void {
  const out: string[] = [];
  const c = b.conversation;
  const names = b.people.map((p) => p.displayName).join(', ');
  out.push(pc.bold(`Prepare: ${c.title ?? `${CONVERSATION_KIND_LABELS[c.kind]}${names ? ` with ${names}` : ''}`}`));
  out.push(`${formatWhen(c.startsAt, c.timeZone)}${c.durationMinutes ? ` · ${c.durationMinutes} min` : ''}${c.location ? ` · ${c.location}` : ''}`);
  const section = (title: string) => out.push('', pc.bold(pc.cyan(title)));

  section('Who they are');
  if (b.people.length === 0) out.push(pc.dim('  Nobody recorded: add who you will meet.'));
  for (const p of b.people) {
    out.push(`  ${pc.bold(p.displayName)}${p.title || p.organization ? ` — ${[p.title, p.organization?.name].filter(Boolean).join(', ')}` : ''}`);
    if (p.howWeMet) out.push(`    How you met: ${p.howWeMet}`);
    if (p.introducedBy) out.push(`    Introduced by ${p.introducedBy.displayName}`);
    if (p.sharedInterests.length > 0) out.push(`    Shared interests: ${p.sharedInterests.join(', ')}`);
    if (p.notes) out.push(`    Notes: ${p.notes.replace(/\s+/g, ' ').slice(0, 200)}`);
  }

  section('Past conversations');
  if (b.pastConversations.length === 0) out.push(pc.dim('  None yet: this is your first.'));
  for (const v of b.pastConversations) {
    out.push(`  ${formatShort(v.startsAt)}  ${CONVERSATION_KIND_LABELS[v.kind]}${v.notesExcerpt ? ` — ${v.notesExcerpt}` : ''}`);
    if (v.nextSteps) out.push(`    Next steps: ${v.nextSteps}`);
  }

  const s = b.suggested;
  section('What they suggested before');
  if (s.referrals.length + s.companies.length + s.advice.length === 0) out.push(pc.dim('  Nothing yet.'));
  for (const r of s.referrals) out.push(`  Name: ${r.to?.displayName ?? r.toOrganization ?? '—'} (${r.status})`);
  for (const co of s.companies) out.push(`  Company: ${co.name}${co.rank ? ` (#${co.rank}, ${co.targetStatus})` : ''}`);
  for (const a of s.advice) out.push(`  Advice: ${a.title} (${a.status}${a.status === 'done' && !a.updateSent ? ', tell them' : ''})`);

  section('Targets they may know people at');
  if (b.targetsTheyMayKnow.length === 0) out.push(pc.dim('  None found.'));
  for (const t of b.targetsTheyMayKnow) out.push(`  #${t.rank} ${t.name} — ${t.why}`);
  if (b.targetGaps.length > 0) out.push(`  Ask about (you know nobody there yet): ${b.targetGaps.map((t) => `#${t.rank} ${t.name}`).join(', ')}`);

  section('Your pitch');
  out.push(`  ${b.pitch.short || b.pitch.long || pc.dim('No pitch yet: rapport profile set --pitch "…"')}`);
  if (b.idealPosition.roles.length > 0) out.push(`  Ideal position: ${b.idealPosition.roles.join(', ')}`);

  section('Questions');
  for (const group of questionGroupSchema.options) {
    out.push(`  ${pc.bold(QUESTION_GROUP_LABELS[group])}`);
    for (const q of b.questions[group]) out.push(`    - ${q}`);
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

export function prepCommand(): Command {
  return new Command('prep')
    .description('the prep brief for a conversation: who they are, past conversations, what they suggested, your pitch, your questions')
    .argument('<conversation-id>', 'the conversation')
    .option('--json', 'print as JSON')
    .addHelpText('after', '\nExample:\n  rapport prep 0195f6a2-…   (ids: rapport conversation list --upcoming)')
    .action(async (id: string, opts: { json?: boolean }) => {
      await withContext(async (ctx) => {
        const brief = await ctx.services.prep.brief({ workspaceId: ctx.workspaceId }, id);
        if (opts.json) printJson(brief);
        else printBrief(brief);
      });
    });
}
