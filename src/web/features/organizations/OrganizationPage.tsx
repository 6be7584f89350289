import { Alert, Anchor, Badge, Breadcrumbs, Button, Group, Kbd, List, Loader, Modal, Paper, SimpleGrid, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconEdit, IconTarget, IconTrash } from '@tabler/icons-react';
import { useCallback, type ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { CONVERSATION_KIND_LABELS } from '../../../contracts/conversation.schema.js';
import { organizationUpdateSchema, type DeleteMode, type Organization } from '../../../contracts/organization.schema.js';
import { ApiError } from '../../api/client.js';
import { formatWhen } from '../../components/time.js';
import { useHotkey } from '../../components/useHotkey.js';
import { useAddTarget } from '../targets/targets.api.js';
import {
  useDeleteOrganization,
  useOrganization,
  useOrganizationConversations,
  useOrganizationPeople,
  useOrganizationReferences,
  useUpdateOrganization,
} from './organizations.api.js';

function Field({ label, children }: { label: string; children: ReactNode }) {
  if (children === null || children === undefined || children === '') return null;
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>{label}</Text>
      <div>{children}</div>
    </div>
  );
}

/** One organization: its details, the people I know there, the conversations held there. */
export function OrganizationPage() {
  const { id } = useParams();
  const organization = useOrganization(id);
  const [editing, { open: startEdit, close: stopEdit }] = useDisclosure(false);
  const [deleting, { open: askDelete, close: closeDelete }] = useDisclosure(false);
  const addTarget = useAddTarget();
  const edit = useCallback(() => startEdit(), [startEdit]);
  useHotkey('e', edit);

  if (organization.isPending) return <Loader aria-label="Loading organization" />;
  if (organization.isError) {
    return (
      <Alert color="red" title="Organization not found">
        {organization.error.message}. <Anchor component={Link} to="/organizations">Back to organizations</Anchor>
      </Alert>
    );
  }
  const o = organization.data;
  const deleted = o.deletedAt !== null;
  return (
    <Stack maw={960}>
      <Breadcrumbs>
        <Anchor component={Link} to="/organizations">Organizations</Anchor>
        <Text>{o.name}</Text>
      </Breadcrumbs>
      <Group justify="space-between" align="flex-start">
        <div>
          <Group gap="xs">
            <Title order={2}>{o.name}</Title>
            {o.onTargetList && <Badge variant="light" color="grape" component={Link} to="/targets" style={{ cursor: 'pointer' }}>On target list</Badge>}
            {deleted && <Badge color="gray">Deleted — kept in the history</Badge>}
          </Group>
          <Text c="dimmed">{[o.industry, o.location].filter(Boolean).join(' · ')}</Text>
        </div>
        {!deleted && (
          <Group>
            {!o.onTargetList && (
              <Button
                variant="light"
                leftSection={<IconTarget size={16} />}
                loading={addTarget.isPending}
                onClick={() =>
                  addTarget.mutate(
                    { organizationId: o.id },
                    {
                      onSuccess: (t) => notifications.show({ message: `${o.name} is on the target list at rank ${t.rank}` }),
                      onError: (e) => notifications.show({ color: 'red', message: e.message }),
                    },
                  )
                }
              >
                Add to target list
              </Button>
            )}
            <Button leftSection={<IconEdit size={16} />} rightSection={<Kbd size="xs">E</Kbd>} onClick={startEdit} disabled={editing}>
              Edit
            </Button>
            <Button variant="light" color="red" leftSection={<IconTrash size={16} />} onClick={askDelete}>
              Delete
            </Button>
          </Group>
        )}
      </Group>
      {editing ? (
        <EditOrganizationForm key={`${o.id}:${o.version}`} organization={o} onDone={stopEdit} />
      ) : (
        <Paper withBorder p="md">
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <Field label="Website">{o.website && <Anchor href={o.website} target="_blank" rel="noreferrer">{o.website.replace(/^https?:\/\/(www\.)?/, '')}</Anchor>}</Field>
            <Field label="Industry">{o.industry}</Field>
            <Field label="Location">{o.location}</Field>
            <Field label="Contacts there">{String(o.contactCount)}</Field>
          </SimpleGrid>
          {o.notes && (
            <Stack gap={2} mt="md">
              <Text size="xs" c="dimmed" tt="uppercase" fw={600}>Notes</Text>
              <Text style={{ whiteSpace: 'pre-wrap' }}>{o.notes}</Text>
            </Stack>
          )}
        </Paper>
      )}
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <PeopleThere organization={o} />
        <ConversationsAt organizationId={o.id} />
      </SimpleGrid>
      <Modal opened={deleting} onClose={closeDelete} title={`Delete ${o.name}?`} size="lg">
        {deleting && <DeleteOrganization organization={o} onCancel={closeDelete} />}
      </Modal>
    </Stack>
  );
}

