import { Alert, Anchor, Breadcrumbs, Button, Divider, Group, Kbd, List, Loader, NativeSelect, NumberInput, Paper, SimpleGrid, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconCalendarEvent, IconCircleCheck } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import type { FieldIssue } from '../../../contracts/common.schema.js';
import type { Contact } from '../../../contracts/contact.schema.js';
import {
  CONVERSATION_KIND_LABELS,
  conversationCreateSchema,
  conversationKindSchema,
  type ConversationCreateInput,
  type ConversationKind,
} from '../../../contracts/conversation.schema.js';
import type { NetworkingEvent } from '../../../contracts/event.schema.js';
import { api, ApiError } from '../../api/client.js';
import { ContactMultiPicker, nameOnly, type ContactOption } from '../../components/ContactPicker.js';
import { focusFirstError } from '../../components/focusError.js';
import { browserTimeZone, formatWhen, fromLocalInput, toLocalInput } from '../../components/time.js';
import { useCreateConversation } from './conversations.api.js';
import { errorsFor, outcomeFieldOf, OutcomesFields, toOutcomesInput, type OutcomeFormValues, type OutcomeIndex } from './outcomes.form.js';

interface FormValues extends OutcomeFormValues {
  kind: ConversationKind;
  when: string;
  durationMinutes: number | string;
  participants: ContactOption[];
  interviewers: ContactOption[];
  interviewRound: number | string;
  organizationName: string;
  title: string;
  location: string;
  notes: string;
  feedback: string;
  nextSteps: string;
}

const optionOf = (c: Contact): ContactOption => ({ value: c.id, label: c.organizationName ? `${c.displayName} (${c.organizationName})` : c.displayName });
const numberOrNull = (v: number | string) => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Everyone in the conversation, in the order the API takes "the first participant" from. */
const peopleOf = (v: FormValues): ContactOption[] => {
  const all = v.kind === 'job-interview' ? [...v.participants, ...v.interviewers] : v.participants;
  return all.filter((p, i) => all.findIndex((q) => q.value === p.value) === i);
};

/** The form as the API's create body, and where each outcome row went. */
function toInput(v: FormValues): { input: ConversationCreateInput; index: OutcomeIndex } {
  const people = peopleOf(v);
  const { outcomes, index } = toOutcomesInput(v, people.map((p) => p.value));
  const jobInterview = v.kind === 'job-interview';
  const interviewerIds = new Set(jobInterview ? v.interviewers.map((p) => p.value) : []);
  const input: ConversationCreateInput = {
    kind: v.kind,
    startsAt: fromLocalInput(v.when) ?? '',
    timeZone: browserTimeZone(),
    durationMinutes: numberOrNull(v.durationMinutes),
    title: v.title,
    location: v.location,
    notes: v.notes,
    participants: people.map((p) => ({ contactId: p.value, role: interviewerIds.has(p.value) ? 'interviewer' : 'participant' })),
    organizationName: v.organizationName,
    interviewRound: jobInterview ? numberOrNull(v.interviewRound) : null,
    feedback: v.feedback,
    nextSteps: v.nextSteps,
    outcomes,
  };
  return { input, index };
}

/** The form field an issue of the create body belongs to (the API and the form name them differently). */
function fieldOf(path: string, v: FormValues, index: OutcomeIndex): string | null {
  if (path.startsWith('outcomes.')) return outcomeFieldOf(path.slice('outcomes.'.length), index, v, peopleOf(v).length > 1);
  const [head, n] = path.split('.');
  if (head === 'participants') {
    const i = Number(n);
    const people = peopleOf(v);
    const who = Number.isInteger(i) ? people[i] : undefined;
    return who && v.interviewers.some((p) => p.value === who.value) && !v.participants.some((p) => p.value === who.value) ? 'interviewers' : 'participants';
  }
  const map: Record<string, string> = {
    kind: 'kind', startsAt: 'when', timeZone: 'when', status: 'when', durationMinutes: 'durationMinutes', title: 'title', location: 'location', notes: 'notes',
    organizationName: 'organizationName', organizationId: 'organizationName', interviewRound: 'interviewRound', feedback: 'feedback', nextSteps: 'nextSteps',
  };
  return map[head ?? ''] ?? null;
}

/** Validation with the server's own schema, so that the form and the API agree on every rule. */
function validate(values: FormValues): Record<string, string> {
  const { input, index } = toInput(values);
  const parsed = conversationCreateSchema.safeParse(input);
  const issues: FieldIssue[] = parsed.success ? [] : parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  const { errors } = errorsFor(issues, (p) => fieldOf(p, values, index));
  if (!input.startsAt) errors.when = 'Pick a date and a time';
  return errors;
}

