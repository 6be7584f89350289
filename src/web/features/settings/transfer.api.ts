import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ErrorResponse } from '../../../contracts/common.schema.js';
import type { ImportCommit, ImportJob, ImportRemap, RestoreResult } from '../../../contracts/transfer.schema.js';
import { ApiError, api, noteAnswer, writeHeaders } from '../../api/client.js';

/** Sends one file as multipart/form-data (field "file"), the way the import and restore endpoints receive it. */
async function uploadFile<T>(path: string, file: File): Promise<T> {
  const body = new FormData();
  body.append('file', file, file.name);
  const response = await fetch(`/api${path}`, { method: 'POST', body, headers: writeHeaders() });
  noteAnswer(response);
  const payload: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const err = (payload as ErrorResponse | null)?.error;
    throw new ApiError(response.status, err?.code ?? 'error', err?.message ?? `Upload failed (${response.status})`, err?.issues ?? []);
  }
  return payload as T;
}

export function useUploadImport() {
  return useMutation({ mutationFn: (file: File) => uploadFile<ImportJob>('/imports', file) });
}

export function useCommitImport() {
  return useMutation({ mutationFn: ({ id }: { id: string }) => api<ImportJob>('POST', `/imports/${id}/commit`, {} satisfies ImportCommit) });
}

/** Reads the staged CSV again with the columns as the user mapped them; returns the new preview. */
export function useRemapImport() {
  return useMutation({ mutationFn: ({ id, mapping }: ImportRemap & { id: string }) => api<ImportJob>('POST', `/imports/${id}/mapping`, { mapping } satisfies ImportRemap) });
}

export function useDiscardImport() {
  return useMutation({ mutationFn: (id: string) => api<void>('DELETE', `/imports/${id}`) });
}

/** The import's progress, polled while it runs. */
export function useImportJob(id: string | null, running: boolean) {
  return useQuery({
    queryKey: ['imports', id],
    queryFn: () => api<ImportJob>('GET', `/imports/${id}`),
    enabled: Boolean(id) && running,
    refetchInterval: (query) => (query.state.data?.status === 'running' || !query.state.data ? 250 : false),
  });
}

export function useRestore() {
  return useMutation({ mutationFn: (file: File) => uploadFile<RestoreResult>('/restore', file) });
}

/** After an import or a restore nearly every list is stale. */
export function useRefreshEverything(): () => Promise<void> {
  const client = useQueryClient();
  return async () => {
    await client.invalidateQueries({ predicate: (q) => q.queryKey[0] !== 'imports' });
  };
}