function PeopleThere({ organization }: { organization: Organization }) {
  const people = useOrganizationPeople(organization.id);
  return (
    <Paper withBorder p="md">
      <Title order={4} mb="xs">People there</Title>
      {people.isPending ? (
        <Loader size="sm" aria-label="Loading people" />
      ) : people.isError ? (
        <Text c="red" size="sm">{people.error.message}</Text>
      ) : people.data.total === 0 ? (
        <Text c="dimmed" size="sm">
          You know nobody there yet. Ask for a contact there at your next networking meeting.
        </Text>
      ) : (
        <Stack gap={6} role="list" aria-label="People there">
          {people.data.items.map((p) => (
            <div key={p.id} role="listitem">
              <Anchor component={Link} to={`/contacts/${p.id}`} fw={600}>{p.displayName}</Anchor>
              {p.title && <Text span c="dimmed" size="sm"> · {p.title}</Text>}
            </div>
          ))}
          {people.data.total > people.data.items.length && (
            <Anchor component={Link} to={`/contacts?organization=${encodeURIComponent(organization.name)}`} size="sm">
              All {people.data.total} people there
            </Anchor>
          )}
        </Stack>
      )}
    </Paper>
  );
}

function ConversationsAt({ organizationId }: { organizationId: string }) {
  const conversations = useOrganizationConversations(organizationId);
  return (
    <Paper withBorder p="md">
      <Title order={4} mb="xs">Conversations</Title>
      {conversations.isPending ? (
        <Loader size="sm" aria-label="Loading conversations" />
      ) : conversations.isError ? (
        // The conversations API may be missing (older server) or failing: the rest of the page still works.
        <Text c="dimmed" size="sm">Conversations could not be loaded right now.</Text>
      ) : conversations.data.items.length === 0 ? (
        <Text c="dimmed" size="sm">No conversations at this organization yet.</Text>
      ) : (
        <Stack gap={6}>
          {conversations.data.items.map((c) => (
            <div key={c.id}>
              <Text fw={600} size="sm">
                {c.title ?? CONVERSATION_KIND_LABELS[c.kind]}
                {c.participants.length > 0 && <Text span c="dimmed" size="sm"> with {c.participants.map((p) => p.displayName).join(', ')}</Text>}
              </Text>
              <Text size="xs" c="dimmed">
                {formatWhen(c.startsAt)} · {c.status}
              </Text>
            </div>
          ))}
          {conversations.data.total > conversations.data.items.length && (
            <Text size="xs" c="dimmed">…and {conversations.data.total - conversations.data.items.length} earlier</Text>
          )}
        </Stack>
      )}
    </Paper>
  );
}

interface FormValues {
  name: string;
  website: string;
  industry: string;
  location: string;
  notes: string;
}

