import { Command } from 'commander';

export function organizationCommand(): Command {
  return new Command('organization').description('(being built)');
}
