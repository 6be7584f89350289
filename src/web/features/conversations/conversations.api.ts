import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import type {
  Conversation,
  ConversationCreateInput,
  ConversationKind,
  ConversationPage,
  ConversationUpdateInput,
  OutcomesInput,
} from '../../../contracts/conversation.schema.js';
import { api, queryString } from '../../api/client.js';
import { useInvalidateRelationships } from '../../components/invalidate.js';

export interface ConversationFilters {
  contactId?: string;
  kind?: ConversationKind | null;
  from?: string;
  to?: string;
  order?: 'newest' | 'oldest';
  limit?: number;
  offset?: number;
}

export function useConversations(filters: ConversationFilters, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: ['conversations', 'list', filters],
    queryFn: () => api<ConversationPage>('GET', `/conversations${queryString({ ...filters, kind: filters.kind ?? undefined })}`),
    placeholderData: keepPreviousData,
    enabled: options.enabled ?? true,
  });
}

export function useConversation(id: string | undefined) {
  return useQuery({ queryKey: ['conversations', 'one', id], queryFn: () => api<Conversation>('GET', `/conversations/${id}`), enabled: Boolean(id) });
}

export function useCreateConversation() {
  const invalidate = useInvalidateRelationships();
  return useMutation({ mutationFn: (input: ConversationCreateInput) => api<Conversation>('POST', '/conversations', input), onSuccess: invalidate });
}

export function useUpdateConversation(id: string) {
  const invalidate = useInvalidateRelationships();
  return useMutation({ mutationFn: (input: ConversationUpdateInput) => api<Conversation>('PATCH', `/conversations/${id}`, input), onSuccess: invalidate });
}

export function useAddOutcomes(id: string) {
  const invalidate = useInvalidateRelationships();
  return useMutation({ mutationFn: (input: OutcomesInput) => api<Conversation>('POST', `/conversations/${id}/outcomes`, input), onSuccess: invalidate });
}

export function useDeleteConversation() {
  const invalidate = useInvalidateRelationships();
  // Not awaited: the page of the deleted conversation navigates away at once instead of refetching a 404.
  return useMutation({ mutationFn: (id: string) => api<void>('DELETE', `/conversations/${id}`), onSuccess: () => void invalidate() });
}
