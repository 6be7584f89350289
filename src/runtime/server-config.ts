import { z } from 'zod';
import { ConfigError, loadConfig, type RuntimeConfig } from './config.js';

/** Server mode (`rapport serve --server`): many accounts on one PostgreSQL database, behind a TLS proxy. */
export interface ServerRuntimeConfig extends Omit<RuntimeConfig, 'host' | 'database'> {
  host: string;
  database: { engine: 'postgres'; url: string };
  /** The address people type (RAPPORT_PUBLIC_URL); links are built on it and the Host/Origin guard accepts it. */
  publicUrl: URL;
  /** Whose X-Forwarded-For to believe (Fastify's trustProxy): the reverse proxy's address, by default loopback. */
  trustProxy: string | boolean;
}

const serverEnvSchema = z.object({
  RAPPORT_PUBLIC_URL: z
    .string({ error: 'RAPPORT_PUBLIC_URL is required in server mode: the address people use, e.g. https://rapport.example.org' })
    .url('RAPPORT_PUBLIC_URL must be a URL like https://rapport.example.org')
    .refine((v) => /^https?:\/\//.test(v), 'RAPPORT_PUBLIC_URL must start with https:// (or http:// for a test)'),
  RAPPORT_HOST: z.string().min(1).optional(),
  RAPPORT_TRUST_PROXY: z.string().min(1).optional(),
});

/**
 * Server mode's configuration: local mode's, plus a public URL, and PostgreSQL required — SQLite
 * is one file for one person; many people and several processes need a database server.
 */
export function loadServerConfig(env: NodeJS.ProcessEnv = process.env, overrides: { port?: number | string | undefined; host?: string | undefined } = {}): ServerRuntimeConfig {
  const base = loadConfig(env, { port: overrides.port });
  if (base.database.engine !== 'postgres') {
    throw new ConfigError('Server mode needs PostgreSQL: set DATABASE_URL=postgres://user@host:5432/rapport (local mode, without --server, uses SQLite)');
  }
  const parsed = serverEnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`${issue?.path.join('.') ?? 'environment'}: ${issue?.message ?? 'invalid'}`);
  }
  const trust = parsed.data.RAPPORT_TRUST_PROXY ?? 'loopback';
  return {
    ...base,
    database: base.database,
    host: overrides.host ?? parsed.data.RAPPORT_HOST ?? '127.0.0.1',
    publicUrl: new URL(parsed.data.RAPPORT_PUBLIC_URL),
    trustProxy: trust === 'true' ? true : trust === 'false' ? false : trust,
  };
}
