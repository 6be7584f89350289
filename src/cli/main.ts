import { Command, CommanderError } from 'commander';
import { packageVersion } from '../runtime/package-root.js';
import { adminCommand } from './commands/admin.command.js';
import { adviceCommand } from './commands/advice.command.js';
import { contactCommand } from './commands/contact.command.js';
import { conversationCommand } from './commands/conversation.command.js';
import { eventCommand } from './commands/event.command.js';
import { referralCommand } from './commands/referral.command.js';
import { backupCommand, restoreCommand } from './commands/backup.command.js';
import { dbCommand } from './commands/db.command.js';
import { exportCommand } from './commands/export.command.js';
import { importCommand } from './commands/import.command.js';
import { mergeCommand } from './commands/merge.command.js';
import { organizationCommand } from './commands/organization.command.js';
import { playbookCommand } from './commands/playbook.command.js';
import { insightsCommand, opportunityCommand } from './commands/opportunity.command.js';
import { prepCommand } from './commands/prep.command.js';
import { profileCommand, sheetCommand } from './commands/profile.command.js';
import { targetCommand } from './commands/target.command.js';
import { serveCommand } from './commands/serve.command.js';
import { actionCommand, todayCommand } from './commands/today.command.js';
import { EXIT, reportError } from './output.js';

export function buildProgram(): Command {
  const program = new Command('rapport')
    .description('Rapport — the relationship-first job-search CRM.\nData lives in RAPPORT_DATA_DIR (or PostgreSQL with DATABASE_URL).')
    .version(packageVersion(), '-v, --version')
    .showHelpAfterError('(add --help for usage)')
    // Program options (--version) only before the command, so that `export vcard --version 3.0` is the command's.
    .enablePositionalOptions()
    .exitOverride();
  program.addCommand(serveCommand());
  program.addCommand(todayCommand());
  program.addCommand(actionCommand());
  program.addCommand(contactCommand());
  program.addCommand(conversationCommand());
  program.addCommand(referralCommand());
  program.addCommand(adviceCommand());
  program.addCommand(eventCommand());
  program.addCommand(organizationCommand());
  program.addCommand(targetCommand());
  program.addCommand(opportunityCommand());
  program.addCommand(insightsCommand());
  program.addCommand(playbookCommand());
  program.addCommand(profileCommand());
  program.addCommand(sheetCommand());
  program.addCommand(prepCommand());
  program.addCommand(importCommand());
  program.addCommand(exportCommand());
  program.addCommand(backupCommand());
  program.addCommand(restoreCommand());
  program.addCommand(mergeCommand());
  program.addCommand(dbCommand());
  program.addCommand(adminCommand());
  // Every subcommand reports usage errors the same way (exit 2) instead of exiting itself.
  const override = (cmd: Command) => {
    cmd.exitOverride();
    cmd.commands.forEach(override);
  };
  override(program);
  return program;
}

/**
 * `rapport today | head -1`: the reader leaves, and every later write to stdout fails with
 * EPIPE — an 'error' event that would crash the process with a stack trace. Nobody is reading
 * any more, so the rest of the output is dropped; the command itself still finishes its work.
 */
function ignoreClosedStdout(): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') return;
    throw error;
  });
}

export async function main(argv: string[]): Promise<number> {
  ignoreClosedStdout();
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version are not errors.
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return EXIT.ok;
      return EXIT.usage;
    }
    return reportError(error);
  }
}
