import { useMutation, useQuery } from '@tanstack/react-query';
import type { ErrorResponse } from '../../../contracts/common.schema.js';
import type { MailImportJob, MailImportOptionsInput } from '../../../contracts/mail-import.schema.js';
import { ApiError, api, noteAnswer, queryString, writeHeaders } from '../../api/client.js';

/** Uploads a mail or calendar file (multipart field "file"); with a contact id, the file was dropped on that contact. */
async function uploadMailFile(file: File, contactId?: string): Promise<MailImportJob> {
  const body = new FormData();
  body.append('file', file, file.name);
  const response = await fetch(`/api/mail-imports${queryString({ contactId })}`, { method: 'POST', body, headers: writeHeaders() });
  noteAnswer(response);
  const payload: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const err = (payload as ErrorResponse | null)?.error;
    throw new ApiError(response.status, err?.code ?? 'error', err?.message ?? `Upload failed (${response.status})`, err?.issues ?? []);
  }
  return payload as MailImportJob;
}

export function useUploadMail() {
  return useMutation({ mutationFn: ({ file, contactId }: { file: File; contactId?: string }) => uploadMailFile(file, contactId) });
}

export function useCommitMail() {
  return useMutation({ mutationFn: ({ id, ...body }: MailImportOptionsInput & { id: string }) => api<MailImportJob>('POST', `/mail-imports/${id}/commit`, body) });
}

export function useDiscardMail() {
  return useMutation({ mutationFn: (id: string) => api<void>('DELETE', `/mail-imports/${id}`) });
}

/** The import's state, polled while it runs. */
export function useMailJob(id: string | null, running: boolean) {
  return useQuery({
    queryKey: ['mail-imports', id],
    queryFn: () => api<MailImportJob>('GET', `/mail-imports/${id}`),
    enabled: Boolean(id) && running,
    refetchInterval: (query) => (query.state.data?.status === 'running' || !query.state.data ? 250 : false),
  });
}
