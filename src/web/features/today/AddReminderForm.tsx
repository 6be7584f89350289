import { Button, Group, NativeSelect, Paper, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconBellPlus } from '@tabler/icons-react';
import { forwardRef, useState } from 'react';
import type { ManualActionCreateInput } from '../../../contracts/action.schema.js';
import { ApiError } from '../../api/client.js';
import { ContactPicker, type ContactOption } from '../../components/ContactPicker.js';
import { formatDay } from './dates.js';
import { useCreateAction } from './today.api.js';

const CHANNELS = [
  { value: 'task', label: 'Task' },
  { value: 'email', label: 'Email' },
  { value: 'call', label: 'Call' },
  { value: 'meeting', label: 'Meeting' },
];

type Errors = Partial<Record<'title' | 'dueOn' | 'channel' | 'subjects', string>>;

/** A note to self with a due date, about a contact if you like. */
export const AddReminderForm = forwardRef<HTMLInputElement, { today: string }>(function AddReminderForm({ today }, titleRef) {
  const create = useCreateAction();
  const [title, setTitle] = useState('');
  const [dueOn, setDueOn] = useState(today);
  const [channel, setChannel] = useState('task');
  const [contact, setContact] = useState<ContactOption | null>(null);
  const [errors, setErrors] = useState<Errors>({});

  const submit = async () => {
    const input: ManualActionCreateInput = {
      title,
      dueOn,
      channel: channel as ManualActionCreateInput['channel'],
      subjects: contact ? [{ type: 'contact', id: contact.value }] : [],
    };
    // The schema (and zod) load on the first submit, not with Today's first screen.
    const { manualActionCreateSchema } = await import('../../../contracts/action.schema.js');
    const parsed = manualActionCreateSchema.safeParse(input);
    if (!parsed.success) {
      const next: Errors = {};
      for (const issue of parsed.error.issues) next[(String(issue.path[0] ?? 'title')) as keyof Errors] ??= issue.message;
      setErrors(next);
      return;
    }
    setErrors({});
    create.mutate(input, {
      onSuccess: (saved) => {
        notifications.show({ message: `Reminder added for ${saved.dueOn === today ? 'today' : formatDay(saved.dueOn, today)}: ${saved.title}` });
        setTitle('');
        setContact(null);
        setDueOn(today);
        setChannel('task');
      },
      onError: (error) => {
        if (error instanceof ApiError && error.issues.length > 0) {
          setErrors(Object.fromEntries(error.issues.map((i) => [i.path.split('.')[0] ?? 'title', i.message])) as Errors);
        } else notifications.show({ color: 'red', title: 'Could not add the reminder', message: error.message });
      },
    });
  };

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="add-reminder-title">
      <form onSubmit={(e) => { e.preventDefault(); void submit(); }} noValidate aria-label="Add a reminder">
        <Stack gap="xs">
          <Group justify="space-between">
            <Text fw={700} id="add-reminder-title">Add a reminder</Text>
          </Group>
          <TextInput ref={titleRef} label="What to do" placeholder="Send Ada the article on robotics" value={title} onChange={(e) => setTitle(e.currentTarget.value)} error={errors.title} />
          <Group grow gap="xs" align="flex-start">
            <TextInput type="date" label="Due" value={dueOn} onChange={(e) => setDueOn(e.currentTarget.value)} error={errors.dueOn} />
            <NativeSelect label="Kind" data={CHANNELS} value={channel} onChange={(e) => setChannel(e.currentTarget.value)} error={errors.channel} />
          </Group>
          <ContactPicker label="About (optional)" placeholder="Search your contacts" value={contact} onChange={setContact} error={errors.subjects} />
          <Button type="submit" leftSection={<IconBellPlus size={16} />} loading={create.isPending} style={{ alignSelf: 'flex-start' }}>
            Add reminder
          </Button>
        </Stack>
      </form>
    </Paper>
  );
});
