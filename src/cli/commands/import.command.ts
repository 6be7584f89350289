import fs from 'node:fs/promises';
import path from 'node:path';
import { Command } from 'commander';
import pc from 'picocolors';
import { CSV_FIELDS, csvFieldSchema, type ColumnMapping, type ContactFileFormat, type ImportPreview, type ImportResult } from '../../contracts/transfer.schema.js';
import { CSV_FIELD_NAMES } from '../../formats/index.js';
import { formatBytes, type ImportProgress } from '../../services/import.service.js';
import { collect, withContext } from '../context.js';
import { looksLikeZip } from '../../formats/zip-archive.js';
import type { AppContext } from '../../runtime/context.js';
import { CliError, EXIT, printJson } from '../output.js';
import { plural } from '../resolve.js';
import { importMailFile, type MailImportFlags } from '../mail-import.js';
import { MailImportService } from '../../services/mail-import.service.js';

const FORMAT_NAMES: Record<ContactFileFormat, string> = {
  linkedin: 'LinkedIn Connections.csv',
  google: 'Google Contacts CSV',
  outlook: 'Outlook CSV',
  thunderbird: 'Thunderbird address book',
  csv: 'CSV read by its column names',
  vcard: 'vCard',
};

const MATCHED_BY: Record<string, string> = { linkedin: 'LinkedIn URL', email: 'email', name: 'name and organization' };

/** Reads the file the user named, refusing a missing or oversized one before opening the database. */
export async function readUserFile(file: string, limit: number, what: string): Promise<Buffer> {
  let stat;
  try {
    stat = await fs.stat(file);
  } catch {
    throw new CliError(`No such file: ${file}`, EXIT.usage);
  }
  if (!stat.isFile()) throw new CliError(`Not a file: ${file}`, EXIT.usage);
  if (stat.size > limit) throw new CliError(`${file} is ${formatBytes(stat.size)}; the ${what} limit is ${formatBytes(limit)}. Nothing was read.`, EXIT.usage);
  return fs.readFile(file);
}

/**
 * `--map "Courriel=email"` (repeatable): the column's header as the file spells it, `=`, a
 * field. Fields are named as the API names them; case, dashes and spaces do not matter.
 */
export function parseMappings(values: string[] | undefined): ColumnMapping | undefined {
  if (!values || values.length === 0) return undefined;
  const mapping: ColumnMapping = {};
  for (const value of values) {
    const at = value.lastIndexOf('=');
    const column = at < 0 ? '' : value.slice(0, at).trim();
    const raw = at < 0 ? '' : value.slice(at + 1).trim();
    if (!column || !raw) throw new CliError(`--map "${value}": write it as COLUMN=FIELD, e.g. --map "Courriel=email"`, EXIT.usage);
    const wanted = raw.replace(/[\s_-]+/g, '').toLowerCase();
    const field = CSV_FIELDS.find((f) => f.toLowerCase() === wanted);
    const parsed = csvFieldSchema.safeParse(field);
    if (!parsed.success) throw new CliError(`--map "${value}": "${raw}" is not a field; use one of ${CSV_FIELDS.join(', ')}`, EXIT.usage);
    mapping[column] = parsed.data;
  }
  return mapping;
}

function printMapping(p: ImportPreview, out: string[]): void {
  if (!p.mapping) return;
  out.push('  columns:');
  const width = Math.min(30, Math.max(...p.mapping.columns.map((c) => c.column.length)));
  for (const c of p.mapping.columns) {
    const read = c.field === 'ignore' ? pc.dim(c.recognised ? 'not read' : 'not recognised, not read') : CSV_FIELD_NAMES[c.field];
    out.push(`    ${c.column.padEnd(width)}  → ${read}${c.sample ? pc.dim(`   e.g. ${c.sample}`) : ''}`);
  }
  out.push(pc.dim('    change with --map "COLUMN=FIELD" (FIELD ignore leaves a column out)'));
}

