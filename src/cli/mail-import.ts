import path from 'node:path';
import pc from 'picocolors';
import { CONVERSATION_KIND_LABELS } from '../contracts/conversation.schema.js';
import { mailImportOptionsSchema, type MailImportPreview, type MailImportResult } from '../contracts/mail-import.schema.js';
import type { AppContext } from '../runtime/context.js';
import { invalidInput, printJson } from './output.js';
import { plural, resolveContact } from './resolve.js';

const FORMAT_NAMES = { mbox: 'mbox mailbox', eml: 'email message (.eml)', ics: 'iCalendar (.ics)' } as const;

export interface MailImportFlags {
  dryRun?: boolean;
  json?: boolean;
  me?: string[];
  add?: string[];
  includeAutomated?: boolean;
  contact?: string;
}

const FLAGS: Record<string, string> = { me: '--me', addCorrespondents: '--add', contactId: '--contact' };

/** `rapport import FILE` for a mail or calendar file: the same preview and import as the web app. */
export async function importMailFile(ctx: AppContext, file: string, flags: MailImportFlags): Promise<void> {
  const scope = { workspaceId: ctx.workspaceId };
  const contactId = flags.contact ? (await resolveContact(ctx, flags.contact, '--contact')).id : undefined;
  const parsed = mailImportOptionsSchema.safeParse({ me: flags.me ?? [], addCorrespondents: flags.add ?? [], includeAutomated: flags.includeAutomated ?? false, ...(contactId ? { contactId } : {}) });
  if (!parsed.success) throw invalidInput(parsed.error, (p) => FLAGS[p.split('.')[0] ?? ''] ?? p);
  const source = { path: file, fileName: path.basename(file) };
  if (flags.dryRun) {
    const preview = await ctx.services.mailImports.preview(scope, source, parsed.data);
    if (flags.json) return printJson(preview);
    printPreview(preview);
    process.stdout.write(pc.dim('Nothing was written (--dry-run).\n'));
    return;
  }
  const result = await ctx.services.mailImports.importFile(scope, source, parsed.data);
  if (flags.json) return printJson(result);
  process.stdout.write(`${resultLine(source.fileName, result)}\n`);
}

function printPreview(p: MailImportPreview): void {
  const c = p.counts;
  const out: string[] = [];
  const unit = p.format === 'ics' ? ['event', 'events'] : ['message', 'messages'];
  out.push(`${pc.bold(p.fileName ?? 'file')} — ${FORMAT_NAMES[p.format]}, ${plural(c.records, unit[0]!, unit[1]!)}`);
  if (p.format !== 'ics') {
    out.push(p.me.addresses.length > 0 ? `  your addresses: ${p.me.addresses.join(', ')}${p.me.guessed ? pc.yellow(' (guessed from the file: set yours in Settings, or pass --me)') : ''}` : pc.yellow('  your address is unknown: pass --me you@example.com (sent and received are told apart by it)'));
  }
  out.push(`  ${pc.green(String(c.new).padStart(6))} new ${c.new === 1 ? 'conversation' : 'conversations'}`);
  out.push(`  ${String(c.updated).padStart(6)} updated ${pc.dim('(a reply found, an invitation changed or cancelled)')}`);
  out.push(`  ${String(c.unchanged).padStart(6)} already imported`);
  out.push(`  ${String(c.withoutContacts).padStart(6)} with no contact in them`);
  if (p.format !== 'ics') out.push(`  ${String(c.automated).padStart(6)} mailing lists and automated senders, left out`);
  if (p.format !== 'ics') out.push(`  ${String(c.awaitingReply).padStart(6)} sent and still awaiting a reply, ${c.replied} answered`);
  if (c.actionsAnswered) out.push(`  ${String(c.actionsAnswered).padStart(6)} open ${c.actionsAnswered === 1 ? 'action' : 'actions'} answered by a sent message (marked done)`);
  out.push(`  ${(c.skipped ? pc.yellow : (s: string) => s)(String(c.skipped).padStart(6))} skipped`);
  for (const w of p.warnings.slice(0, 20)) out.push(pc.dim(`         ${w.message ? `message ${w.message}, ` : ''}line ${w.line}${w.messageId ? ` <${w.messageId}>` : ''}: ${w.reason}`));
  if (p.people.length > 0) {
    out.push('  with:');
    for (const person of p.people.slice(0, 15)) {
      const parts = [person.sent ? `${person.sent} sent` : '', person.received ? `${person.received} received` : '', person.meetings ? plural(person.meetings, 'meeting', 'meetings') : ''].filter(Boolean);
      out.push(`         ${person.displayName} ${pc.dim(parts.join(', '))}`);
    }
  }
  for (const m of p.meetings.slice(0, 15)) {
    out.push(`         ${m.startsAt.slice(0, 16).replace('T', ' ')} ${m.title} ${pc.dim(`— ${CONVERSATION_KIND_LABELS[m.kind]}, ${m.status}, ${m.change}`)}`);
  }
  if (p.correspondentsTotal > 0) {
    out.push(`  ${plural(p.correspondentsTotal, 'correspondent is', 'correspondents are')} not a contact (left out; add with --add ADDRESS):`);
    for (const x of p.correspondents.slice(0, 10)) out.push(pc.dim(`         ${x.name ? `${x.name} ` : ''}<${x.address}> ${[x.messages ? plural(x.messages, 'message', 'messages') : '', x.meetings ? plural(x.meetings, 'meeting', 'meetings') : ''].filter(Boolean).join(', ')}`));
  }
  out.push(pc.dim(`  Kept: ${p.kept}`));
  process.stdout.write(`${out.join('\n')}\n`);
}

function resultLine(fileName: string, r: MailImportResult): string {
  const parts = [
    plural(r.created, 'new conversation', 'new conversations'),
    `${r.updated} updated`,
    ...(r.cancelled ? [`${r.cancelled} cancelled`] : []),
    `${r.unchanged} already there`,
    ...(r.contactsCreated ? [plural(r.contactsCreated, 'new contact', 'new contacts')] : []),
    ...(r.actionsDone ? [plural(r.actionsDone, 'action done', 'actions done')] : []),
    `${r.skipped} skipped`,
  ];
  return `Imported ${pc.bold(fileName)}: ${parts.join(', ')} ${pc.dim(`(${(r.ms / 1000).toFixed(1)} s)`)}`;
}
