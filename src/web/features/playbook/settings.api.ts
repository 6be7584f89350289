import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { SettingsView } from '../../../contracts/settings.schema.js';
import { api } from '../../api/client.js';

export interface CalendarFeed {
  url: string;
  path: string;
}

/** What PATCH /api/settings accepts (its contract is strict: only these keys). */
export interface SettingsPatch {
  playbook?: Record<string, unknown>;
  me?: { firstName?: string; lastName?: string; email?: string };
  templates?: Record<string, { subject?: string; body: string } | null>;
}

export function useSettings() {
  return useQuery({ queryKey: ['settings'], queryFn: () => api<SettingsView>('GET', '/settings') });
}

/** Saves part of the settings; what the playbook proposes may change, so Today and messages refresh. */
export function useUpdateSettings() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (patch: SettingsPatch) => api<SettingsView>('PATCH', '/settings', patch),
    onSuccess: async (view) => {
      client.setQueryData(['settings'], view);
      await Promise.all([client.invalidateQueries({ queryKey: ['today'] }), client.invalidateQueries({ queryKey: ['actions'] })]);
    },
  });
}

export function useCalendarFeed() {
  return useQuery({ queryKey: ['calendar'], queryFn: () => api<CalendarFeed>('GET', '/calendar') });
}

export function useRotateCalendarFeed() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api<CalendarFeed>('POST', '/calendar/rotate'),
    onSuccess: (feed) => client.setQueryData(['calendar'], feed),
  });
}
