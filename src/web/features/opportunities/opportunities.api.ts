import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type {
  Opportunity,
  OpportunityConvertResult,
  OpportunityCreateInput,
  OpportunityInterviewerInput,
  OpportunityList,
  OpportunityRoundLogInput,
  OpportunityStage,
  OpportunityUpdateInput,
} from '../../../contracts/opportunity.schema.js';
import { api } from '../../api/client.js';

export const BOARD_KEY = ['opportunities', 'board'] as const;

export function useBoard() {
  return useQuery({ queryKey: BOARD_KEY, queryFn: () => api<OpportunityList>('GET', '/opportunities') });
}

export function useOpportunity(id: string | undefined) {
  return useQuery({ queryKey: ['opportunities', 'one', id], queryFn: () => api<Opportunity>('GET', `/opportunities/${id}`), enabled: Boolean(id) });
}

/** An opportunity changes the board, Today (ask-feedback, close-the-loop…), referrals, the network and insights. */
function useInvalidate() {
  const client = useQueryClient();
  return useCallback(
    () => Promise.all(['opportunities', 'today', 'actions', 'referrals', 'conversations', 'network', 'insights'].map((key) => client.invalidateQueries({ queryKey: [key] }))).then(() => undefined),
    [client],
  );
}

export function useCreateOpportunity() {
  const invalidate = useInvalidate();
  return useMutation({ mutationFn: (input: OpportunityCreateInput) => api<Opportunity>('POST', '/opportunities', input), onSuccess: invalidate });
}

export function useUpdateOpportunity() {
  const invalidate = useInvalidate();
  return useMutation({ mutationFn: ({ id, input }: { id: string; input: OpportunityUpdateInput }) => api<Opportunity>('PATCH', `/opportunities/${id}`, input), onSuccess: invalidate });
}

/**
 * Moves a card. The board shows the move at once (a drag or a keystroke must not wait for the
 * network); the server's board then replaces it, and a refusal puts the board back.
 */
export function useMoveOpportunity() {
  const client = useQueryClient();
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, version, stage, position }: { id: string; version: number; stage: OpportunityStage; position?: number }) =>
      api<Opportunity>('POST', `/opportunities/${id}/move`, { version, stage, ...(position !== undefined ? { position } : {}) }),
    onMutate: async ({ id, stage, position }) => {
      await client.cancelQueries({ queryKey: BOARD_KEY });
      client.setQueryData<OpportunityList>(BOARD_KEY, (board) => (board ? { ...board, items: moveLocally(board.items, id, stage, position) } : board));
    },
    // The next keystroke needs the card's new version at once, before the board is fetched again.
    onSuccess: (saved) => {
      client.setQueryData<OpportunityList>(BOARD_KEY, (board) =>
        board ? { ...board, items: board.items.map((o) => (o.id === saved.id ? { ...o, version: saved.version, stage: saved.stage, boardPosition: saved.boardPosition } : o)) } : board,
      );
    },
    onSettled: invalidate,
  });
}

export function moveLocally<T extends { id: string; stage: OpportunityStage; boardPosition: number }>(items: readonly T[], id: string, stage: OpportunityStage, position?: number): T[] {
  const moving = items.find((o) => o.id === id);
  if (!moving) return [...items];
  const rest = items.filter((o) => o.id !== id);
  const column = rest.filter((o) => o.stage === stage);
  const at = position === undefined ? column.length : Math.min(Math.max(position, 0), column.length);
  column.splice(at, 0, { ...moving, stage });
  const renumbered = new Map(column.map((o, i) => [o.id, { ...o, boardPosition: i }]));
  const others = rest.filter((o) => o.stage !== stage);
  return [...others, ...renumbered.values()];
}

export function useRejectOpportunity() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, version, rapportInterviewerId }: { id: string; version: number; rapportInterviewerId: string | null }) =>
      api<Opportunity>('POST', `/opportunities/${id}/reject`, { version, rapportInterviewerId }),
    onSuccess: invalidate,
  });
}

export function useConvertOpportunity() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, version }: { id: string; version: number }) => api<OpportunityConvertResult>('POST', `/opportunities/${id}/convert`, { version }),
    onSuccess: invalidate,
  });
}

export function useLogRound() {
  const invalidate = useInvalidate();
  return useMutation({ mutationFn: ({ id, input }: { id: string; input: OpportunityRoundLogInput }) => api<Opportunity>('POST', `/opportunities/${id}/rounds/log`, input), onSuccess: invalidate });
}

export function useInterviewer() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, remove, ...input }: { id: string; remove?: boolean } & OpportunityInterviewerInput) =>
      remove && input.contactId ? api<Opportunity>('DELETE', `/opportunities/${id}/interviewers/${input.contactId}`) : api<Opportunity>('POST', `/opportunities/${id}/interviewers`, input),
    onSuccess: invalidate,
  });
}

export function useRemoveOpportunity() {
  const invalidate = useInvalidate();
  return useMutation({ mutationFn: (id: string) => api<void>('DELETE', `/opportunities/${id}`), onSuccess: invalidate });
}
