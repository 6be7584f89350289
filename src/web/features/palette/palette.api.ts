import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { SearchResult } from '../../../contracts/search.schema.js';
import { api, queryString } from '../../api/client.js';

/** What the palette finds for `q` (nothing is asked for an empty query). */
export function usePaletteSearch(q: string) {
  return useQuery({
    queryKey: ['search', q],
    queryFn: () => api<SearchResult>('GET', `/search${queryString({ q, limit: 5 })}`),
    enabled: q.length > 0,
    placeholderData: keepPreviousData,
    staleTime: 5_000,
  });
}