/** /conversations/new — log a past conversation or schedule a future one, with its outcomes. */
export function ConversationNewPage() {
  const [params] = useSearchParams();
  const contactId = params.get('contactId');
  const eventId = params.get('eventId');
  const contact = useQuery({ queryKey: ['contacts', 'one', contactId], queryFn: () => api<Contact>('GET', `/contacts/${contactId}`), enabled: Boolean(contactId) });
  const event = useQuery({ queryKey: ['events', 'one', eventId], queryFn: () => api<NetworkingEvent>('GET', `/events/${eventId}`), enabled: Boolean(eventId) });
  if ((contactId && contact.isPending) || (eventId && event.isPending)) return <Loader aria-label="Loading" />;
  const preset = contact.data && !contact.data.deletedAt ? contact.data : null;
  return <ConversationForm key={`${contactId}:${eventId}`} contact={preset} event={event.data ?? null} />;
}

function ConversationForm({ contact, event }: { contact: Contact | null; event: NetworkingEvent | null }) {
  const navigate = useNavigate();
  const create = useCreateConversation();
  const [failure, setFailure] = useState<{ message: string; unplaced: FieldIssue[] } | null>(null);
  // The same conversation is already logged: offer it, or log this one anyway.
  const [duplicate, setDuplicate] = useState<{ id: string; label: string } | null>(null);
  const form = useForm<FormValues>({
    mode: 'controlled',
    initialValues: {
      kind: event ? 'event-encounter' : 'networking-meeting',
      when: toLocalInput(event ? new Date(event.startsAt) : new Date()),
      durationMinutes: '',
      participants: contact ? [optionOf(contact)] : [],
      interviewers: [],
      interviewRound: 1,
      organizationName: '',
      title: '',
      location: event?.place ?? '',
      notes: '',
      feedback: '',
      nextSteps: '',
      names: [],
      companies: [],
      advice: [],
    },
    validate,
  });
  const v = form.values;
  const startsAt = fromLocalInput(v.when);
  const future = startsAt ? new Date(startsAt).getTime() > Date.now() : false;
  const people = peopleOf(v);
  const cancelTo = contact ? `/contacts/${contact.id}` : event ? `/events/${event.id}` : '/conversations';

  const save = (values: FormValues, force: boolean) => {
    setFailure(null);
    setDuplicate(null);
    const { input, index } = toInput(values);
    create.mutate(
      { ...input, eventId: event?.id ?? null, force },
      {
        onSuccess: (saved) => {
          const who = saved.participants.map((p) => p.displayName).join(', ');
          notifications.show({ message: `${saved.status === 'scheduled' ? 'Scheduled' : 'Logged'} ${CONVERSATION_KIND_LABELS[saved.kind].toLowerCase()}${who ? ` with ${who}` : ''}` });
          navigate(`/conversations/${saved.id}`);
        },
        onError: (error) => {
          if (error instanceof ApiError && error.existing?.type === 'conversation') {
            setDuplicate({ id: error.existing.id, label: error.existing.label });
            return;
          }
          const issues = error instanceof ApiError ? error.issues : [];
          const { errors, unplaced } = errorsFor(issues, (p) => fieldOf(p, values, index));
          form.setErrors(errors);
          setFailure({ message: error.message, unplaced });
          focusFirstError();
        },
      },
    );
  };
  const submit = form.onSubmit(
    (values) => save(values, false),
    () => {
      setFailure({ message: 'Some fields need a look.', unplaced: [] });
      focusFirstError();
    },
  );

  return (
    <Stack maw={960}>
      <Breadcrumbs>
        <Anchor component={Link} to="/conversations">Conversations</Anchor>
        {contact && <Anchor component={Link} to={`/contacts/${contact.id}`}>{contact.displayName}</Anchor>}
        {event && <Anchor component={Link} to={`/events/${event.id}`}>{event.name}</Anchor>}
        <Text>Log</Text>
      </Breadcrumbs>
      <Title order={2}>Log a conversation</Title>
      <form
        onSubmit={submit}
        noValidate
        aria-label="Log a conversation"
        onKeyDown={(e) => {
          // Ctrl/⌘+Enter saves from anywhere, including the notes.
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            submit();
          }
        }}
      >
        <Stack>
          {failure && (
            <Alert color="red" title="Nothing was saved" role="alert">
              {failure.message}
              {failure.unplaced.length > 0 && (
                <List size="sm" mt={4}>
                  {failure.unplaced.map((i) => <List.Item key={`${i.path}:${i.message}`}>{i.path}: {i.message}</List.Item>)}
                </List>
              )}
            </Alert>
          )}
          {duplicate && (
            <Alert color="yellow" title="Already logged" role="alert" data-testid="duplicate-conversation">
              <Text size="sm">{duplicate.label} is already logged. Nothing was saved.</Text>
              <Group gap="xs" mt="xs">
                <Button size="xs" component={Link} to={`/conversations/${duplicate.id}`}>Open the one already logged</Button>
                <Button size="xs" variant="default" loading={create.isPending} onClick={() => save(form.getValues(), true)}>It happened twice: log this one too</Button>
              </Group>
            </Alert>
          )}
          {event && <Alert color="teal" variant="light" icon={<IconCalendarEvent size={18} />}>At {event.name}, {formatWhen(event.startsAt)}</Alert>}
          <Paper withBorder p="md">
            <Stack>
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <NativeSelect
                  label="Kind"
                  autoFocus
                  data={conversationKindSchema.options.map((k) => ({ value: k, label: CONVERSATION_KIND_LABELS[k] }))}
                  {...form.getInputProps('kind')}
                />
                <TextInput
                  label="Date and time"
                  type="datetime-local"
                  description={
                    startsAt ? (
                      <Group gap={4} component="span" wrap="nowrap">
                        {future ? <IconCalendarEvent size={14} /> : <IconCircleCheck size={14} />}
                        <span data-testid="when-status">{future ? 'In the future: it will be scheduled' : 'In the past: it will be logged as done'}</span>
                        <span>· {browserTimeZone()}</span>
                      </Group>
                    ) : `Your time zone: ${browserTimeZone()}`
                  }
                  {...form.getInputProps('when')}
                />
              </SimpleGrid>
              <ContactMultiPicker
                label="With"
                description="The people you talked with. Outcomes below come from the first one unless you say otherwise."
                placeholder="Search your contacts"
                {...form.getInputProps('participants')}
              />
              {v.kind === 'job-interview' && (
                <Group align="flex-start" gap="md">
                  <NumberInput label="Interview round" w={160} min={1} max={20} allowDecimal={false} {...form.getInputProps('interviewRound')} />
                  <div style={{ flex: '1 1 260px', minWidth: 0 }}>
                    <ContactMultiPicker label="Interviewers" placeholder="Who interviewed you" exclude={v.participants.map((p) => p.value)} {...form.getInputProps('interviewers')} />
                  </div>
                </Group>
              )}
              <SimpleGrid cols={{ base: 1, sm: 3 }}>
                <TextInput label="Organization" placeholder="The company it was about" autoComplete="off" {...form.getInputProps('organizationName')} />
                <NumberInput label="Duration (minutes)" placeholder={v.kind === 'networking-interview' ? '15–20' : 'optional'} min={1} max={1440} allowDecimal={false} {...form.getInputProps('durationMinutes')} />
                <TextInput label="Place" placeholder="Café, phone, video…" autoComplete="off" {...form.getInputProps('location')} />
              </SimpleGrid>
              <TextInput label="Title" placeholder={`optional, e.g. ${CONVERSATION_KIND_LABELS[v.kind]} with ${people[0] ? nameOnly(people[0].label) : 'Stan'}`} autoComplete="off" {...form.getInputProps('title')} />
              <Textarea label="Notes" autosize minRows={3} maxRows={14} placeholder="What you talked about, what you learned about them (shared interests, family, projects)" {...form.getInputProps('notes')} />
            </Stack>
          </Paper>

          <Paper withBorder p="md">
            <Stack>
              <div>
                <Title order={3} size="h4">Outcomes</Title>
                <Text size="sm" c="dimmed">
                  {future ? 'It has not happened yet: you can add outcomes now or from the conversation page afterwards.' : 'What came out of it, captured as data: Rapport turns each into a contact, a target or an advice item.'}
                </Text>
              </div>
              <OutcomesFields form={form} people={people} />
              <Divider />
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <Textarea label="Feedback received" autosize minRows={2} maxRows={10} {...form.getInputProps('feedback')} />
                <Textarea label="Next steps agreed" autosize minRows={2} maxRows={10} placeholder="e.g. I call Ann on Monday; send Stan my updated target list" {...form.getInputProps('nextSteps')} />
              </SimpleGrid>
            </Stack>
          </Paper>

          <Group justify="flex-end">
            <Text size="xs" c="dimmed" visibleFrom="sm"><Kbd size="xs">Ctrl</Kbd> + <Kbd size="xs">Enter</Kbd> saves</Text>
            <Button variant="default" onClick={() => navigate(cancelTo)}>Cancel</Button>
            <Button type="submit" loading={create.isPending}>{future ? 'Schedule conversation' : 'Log conversation'}</Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
