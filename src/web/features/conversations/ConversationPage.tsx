import { Alert, Anchor, Badge, Breadcrumbs, Button, Group, List, Loader, Modal, NativeSelect, Paper, SimpleGrid, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconBuilding, IconBulb, IconClipboardList, IconEdit, IconPlayerPlay, IconPlus, IconTrash, IconUserPlus } from '@tabler/icons-react';
import { useCallback, useState, type ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import type { FieldIssue } from '../../../contracts/common.schema.js';
import {
  CONVERSATION_KIND_LABELS,
  conversationStatusSchema,
  type Conversation,
  type ConversationStatus,
} from '../../../contracts/conversation.schema.js';
import { ApiError } from '../../api/client.js';
import { ContactMultiPicker, type ContactOption } from '../../components/ContactPicker.js';
import { browserTimeZone, fromLocalInput, fromNow, formatWhen, inOtherZone, toLocalInput } from '../../components/time.js';
import { useHotkey } from '../../components/useHotkey.js';
import { AdviceItem, ReferralStatusBadge } from '../contacts/relationship-controls.js';
import { useAdvice } from '../contacts/relationships.api.js';
import { canMeet } from '../meeting/meeting.js';
import { useAddOutcomes, useConversation, useDeleteConversation, useUpdateConversation } from './conversations.api.js';
import { errorsFor, outcomeFieldOf, OutcomesFields, toOutcomesInput, type OutcomeFormValues } from './outcomes.form.js';

export const STATUS_LABELS: Record<ConversationStatus, string> = { scheduled: 'Scheduled', done: 'Done', cancelled: 'Cancelled' };
export const STATUS_COLORS: Record<ConversationStatus, string> = { scheduled: 'blue', done: 'teal', cancelled: 'gray' };

function Section({ title, icon, children }: { title: string; icon?: ReactNode; children: ReactNode }) {
  return (
    <Paper withBorder p="md" component="section" aria-label={title}>
      <Group gap={6} mb="xs">
        {icon}
        <Title order={3} size="h5">{title}</Title>
      </Group>
      {children}
    </Paper>
  );
}

function Prose({ text, empty }: { text: string | null; empty: string }) {
  return text ? <Text style={{ whiteSpace: 'pre-wrap' }}>{text}</Text> : <Text c="dimmed" size="sm">{empty}</Text>;
}

/** /conversations/:id — when, who, what was said, and what came out of it. */
export function ConversationPage() {
  const { id } = useParams();
  const conversation = useConversation(id);
  if (conversation.isPending) return <Loader aria-label="Loading conversation" />;
  if (conversation.isError) {
    return (
      <Alert color="red" title="Conversation not found">
        {conversation.error.message}. <Anchor component={Link} to="/conversations">Back to conversations</Anchor>
      </Alert>
    );
  }
  return <ConversationView c={conversation.data} />;
}

function ConversationView({ c }: { c: Conversation }) {
  const navigate = useNavigate();
  const [editing, setEditing] = useState(false);
  const [adding, setAdding] = useState(false);
  const [confirming, { open, close }] = useDisclosure(false);
  const remove = useDeleteConversation();
  const startEdit = useCallback(() => setEditing(true), []);
  useHotkey('e', startEdit);

  const kind = CONVERSATION_KIND_LABELS[c.kind];
  const who = c.participants.map((p) => p.displayName).join(', ');
  const heading = c.title ?? (who ? `${kind} with ${who}` : kind);
  const other = inOtherZone(c.startsAt, c.timeZone);
  const { referrals, companiesSuggested, advice } = c.outcomes;
  const hasOutcomes = referrals.length + companiesSuggested.length + advice.length > 0;

  return (
    <Stack maw={960}>
      <Breadcrumbs>
        <Anchor component={Link} to="/conversations">Conversations</Anchor>
        <Text truncate maw={360}>{heading}</Text>
      </Breadcrumbs>
      <Group justify="space-between" align="flex-start">
        <div style={{ minWidth: 0, flex: '1 1 320px' }}>
          <Group gap="xs">
            <Badge variant="light">{kind}</Badge>
            <Badge color={STATUS_COLORS[c.status]} variant={c.status === 'scheduled' ? 'filled' : 'light'}>{STATUS_LABELS[c.status]}</Badge>
            {c.interviewRound && <Badge variant="outline">Round {c.interviewRound}</Badge>}
          </Group>
          <Title order={2} mt={6}>{heading}</Title>
          <Text c="dimmed">
            {formatWhen(c.startsAt)} · {fromNow(c.startsAt)}
            {c.durationMinutes ? ` · ${c.durationMinutes} min` : ''}
            {other ? ` · ${other}` : ''}
          </Text>
        </div>
        <Group gap="xs">
          {canMeet(c) && <Button size="md" color="teal" component={Link} to={`/conversations/${c.id}/meeting`} leftSection={<IconPlayerPlay size={18} />}>Start meeting</Button>}
          <Button variant="light" component={Link} to={`/conversations/${c.id}/prep`} leftSection={<IconClipboardList size={16} />}>Prepare</Button>
          <Button leftSection={<IconEdit size={16} />} onClick={startEdit} disabled={editing}>Edit</Button>
          <Button variant="light" color="red" leftSection={<IconTrash size={16} />} onClick={open}>Delete</Button>
        </Group>
      </Group>

      <Paper withBorder p="md">
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
          <div>
            <Text size="xs" c="dimmed" tt="uppercase" fw={600}>With</Text>
            {c.participants.length === 0 ? (
              <Text c="dimmed" size="sm">Nobody recorded</Text>
            ) : (
              <Stack gap={2} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label="Participants">
                {c.participants.map((p) => (
                  <li key={p.id}>
                    <Anchor component={Link} to={`/contacts/${p.id}`} td={p.deleted ? 'line-through' : undefined}>{p.displayName}</Anchor>
                    {p.role === 'interviewer' && <Text span size="xs" c="dimmed"> · interviewer</Text>}
                    {p.deleted && <Badge ml={6} size="xs" color="gray" variant="outline">deleted</Badge>}
                  </li>
                ))}
              </Stack>
            )}
          </div>
          <div>
            <Text size="xs" c="dimmed" tt="uppercase" fw={600}>Organization</Text>
            {c.organization ? <Anchor component={Link} to={`/organizations/${c.organization.id}`}>{c.organization.name}</Anchor> : <Text c="dimmed" size="sm">—</Text>}
          </div>
          <div>
            <Text size="xs" c="dimmed" tt="uppercase" fw={600}>Place</Text>
            <Text>{c.location ?? '—'}</Text>
            {c.eventId && <Anchor component={Link} to={`/events/${c.eventId}`} size="sm">At an event</Anchor>}
          </div>
        </SimpleGrid>
      </Paper>

      {editing ? (
        <EditConversation c={c} onDone={() => setEditing(false)} />
      ) : (
        <SimpleGrid cols={{ base: 1, md: 3 }}>
          <Section title="Notes"><Prose text={c.notes} empty="No notes." /></Section>
          <Section title="Feedback received"><Prose text={c.feedback} empty="No feedback recorded." /></Section>
          <Section title="Next steps agreed"><Prose text={c.nextSteps} empty="No next steps recorded." /></Section>
        </SimpleGrid>
      )}

      <Paper withBorder p="md" component="section" aria-label="Outcomes">
        <Group justify="space-between" mb="sm">
          <Title order={3} size="h4">Outcomes</Title>
          {!adding && <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} onClick={() => setAdding(true)}>Add outcomes</Button>}
        </Group>
        {!hasOutcomes && !adding && <Text c="dimmed" size="sm">No names, companies or advice recorded{c.status === 'scheduled' ? ' yet: add them after it happens' : ''}.</Text>}
        <Stack gap="md">
          {referrals.length > 0 && (
            <div>
              <Group gap={6} mb={4}><IconUserPlus size={16} /><Text fw={600} size="sm">Names offered</Text></Group>
              <List spacing={4} listStyleType="none" aria-label="Names offered">
                {referrals.map((r) => (
                  <List.Item key={r.id}>
                    <Group gap={6}>
                      {r.to ? <Anchor component={Link} to={`/contacts/${r.to.id}`}>{r.to.displayName}</Anchor> : r.toOrganization ? <Anchor component={Link} to={`/organizations/${r.toOrganization.id}`}>{r.toOrganization.name}</Anchor> : <Text>—</Text>}
                      <Text size="sm" c="dimmed">offered by <Anchor component={Link} to={`/contacts/${r.from.id}`} size="sm">{r.from.displayName}</Anchor></Text>
                      <ReferralStatusBadge status={r.status} />
                    </Group>
                  </List.Item>
                ))}
              </List>
            </div>
          )}
          {companiesSuggested.length > 0 && (
            <div>
              <Group gap={6} mb={4}><IconBuilding size={16} /><Text fw={600} size="sm">Companies suggested</Text></Group>
              <List spacing={4} listStyleType="none" aria-label="Companies suggested">
                {companiesSuggested.map((s) => (
                  <List.Item key={s.organizationId}>
                    <Anchor component={Link} to={`/organizations/${s.organizationId}`}>{s.organizationName}</Anchor>
                    <Text span size="sm" c="dimmed">
                      {' '}— on your <Anchor component={Link} to="/targets" size="sm">target list</Anchor>
                      {s.suggestedBy && <>, suggested by <Anchor component={Link} to={`/contacts/${s.suggestedBy.id}`} size="sm">{s.suggestedBy.displayName}</Anchor></>}
                    </Text>
                  </List.Item>
                ))}
              </List>
            </div>
          )}
          {advice.length > 0 && (
            <div>
              <Group gap={6} mb={4}><IconBulb size={16} /><Text fw={600} size="sm">Advice</Text></Group>
              <Stack gap="xs">
                {advice.map((a) => <ConversationAdvice key={a.id} id={a.id} fromId={a.from.id} title={a.title} />)}
              </Stack>
            </div>
          )}
          {adding && <AddOutcomes c={c} onDone={() => setAdding(false)} />}
        </Stack>
      </Paper>

      <Text size="xs" c="dimmed">Logged {formatWhen(c.createdAt)} · last edited {formatWhen(c.updatedAt)}</Text>

      <Modal opened={confirming} onClose={close} title="Delete this conversation?">
        <Text mb="md">
          The conversation and its notes go. People, companies and advice that came out of it stay{hasOutcomes ? ' (they are records of their own now)' : ''}.
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>Cancel</Button>
          <Button
            color="red"
            data-autofocus
            loading={remove.isPending}
            onClick={() =>
              remove.mutate(c.id, {
                onSuccess: () => {
                  notifications.show({ message: 'Conversation deleted' });
                  navigate(c.participants[0] ? `/contacts/${c.participants[0].id}` : '/conversations');
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

/** An advice item with its Done and "Told them" boxes (the conversation only knows its title; the item has the version). */
function ConversationAdvice({ id, fromId, title }: { id: string; fromId: string; title: string }) {
  const list = useAdvice(fromId);
  const item = list.data?.find((a) => a.id === id);
  if (!item) return <Text size="sm">{title}</Text>;
  return <AdviceItem advice={item} showFrom showConversation={false} />;
}

interface EditValues {
  status: ConversationStatus;
  when: string;
  participants: ContactOption[];
  title: string;
  notes: string;
  feedback: string;
  nextSteps: string;
}

function EditConversation({ c, onDone }: { c: Conversation; onDone: () => void }) {
  const update = useUpdateConversation(c.id);
  const form = useForm<EditValues>({
    mode: 'controlled',
    initialValues: {
      status: c.status,
      when: toLocalInput(new Date(c.startsAt)),
      participants: c.participants.map((p) => ({ value: p.id, label: p.displayName })),
      title: c.title ?? '', notes: c.notes ?? '', feedback: c.feedback ?? '', nextSteps: c.nextSteps ?? '' },
  });
  const roles = new Map(c.participants.map((p) => [p.id, p.role === 'interviewer' ? ('interviewer' as const) : ('participant' as const)]));
  const submit = form.onSubmit(({ when, participants, ...values }) => {
    const startsAt = fromLocalInput(when);
    if (!startsAt) {
      form.setFieldError('when', 'Pick a date and a time');
      return;
    }
    update.mutate(
      {
        version: c.version,
        ...values,
        ...(startsAt !== new Date(c.startsAt).toISOString() ? { startsAt, timeZone: browserTimeZone() } : {}),
        participants: participants.map((p) => ({ contactId: p.value, role: roles.get(p.value) ?? 'participant' })),
      },
      {
        onSuccess: () => {
          notifications.show({ message: 'Conversation saved' });
          onDone();
        },
        onError: (error) => {
          const field = (path: string) => (path === 'startsAt' || path === 'timeZone' ? 'when' : path.startsWith('participants') ? 'participants' : path);
          if (error instanceof ApiError && error.issues.length > 0) form.setErrors(Object.fromEntries(error.issues.map((i) => [field(i.path), i.message])));
          else notifications.show({ color: 'red', title: error instanceof ApiError && error.status === 409 ? 'Changed elsewhere' : 'Could not save', message: error.message });
        },
      },
    );
  });
  return (
    <Paper withBorder p="md" component="form" onSubmit={submit} aria-label="Edit conversation" onKeyDown={(e) => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); submit(); }
    }}>
      <Stack>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <NativeSelect label="Status" data={conversationStatusSchema.options.map((s) => ({ value: s, label: STATUS_LABELS[s] }))} {...form.getInputProps('status')} />
          <TextInput label="Date and time" type="datetime-local" description={browserTimeZone()} {...form.getInputProps('when')} />
          <TextInput label="Title" autoComplete="off" {...form.getInputProps('title')} />
        </SimpleGrid>
        <ContactMultiPicker label="With" placeholder="Search your contacts" {...form.getInputProps('participants')} />
        <Textarea label="Notes" autosize minRows={3} maxRows={14} autoFocus {...form.getInputProps('notes')} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Textarea label="Feedback received" autosize minRows={2} maxRows={10} {...form.getInputProps('feedback')} />
          <Textarea label="Next steps agreed" autosize minRows={2} maxRows={10} {...form.getInputProps('nextSteps')} />
        </SimpleGrid>
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>Cancel</Button>
          <Button type="submit" loading={update.isPending}>Save</Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function AddOutcomes({ c, onDone }: { c: Conversation; onDone: () => void }) {
  const add = useAddOutcomes(c.id);
  const [failure, setFailure] = useState<{ message: string; unplaced: FieldIssue[] } | null>(null);
  const people: ContactOption[] = c.participants.filter((p) => !p.deleted).map((p) => ({ value: p.id, label: p.displayName }));
  const form = useForm<OutcomeFormValues>({ mode: 'controlled', initialValues: { names: [], companies: [], advice: [] } });
  const submit = form.onSubmit((values) => {
    const { outcomes, index } = toOutcomesInput(values, people.map((p) => p.value));
    const total = (outcomes.namesOffered?.length ?? 0) + (outcomes.companiesSuggested?.length ?? 0) + (outcomes.advice?.length ?? 0);
    if (total === 0) {
      onDone();
      return;
    }
    add.mutate(outcomes, {
      onSuccess: () => {
        notifications.show({ message: 'Outcomes added' });
        onDone();
      },
      onError: (error) => {
        const issues = error instanceof ApiError ? error.issues : [];
        const { errors, unplaced } = errorsFor(issues, (p) => outcomeFieldOf(p, index, values, people.length > 1));
        form.setErrors(errors);
        setFailure({ message: error.message, unplaced });
      },
    });
  });
  return (
    <Paper withBorder p="md" bg="var(--mantine-color-default-hover)" component="form" onSubmit={submit} aria-label="Add outcomes">
      <Stack>
        {failure && (
          <Alert color="red" title="Nothing was saved" role="alert">
            {failure.message}
            {failure.unplaced.map((i) => <div key={i.path}>{i.path}: {i.message}</div>)}
          </Alert>
        )}
        {people.length === 0 && <Alert color="yellow">Outcomes come from a participant: edit the conversation to add who you talked with first.</Alert>}
        <OutcomesFields form={form} people={people} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>Cancel</Button>
          <Button type="submit" loading={add.isPending}>Save outcomes</Button>
        </Group>
      </Stack>
    </Paper>
  );
}
