import { Command } from 'commander';

export function mergeCommand(): Command {
  return new Command('merge').description('(being built)');
}
