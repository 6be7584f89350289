import { Command } from 'commander';

export function exportCommand(): Command {
  return new Command('export').description('(being built)');
}
