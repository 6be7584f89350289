import { Command } from 'commander';
import { z } from 'zod';
import { displayNameSchema, emailSchema, newPasswordSchema, roleSchema } from '../../contracts/account.schema.js';
import { loadServerConfig } from '../../runtime/server-config.js';
import { clockFor } from '../../runtime/context.js';
import { openServerContext } from '../../runtime/server-context.js';
import { invalidInput, printJson } from '../output.js';

const createUserSchema = z.object({
  email: emailSchema,
  name: displayNameSchema,
  org: z.string().trim().min(1, 'Required').max(200, 'At most 200 characters'),
  role: roleSchema,
});

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

/** `rapport admin …`: server mode's administration from the command line (the first administrator). */
export function adminCommand(): Command {
  const admin = new Command('admin').description('server mode: accounts (DATABASE_URL and RAPPORT_PUBLIC_URL as for serve --server)');
  admin
    .command('create-user')
    .description('create an account (the first administrator of an organization, created if new); prints a link to set the password unless --password-stdin')
    .requiredOption('--email <email>', 'the address they sign in with')
    .requiredOption('--name <name>', 'their name as others see it')
    .requiredOption('--org <organization>', 'the organization (career centre, firm); created if no organization has this name')
    .option('--role <role>', 'admin, coach or seeker', 'admin')
    .option('--password-stdin', 'read the password from standard input instead of printing a link to set it')
    .option('--json', 'print the account and the link as JSON')
    .action(async (opts: { email: string; name: string; org: string; role: string; passwordStdin?: boolean; json?: boolean }) => {
      const parsed = createUserSchema.safeParse(opts);
      if (!parsed.success) throw invalidInput(parsed.error, (p) => `--${p}`);
      let password: string | null = null;
      if (opts.passwordStdin) {
        const read = newPasswordSchema.safeParse(await readStdin());
        if (!read.success) throw invalidInput(read.error, () => 'password (standard input)');
        password = read.data;
      }
      const config = loadServerConfig();
      const ctx = await openServerContext(config.database, { clock: clockFor(config) });
      try {
        const { user, setPasswordToken } = await ctx.services.accounts.createUser({
          email: parsed.data.email,
          displayName: parsed.data.name,
          password,
          organizationName: parsed.data.org,
          role: parsed.data.role,
        });
        const link = setPasswordToken ? new URL(`/reset-password#${setPasswordToken}`, config.publicUrl).toString() : null;
        if (opts.json) {
          printJson({ user, setPasswordLink: link });
          return;
        }
        const membership = user.memberships[0];
        process.stdout.write(`Created ${user.displayName} <${user.email}>, ${membership?.role ?? ''} of ${membership?.organizationName ?? ''}.\n`);
        if (link) process.stdout.write(`Set the password within 24 hours, once, at:\n${link}\n`);
      } finally {
        await ctx.close();
      }
    });
  return admin;
}
