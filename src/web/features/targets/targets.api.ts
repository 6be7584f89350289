import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { Target, TargetAddInput, TargetList, TargetOrder, TargetUpdateInput } from '../../../contracts/target.schema.js';
import { api, queryString } from '../../api/client.js';

const listKey = (order: TargetOrder) => ['targets', 'list', order] as const;

export function useTargets(order: TargetOrder) {
  return useQuery({ queryKey: listKey(order), queryFn: () => api<TargetList>('GET', `/targets${queryString({ order })}`), placeholderData: keepPreviousData });
}

/** The target list changes organizations' "on the target list" badge too. */
function useInvalidateTargets() {
  const client = useQueryClient();
  return useCallback(
    () => Promise.all(['targets', 'organizations'].map((key) => client.invalidateQueries({ queryKey: [key] }))).then(() => undefined),
    [client],
  );
}

export function useAddTarget() {
  const invalidate = useInvalidateTargets();
  return useMutation({ mutationFn: (input: TargetAddInput) => api<Target>('POST', '/targets', input), onSuccess: invalidate });
}

export function useUpdateTarget() {
  const client = useQueryClient();
  const invalidate = useInvalidateTargets();
  return useMutation({
    mutationFn: ({ organizationId, input }: { organizationId: string; input: TargetUpdateInput }) => api<Target>('PATCH', `/targets/${organizationId}`, input),
    // Show the saved entry at once (the next edit needs its new version), then refresh the LAMP order.
    onSuccess: (saved) => {
      for (const order of ['rank', 'lamp'] as const) {
        client.setQueryData<TargetList>(listKey(order), (list) =>
          list ? { ...list, items: list.items.map((t) => (t.organizationId === saved.organizationId ? saved : t)) } : list,
        );
      }
      return invalidate();
    },
    onError: invalidate,
  });
}

export function useRemoveTarget() {
  const invalidate = useInvalidateTargets();
  return useMutation({ mutationFn: (organizationId: string) => api<void>('DELETE', `/targets/${organizationId}`), onSuccess: invalidate });
}

/**
 * Moves an entry. The new order shows at once (a drag or a keystroke must not wait for the
 * network); the server's answer replaces it, and a failure puts the list back as the server has it.
 */
export function useMoveTarget() {
  const client = useQueryClient();
  const invalidate = useInvalidateTargets();
  return useMutation({
    mutationFn: ({ organizationId, position }: { organizationId: string; position: number }) =>
      api<TargetList>('POST', `/targets/${organizationId}/move`, { position }),
    onMutate: async ({ organizationId, position }) => {
      await client.cancelQueries({ queryKey: listKey('rank') });
      client.setQueryData<TargetList>(listKey('rank'), (list) => (list ? { ...list, items: moveLocally(list.items, organizationId, position) } : list));
    },
    onSuccess: (list) => {
      client.setQueryData(listKey('rank'), list);
    },
    onError: invalidate,
  });
}

export function useRankByLamp() {
  const client = useQueryClient();
  const invalidate = useInvalidateTargets();
  return useMutation({
    mutationFn: () => api<TargetList>('POST', '/targets/rank-by-lamp'),
    onSuccess: (list) => {
      client.setQueryData(listKey('rank'), list);
      return invalidate();
    },
  });
}

/** The same renumbering the server does: take the entry out, put it at `position` (1-based, clamped), ranks 1..n. */
export function moveLocally(items: readonly Target[], organizationId: string, position: number): Target[] {
  const moving = items.find((t) => t.organizationId === organizationId);
  if (!moving) return [...items];
  const rest = items.filter((t) => t.organizationId !== organizationId);
  rest.splice(Math.min(Math.max(position, 1), rest.length + 1) - 1, 0, moving);
  return rest.map((t, i) => ({ ...t, rank: i + 1 }));
}
