import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Conversation, ConversationPage } from '../../../contracts/conversation.schema.js';
import type { References } from '../../../contracts/organization.schema.js';
import type { Advice, Referral, ReferralStatus } from '../../../contracts/referral.schema.js';
import type { ContactInsight, TimelineEntry } from '../../../contracts/timeline.schema.js';
import { api, queryString } from '../../api/client.js';
import { useInvalidateRelationships } from '../../components/invalidate.js';

// Keys start with 'contacts' so that any change to contacts refreshes what is derived from them.
export function useInsight(id: string | undefined) {
  return useQuery({ queryKey: ['contacts', 'insight', id], queryFn: () => api<ContactInsight>('GET', `/contacts/${id}/insight`), enabled: Boolean(id) });
}

export function useTimeline(id: string | undefined) {
  return useQuery({
    queryKey: ['contacts', 'timeline', id],
    queryFn: async () => (await api<{ entries: TimelineEntry[] }>('GET', `/contacts/${id}/timeline`)).entries,
    enabled: Boolean(id),
  });
}

export function useReferences(id: string, enabled: boolean) {
  return useQuery({ queryKey: ['contacts', 'references', id], queryFn: () => api<References>('GET', `/contacts/${id}/references`), enabled, staleTime: 0 });
}

export function useReferrals(contactId: string | undefined) {
  return useQuery({ queryKey: ['referrals', { contactId }], queryFn: () => api<Referral[]>('GET', `/referrals${queryString({ contactId })}`), enabled: Boolean(contactId) });
}

export function useAdvice(contactId: string | undefined) {
  return useQuery({ queryKey: ['advice', { contactId }], queryFn: () => api<Advice[]>('GET', `/advice${queryString({ contactId })}`), enabled: Boolean(contactId) });
}

export function useUpdateReferral() {
  const invalidate = useInvalidateRelationships();
  return useMutation({
    mutationFn: ({ id, ...body }: { id: string; version: number; status: ReferralStatus }) => api<Referral>('PATCH', `/referrals/${id}`, body),
    onSuccess: invalidate,
  });
}

export function useUpdateAdvice() {
  const invalidate = useInvalidateRelationships();
  return useMutation({
    mutationFn: ({ id, ...body }: { id: string; version: number; status?: 'open' | 'done' | 'dropped'; updateSent?: boolean }) => api<Advice>('PATCH', `/advice/${id}`, body),
    onSuccess: invalidate,
  });
}

export type DeleteMode = 'keep-history' | 'remove';

export function useDeleteContactWithMode() {
  const invalidate = useInvalidateRelationships();
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, mode }: { id: string; mode: DeleteMode }) => api<void>('DELETE', `/contacts/${id}${queryString({ mode })}`),
    onSuccess: (_, { id }) => {
      client.removeQueries({ queryKey: ['contacts', 'one', id] });
      // Not awaited: the page navigates away at once.
      void invalidate();
    },
  });
}

export interface SuggestedCompany {
  organizationId: string;
  organizationName: string;
  conversationId: string;
  at: string;
}

/**
 * The companies a person suggested in conversations with you (they joined the target list).
 * Read from the outcomes of their most recent conversations: the API has no per-person list yet.
 */
export function useSuggestedCompanies(contactId: string | undefined, lookBack = 25) {
  const list = useQuery({
    queryKey: ['conversations', 'list', { contactId, limit: lookBack, order: 'newest' }],
    queryFn: () => api<ConversationPage>('GET', `/conversations${queryString({ contactId, limit: lookBack, order: 'newest' })}`),
    enabled: Boolean(contactId),
  });
  return useQueries({
    queries: (list.data?.items ?? []).map((c) => ({
      queryKey: ['conversations', 'one', c.id],
      queryFn: () => api<Conversation>('GET', `/conversations/${c.id}`),
    })),
    combine: (results) => {
      const seen = new Set<string>();
      const companies: SuggestedCompany[] = [];
      for (const r of results) {
        for (const s of r.data?.outcomes.companiesSuggested ?? []) {
          if (s.suggestedBy?.id !== contactId || seen.has(s.organizationId) || !r.data) continue;
          seen.add(s.organizationId);
          companies.push({ organizationId: s.organizationId, organizationName: s.organizationName, conversationId: r.data.id, at: r.data.startsAt });
        }
      }
      return { companies, pending: list.isPending || results.some((r) => r.isPending) };
    },
  });
}
