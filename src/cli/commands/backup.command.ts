import { Command } from 'commander';

export function backupCommand(): Command {
  return new Command('backup').description('(being built)');
}
