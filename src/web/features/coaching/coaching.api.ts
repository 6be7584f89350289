import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Action } from '../../../contracts/action.schema.js';
import type { ClientHealth, CoachNote, CoachShare, CoachViewEntry, CockpitRow, ShareLevel, Suggestion, SuggestionCreateInput } from '../../../contracts/coaching.schema.js';
import { api } from '../../api/client.js';

// ------------------------------------------------------------ the seeker's side

export function useCoaches() {
  return useQuery({ queryKey: ['sharing', 'coaches'], queryFn: async () => (await api<{ items: CoachShare[] }>('GET', '/sharing/coaches')).items });
}

export function useAccessLog() {
  return useQuery({ queryKey: ['sharing', 'log'], queryFn: async () => (await api<{ items: CoachViewEntry[] }>('GET', '/sharing/log')).items, staleTime: 0 });
}

/** Shares with a coach at a level, or (null) stops sharing. */
export function useSetShare() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ coachId, level }: { coachId: string; level: ShareLevel | null }): Promise<void> => {
      if (level === null) await api<void>('DELETE', `/sharing/coaches/${coachId}`);
      else await api<CoachShare>('PUT', `/sharing/coaches/${coachId}`, { level });
    },
    onSettled: () => client.invalidateQueries({ queryKey: ['sharing'] }),
  });
}

// ------------------------------------------------------------ the coach's side

export function useCockpit() {
  return useQuery({ queryKey: ['coach', 'clients'], queryFn: () => api<{ today: string; clients: CockpitRow[] }>('GET', '/coach/clients'), staleTime: 0 });
}

export function useClientHealth(clientId: string) {
  return useQuery({ queryKey: ['coach', clientId, 'health'], queryFn: () => api<ClientHealth>('GET', `/coach/clients/${clientId}/health`), retry: false });
}

export function useSuggestions(clientId: string) {
  return useQuery({ queryKey: ['coach', clientId, 'suggestions'], queryFn: async () => (await api<{ items: Suggestion[] }>('GET', `/coach/clients/${clientId}/suggestions`)).items });
}

export function useSuggest(clientId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: SuggestionCreateInput) => api<Action>('POST', `/coach/clients/${clientId}/suggestions`, input),
    onSuccess: () => client.invalidateQueries({ queryKey: ['coach'] }),
  });
}

export function useNotes(clientId: string) {
  return useQuery({ queryKey: ['coach', clientId, 'notes'], queryFn: async () => (await api<{ items: CoachNote[] }>('GET', `/coach/clients/${clientId}/notes`)).items });
}

export function useAddNote(clientId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: string) => api<CoachNote>('POST', `/coach/clients/${clientId}/notes`, { body }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['coach', clientId, 'notes'] }),
  });
}
