import { Command } from 'commander';
import pc from 'picocolors';
import { RESTORE_MAX_BYTES } from '../../contracts/transfer.schema.js';
import { withContext } from '../context.js';
import { CliError, EXIT, printJson } from '../output.js';
import { writeOutput } from './export.command.js';
import { readUserFile } from './import.command.js';

export function backupCommand(): Command {
  return new Command('backup')
    .description('write a lossless JSON backup of the whole workspace: every record, every field (restore it with `rapport restore`)')
    .option('-o, --out <file>', 'write to this file instead of the standard output')
    .addHelpText('after', '\nExample:\n  rapport backup --out rapport-backup.json')
    .action(async (opts: { out?: string }) => {
      await withContext(async (ctx) => {
        const doc = await ctx.services.backups.backup({ workspaceId: ctx.workspaceId });
        const records = Object.values(doc.tables).reduce((sum, rows) => sum + rows.length, 0);
        await writeOutput(opts.out, `${JSON.stringify(doc, null, 1)}\n`, () => `Backup of ${records} records`);
      });
    });
}

export function restoreCommand(): Command {
  return new Command('restore')
    .description('restore a backup written by `rapport backup` into an empty workspace (a new RAPPORT_DATA_DIR or database); checks the whole file before writing anything')
    .argument('<file>', 'the backup file')
    .option('--json', 'print the restored counts as JSON')
    .addHelpText('after', '\nExample:\n  RAPPORT_DATA_DIR=~/rapport-restored rapport restore rapport-backup.json')
    .action(async (file: string, opts: { json?: boolean }) => {
      const bytes = await readUserFile(file, RESTORE_MAX_BYTES, 'restore');
      let document: unknown;
      try {
        document = JSON.parse(bytes.toString('utf8'));
      } catch {
        throw new CliError(`${file} is not a Rapport backup (not JSON)`, EXIT.usage);
      }
      await withContext(async (ctx) => {
        const result = await ctx.services.backups.restore({ workspaceId: ctx.workspaceId }, document);
        if (opts.json) return printJson(result);
        const counts = Object.entries(result.counts)
          .filter(([, n]) => n > 0)
          .map(([table, n]) => `${n} ${table.replace(/_/g, ' ')}`)
          .join(', ');
        process.stdout.write(`Restored ${pc.bold(file)}: ${counts || 'an empty workspace'}\n`);
      });
    });
}
