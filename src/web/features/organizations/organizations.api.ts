import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { ConversationPage } from '../../../contracts/conversation.schema.js';
import type {
  DeleteMode,
  Organization,
  OrganizationCreateInput,
  OrganizationPage,
  OrganizationPeople,
  OrganizationSort,
  OrganizationUpdateInput,
  References,
} from '../../../contracts/organization.schema.js';
import { api, queryString } from '../../api/client.js';

export const ORGANIZATION_PAGE_SIZE = 100;

export interface OrganizationFilters {
  q: string;
  sort: OrganizationSort;
}

/** Pages of the organizations list: a LinkedIn import can bring thousands of companies. */
export function useOrganizationPages(filters: OrganizationFilters) {
  return useInfiniteQuery({
    queryKey: ['organizations', 'list', filters],
    initialPageParam: 0,
    queryFn: ({ pageParam }) =>
      api<OrganizationPage>('GET', `/organizations${queryString({ q: filters.q, sort: filters.sort, limit: ORGANIZATION_PAGE_SIZE, offset: pageParam })}`),
    getNextPageParam: (last) => (last.offset + last.items.length < last.total ? last.offset + last.items.length : undefined),
    placeholderData: keepPreviousData,
  });
}

/** Organizations whose name contains what was typed: the autocomplete of the target list's add form. */
export function useOrganizationSearch(q: string) {
  return useQuery({
    queryKey: ['organizations', 'search', q],
    queryFn: () => api<OrganizationPage>('GET', `/organizations${queryString({ q, limit: 8 })}`),
    enabled: q.trim().length > 0,
    placeholderData: keepPreviousData,
  });
}

export function useOrganization(id: string | undefined) {
  return useQuery({ queryKey: ['organizations', 'one', id], queryFn: () => api<Organization>('GET', `/organizations/${id}`), enabled: Boolean(id) });
}

export function useOrganizationPeople(id: string | undefined) {
  return useQuery({
    queryKey: ['organizations', 'people', id],
    queryFn: () => api<OrganizationPeople>('GET', `/organizations/${id}/people${queryString({ limit: 100 })}`),
    enabled: Boolean(id),
  });
}

export function useOrganizationReferences(id: string | undefined, enabled: boolean) {
  return useQuery({
    queryKey: ['organizations', 'references', id],
    queryFn: () => api<References>('GET', `/organizations/${id}/references`),
    enabled: Boolean(id) && enabled,
    staleTime: 0,
  });
}

/** Conversations held at the organization. Under the 'conversations' key so that logging one refreshes it. */
export function useOrganizationConversations(id: string | undefined) {
  return useQuery({
    queryKey: ['conversations', 'organization', id],
    queryFn: () => api<ConversationPage>('GET', `/conversations${queryString({ organizationId: id, limit: 20 })}`),
    enabled: Boolean(id),
    retry: false,
  });
}

/** An organization's name and membership show up in contacts and on the target list too. */
function useInvalidateOrganizations() {
  const client = useQueryClient();
  return useCallback(
    () => Promise.all(['organizations', 'targets', 'contacts'].map((key) => client.invalidateQueries({ queryKey: [key] }))).then(() => undefined),
    [client],
  );
}

export function useCreateOrganization() {
  const invalidate = useInvalidateOrganizations();
  return useMutation({ mutationFn: (input: OrganizationCreateInput) => api<Organization>('POST', '/organizations', input), onSuccess: invalidate });
}

export function useUpdateOrganization(id: string) {
  const invalidate = useInvalidateOrganizations();
  return useMutation({ mutationFn: (input: OrganizationUpdateInput) => api<Organization>('PATCH', `/organizations/${id}`, input), onSuccess: invalidate });
}

export function useDeleteOrganization() {
  const invalidate = useInvalidateOrganizations();
  return useMutation({
    mutationFn: ({ id, mode }: { id: string; mode: DeleteMode }) => api<void>('DELETE', `/organizations/${id}${queryString({ mode })}`),
    onSuccess: invalidate,
  });
}