function printPreview(p: ImportPreview): void {
  const c = p.counts;
  const out: string[] = [];
  out.push(`${pc.bold(p.fileName ?? 'file')} — ${FORMAT_NAMES[p.format]}, ${plural(c.records, 'record', 'records')}`);
  printMapping(p, out);
  if (p.archive) {
    out.push(`  from the archive: ${p.archive.files.map((f) => f.name).join(', ')}`);
    if (p.archive.invitations) out.push(pc.dim(`         ${plural(p.archive.invitations, 'connection', 'connections')} with how you met told by their invitation`));
    if (p.archive.profileFiles.length > 0) out.push(pc.dim(`         ${p.archive.profileFiles.join(', ')} will fill your profile (what you wrote is kept)`));
    for (const f of p.archive.skippedFiles) out.push(pc.yellow(`         ${f.name} left out: ${f.reason}`));
  }
  out.push(`  ${pc.green(String(c.new).padStart(6))} new ${c.new === 1 ? 'contact' : 'contacts'}${c.newOrganizations ? pc.dim(` (${plural(c.newOrganizations, 'new organization', 'new organizations')})`) : ''}`);
  out.push(`  ${String(c.matched).padStart(6)} already in Rapport${c.matched ? pc.dim(` (${c.updated} would gain fields, ${c.unchanged} unchanged)`) : ''}`);
  if (p.filledFields.length > 0) out.push(pc.dim(`         fields filled: ${p.filledFields.map((f) => `${f.field} ${f.count}`).join(', ')}`));
  for (const m of p.matches.filter((m) => m.fields.length > 0).slice(0, 10)) {
    out.push(pc.dim(`         line ${m.line}: ${m.displayName} (by ${MATCHED_BY[m.matchedBy]}) ← ${m.fields.join(', ')}`));
  }
  out.push(`  ${String(c.duplicatesInFile).padStart(6)} repeated within the file (merged)`);
  out.push(`  ${String(c.skipped).padStart(6)} skipped`);
  for (const s of p.skipped) out.push(pc.dim(`         ${s.count} ${s.reason}: line${s.lines.length === 1 ? '' : 's'} ${s.lines.join(', ')}${s.count > s.lines.length ? ', …' : ''}`));
  out.push(`  ${(c.warnings ? pc.yellow : (s: string) => s)(String(c.warnings).padStart(6))} ${c.warnings === 1 ? 'contact' : 'contacts'} without some of their values (warnings)`);
  for (const warning of p.warnings.slice(0, 20)) out.push(`         line ${warning.line}: ${warning.field}: ${warning.message}`);
  if (p.warnings.length > 20) out.push(pc.dim(`         …and ${p.warnings.length - 20} more`));
  process.stdout.write(`${out.join('\n')}\n`);
}

function resultLine(fileName: string, r: ImportResult): string {
  const parts = [
    plural(r.created, 'new contact', 'new contacts'),
    `${r.updated} updated`,
    `${r.unchanged} unchanged`,
    `${r.duplicatesInFile} repeated in the file`,
    `${r.skipped} skipped`,
    ...(r.warnings ? [`${plural(r.warnings, 'contact', 'contacts')} without some of their values`] : []),
    plural(r.organizationsCreated, 'new organization', 'new organizations'),
  ];
  return `Imported ${pc.bold(fileName)}: ${parts.join(', ')} ${pc.dim(`(${(r.ms / 1000).toFixed(1)} s)`)}`;
}

/** A progress line on stderr, rewritten in place; only on a terminal. */
function progressLine(): { update(p: ImportProgress): void; done(): void } {
  if (!process.stderr.isTTY) return { update: () => undefined, done: () => undefined };
  let shown = false;
  return {
    update: ({ processed, total }) => {
      if (total === 0) return;
      shown = true;
      const percent = Math.floor((processed / total) * 100);
      process.stderr.write(`\rImporting ${processed.toLocaleString('en')} of ${total.toLocaleString('en')} contacts (${percent}%)  `);
    },
    done: () => {
      if (shown) process.stderr.write('\n');
    },
  };
}

/** Mail and calendar files go to the mail import; anything else (or a missing file) to the contact import. */
async function isMailFile(file: string): Promise<boolean> {
  try {
    return (await MailImportService.formatOf({ path: file })) !== null;
  } catch {
    return false;
  }
}

/** True when the file starts like a ZIP archive (LinkedIn's data archive). */
async function isZipFile(file: string): Promise<boolean> {
  try {
    const handle = await fs.open(file, 'r');
    try {
      const buffer = Buffer.alloc(4);
      const { bytesRead } = await handle.read(buffer, 0, 4, 0);
      return looksLikeZip(buffer.subarray(0, bytesRead));
    } finally {
      await handle.close();
    }
  } catch {
    return false;
  }
}

