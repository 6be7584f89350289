import { Command } from 'commander';
import { migrateToLatest, openDatabase } from '../../db/database.js';
import { describeDatabase, loadConfig } from '../../runtime/config.js';
import { printJson } from '../output.js';

export function dbCommand(): Command {
  const db = new Command('db').description('database maintenance');
  db.command('migrate')
    .description('bring the database schema up to date (also done on every start)')
    .option('--json', 'print the applied migrations as JSON')
    .action(async (opts: { json?: boolean }) => {
      const config = loadConfig();
      const handle = openDatabase(config.database);
      try {
        const results = (await migrateToLatest(handle)) ?? [];
        const applied = results.filter((r) => r.status === 'Success').map((r) => r.migrationName);
        if (opts.json) return printJson({ database: config.database.engine, applied });
        process.stdout.write(
          applied.length ? `Applied ${applied.length} migration(s) to ${describeDatabase(config.database)}:\n${applied.map((m) => `  ${m}`).join('\n')}\n` : `${describeDatabase(config.database)} is up to date.\n`,
        );
      } finally {
        await handle.close();
      }
    });
  return db;
}
