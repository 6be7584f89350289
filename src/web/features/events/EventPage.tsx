import { Alert, Anchor, Badge, Breadcrumbs, Button, Group, Loader, Modal, Paper, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconEdit, IconMessagePlus, IconTrash } from '@tabler/icons-react';
import { useCallback, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { EVENT_KIND_LABELS, type NetworkingEvent } from '../../../contracts/event.schema.js';
import { formatWhen, fromNow, inOtherZone } from '../../components/time.js';
import { useHotkey } from '../../components/useHotkey.js';
import { EventForm } from './EventForm.js';
import { useDeleteEvent, useEvent, useUpdateEvent } from './events.api.js';

/** /events/:id — one event, the people met there, and a way to log the conversations had there. */
export function EventPage() {
  const { id } = useParams();
  const event = useEvent(id);
  if (event.isPending) return <Loader aria-label="Loading event" />;
  if (event.isError) {
    return (
      <Alert color="red" title="Event not found">
        {event.error.message}. <Anchor component={Link} to="/events">Back to events</Anchor>
      </Alert>
    );
  }
  return <EventView key={`${event.data.id}:${event.data.version}`} e={event.data} />;
}

function EventView({ e }: { e: NetworkingEvent }) {
  const navigate = useNavigate();
  const update = useUpdateEvent(e.id);
  const remove = useDeleteEvent();
  const [editing, setEditing] = useState(false);
  const [confirming, { open, close }] = useDisclosure(false);
  const startEdit = useCallback(() => setEditing(true), []);
  useHotkey('e', startEdit);
  const other = inOtherZone(e.startsAt, e.timeZone);

  return (
    <Stack maw={900}>
      <Breadcrumbs>
        <Anchor component={Link} to="/events">Events</Anchor>
        <Text truncate maw={360}>{e.name}</Text>
      </Breadcrumbs>
      <Group justify="space-between" align="flex-start">
        <div style={{ minWidth: 0, flex: '1 1 320px' }}>
          <Badge variant="light">{EVENT_KIND_LABELS[e.kind]}</Badge>
          <Title order={2} mt={6}>{e.name}</Title>
          <Text c="dimmed">{formatWhen(e.startsAt)} · {fromNow(e.startsAt)}{e.place ? ` · ${e.place}` : ''}{other ? ` · ${other}` : ''}</Text>
        </div>
        <Group gap="xs">
          <Button variant="light" leftSection={<IconMessagePlus size={16} />} component={Link} to={`/conversations/new?eventId=${e.id}`}>Log a conversation there</Button>
          <Button leftSection={<IconEdit size={16} />} onClick={startEdit} disabled={editing}>Edit</Button>
          <Button variant="light" color="red" leftSection={<IconTrash size={16} />} onClick={open}>Delete</Button>
        </Group>
      </Group>
      {editing ? (
        <Paper withBorder p="md">
          <EventForm
            event={e}
            saving={update.isPending}
            onCancel={() => setEditing(false)}
            onSave={(input, { onError }) =>
              update.mutate({ ...input, version: e.version }, { onSuccess: () => { notifications.show({ message: 'Event saved' }); setEditing(false); }, onError })
            }
          />
        </Paper>
      ) : (
        <>
          <Paper withBorder p="md" component="section" aria-label="People met there">
            <Title order={3} size="h5" mb="xs">People met there</Title>
            {e.attendees.length === 0 ? (
              <Text c="dimmed" size="sm">Nobody recorded yet. Edit the event to add the people you met.</Text>
            ) : (
              <Group gap="xs">
                {e.attendees.map((a) => (
                  <Button key={a.id} component={Link} to={`/contacts/${a.id}`} variant="default" size="compact-sm">{a.displayName}</Button>
                ))}
              </Group>
            )}
          </Paper>
          <Paper withBorder p="md" component="section" aria-label="Notes">
            <Title order={3} size="h5" mb="xs">Notes</Title>
            {e.notes ? <Text style={{ whiteSpace: 'pre-wrap' }}>{e.notes}</Text> : <Text c="dimmed" size="sm">No notes.</Text>}
          </Paper>
        </>
      )}
      <Modal opened={confirming} onClose={close} title={`Delete ${e.name}?`}>
        <Text mb="md">The event goes; the people you met there stay, and so do conversations logged there.</Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>Cancel</Button>
          <Button
            color="red"
            data-autofocus
            loading={remove.isPending}
            onClick={() => remove.mutate(e.id, { onSuccess: () => { notifications.show({ message: `${e.name} deleted` }); navigate('/events'); }, onError: (err) => notifications.show({ color: 'red', message: err.message }) })}
          >
            Delete
          </Button>
        </Group>
      </Modal>
    </Stack>
  );
}
