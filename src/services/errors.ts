import type { FieldIssue } from '../contracts/common.schema.js';

export type ErrorCode = 'not_found' | 'conflict' | 'invalid';

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

export class InvalidError extends AppError {
  constructor(message: string, issues?: FieldIssue[]) {
    super('invalid', message, issues);
  }
}
