import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { PrepBrief } from '../../../contracts/prep.schema.js';
import type { NetworkingSheet, Profile, ProfileImportInput, ProfileImportResult, ProfileUpdateInput } from '../../../contracts/profile.schema.js';
import { api } from '../../api/client.js';

export function useProfile() {
  return useQuery({ queryKey: ['profile'], queryFn: () => api<Profile>('GET', '/profile') });
}

/** Saving the profile may change the playbook's zone and days: Today and the settings refresh too. */
function useAfterProfileChange() {
  const client = useQueryClient();
  return async (profile: Profile) => {
    client.setQueryData(['profile'], profile);
    await Promise.all(['sheet', 'settings', 'today', 'actions', 'prep'].map((key) => client.invalidateQueries({ queryKey: [key] })));
  };
}

export function useUpdateProfile() {
  const after = useAfterProfileChange();
  return useMutation({ mutationFn: (input: ProfileUpdateInput) => api<Profile>('PUT', '/profile', input), onSuccess: (p) => after(p) });
}

export function useImportProfile() {
  const after = useAfterProfileChange();
  return useMutation({ mutationFn: (input: ProfileImportInput) => api<ProfileImportResult>('POST', '/profile/import', input), onSuccess: (r) => after(r.profile) });
}

export function useSheet() {
  return useQuery({ queryKey: ['sheet'], queryFn: () => api<NetworkingSheet>('GET', '/profile/sheet') });
}

export function usePrep(conversationId: string | undefined) {
  return useQuery({ queryKey: ['prep', conversationId], queryFn: () => api<PrepBrief>('GET', `/conversations/${conversationId}/prep`), enabled: Boolean(conversationId) });
}
