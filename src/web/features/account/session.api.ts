import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { LoginInput, SessionUser } from '../../../contracts/account.schema.js';
import { api, setCsrfToken } from '../../api/client.js';

/** Local mode (no accounts), or server mode with the signed-in person, or nobody yet. */
export type SessionState = { mode: 'local' } | { mode: 'server'; user: SessionUser | null };

export const SESSION_KEY = ['session'] as const;

interface SessionInfo {
  user: SessionUser;
  csrfToken: string;
}

/**
 * Which mode the server runs in, and who is signed in. Local mode has no `/api/auth/session`
 * (404); server mode answers who, with the CSRF token every write then sends, or 401.
 */
async function fetchSession(): Promise<SessionState> {
  const response = await fetch('/api/auth/session');
  if (response.status === 404) return { mode: 'local' };
  if (response.status === 401) {
    setCsrfToken(null);
    return { mode: 'server', user: null };
  }
  if (!response.ok) throw new Error(`Could not reach Rapport (${response.status})`);
  const info = (await response.json()) as SessionInfo;
  setCsrfToken(info.csrfToken);
  return { mode: 'server', user: info.user };
}

export function useSession() {
  return useQuery({ queryKey: SESSION_KEY, queryFn: fetchSession, staleTime: Infinity, retry: 1, refetchOnWindowFocus: false });
}

/** Whether the signed-in person coaches (a coach or an administrator of an organization). */
export const isCoach = (user: SessionUser | null) => Boolean(user?.memberships.some((m) => m.role === 'coach' || m.role === 'admin'));

function forgetAllButSession(client: QueryClient): void {
  client.removeQueries({ predicate: (query) => query.queryKey[0] !== SESSION_KEY[0] });
}

export function useSignIn() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: LoginInput) => api<SessionInfo>('POST', '/auth/login', input),
    onSuccess: (info) => {
      setCsrfToken(info.csrfToken);
      // Whatever was cached belonged to nobody (or to someone else): start clean. The session
      // query stays (cleared, its observer would not see the new value).
      forgetAllButSession(client);
      const signedIn: SessionState = { mode: 'server', user: info.user };
      client.setQueryData(SESSION_KEY, signedIn);
    },
  });
}

export function useSignOut() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api<void>('POST', '/auth/logout'),
    onSettled: () => {
      setCsrfToken(null);
      forgetAllButSession(client);
      // What the service worker kept of this account's answers (for offline reading) goes too:
      // the next person at this browser must not read it.
      if ('caches' in window) void caches.delete('rapport-api');
      const signedOut: SessionState = { mode: 'server', user: null };
      client.setQueryData(SESSION_KEY, signedOut);
    },
  });
}
