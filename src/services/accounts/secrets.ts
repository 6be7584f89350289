import { createHash, randomBytes } from 'node:crypto';
import { hash, verify, type Options } from '@node-rs/argon2';

/** Hashes and checks passwords; injected so that a test can count calls. */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hash: string, password: string): Promise<boolean>;
}

/**
 * argon2id with OWASP's first recommended setting (19 MiB, 2 passes, 1 lane): about 60–100 ms
 * per sign-in on a 2-core machine, which the login figure in `npm run bench` includes.
 */
// The package's `Algorithm` is a const enum that verbatimModuleSyntax cannot read; 2 is Argon2id
// (its default too, stated here so the choice is visible; the hashes begin with `$argon2id$`).
export const ARGON2_OPTIONS: Options = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export const argon2Hasher: PasswordHasher = {
  hash: (password) => hash(password, ARGON2_OPTIONS),
  verify: async (stored, password) => {
    try {
      return await verify(stored, password);
    } catch {
      // A malformed stored hash is a wrong password, never a 500 that tells the account exists.
      return false;
    }
  },
};

/** A secret for a cookie or a link: 32 random bytes, URL-safe. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What the database keeps of a token: a stolen table signs nobody in and opens no link. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
