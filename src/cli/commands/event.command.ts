import { Command, Option } from 'commander';
import pc from 'picocolors';
import { EVENT_KIND_LABELS, eventCreateSchema, eventKindSchema, type NetworkingEvent } from '../../contracts/event.schema.js';
import { collect, withContext } from '../context.js';
import { invalidInput, printJson, table } from '../output.js';
import { resolveContact, resolveContacts, withFlags } from '../resolve.js';
import { formatShort, formatWhen, parseTimeZone, parseWhen } from '../when.js';

const kindLabel = (kind: NetworkingEvent['kind']) => EVENT_KIND_LABELS[kind] ?? kind;

function printEvent(e: NetworkingEvent): void {
  const line = (label: string, value: string | null | undefined) => {
    if (value) process.stdout.write(`${pc.dim(label.padEnd(14))}${value}\n`);
  };
  process.stdout.write(`${pc.bold(e.name)}\n`);
  line('id', e.id);
  line('kind', kindLabel(e.kind));
  line('when', formatWhen(e.startsAt, e.timeZone));
  line('place', e.place);
  line('met', e.attendees.map((a) => a.displayName).join(', '));
  line('notes', e.notes);
}

export function eventCommand(): Command {
  const event = new Command('event').alias('events').description('networking events and the people you met there');

  event
    .command('add')
    .description('record a networking event and whom you met')
    .argument('<name>', 'the event, e.g. "Tuesday job-networking breakfast"')
    .requiredOption('--at <when>', 'when: "YYYY-MM-DD HH:MM" in --tz, or ISO 8601')
    .option('--tz <zone>', 'time zone of --at, e.g. Europe/Paris (default: this machine’s)')
    .option('--place <where>', 'where it was')
    .addOption(new Option('--kind <kind>', 'what kind of event').choices(eventKindSchema.options).default('job-networking-meeting'))
    .option('--met <contact>', 'someone you met there: id or a unique name (repeat)', collect)
    .option('--notes <text>', 'notes')
    .option('--json', 'print the event as JSON')
    .addHelpText('after', '\nExample:\n  rapport event add "Five O\'Clock Club breakfast" --at "2026-03-05 08:00" --tz Europe/Paris --place "Café Nova" --met "Stan Fields"')
    .action(async (name: string, opts: { at: string; tz?: string; place?: string; kind: string; met?: string[]; notes?: string; json?: boolean }) => {
      const timeZone = parseTimeZone(opts.tz);
      const startsAt = parseWhen(opts.at, timeZone);
      await withContext(async (ctx) => {
        const met = await resolveContacts(ctx, opts.met, '--met');
        const metFlags = met.map((c, i) => `--met "${opts.met?.[i] ?? c.displayName}"`);
        const flags: Record<string, string> = { name: '<name>', kind: '--kind', startsAt: '--at', timeZone: '--tz', place: '--place', notes: '--notes' };
        const flagOf = (path: string) => {
          const [head, index] = path.split('.');
          if (head === 'attendeeIds') return metFlags[Number(index)] ?? '--met';
          return flags[head ?? ''] ?? (path || 'input');
        };
        const parsed = eventCreateSchema.safeParse({ name, kind: opts.kind, startsAt, timeZone, place: opts.place, notes: opts.notes, attendeeIds: met.map((c) => c.id) });
        if (!parsed.success) throw invalidInput(parsed.error, flagOf);
        const created = await withFlags(ctx.services.events.create({ workspaceId: ctx.workspaceId }, parsed.data), flagOf);
        if (opts.json) return printJson(created);
        const metText = created.attendees.length > 0 ? ` · met ${created.attendees.map((a) => a.displayName).join(', ')}` : '';
        process.stdout.write(`Added ${pc.bold(created.name)} on ${formatWhen(created.startsAt, created.timeZone)}${created.place ? ` at ${created.place}` : ''}${metText} ${pc.dim(created.id)}\n`);
      });
    });

  event
    .command('list')
    .alias('ls')
    .description('list events, newest first')
    .option('--contact <contact>', 'only events where you met this contact')
    .option('--json', 'print as JSON')
    .addHelpText('after', '\nExample:\n  rapport event list --contact "Stan Fields"')
    .action(async (opts: { contact?: string; json?: boolean }) => {
      await withContext(async (ctx) => {
        const contactId = opts.contact ? (await resolveContact(ctx, opts.contact, '--contact')).id : undefined;
        const items = await ctx.services.events.list({ workspaceId: ctx.workspaceId }, { contactId });
        if (opts.json) return printJson(items);
        if (items.length === 0) {
          process.stdout.write('No events yet. Add one with: rapport event add "Networking breakfast" --at "2026-03-05 08:00" --met "Stan Fields"\n');
          return;
        }
        const rows = items.map((e) => [formatShort(e.startsAt), e.name, kindLabel(e.kind), e.place ?? '', e.attendees.map((a) => a.displayName).join(', '), e.id]);
        process.stdout.write(`${table(['WHEN', 'NAME', 'KIND', 'PLACE', 'MET', 'ID'], rows, [16, 32, 22, 24, 36, 36])}\n`);
      });
    });

  event
    .command('show')
    .description('show an event and whom you met there')
    .argument('<id>', 'event id')
    .option('--json', 'print as JSON')
    .addHelpText('after', '\nExample:\n  rapport event show 0195f6a2-…')
    .action(async (id: string, opts: { json?: boolean }) => {
      await withContext(async (ctx) => {
        const e = await ctx.services.events.get({ workspaceId: ctx.workspaceId }, id);
        if (opts.json) printJson(e);
        else printEvent(e);
      });
    });

  event
    .command('remove')
    .alias('rm')
    .description('delete an event')
    .argument('<id>', 'event id')
    .option('--json', 'print what was removed as JSON')
    .addHelpText('after', '\nExample:\n  rapport event remove 0195f6a2-…')
    .action(async (id: string, opts: { json?: boolean }) => {
      await withContext(async (ctx) => {
        const scope = { workspaceId: ctx.workspaceId };
        const e = await ctx.services.events.get(scope, id);
        await ctx.services.events.remove(scope, e.id);
        if (opts.json) return printJson({ removed: { id: e.id, name: e.name } });
        process.stdout.write(`Removed ${e.name} ${pc.dim(e.id)}\n`);
      });
    });

  return event;
}
