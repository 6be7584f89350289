import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { Action, ManualActionCreateInput, Message, Today } from '../../../contracts/action.schema.js';
import { api, queryString } from '../../api/client.js';

export const TODAY_KEY = ['today'] as const;

/** Today: the actions due, conversations coming, the next interview and the search's health. */
export function useToday() {
  // Always fresh on arrival: a conversation logged on another page changes what is due. The
  // interval catches the day turning over while the page stays open.
  return useQuery({ queryKey: TODAY_KEY, queryFn: () => api<Today>('GET', '/today'), staleTime: 0, refetchInterval: 5 * 60_000 });
}

/** Open and snoozed actions about one record (a contact, an organization…). */
export function useActionsAbout(recordId: string | undefined) {
  return useQuery({
    queryKey: ['actions', 'about', recordId],
    queryFn: () => api<Action[]>('GET', `/actions${queryString({ recordId })}`),
    enabled: Boolean(recordId),
  });
}

export function useMessage(actionId: string | null) {
  return useQuery({
    queryKey: ['actions', 'message', actionId],
    queryFn: () => api<Message>('GET', `/actions/${actionId}/message`),
    enabled: Boolean(actionId),
    // The text depends on the templates and "me" in the settings: fetch it fresh each time.
    staleTime: 0,
  });
}

/** What changes when an action is done: Today, the actions, and (when logged) conversations and contacts. */
async function invalidateAfterAction(client: QueryClient, logged: boolean) {
  const keys = logged ? ['today', 'actions', 'conversations', 'contacts', 'referrals'] : ['today', 'actions'];
  await Promise.all(keys.map((key) => client.invalidateQueries({ queryKey: [key] })));
}

/** Removes an action from Today at once (optimistic); returns how to put it back. */
function removeFromToday(client: QueryClient, id: string): () => void {
  const before = client.getQueryData<Today>(TODAY_KEY);
  if (!before) return () => undefined;
  const without = (list: Action[]) => list.filter((a) => a.id !== id);
  client.setQueryData<Today>(TODAY_KEY, {
    ...before,
    now: without(before.now),
    first: without(before.first),
    overdue: without(before.overdue),
    dueToday: without(before.dueToday),
    comingUp: without(before.comingUp),
  });
  return () => client.setQueryData<Today>(TODAY_KEY, before);
}

export type ActionCommand =
  | { kind: 'done'; action: Action; logConversation: boolean; note?: string }
  | { kind: 'snooze'; action: Action; until: string }
  | { kind: 'dismiss'; action: Action };

/** Done, snooze and dismiss: the action leaves the list at once, and comes back if the server refuses. */
export function useActOnAction() {
  const client = useQueryClient();
  const mutation = useMutation({
    mutationFn: (command: ActionCommand) => {
      const id = encodeURIComponent(command.action.id);
      if (command.kind === 'done') return api<Action>('POST', `/actions/${id}/done`, { logConversation: command.logConversation, ...(command.note ? { note: command.note } : {}) });
      if (command.kind === 'snooze') return api<Action>('POST', `/actions/${id}/snooze`, { until: command.until });
      // Dismiss has no body: no JSON, no content type.
      return api<Action>('POST', `/actions/${id}/dismiss`);
    },
    onMutate: async (command) => {
      await client.cancelQueries({ queryKey: TODAY_KEY });
      return { restore: removeFromToday(client, command.action.id) };
    },
    onError: (_error, _command, context) => context?.restore(),
    onSettled: (_data, _error, command) => invalidateAfterAction(client, command.kind === 'done' && command.logConversation),
  });
  return { act: mutation.mutateAsync, pending: mutation.isPending };
}

export function useCreateAction() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: ManualActionCreateInput) => api<Action>('POST', '/actions', input),
    onSuccess: () => invalidateAfterAction(client, false),
  });
}
