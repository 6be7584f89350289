import { Command } from 'commander';
import pc from 'picocolors';
import { describeDatabase, loadConfig } from '../../runtime/config.js';
import { loadServerConfig } from '../../runtime/server-config.js';
import { CliError, EXIT } from '../output.js';

export function serveCommand(): Command {
  return new Command('serve')
    .description('serve the web app and the API on 127.0.0.1 (--server: accounts for coaches and seekers, on PostgreSQL)')
    .option('-p, --port <port>', 'port to listen on (default 7411, or PORT); 0 picks a free one')
    .option('--server', 'server mode: sign-in, a workspace per account, sharing with coaches (needs DATABASE_URL and RAPPORT_PUBLIC_URL)')
    .option('--host <address>', 'server mode: the address to listen on (default 127.0.0.1, or RAPPORT_HOST), where the TLS proxy reaches it')
    .action(async (opts: { port?: string; server?: boolean; host?: string }) => {
      if (opts.host !== undefined && !opts.server) throw new CliError('--host: only with --server (local mode listens on 127.0.0.1 only)', EXIT.usage);
      const serverConfig = opts.server ? loadServerConfig(process.env, { port: opts.port, host: opts.host }) : null;
      const config = serverConfig ?? loadConfig(process.env, { port: opts.port });
      let server;
      try {
        if (serverConfig) {
          // Loaded on demand: the other commands start faster without the web server's modules.
          const { startServerMode } = await import('../../server/serve-server.js');
          server = await startServerMode(serverConfig);
        } else {
          const { startServer } = await import('../../server/serve.js');
          server = await startServer(loadConfig(process.env, { port: opts.port }));
        }
      } catch (error) {
        if (error instanceof Error && 'code' in error && error.code === 'EADDRINUSE') {
          throw new CliError(`Port ${config.port} is in use — is Rapport already running? Choose another with --port or PORT.`, EXIT.failure);
        }
        throw error;
      }
      process.stdout.write(`Rapport${serverConfig ? ' (server mode)' : ''} is running at ${pc.bold(server.url)}\n`);
      if (serverConfig) process.stdout.write(pc.dim(`Public address: ${serverConfig.publicUrl.origin}\n`));
      process.stdout.write(pc.dim(`Data: ${describeDatabase(config.database)}\nAPI docs: ${server.url}/api/docs\nPress Ctrl+C to stop.\n`));
      const running = server;
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          void running.close().then(resolve);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
    });
}
