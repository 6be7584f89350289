import { Command } from 'commander';
import pc from 'picocolors';
import { describeDatabase, loadConfig } from '../../runtime/config.js';
import { CliError, EXIT } from '../output.js';

export function serveCommand(): Command {
  return new Command('serve')
    .description('serve the web app and the API on 127.0.0.1')
    .option('-p, --port <port>', 'port to listen on (default 7411, or PORT); 0 picks a free one')
    .action(async (opts: { port?: string }) => {
      const config = loadConfig(process.env, { port: opts.port });
      // Loaded on demand: the other commands start faster without the web server's modules.
      const { startServer } = await import('../../server/serve.js');
      let server;
      try {
        server = await startServer(config);
      } catch (error) {
        if (error instanceof Error && 'code' in error && error.code === 'EADDRINUSE') {
          throw new CliError(`Port ${config.port} is in use — is Rapport already running? Choose another with --port or PORT.`, EXIT.failure);
        }
        throw error;
      }
      process.stdout.write(`Rapport is running at ${pc.bold(server.url)}\n`);
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
