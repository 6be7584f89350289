import type { ErrorResponse, FieldIssue } from '../../contracts/common.schema.js';

type ExistingRecord = NonNullable<ErrorResponse['error']['existing']>;

/** An error answered by the API, with the field issues it named. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: FieldIssue[] = [],
    /** On a 409 for something entered twice: the record already there. */
    readonly existing: ExistingRecord | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

// Server mode: the CSRF token of the signed-in session, which every write sends (local mode: none).
let csrfToken: string | null = null;
const signedOutListeners = new Set<() => void>();

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when the server answers 401 (the session ended or was signed out elsewhere). */
export function onSignedOut(listener: () => void): () => void {
  signedOutListeners.add(listener);
  return () => {
    signedOutListeners.delete(listener);
  };
}

/** The headers every write carries: the session's CSRF token in server mode. */
export function writeHeaders(): Record<string, string> {
  return csrfToken ? { 'x-csrf-token': csrfToken } : {};
}

/** Checks an answer from the API; a 401 tells the app that nobody is signed in any more. */
export function noteAnswer(response: Response): void {
  if (response.status === 401) for (const listener of signedOutListeners) listener();
}

export async function api<T>(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const response = await fetch(`/api${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(method === 'GET' ? {} : writeHeaders()) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  noteAnswer(response);
  if (response.status === 204) return undefined as T;
  const payload: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const err = (payload as ErrorResponse | null)?.error;
    throw new ApiError(response.status, err?.code ?? 'error', err?.message ?? `Request failed (${response.status})`, err?.issues ?? [], err?.existing ?? null);
  }
  return payload as T;
}

export function queryString(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const s = search.toString();
  return s ? `?${s}` : '';
}
