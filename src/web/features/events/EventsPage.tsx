import { Alert, Badge, Button, Group, Kbd, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCalendarEvent, IconPlus } from '@tabler/icons-react';
import { useCallback, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { EVENT_KIND_LABELS, type NetworkingEvent } from '../../../contracts/event.schema.js';
import { formatDay, formatTime, fromNow } from '../../components/time.js';
import { useHotkey } from '../../components/useHotkey.js';
import { EventForm } from './EventForm.js';
import { useCreateEvent, useEvents } from './events.api.js';

/** /events — networking events and the people met there (seed 000: the pre-interview). */
export function EventsPage() {
  const navigate = useNavigate();
  const events = useEvents();
  const create = useCreateEvent();
  const [creating, setCreating] = useState(false);
  const startCreate = useCallback(() => setCreating(true), []);
  useHotkey('n', startCreate);

  const now = Date.now();
  const sorted = [...(events.data ?? [])].sort((a, b) => (a.startsAt < b.startsAt ? 1 : -1));
  const upcoming = sorted.filter((e) => new Date(e.startsAt).getTime() > now).reverse();
  const past = sorted.filter((e) => new Date(e.startsAt).getTime() <= now);

  return (
    <Stack maw={960}>
      <Group justify="space-between">
        <Title order={2}>Events</Title>
        {!creating && <Button leftSection={<IconPlus size={16} />} rightSection={<Kbd size="xs">N</Kbd>} onClick={startCreate}>New event</Button>}
      </Group>
      {creating && (
        <Paper withBorder p="md">
          <Title order={3} size="h4" mb="sm">New event</Title>
          <EventForm
            saving={create.isPending}
            onCancel={() => setCreating(false)}
            onSave={(input, { onError }) =>
              create.mutate(input, {
                onSuccess: (saved) => {
                  notifications.show({ message: `Added ${saved.name}` });
                  navigate(`/events/${saved.id}`);
                },
                onError,
              })
            }
          />
        </Paper>
      )}
      {events.isError && <Alert color="red" title="Could not load events">{events.error.message}</Alert>}
      {events.isPending ? (
        <Loader aria-label="Loading events" />
      ) : sorted.length === 0 ? (
        !creating && (
          <Paper withBorder p="xl" ta="center">
            <Stack align="center" gap="xs">
              <IconCalendarEvent size={36} stroke={1.4} />
              <Text fw={600}>No events yet</Text>
              <Text c="dimmed" size="sm" maw={460}>
                Job-networking meetings, mixers, conferences: everyone there is there to help. Record the event and the people you met, and follow up while they remember you.
              </Text>
              <Button leftSection={<IconPlus size={16} />} onClick={startCreate}>Add your first event</Button>
            </Stack>
          </Paper>
        )
      ) : (
        <>
          {upcoming.length > 0 && <EventList title="Upcoming" items={upcoming} />}
          <EventList title="Past" items={past} />
        </>
      )}
    </Stack>
  );
}

function EventList({ title, items }: { title: string; items: NetworkingEvent[] }) {
  return (
    <section aria-label={title}>
      <Title order={3} size="h4" mb={6}>{title}</Title>
      {items.length === 0 ? (
        <Text size="sm" c="dimmed">None.</Text>
      ) : (
        <Paper withBorder style={{ overflow: 'hidden' }}>
          {/* The last row's bottom border hides under the paper's own. */}
          <Stack gap={0} component="ul" style={{ listStyle: 'none', margin: '0 0 -1px', padding: 0 }}>
            {items.map((e) => (
              <li key={e.id}>
                <Link to={`/events/${e.id}`} className="contact-row" style={{ display: 'flex', gap: 12, padding: '10px 16px', textDecoration: 'none', color: 'inherit', borderBottom: '1px solid var(--mantine-color-default-border)', alignItems: 'center', flexWrap: 'wrap' }}>
                  <div style={{ width: 170, flexShrink: 0 }}>
                    <Text size="sm" fw={500}>{formatDay(e.startsAt)}</Text>
                    <Text size="xs" c="dimmed">{formatTime(e.startsAt)} · {fromNow(e.startsAt)}</Text>
                  </div>
                  <div style={{ flex: '1 1 240px', minWidth: 0 }}>
                    <Text fw={600} truncate>{e.name}</Text>
                    <Text size="sm" c="dimmed" truncate>
                      {[e.place, e.attendees.length > 0 ? `met ${e.attendees.map((a) => a.displayName).join(', ')}` : null].filter(Boolean).join(' · ') || '\u00a0'}
                    </Text>
                  </div>
                  <Badge variant="light" size="sm">{EVENT_KIND_LABELS[e.kind]}</Badge>
                </Link>
              </li>
            ))}
          </Stack>
        </Paper>
      )}
    </section>
  );
}
