import os from 'node:os';
import path from 'node:path';
import envPaths from 'env-paths';
import { z } from 'zod';
import type { DatabaseConfig } from '../db/database.js';

export const DEFAULT_PORT = 7411;

const portSchema = z.coerce.number().int('Port must be a whole number').min(0).max(65535, 'Port must be 0–65535');

/** Environment variables Rapport reads, validated once at the edge. */
const envSchema = z.object({
  PORT: portSchema.optional(),
  RAPPORT_DATA_DIR: z.string().min(1).optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must start with postgres:// or postgresql://')
    .optional(),
  RAPPORT_ALLOWED_ORIGINS: z.string().optional(),
  /** How long a write waits for another process's write on SQLite (milliseconds). */
  RAPPORT_SQLITE_BUSY_TIMEOUT_MS: z.coerce.number().int('Must be a whole number of milliseconds').min(0).max(600_000).optional(),
  /**
   * A test and demo facility: the clock starts at this instant (ISO 8601 with an offset) and
   * advances in real time, so Today, business days and "now" are those of that day.
   */
  RAPPORT_CLOCK_START: z.iso.datetime({ offset: true, error: 'Must be an ISO 8601 instant such as 2026-03-03T14:00:00Z' }).optional(),
});

export interface RuntimeConfig {
  host: '127.0.0.1';
  port: number;
  dataDir: string;
  database: DatabaseConfig;
  /** Extra origins allowed to call the API (the Vite dev server in `npm run dev`). */
  extraOrigins: string[];
  /** RAPPORT_CLOCK_START: the instant the clock starts at (tests, demos); absent, the system clock. */
  clockStart?: Date;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export function defaultDataDir(): string {
  // ~/.local/share/rapport on Linux, ~/Library/Application Support/rapport on macOS, %LOCALAPPDATA% on Windows.
  return envPaths('rapport', { suffix: '' }).data || path.join(os.homedir(), '.rapport');
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: { port?: number | string | undefined } = {}): RuntimeConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`${issue?.path.join('.') ?? 'environment'}: ${issue?.message ?? 'invalid'}`);
  }
  let port = parsed.data.PORT ?? DEFAULT_PORT;
  if (overrides.port !== undefined) {
    const p = portSchema.safeParse(overrides.port);
    if (!p.success) throw new ConfigError(`--port: ${p.error.issues[0]?.message ?? 'invalid'}`);
    port = p.data;
  }
  const dataDir = path.resolve(parsed.data.RAPPORT_DATA_DIR ?? defaultDataDir());
  const database: DatabaseConfig = parsed.data.DATABASE_URL
    ? { engine: 'postgres', url: parsed.data.DATABASE_URL }
    : {
        engine: 'sqlite',
        file: path.join(dataDir, 'rapport.sqlite'),
        ...(parsed.data.RAPPORT_SQLITE_BUSY_TIMEOUT_MS === undefined ? {} : { busyTimeoutMs: parsed.data.RAPPORT_SQLITE_BUSY_TIMEOUT_MS }),
      };
  const extraOrigins = (parsed.data.RAPPORT_ALLOWED_ORIGINS ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const clockStart = parsed.data.RAPPORT_CLOCK_START === undefined ? {} : { clockStart: new Date(parsed.data.RAPPORT_CLOCK_START) };
  return { host: '127.0.0.1', port, dataDir, database, extraOrigins, ...clockStart };
}

/** Describes where the data lives without printing a password. */
export function describeDatabase(database: DatabaseConfig): string {
  if (database.engine === 'sqlite') return `SQLite at ${database.file}`;
  const url = new URL(database.url);
  if (url.password) url.password = '***';
  return `PostgreSQL at ${url.toString()}`;
}
