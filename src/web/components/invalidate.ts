import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';

/**
 * A conversation, a referral or an advice item changes much more than itself: contacts (new
 * people, insight, timeline), the target list (companies suggested), events. Refresh them all.
 */
export function useInvalidateRelationships(): () => Promise<void> {
  const client = useQueryClient();
  return useCallback(async () => {
    await Promise.all(
      ['conversations', 'contacts', 'referrals', 'advice', 'targets', 'organizations', 'events', 'tags'].map((key) =>
        client.invalidateQueries({ queryKey: [key] }),
      ),
    );
  }, [client]);
}
