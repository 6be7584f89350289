import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  Contact,
  ContactAddInput,
  ContactPage,
  ContactSort,
  ContactUpdateInput,
  TagCount,
} from '../../../contracts/contact.schema.js';
import { api, queryString } from '../../api/client.js';

export const PAGE_SIZE = 100;

export interface ContactFilters {
  q: string;
  tag: string | null;
  organization: string;
  sort: ContactSort;
}

/** Pages of the contacts list, fetched as the user scrolls. */
export function useContactPages(filters: ContactFilters) {
  return useInfiniteQuery({
    queryKey: ['contacts', 'list', filters],
    initialPageParam: 0,
    queryFn: ({ pageParam }) =>
      api<ContactPage>(
        'GET',
        `/contacts${queryString({ q: filters.q, tag: filters.tag, organization: filters.organization, sort: filters.sort, limit: PAGE_SIZE, offset: pageParam })}`,
      ),
    getNextPageParam: (last) => (last.offset + last.items.length < last.total ? last.offset + last.items.length : undefined),
    placeholderData: keepPreviousData,
  });
}

export function useContact(id: string | undefined) {
  return useQuery({ queryKey: ['contacts', 'one', id], queryFn: () => api<Contact>('GET', `/contacts/${id}`), enabled: Boolean(id) });
}

export function useTags() {
  return useQuery({ queryKey: ['tags'], queryFn: () => api<TagCount[]>('GET', '/tags') });
}

export function useContactSearch(q: string) {
  return useQuery({
    queryKey: ['contacts', 'search', q],
    queryFn: () => api<ContactPage>('GET', `/contacts${queryString({ q, limit: 10 })}`),
    enabled: q.trim().length > 0,
    placeholderData: keepPreviousData,
  });
}

function useInvalidateContacts() {
  const client = useQueryClient();
  return () => Promise.all([client.invalidateQueries({ queryKey: ['contacts'] }), client.invalidateQueries({ queryKey: ['tags'] })]);
}

export function useCreateContact() {
  const invalidate = useInvalidateContacts();
  return useMutation({ mutationFn: (input: ContactAddInput) => api<Contact>('POST', '/contacts', input), onSuccess: invalidate });
}

export function useUpdateContact(id: string) {
  const invalidate = useInvalidateContacts();
  return useMutation({ mutationFn: (input: ContactUpdateInput) => api<Contact>('PATCH', `/contacts/${id}`, input), onSuccess: invalidate });
}

export function useDeleteContact() {
  const invalidate = useInvalidateContacts();
  return useMutation({ mutationFn: (id: string) => api<void>('DELETE', `/contacts/${id}`), onSuccess: invalidate });
}
