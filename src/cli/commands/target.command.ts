import { Command } from 'commander';

export function targetCommand(): Command {
  return new Command('target').description('(being built)');
}
