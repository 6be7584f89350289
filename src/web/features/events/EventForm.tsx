import { Button, Group, NativeSelect, SimpleGrid, Stack, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import type { FieldIssue } from '../../../contracts/common.schema.js';
import { EVENT_KIND_LABELS, eventCreateSchema, eventKindSchema, type EventCreateInput, type NetworkingEvent } from '../../../contracts/event.schema.js';
import { ApiError } from '../../api/client.js';
import { ContactMultiPicker, type ContactOption } from '../../components/ContactPicker.js';
import { focusFirstError } from '../../components/focusError.js';
import { browserTimeZone, fromLocalInput, toLocalInput } from '../../components/time.js';

interface EventValues {
  name: string;
  kind: NetworkingEvent['kind'];
  when: string;
  place: string;
  attendees: ContactOption[];
  notes: string;
}

function toInput(v: EventValues): EventCreateInput {
  return {
    name: v.name,
    kind: v.kind,
    startsAt: fromLocalInput(v.when) ?? '',
    timeZone: browserTimeZone(),
    place: v.place,
    notes: v.notes,
    attendeeIds: v.attendees.map((a) => a.value),
  };
}

function fieldOf(path: string): string {
  const head = path.split('.')[0] ?? '';
  if (head === 'startsAt' || head === 'timeZone') return 'when';
  if (head === 'attendeeIds') return 'attendees';
  return head;
}

function errorsOf(issues: readonly FieldIssue[]): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const i of issues) errors[fieldOf(i.path)] ??= i.message;
  return errors;
}

/** Create or edit a networking event: what, when, where, and the people met there. */
export function EventForm({ event, saving, onSave, onCancel }: {
  event?: NetworkingEvent;
  saving: boolean;
  onSave: (input: EventCreateInput, callbacks: { onError: (error: Error) => void }) => void;
  onCancel: () => void;
}) {
  const form = useForm<EventValues>({
    mode: 'controlled',
    initialValues: {
      name: event?.name ?? '',
      kind: event?.kind ?? 'job-networking-meeting',
      when: toLocalInput(event ? new Date(event.startsAt) : new Date()),
      place: event?.place ?? '',
      attendees: event?.attendees.map((a) => ({ value: a.id, label: a.displayName })) ?? [],
      notes: event?.notes ?? '',
    },
    validate: (values) => {
      const parsed = eventCreateSchema.safeParse(toInput(values));
      const errors = parsed.success ? {} : errorsOf(parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
      if (!fromLocalInput(values.when)) errors.when = 'Pick a date and a time';
      return errors;
    },
  });
  const submit = form.onSubmit((values) =>
    onSave(toInput(values), {
      onError: (error) => {
        if (error instanceof ApiError && error.issues.length > 0) {
          form.setErrors(errorsOf(error.issues));
          focusFirstError();
        } else notifications.show({ color: 'red', title: error instanceof ApiError && error.status === 409 ? 'Changed elsewhere' : 'Could not save', message: error.message });
      },
    }),
    focusFirstError,
  );
  return (
    <form onSubmit={submit} noValidate aria-label={event ? 'Edit event' : 'New event'}>
      <Stack>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label="Name" placeholder="Tuesday job-networking meeting" autoFocus autoComplete="off" {...form.getInputProps('name')} />
          <NativeSelect label="Kind" data={eventKindSchema.options.map((k) => ({ value: k, label: EVENT_KIND_LABELS[k] }))} {...form.getInputProps('kind')} />
          <TextInput label="Date and time" type="datetime-local" description={`Your time zone: ${browserTimeZone()}`} {...form.getInputProps('when')} />
          <TextInput label="Place" placeholder="Library, hotel, online…" autoComplete="off" {...form.getInputProps('place')} />
        </SimpleGrid>
        <ContactMultiPicker label="People met there" placeholder="Search your contacts" {...form.getInputProps('attendees')} />
        <Textarea label="Notes" autosize minRows={2} maxRows={10} placeholder="Who was there, what you heard, shared interests…" {...form.getInputProps('notes')} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>Cancel</Button>
          <Button type="submit" loading={saving}>{event ? 'Save' : 'Add event'}</Button>
        </Group>
      </Stack>
    </form>
  );
}
