import { Alert, Button, Group, Loader, Modal, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCopy, IconRotate } from '@tabler/icons-react';
import { useState } from 'react';
import { copyText } from '../today/message.js';
import { useCalendarFeed, useRotateCalendarFeed } from './settings.api.js';

/** The secret iCalendar address of your conversations and actions, with Copy and Rotate. */
export function CalendarFeedSection() {
  const feed = useCalendarFeed();
  const rotate = useRotateCalendarFeed();
  const [confirming, setConfirming] = useState(false);

  const copy = async (url: string) => {
    const ok = await copyText(url);
    notifications.show(ok ? { message: 'Calendar address copied' } : { color: 'red', message: 'Could not copy: select the address and copy it yourself' });
  };

  return (
    <Paper withBorder p="md" component="section" id="calendar" aria-labelledby="calendar-title" style={{ scrollMarginTop: 64 }}>
      <Stack gap="sm">
        <div>
          <Title order={3} size="h4" id="calendar-title">Calendar feed</Title>
          <Text size="sm" c="dimmed">
            Subscribe to this address in your calendar app (Apple Calendar: File › New Calendar Subscription; Thunderbird or Outlook: subscribe from the web) to see your
            conversations and actions there. The address is the key: anyone who has it can read the feed.
          </Text>
        </div>
        {feed.isPending ? (
          <Loader size="sm" aria-label="Loading the calendar address" />
        ) : feed.isError ? (
          <Alert color="red">{feed.error.message}</Alert>
        ) : (
          <Group gap="xs" align="flex-end" wrap="wrap">
            <TextInput
              label="Feed address"
              value={feed.data.url}
              readOnly
              onFocus={(e) => e.currentTarget.select()}
              style={{ flex: '1 1 360px' }}
              styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 12 } }}
            />
            <Button variant="default" leftSection={<IconCopy size={16} />} onClick={() => void copy(feed.data.url)}>
              Copy
            </Button>
            <Button variant="light" color="red" leftSection={<IconRotate size={16} />} onClick={() => setConfirming(true)}>
              Rotate the secret
            </Button>
          </Group>
        )}
      </Stack>
      <Modal opened={confirming} onClose={() => setConfirming(false)} title="Rotate the calendar secret?" size="md">
        <Stack>
          <Text size="sm">
            A new address replaces this one. <b>Every existing subscription stops working</b>: calendar apps subscribed to the old address will need the new one.
            Do this if the address was shared by mistake.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)}>Cancel</Button>
            <Button
              color="red"
              loading={rotate.isPending}
              onClick={() =>
                rotate.mutate(undefined, {
                  onSuccess: () => {
                    setConfirming(false);
                    notifications.show({ color: 'teal', title: 'New calendar address', message: 'The old address no longer works: subscribe again with the new one.' });
                  },
                  onError: (error) => notifications.show({ color: 'red', title: 'Could not rotate', message: error.message }),
                })
              }
            >
              Rotate — old subscriptions stop
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Paper>
  );
}