/** LinkedIn's data archive: read from disk (never whole into memory), previewed or imported. */
async function importArchiveFile(ctx: AppContext, file: string, opts: { dryRun?: boolean; json?: boolean }, mapping: ColumnMapping | undefined): Promise<void> {
  if (mapping) throw new CliError('--map applies to a CSV file; the connections of a LinkedIn archive are read by their own columns', EXIT.usage);
  const scope = { workspaceId: ctx.workspaceId };
  const stat = await fs.stat(file);
  const limit = ctx.services.imports.maxArchiveBytes;
  if (stat.size > limit) throw new CliError(`${file} is ${formatBytes(stat.size)}; the archive limit is ${formatBytes(limit)}. Nothing was read.`, EXIT.usage);
  const fileName = path.basename(file);
  if (opts.dryRun) {
    const preview = await ctx.services.imports.previewArchive(scope, file, { fileName });
    if (opts.json) return printJson(preview);
    printPreview(preview);
    process.stdout.write(pc.dim('Nothing was written (--dry-run).\n'));
    return;
  }
  const progress = opts.json ? { update: () => undefined, done: () => undefined } : progressLine();
  let result: ImportResult;
  try {
    result = await ctx.services.imports.importArchive(scope, file, { fileName, onProgress: (p) => progress.update(p) });
  } finally {
    progress.done();
  }
  if (opts.json) return printJson(result);
  process.stdout.write(`${resultLine(fileName, result)}\n`);
  if (result.profile) {
    process.stdout.write(`Profile: ${result.profile.filled.length > 0 ? `filled ${result.profile.filled.join(', ')}` : 'nothing new'}${result.profile.kept.length > 0 ? pc.dim(` (kept what you wrote: ${result.profile.kept.join(', ')})`) : ''}\n`);
  }
}

export function importCommand(): Command {
  return new Command('import')
    .description(
      'import contacts from a LinkedIn Connections.csv or LinkedIn\'s whole data archive (.zip), a Google, Outlook or Thunderbird CSV, any CSV with recognisable column names, or a vCard file; or conversations from mail (.mbox, .eml) and calendar (.ics) files. The format is detected from the content; importing the same file again changes nothing',
    )
    .argument('<file>', 'the file to import (contact files: at most 20 MiB; an mbox is streamed, any size)')
    .option('--dry-run', 'only show what would happen: new, matched (and the fields they would gain), skipped (with reasons), values left out (warnings)')
    .option('--json', 'print the preview (--dry-run) or the result as JSON')
    .option('--me <address>', 'mail: one of your own addresses (tells sent from received; Settings holds the main one); repeatable', collect)
    .option('--add <address>', 'mail and calendar: add this correspondent as a contact, with their messages; repeatable', collect)
    .option('--include-automated', 'mail: keep mailing lists and automated senders too')
    .option('--contact <ref>', 'mail and calendar: the messages and meetings are with this contact (name, email or id)')
    .option('--map <column=field>', `CSV read by its column names: read COLUMN as FIELD (${CSV_FIELDS.join(', ')}); repeatable`, collect)
    .addHelpText(
      'after',
      '\nExamples:\n  rapport import ~/Downloads/Connections.csv --dry-run\n  rapport import contacts.vcf --json\n  rapport import adressen.csv --dry-run --map "Kürzel=ignore" --map "Bemerkung=notes"\n  rapport import "All mail.mbox" --dry-run --me you@example.com\n  rapport import invite.ics',
    )
    .action(async (file: string, opts: { dryRun?: boolean; json?: boolean; map?: string[] } & MailImportFlags) => {
      await withContext(async (ctx) => {
        if (await isMailFile(file)) return importMailFile(ctx, file, opts);
        const scope = { workspaceId: ctx.workspaceId };
        const mapping = parseMappings(opts.map);
        if (await isZipFile(file)) return importArchiveFile(ctx, file, opts, mapping);
        const bytes = await readUserFile(file, ctx.services.imports.maxFileBytes, 'import');
        const fileName = path.basename(file);
        if (opts.dryRun) {
          // A dry run shows the columns of any CSV, recognised or not, so that they can be named with --map.
          const preview = await ctx.services.imports.preview(scope, bytes, { fileName, mapping, anyCsv: true });
          if (opts.json) return printJson(preview);
          printPreview(preview);
          process.stdout.write(pc.dim('Nothing was written (--dry-run).\n'));
          return;
        }
        const progress = opts.json ? { update: () => undefined, done: () => undefined } : progressLine();
        let result: ImportResult;
        try {
          result = await ctx.services.imports.importFile(scope, bytes, { fileName, mapping, onProgress: (p) => progress.update(p) });
        } finally {
          progress.done();
        }
        if (opts.json) return printJson(result);
        process.stdout.write(`${resultLine(fileName, result)}\n`);
      });
    });
}
