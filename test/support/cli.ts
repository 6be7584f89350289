import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../../src/runtime/package-root.js';
import { clockEnv } from './clock.js';

export const rapportBin = path.join(packageRoot(), 'bin', 'rapport.js');

/** The CLI tests run the real, built binary: `npm test` builds first. */
export function assertBuilt(): void {
  if (!fs.existsSync(path.join(packageRoot(), 'dist', 'src', 'cli', 'main.js'))) {
    throw new Error('dist/ is missing: run `npm run build` (npm test does it) before the CLI and browser tests');
  }
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `rapport ...args` as a user would, with its own environment (data dir or DATABASE_URL),
 * on the tests' clock (`clockEnv`) unless `env` sets RAPPORT_CLOCK_START itself.
 */
export function runCli(args: string[], env: Record<string, string>): CliResult {
  const result = spawnSync(process.execPath, [rapportBin, ...args], {
    env: { ...process.env, NO_COLOR: '1', ...clockEnv(), ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

export interface ServerProcess {
  url: string;
  stop(): Promise<void>;
}

/** Starts `rapport serve --port 0` on the tests' clock and waits for the line that says where it listens. */
export function startServerProcess(env: Record<string, string>, extraArgs: string[] = []): Promise<ServerProcess> {
  const child = spawn(process.execPath, [rapportBin, 'serve', '--port', '0', ...extraArgs], { env: { ...process.env, NO_COLOR: '1', ...clockEnv(), ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in time:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /running at (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({
          url: match[1],
          stop: () =>
            new Promise<void>((done) => {
              child.once('exit', () => done());
              child.kill('SIGTERM');
            }),
        });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });
}
