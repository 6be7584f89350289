import fs from 'node:fs/promises';
import { Command, Option } from 'commander';
import { exportCsvKindSchema, vcardExportQuerySchema, vcardVersionSchema } from '../../contracts/transfer.schema.js';
import type { ExportFile } from '../../services/export.service.js';
import { withContext } from '../context.js';
import { invalidInput } from '../output.js';

/** Writes an export to --out (and says so on stderr) or to stdout, so it can be piped. */
export async function writeOutput(out: string | undefined, body: string, describe: () => string): Promise<void> {
  if (!out || out === '-') {
    process.stdout.write(body);
    return;
  }
  // Written beside the target, then renamed over it: a full disk leaves no half-written file,
  // and an earlier file of that name (yesterday's backup) stays whole.
  const partial = `${out}.partial-${process.pid}`;
  try {
    await fs.writeFile(partial, body);
    await fs.rename(partial, out);
  } catch (error) {
    await fs.rm(partial, { force: true });
    throw error;
  }
  process.stderr.write(`${describe()} → ${out}\n`);
}

const describe = (file: ExportFile, what: string) => () => `${file.count} ${what}`;

export function exportCommand(): Command {
  const exp = new Command('export').description('export contacts as vCard, or contacts, organizations, conversations and actions as CSV');

  exp
    .command('vcard')
    .description('contacts as vCard (4.0 by default; 3.0 for older address books)')
    .addOption(new Option('--version <version>', 'vCard version').choices(vcardVersionSchema.options).default('4.0'))
    .option('--ids <ids>', 'only these contacts (comma-separated ids)')
    .option('-o, --out <file>', 'write to this file instead of the standard output')
    .addHelpText('after', '\nExamples:\n  rapport export vcard --out contacts.vcf\n  rapport export vcard --version 3.0 --ids 0193...,0194... > two.vcf')
    .action(async (opts: { version: string; ids?: string; out?: string }) => {
      const parsed = vcardExportQuerySchema.safeParse({ version: opts.version, ids: opts.ids });
      if (!parsed.success) throw invalidInput(parsed.error, (p) => (p.startsWith('ids') ? '--ids' : '--version'));
      await withContext(async (ctx) => {
        const file = await ctx.services.exports.vcard({ workspaceId: ctx.workspaceId }, parsed.data);
        await writeOutput(opts.out, file.body, describe(file, `contacts as vCard ${parsed.data.version}`));
      });
    });

  exp
    .command('csv')
    .description('one kind of record as CSV (UTF-8 with a byte-order mark, so Excel reads it right)')
    .addArgument(exp.createArgument('<kind>', 'what to export').choices(exportCsvKindSchema.options))
    .option('-o, --out <file>', 'write to this file instead of the standard output')
    .addHelpText('after', '\nExample:\n  rapport export csv contacts --out contacts.csv')
    .action(async (kind: string, opts: { out?: string }) => {
      const parsed = exportCsvKindSchema.safeParse(kind);
      if (!parsed.success) throw invalidInput(parsed.error, () => '<kind>');
      await withContext(async (ctx) => {
        const file = await ctx.services.exports.csv({ workspaceId: ctx.workspaceId }, parsed.data);
        await writeOutput(opts.out, file.body, describe(file, parsed.data));
      });
    });

  return exp;
}
