import { Alert, Anchor, Badge, Breadcrumbs, Button, Group, Kbd, Loader, Modal, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconEdit, IconTrash } from '@tabler/icons-react';
import { useCallback, type ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useHotkey } from '../../components/useHotkey.js';
import { useContact, useDeleteContact } from './contacts.api.js';

function Field({ label, children }: { label: string; children: ReactNode }) {
  if (children === null || children === undefined || children === '' || (Array.isArray(children) && children.length === 0)) return null;
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>{label}</Text>
      <div>{children}</div>
    </div>
  );
}

/** One person: who they are, how to reach them, how you met. */
export function ContactPage() {
  const { id } = useParams();
  const navigate = useNavigate();
  const contact = useContact(id);
  const remove = useDeleteContact();
  const [confirming, { open, close }] = useDisclosure(false);
  const edit = useCallback(() => navigate(`/contacts/${id}/edit`), [navigate, id]);
  useHotkey('e', edit);

  if (contact.isPending) return <Loader aria-label="Loading contact" />;
  if (contact.isError) {
    return (
      <Alert color="red" title="Contact not found">
        {contact.error.message}. <Anchor component={Link} to="/contacts">Back to contacts</Anchor>
      </Alert>
    );
  }
  const c = contact.data;
  return (
    <Stack maw={900}>
      <Breadcrumbs>
        <Anchor component={Link} to="/contacts">Contacts</Anchor>
        <Text>{c.displayName}</Text>
      </Breadcrumbs>
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={2}>{c.displayName}</Title>
          <Text c="dimmed">{[c.title, c.organizationName].filter(Boolean).join(' at ')}</Text>
        </div>
        <Group>
          <Button leftSection={<IconEdit size={16} />} rightSection={<Kbd size="xs">E</Kbd>} component={Link} to={`/contacts/${c.id}/edit`}>
            Edit
          </Button>
          <Button variant="light" color="red" leftSection={<IconTrash size={16} />} onClick={open}>
            Delete
          </Button>
        </Group>
      </Group>
      <Paper withBorder p="md">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <Field label="Emails">
            {c.emails.map((e) => (
              <div key={e.value}><Anchor href={`mailto:${e.value}`}>{e.value}</Anchor>{e.label ? <Text span c="dimmed" size="sm"> ({e.label})</Text> : null}</div>
            ))}
          </Field>
          <Field label="Phones">
            {c.phones.map((p) => (
              <div key={p.value}><Anchor href={`tel:${p.value}`}>{p.value}</Anchor>{p.label ? <Text span c="dimmed" size="sm"> ({p.label})</Text> : null}</div>
            ))}
          </Field>
          <Field label="LinkedIn">{c.linkedinUrl && <Anchor href={c.linkedinUrl} target="_blank" rel="noreferrer">{c.linkedinUrl.replace(/^https?:\/\/(www\.)?/, '')}</Anchor>}</Field>
          <Field label="Location">{c.location}</Field>
          <Field label="How we met">{c.howWeMet}</Field>
          <Field label="Introduced by">
            {c.introducedBy && <Anchor component={Link} to={`/contacts/${c.introducedBy.id}`}>{c.introducedBy.displayName}</Anchor>}
          </Field>
          <Field label="Shared interests">{c.sharedInterests.length > 0 && <Group gap={4}>{c.sharedInterests.map((t) => <Badge key={t} variant="outline">{t}</Badge>)}</Group>}</Field>
          <Field label="Tags">{c.tags.length > 0 && <Group gap={4}>{c.tags.map((t) => <Badge key={t} component={Link} to={`/contacts?tag=${encodeURIComponent(t)}`} variant="light" style={{ cursor: 'pointer' }}>{t}</Badge>)}</Group>}</Field>
        </SimpleGrid>
        {c.notes && (
          <Stack gap={2} mt="md">
            <Text size="xs" c="dimmed" tt="uppercase" fw={600}>Notes</Text>
            <Text style={{ whiteSpace: 'pre-wrap' }}>{c.notes}</Text>
          </Stack>
        )}
      </Paper>
      <Text size="xs" c="dimmed">Added {new Date(c.createdAt).toLocaleDateString()} · last edited {new Date(c.updatedAt).toLocaleString()}</Text>
      <Modal opened={confirming} onClose={close} title={`Delete ${c.displayName}?`}>
        <Text mb="md">This removes the contact. People they introduced you to stay, without the introduction.</Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>Cancel</Button>
          <Button
            color="red"
            loading={remove.isPending}
            onClick={() =>
              remove.mutate(c.id, {
                onSuccess: () => {
                  notifications.show({ message: `${c.displayName} deleted` });
                  navigate('/contacts');
                },
                onError: (e) => notifications.show({ color: 'red', message: e.message }),
              })
            }
          >
            Delete
          </Button>
        </Group>
      </Modal>
    </Stack>
  );
}