function EditOrganizationForm({ organization, onDone }: { organization: Organization; onDone: () => void }) {
  const update = useUpdateOrganization(organization.id);
  const form = useForm<FormValues>({
    mode: 'controlled',
    initialValues: {
      name: organization.name,
      website: organization.website ?? '',
      industry: organization.industry ?? '',
      location: organization.location ?? '',
      notes: organization.notes ?? '',
    },
    validate: (values) => {
      const parsed = organizationUpdateSchema.safeParse({ version: organization.version, ...values });
      if (parsed.success) return {};
      const errors: Record<string, string> = {};
      for (const issue of parsed.error.issues) errors[issue.path.join('.') || 'name'] ??= issue.message;
      return errors;
    },
    validateInputOnBlur: true,
  });
  const submit = form.onSubmit((values) => {
    update.mutate(
      { version: organization.version, ...values },
      {
        onSuccess: (saved) => {
          notifications.show({ message: `Saved ${saved.name}` });
          onDone();
        },
        onError: (error) => {
          if (error instanceof ApiError && error.issues.length > 0) form.setErrors(Object.fromEntries(error.issues.map((i) => [i.path, i.message])));
          else if (error instanceof ApiError && error.status === 409 && /named/.test(error.message)) form.setFieldError('name', error.message);
          else notifications.show({ color: 'red', title: error instanceof ApiError && error.status === 409 ? 'Changed elsewhere' : 'Could not save', message: error.message });
        },
      },
    );
  });
  return (
    <Paper withBorder p="md">
      <form onSubmit={submit} noValidate aria-label={`Edit ${organization.name}`}>
        <Stack>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label="Name" required autoFocus {...form.getInputProps('name')} />
            <TextInput label="Website" {...form.getInputProps('website')} />
            <TextInput label="Industry" {...form.getInputProps('industry')} />
            <TextInput label="Location" {...form.getInputProps('location')} />
          </SimpleGrid>
          <Textarea label="Notes" autosize minRows={2} maxRows={10} {...form.getInputProps('notes')} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onDone}>Cancel</Button>
            <Button type="submit" loading={update.isPending}>Save</Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

/** Shows what references the organization and lets the user choose: keep the history, or remove it. */
function DeleteOrganization({ organization, onCancel }: { organization: Organization; onCancel: () => void }) {
  const navigate = useNavigate();
  const references = useOrganizationReferences(organization.id, true);
  const remove = useDeleteOrganization();
  const run = (mode: DeleteMode) =>
    remove.mutate(
      { id: organization.id, mode },
      {
        onSuccess: () => {
          notifications.show({ message: mode === 'keep-history' ? `${organization.name} deleted; its history keeps the name` : `${organization.name} removed` });
          navigate('/organizations');
        },
        onError: (e) => notifications.show({ color: 'red', message: e.message }),
      },
    );
  return (
    <Stack>
      {references.isPending ? (
        <Loader size="sm" aria-label="Loading what references it" />
      ) : references.isError ? (
        <Alert color="red">{references.error.message}</Alert>
      ) : references.data.total === 0 ? (
        <Text>Nothing refers to {organization.name}.</Text>
      ) : (
        <div>
          <Text mb={4}>{organization.name} is referenced by:</Text>
          <List size="sm" aria-label="References">
            {references.data.items.map((i) => <List.Item key={i.kind}>{i.label}</List.Item>)}
          </List>
        </div>
      )}
      <Text size="sm" c="dimmed">
        <b>Keep the history</b>: it leaves the organizations and the target list, but contacts and conversations keep its name. <b>Remove</b>: it is
        deleted; contacts and conversations stay without an organization, and its target entry and the referrals to it are deleted.
      </Text>
      <Group justify="flex-end">
        <Button variant="default" onClick={onCancel}>Cancel</Button>
        <Button color="red" variant="light" loading={remove.isPending && remove.variables.mode === 'remove'} onClick={() => run('remove')}>
          Remove
        </Button>
        <Button color="red" loading={remove.isPending && remove.variables.mode === 'keep-history'} onClick={() => run('keep-history')} data-autofocus>
          Keep the history
        </Button>
      </Group>
    </Stack>
  );
}
