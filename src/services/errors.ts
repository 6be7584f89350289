import type { ExistingRecord, FieldIssue } from '../contracts/common.schema.js';

export type { ExistingRecord };

/** `unauthorized`, `forbidden` and `too_many` are server mode's: no session, not allowed, slow down. */
export type ErrorCode = 'not_found' | 'conflict' | 'invalid' | 'unauthorized' | 'forbidden' | 'too_many';

/**
 * The errors services throw. They carry a stable `code`; the HTTP error handler and the CLI
 * map codes to status codes and exit codes in one place each. No service throws an HTTP error.
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: FieldIssue[],
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export class NotFoundError extends AppError {
  constructor(what: string, id: string) {
    super('not_found', `${what} ${id} was not found`);
  }
}

export class ConflictError extends AppError {
  constructor(message: string) {
    super('conflict', message);
  }
}


/**
 * A new record that repeats one already there. A conflict (409, exit 4) that names the existing
 * record, so that the client can offer it; sending the same input with `force` writes it anyway.
 */
export class DuplicateError extends AppError {
  constructor(
    message: string,
    /** The record already there (a conversation logged twice, a contact added twice). */
    readonly existing: ExistingRecord,
    issues?: FieldIssue[],
  ) {
    super('conflict', message, issues);
  }
}

export class InvalidError extends AppError {
  constructor(message: string, issues?: FieldIssue[]) {
    super('invalid', message, issues);
  }
}

/** No valid session (server mode), or a sign-in that failed: never says which part was wrong. */
export class UnauthorizedError extends AppError {
  constructor(message = 'Sign in first') {
    super('unauthorized', message);
  }
}

/** Signed in, but this is beyond what the account may do (a coach past the level a client shared). */
export class ForbiddenError extends AppError {
  constructor(message: string) {
    super('forbidden', message);
  }
}

export class TooManyError extends AppError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super('too_many', message);
  }
}
