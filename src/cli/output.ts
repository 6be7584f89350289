import pc from 'picocolors';
import type { ZodError } from 'zod';
import { DISK_FULL_MESSAGE, isDatabaseBusy, isDiskFull } from '../db/database.js';
import { AppError, DuplicateError } from '../services/errors.js';
import { ConfigError } from '../runtime/config.js';

/** Exit codes the CLI promises (documented in the README). */
export const EXIT = { ok: 0, failure: 1, usage: 2, notFound: 3, conflict: 4, busy: 5, diskFull: 6 } as const;

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Turns a zod error on CLI input into one line per option, using the option names the user typed. */
export function invalidInput(error: ZodError, flagOf: (path: string) => string): CliError {
  const lines = error.issues.map((i) => `  ${flagOf(i.path.map(String).join('.'))}: ${i.message}`);
  return new CliError(`Invalid input:\n${lines.join('\n')}`, EXIT.usage);
}

/** Maps any error to a message on stderr and an exit code; a bug prints its stack only with RAPPORT_DEBUG. */
export function reportError(error: unknown): number {
  if (error instanceof CliError) {
    process.stderr.write(`${pc.red('error')} ${error.message}\n`);
    return error.exitCode;
  }
  if (error instanceof AppError) {
    const code = error.code === 'not_found' ? EXIT.notFound : error.code === 'conflict' ? EXIT.conflict : EXIT.usage;
    let details = error.issues?.map((i) => `\n  ${i.path}: ${i.message}`).join('') ?? '';
    if (error instanceof DuplicateError) details += `\n  already there: ${error.existing.id}\n  run the command again with --force to add it anyway`;
    process.stderr.write(`${pc.red('error')} ${error.message}${details}\n`);
    return code;
  }
  if (error instanceof ConfigError) {
    process.stderr.write(`${pc.red('error')} ${error.message}\n`);
    return EXIT.usage;
  }
  if (isDatabaseBusy(error)) {
    process.stderr.write(
      `${pc.red('error')} The database is busy: another Rapport process (the server or another command) kept writing to it longer than this command waits. Nothing was changed — run the command again in a moment.\n`,
    );
    return EXIT.busy;
  }
  if (isDiskFull(error)) {
    process.stderr.write(`${pc.red('error')} ${DISK_FULL_MESSAGE}\n`);
    return EXIT.diskFull;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`${pc.red('error')} ${message}\n`);
  if (process.env.RAPPORT_DEBUG && error instanceof Error) process.stderr.write(`${error.stack ?? ''}\n`);
  return EXIT.failure;
}

/** A plain text table that fits the terminal: columns padded, long cells cut with an ellipsis. */
export function table(headers: string[], rows: string[][], maxWidths: number[] = []): string {
  const widths = headers.map((h, i) => Math.min(maxWidths[i] ?? 40, Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length))));
  const cell = (text: string, i: number) => {
    const w = widths[i] ?? 10;
    const t = text.length > w ? `${text.slice(0, w - 1)}…` : text;
    return t.padEnd(w);
  };
  const head = pc.bold(headers.map(cell).join('  ').trimEnd());
  return [head, ...rows.map((r) => r.map(cell).join('  ').trimEnd())].join('\n');
}
