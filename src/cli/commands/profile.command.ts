import fs from 'node:fs/promises';
import path from 'node:path';
import { Command, Option } from 'commander';
import pc from 'picocolors';
import { profileUpdateSchema, remoteSchema, REMOTE_LABELS, type NetworkingSheet, type Profile } from '../../contracts/profile.schema.js';
import { decodeText } from '../../formats/decode.js';
import { collect, withContext } from '../context.js';
import { CliError, EXIT, invalidInput, printJson } from '../output.js';
import { intOption, withFlags } from '../resolve.js';

const DAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** Contract paths → the options a person typed. */
const FLAGS: Record<string, string> = {
  name: '--name',
  email: '--email',
  phone: '--phone',
  headline: '--headline',
  pitchShort: '--pitch',
  pitchLong: '--pitch-long',
  skills: '--skill',
  'idealPosition.roles': '--role',
  'idealPosition.responsibilities': '--responsibility',
  'idealPosition.level': '--level',
  'idealPosition.location': '--location',
  'idealPosition.remote': '--remote',
  'targetDefinition.industries': '--industry',
  'targetDefinition.sizes': '--size',
  'targetDefinition.positions': '--position',
  'targetDefinition.geographies': '--geography',
  'weeklyGoals.newContacts': '--goal-contacts',
  'weeklyGoals.conversations': '--goal-conversations',
  'weeklyGoals.followUps': '--goal-follow-ups',
  timeZone: '--tz',
  workingDays: '--working-days',
  holidays: '--holiday',
};
function flagOf(p: string): string {
  const parts = p.split('.');
  for (let n = parts.length; n > 0; n -= 1) {
    const flag = FLAGS[parts.slice(0, n).join('.')];
    if (flag) return flag;
  }
  return p || 'input';
}

const joined = (items: readonly string[]) => (items.length > 0 ? items.join(', ') : pc.dim('—'));

