import { useMutation, useQuery } from '@tanstack/react-query';
import type { EventCreateInput, NetworkingEvent } from '../../../contracts/event.schema.js';
import { api, queryString } from '../../api/client.js';
import { useInvalidateRelationships } from '../../components/invalidate.js';

export type EventUpdateInput = Partial<EventCreateInput> & { version: number };

export function useEvents(contactId?: string) {
  return useQuery({ queryKey: ['events', 'list', { contactId }], queryFn: () => api<NetworkingEvent[]>('GET', `/events${queryString({ contactId })}`) });
}

export function useEvent(id: string | undefined) {
  return useQuery({ queryKey: ['events', 'one', id], queryFn: () => api<NetworkingEvent>('GET', `/events/${id}`), enabled: Boolean(id) });
}

export function useCreateEvent() {
  const invalidate = useInvalidateRelationships();
  return useMutation({ mutationFn: (input: EventCreateInput) => api<NetworkingEvent>('POST', '/events', input), onSuccess: invalidate });
}

export function useUpdateEvent(id: string) {
  const invalidate = useInvalidateRelationships();
  return useMutation({ mutationFn: (input: EventUpdateInput) => api<NetworkingEvent>('PATCH', `/events/${id}`, input), onSuccess: invalidate });
}

export function useDeleteEvent() {
  const invalidate = useInvalidateRelationships();
  return useMutation({ mutationFn: (id: string) => api<void>('DELETE', `/events/${id}`), onSuccess: () => void invalidate() });
}
