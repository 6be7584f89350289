import { Badge, Tooltip } from '@mantine/core';
import { useNetwork } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';

/**
 * Offline: a badge in the header saying so. Behind it, the outbox (`offline/outbox.ts`, a chunk
 * of its own loaded after the first screen) sends what meeting mode captured while Rapport
 * could not be reached, and says what became of it.
 */
export function OfflineSupport() {
  const { online } = useNetwork();
  const client = useQueryClient();
  useEffect(() => {
    const timer = window.setTimeout(() => {
      void import('../offline/outbox.js').then(({ startOutbox }) =>
        startOutbox((report) => {
          void client.invalidateQueries();
          if (report.sent.length > 0) notifications.show({ color: 'teal', title: 'Sent what you captured offline', message: report.sent.map((w) => w.label).join(', ') });
          for (const { write, message } of report.refused) notifications.show({ color: 'red', title: `Could not save ${write.label}`, message, autoClose: false });
        }),
      );
    }, 1_000);
    return () => window.clearTimeout(timer);
  }, [client]);
  if (online) return null;
  return (
    <Tooltip label="Rapport cannot be reached: pages show what this device kept, and meeting captures wait to be sent">
      <Badge color="orange.9" variant="filled" role="status" tabIndex={0}>
        Offline
      </Badge>
    </Tooltip>
  );
}
