import { Command } from 'commander';
import pc from 'picocolors';
import { withContext } from '../context.js';
import { CliError, EXIT, printJson } from '../output.js';
import { resolveContact } from '../resolve.js';

export function mergeCommand(): Command {
  return new Command('merge')
    .description('merge two contacts that are one person: the first keeps its fields and takes the other’s empty fields, emails, phones, tags and whole history; the second is deleted')
    .argument('<keep>', 'the contact to keep (id, or a name or email that matches one contact)')
    .argument('<other>', 'the duplicate to merge into it and delete')
    .option('--json', 'print the merged contact and what moved as JSON')
    .addHelpText('after', '\nExample:\n  rapport merge "Robert Smith" "Bob Smith"')
    .action(async (keepRef: string, otherRef: string, opts: { json?: boolean }) => {
      await withContext(async (ctx) => {
        const keep = await resolveContact(ctx, keepRef, '<keep>');
        const other = await resolveContact(ctx, otherRef, '<other>');
        if (keep.id === other.id) throw new CliError(`"${keepRef}" and "${otherRef}" are the same contact`, EXIT.usage);
        const result = await ctx.services.imports.merge({ workspaceId: ctx.workspaceId }, keep.id, other.id);
        if (opts.json) return printJson(result);
        const moved = Object.entries(result.moved)
          .filter(([, n]) => n > 0)
          .map(([what, n]) => `${n} ${what}`)
          .join(', ');
        process.stdout.write(`Merged ${pc.bold(other.displayName)} into ${pc.bold(result.contact.displayName)} ${pc.dim(result.contact.id)}\n`);
        if (result.filled.length > 0) process.stdout.write(`  took: ${result.filled.join(', ')}\n`);
        process.stdout.write(`  moved: ${moved || 'no history'}\n`);
      });
    });
}
