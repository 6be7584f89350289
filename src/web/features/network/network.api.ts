import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { Network } from '../../../contracts/insights.schema.js';
import { api, queryString } from '../../api/client.js';

export function useNetwork(params: { focus?: string | null; depth?: number; q?: string }) {
  return useQuery({
    queryKey: ['network', params.focus ?? null, params.depth ?? 2, params.q ?? ''],
    queryFn: () => api<Network>('GET', `/network${queryString({ focus: params.focus ?? undefined, depth: params.focus ? params.depth : undefined, q: params.q || undefined })}`),
    placeholderData: keepPreviousData,
  });
}