function printProfile(p: Profile): void {
  const out: string[] = [];
  const row = (label: string, value: string) => out.push(`${pc.bold(label.padEnd(18))} ${value}`);
  row('Name', p.name || pc.dim('— (rapport profile set --name "…": it signs your messages)'));
  row('Email', p.email || pc.dim('—'));
  row('Phone', p.phone || pc.dim('—'));
  row('Headline', p.headline || pc.dim('—'));
  row('Pitch', p.pitchShort || pc.dim('— (rapport profile set --pitch "…")'));
  if (p.pitchLong) row('Pitch (long)', p.pitchLong.length > 300 ? `${p.pitchLong.slice(0, 299)}…` : p.pitchLong);
  row('Skills', joined(p.skills));
  out.push(pc.bold('Ideal position'));
  row('  Roles', joined(p.idealPosition.roles));
  row('  Responsibilities', joined(p.idealPosition.responsibilities));
  row('  Level', p.idealPosition.level || pc.dim('—'));
  row('  Location', `${p.idealPosition.location || pc.dim('—')} · ${REMOTE_LABELS[p.idealPosition.remote]}`);
  out.push(pc.bold('Target definition'));
  row('  Industries', joined(p.targetDefinition.industries));
  row('  Sizes', joined(p.targetDefinition.sizes));
  row('  Positions', joined(p.targetDefinition.positions));
  row('  Geographies', joined(p.targetDefinition.geographies));
  row('Weekly goals', `${p.weeklyGoals.newContacts} new contacts · ${p.weeklyGoals.conversations} conversations · ${p.weeklyGoals.followUps} follow-ups`);
  row('Time zone', p.timeZone);
  row('Working days', p.workingDays.map((d) => DAY_NAMES[d - 1] ?? String(d)).join(' '));
  row('Holidays', joined(p.holidays));
  if (p.experience.length > 0) {
    out.push(pc.bold('Experience'));
    for (const e of p.experience.slice(0, 5)) out.push(`  ${e.title}${e.organization ? ` at ${e.organization}` : ''}${e.startedOn ? pc.dim(` (${e.startedOn}–${e.finishedOn || 'now'})`) : ''}`);
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

/** "1,2,3,4,5" or "mon-fri" or "mon,tue,thu" → ISO weekday numbers. */
function parseDays(value: string): unknown {
  const names = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
  const day = (t: string) => (/^\d$/.test(t) ? Number(t) : names.indexOf(t.slice(0, 3).toLowerCase()) + 1);
  const out: number[] = [];
  for (const part of value.split(',').map((s) => s.trim()).filter(Boolean)) {
    const range = /^(\w+)\s*-\s*(\w+)$/.exec(part);
    if (range?.[1] && range[2]) {
      const from = day(range[1]);
      const to = day(range[2]);
      if (from < 1 || to < 1) throw new CliError(`Invalid input:\n  --working-days: "${part}" is not a range of days (mon-fri or 1-5)`, EXIT.usage);
      for (let d = from; d <= to; d += 1) out.push(d);
    } else {
      const d = day(part);
      if (d < 1) throw new CliError(`Invalid input:\n  --working-days: "${part}" is not a day (mon…sun or 1…7)`, EXIT.usage);
      out.push(d);
    }
  }
  return out;
}

interface SetOptions {
  name?: string;
  email?: string;
  phone?: string;
  headline?: string;
  pitch?: string;
  pitchLong?: string;
  skill?: string[];
  role?: string[];
  responsibility?: string[];
  level?: string;
  location?: string;
  remote?: string;
  industry?: string[];
  size?: string[];
  position?: string[];
  geography?: string[];
  goalContacts?: string;
  goalConversations?: string;
  goalFollowUps?: string;
  tz?: string;
  workingDays?: string;
  holiday?: string[];
  json?: boolean;
}

export function profileCommand(): Command {
  const profile = new Command('profile').description('your profile: pitch, skills, ideal position, target definition, weekly goals');

  profile
    .command('show')
    .description('show your profile')
    .option('--json', 'print as JSON')
    .action(async (opts: { json?: boolean }) => {
      await withContext(async (ctx) => {
        const p = await ctx.services.profile.get({ workspaceId: ctx.workspaceId });
        if (opts.json) printJson(p);
        else printProfile(p);
      });
    });

  profile
    .command('set')
    .description('change your profile (repeated options replace the whole list; "" clears a text)')
    .option('--name <name>', 'your name: it signs your messages and heads the networking sheet (the first word is your first name)')
    .option('--email <address>', 'your email, on the networking sheet')
    .option('--phone <number>', 'your phone: under your name in messages and on the sheet')
    .option('--headline <text>', 'one line: who you are professionally')
    .option('--pitch <text>', 'your elevator pitch, short (30 seconds)')
    .option('--pitch-long <text>', 'your pitch, long (2 minutes)')
    .option('--skill <skill>', 'a skill or ability (repeat)', collect)
    .option('--role <role>', 'ideal position: a role (repeat)', collect)
    .option('--responsibility <text>', 'ideal position: a responsibility you excel at (repeat)', collect)
    .option('--level <level>', 'ideal position: level, e.g. "Director"')
    .option('--location <place>', 'ideal position: location')
    .addOption(new Option('--remote <mode>', 'ideal position: on site, hybrid or remote').choices(remoteSchema.options))
    .option('--industry <industry>', 'target definition: an industry (repeat)', collect)
    .option('--size <size>', 'target definition: an organization size, e.g. "200-2000" (repeat)', collect)
    .option('--position <position>', 'target definition: a position (repeat)', collect)
    .option('--geography <place>', 'target definition: a geography (repeat)', collect)
    .option('--goal-contacts <n>', 'weekly goal: new contacts')
    .option('--goal-conversations <n>', 'weekly goal: conversations')
    .option('--goal-follow-ups <n>', 'weekly goal: follow-ups')
    .option('--tz <zone>', 'your time zone (the playbook’s), e.g. Europe/Paris')
    .option('--working-days <days>', 'your working days: mon-fri, or 1,2,3,4,5 (the playbook’s)')
    .option('--holiday <YYYY-MM-DD>', 'a holiday (repeat; replaces the list)', collect)
    .option('--json', 'print the profile as JSON')
    .addHelpText('after', '\nExamples:\n  rapport profile set --name "Roger Smith" --email roger@example.test --phone "+1 555 0100"\n  rapport profile set --pitch "I turn robotics prototypes into products" --skill "Team leadership" --skill Robotics --role "Engineering Manager" --remote hybrid')
    .action(async (opts: SetOptions) => {
      await withContext(async (ctx) => {
        const scope = { workspaceId: ctx.workspaceId };
        const current = await ctx.services.profile.get(scope);
        const raw: Record<string, unknown> = {};
        if (opts.name !== undefined) raw.name = opts.name;
        if (opts.email !== undefined) raw.email = opts.email;
        if (opts.phone !== undefined) raw.phone = opts.phone;
        if (opts.headline !== undefined) raw.headline = opts.headline;
        if (opts.pitch !== undefined) raw.pitchShort = opts.pitch;
        if (opts.pitchLong !== undefined) raw.pitchLong = opts.pitchLong;
        if (opts.skill) raw.skills = opts.skill;
        const ideal: Record<string, unknown> = {};
        if (opts.role) ideal.roles = opts.role;
        if (opts.responsibility) ideal.responsibilities = opts.responsibility;
        if (opts.level !== undefined) ideal.level = opts.level;
        if (opts.location !== undefined) ideal.location = opts.location;
        if (opts.remote !== undefined) ideal.remote = opts.remote;
        if (Object.keys(ideal).length > 0) raw.idealPosition = { ...current.idealPosition, ...ideal };
        const def: Record<string, unknown> = {};
        if (opts.industry) def.industries = opts.industry;
        if (opts.size) def.sizes = opts.size;
        if (opts.position) def.positions = opts.position;
        if (opts.geography) def.geographies = opts.geography;
        if (Object.keys(def).length > 0) raw.targetDefinition = { ...current.targetDefinition, ...def };
        const goals: Record<string, unknown> = {};
        if (opts.goalContacts !== undefined) goals.newContacts = intOption(opts.goalContacts);
        if (opts.goalConversations !== undefined) goals.conversations = intOption(opts.goalConversations);
        if (opts.goalFollowUps !== undefined) goals.followUps = intOption(opts.goalFollowUps);
        if (Object.keys(goals).length > 0) raw.weeklyGoals = { ...current.weeklyGoals, ...goals };
        if (opts.tz !== undefined) raw.timeZone = opts.tz.trim();
        if (opts.workingDays !== undefined) raw.workingDays = parseDays(opts.workingDays);
        if (opts.holiday) raw.holidays = opts.holiday;
        if (Object.keys(raw).length === 0) throw new CliError('Nothing to change: give at least one option (see rapport profile set --help)', EXIT.usage);
        const parsed = profileUpdateSchema.safeParse(raw);
        if (!parsed.success) throw invalidInput(parsed.error, flagOf);
        const updated = await withFlags(ctx.services.profile.update(scope, parsed.data), (p) => flagOf(p.replace(/^playbook\./, '')));
        if (opts.json) printJson(updated);
        else process.stdout.write('Profile saved.\n');
      });
    });

  profile
    .command('import')
    .description('fill your profile from LinkedIn archive files (Profile.csv, Positions.csv, Skills.csv) or a JSON Resume')
    .argument('<files...>', 'the files')
    .option('--overwrite', 'replace the headline and pitch even when already written')
    .option('--json', 'print the result as JSON')
    .addHelpText('after', '\nExample:\n  rapport profile import ~/Downloads/Basic_LinkedInDataExport/Profile.csv Positions.csv Skills.csv\n  rapport profile import resume.json')
    .action(async (files: string[], opts: { overwrite?: boolean; json?: boolean }) => {
      const inputs: { name: string; text: string }[] = [];
      for (const file of files) {
        let bytes: Buffer;
        try {
          bytes = await fs.readFile(file);
        } catch (error) {
          throw new CliError(`${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`, EXIT.notFound);
        }
        inputs.push({ name: path.basename(file), text: decodeText(bytes) });
      }
      await withContext(async (ctx) => {
        const result = await withFlags(ctx.services.profile.import({ workspaceId: ctx.workspaceId }, { files: inputs, overwrite: Boolean(opts.overwrite) }), (p) => {
          const m = /^files\.(\d+)\.?(.*)$/.exec(p);
          return m ? `${files[Number(m[1])] ?? 'file'}${m[2] ? ` ${m[2]}` : ''}` : p;
        });
        if (opts.json) return printJson(result);
        for (const f of result.files) process.stdout.write(`Read ${f.name} (${f.kind})\n`);
        process.stdout.write(`Filled: ${result.filled.length > 0 ? result.filled.join(', ') : 'nothing new'}\n`);
        if (result.kept.length > 0) process.stdout.write(pc.dim(`Kept what you had written: ${result.kept.join(', ')} (--overwrite replaces it)\n`));
      });
    });
  return profile;
}

function printSheet(s: NetworkingSheet): void {
  const out: string[] = [pc.bold(s.name || 'My networking sheet')];
  if (s.headline) out.push(s.headline);
  if (s.email || s.phone) out.push([s.email, s.phone].filter(Boolean).join(' · '));
  if (s.pitchShort || s.pitchLong) out.push('', pc.bold('Pitch'), s.pitchShort || s.pitchLong);
  const ideal = s.idealPosition;
  if (ideal.roles.length > 0) out.push('', pc.bold('Ideal position'), [ideal.roles.join(' · '), ideal.level, ideal.location].filter(Boolean).join(' — '));
  for (const r of ideal.responsibilities) out.push(`  - ${r}`);
  if (s.skills.length > 0) out.push('', pc.bold('Skills'), s.skills.join(', '));
  out.push('', pc.bold('Target companies'));
  if (s.groups.length === 0) out.push(pc.dim('  none yet: rapport target add "Company"'));
  for (const g of s.groups) {
    if (g.label) out.push(`  ${pc.bold(g.label)}`);
    for (const t of g.targets) out.push(`  ${String(t.rank).padStart(3)}. ${t.name}${t.location ? pc.dim(` (${t.location})`) : ''}`);
  }
  if (s.more > 0) out.push(pc.dim(`  + ${s.more} more`));
  process.stdout.write(`${out.join('\n')}\n`);
}

export function sheetCommand(): Command {
  return new Command('sheet')
    .description('your one-page networking sheet: pitch, ideal position, target companies (to show in a networking interview)')
    .option('--pdf <file>', 'write it as a one-page PDF to this file')
    .option('--json', 'print it as JSON')
    .addHelpText('after', '\nExample:\n  rapport sheet --pdf ~/networking-sheet.pdf')
    .action(async (opts: { pdf?: string; json?: boolean }) => {
      await withContext(async (ctx) => {
        const scope = { workspaceId: ctx.workspaceId };
        if (opts.pdf) {
          const file = await ctx.services.profile.sheetPdf(scope);
          await fs.writeFile(opts.pdf, file.body);
          process.stdout.write(`Wrote ${opts.pdf} (${file.body.length} bytes, one page)\n`);
          return;
        }
        const sheet = await ctx.services.profile.sheet(scope);
        if (opts.json) printJson(sheet);
        else printSheet(sheet);
      });
    });
}
