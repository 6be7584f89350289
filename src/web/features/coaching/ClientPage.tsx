import { Alert, Anchor, Badge, Button, Group, Loader, Paper, SimpleGrid, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconBulb, IconFileTypePdf, IconNote } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { suggestionCreateSchema } from '../../../contracts/coaching.schema.js';
import { ApiError } from '../../api/client.js';
import { formatDate } from '../../components/time.js';
import { useAddNote, useClientHealth, useNotes, useSuggest, useSuggestions } from './coaching.api.js';
import { LEVEL_LABEL } from './levels.js';

type SuggestErrors = Partial<Record<'title' | 'reason' | 'dueOn', string>>;

function SuggestForm({ clientId, clientName, today }: { clientId: string; clientName: string; today: string }) {
  const suggest = useSuggest(clientId);
  const [title, setTitle] = useState('');
  const [reason, setReason] = useState('');
  const [dueOn, setDueOn] = useState(today);
  const [errors, setErrors] = useState<SuggestErrors>({});
  const submit = () => {
    const parsed = suggestionCreateSchema.safeParse({ title, reason, dueOn });
    if (!parsed.success) {
      const next: SuggestErrors = {};
      for (const issue of parsed.error.issues) next[String(issue.path[0]) as keyof SuggestErrors] ??= issue.message;
      setErrors(next);
      return;
    }
    setErrors({});
    suggest.mutate(parsed.data, {
      onSuccess: () => {
        notifications.show({ color: 'teal', message: `In ${clientName}’s Today, as yours: ${title}` });
        setTitle('');
        setReason('');
      },
      onError: (error) => {
        if (error instanceof ApiError && error.issues.length > 0) setErrors(Object.fromEntries(error.issues.map((i) => [i.path.split('.')[0] ?? 'title', i.message])) as SuggestErrors);
        else notifications.show({ color: 'red', title: 'Not suggested', message: error.message });
      },
    });
  };
  return (
    <form onSubmit={(e) => { e.preventDefault(); submit(); }} noValidate aria-labelledby="suggest-title">
      <Stack gap="xs">
        <Title order={3} id="suggest-title">Suggest an action</Title>
        <Text size="sm" c="dimmed">It appears in {clientName}’s Today, marked as yours, with your reason.</Text>
        <TextInput label="What to do" value={title} onChange={(e) => setTitle(e.currentTarget.value)} error={errors.title} />
        <Textarea label="Why (they read this)" autosize minRows={2} value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={errors.reason} />
        <TextInput type="date" label="Due" value={dueOn} onChange={(e) => setDueOn(e.currentTarget.value)} error={errors.dueOn} maw={220} />
        <Button type="submit" leftSection={<IconBulb size={16} />} loading={suggest.isPending} style={{ alignSelf: 'flex-start' }}>Suggest</Button>
      </Stack>
    </form>
  );
}

function Notes({ clientId }: { clientId: string }) {
  const notes = useNotes(clientId);
  const add = useAddNote(clientId);
  const [body, setBody] = useState('');
  const [error, setError] = useState<string | null>(null);
  return (
    <Stack gap="xs" component="section" aria-labelledby="notes-title">
      <Title order={3} id="notes-title">Your private notes</Title>
      <Text size="sm" c="dimmed">Only you see these; your client never does.</Text>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!body.trim()) { setError('Required'); return; }
          setError(null);
          add.mutate(body, { onSuccess: () => setBody(''), onError: (err) => setError(err.message) });
        }}
        noValidate
        aria-label="Add a private note"
      >
        <Stack gap="xs">
          <Textarea label="Note" autosize minRows={2} value={body} onChange={(e) => setBody(e.currentTarget.value)} error={error} />
          <Button type="submit" variant="light" leftSection={<IconNote size={16} />} loading={add.isPending} style={{ alignSelf: 'flex-start' }}>Add note</Button>
        </Stack>
      </form>
      {notes.data?.map((n) => (
        <Paper key={n.id} withBorder p="xs">
          <Text size="xs" c="dimmed">{formatDate(n.createdAt)}</Text>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{n.body}</Text>
        </Paper>
      ))}
    </Stack>
  );
}

/** A client, for their coach: the search's health, suggestions, private notes and the weekly report. */
export function ClientPage() {
  const { clientId = '' } = useParams();
  const health = useClientHealth(clientId);
  const suggestions = useSuggestions(clientId);
  if (health.isPending) return <Loader aria-label="Loading the client" />;
  if (health.isError) {
    const gone = health.error instanceof ApiError && health.error.status === 404;
    return (
      <Stack>
        <Title order={2}>Client</Title>
        <Alert color={gone ? 'gray' : 'red'}>{gone ? 'This person does not share their search with you (any more).' : health.error.message}</Alert>
        <Anchor component={Link} to="/coach">Back to your clients</Anchor>
      </Stack>
    );
  }
  const h = health.data;
  return (
    <Stack gap="lg" maw={820}>
      <Stack gap={4}>
        <Anchor component={Link} to="/coach" size="sm">← Clients</Anchor>
        <Title order={2}>{h.client.displayName}</Title>
        <Text size="sm" c="dimmed">Shares: {LEVEL_LABEL[h.level].toLowerCase()}</Text>
      </Stack>
      <Paper withBorder p="md" component="section" aria-labelledby="health-title">
        <Stack gap="xs">
          <Title order={3} id="health-title">Search health</Title>
          <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
            <div><Text size="xs" c="dimmed">In the works</Text><Text fw={600}>{h.inTheWorks.count} (aim {h.inTheWorks.min}–{h.inTheWorks.max})</Text></div>
            <div><Text size="xs" c="dimmed">Since the last interview</Text><Text fw={600}>{h.daysSinceLastInterview === null ? 'none yet' : `${h.daysSinceLastInterview} days`}</Text></div>
            <div><Text size="xs" c="dimmed">Overdue actions</Text><Text fw={600}>{h.overdueActions}</Text></div>
            <div><Text size="xs" c="dimmed">Due today</Text><Text fw={600}>{h.dueToday}</Text></div>
          </SimpleGrid>
          <Group>
            <Button component="a" href={`/api/coach/clients/${clientId}/report.pdf`} target="_blank" variant="light" leftSection={<IconFileTypePdf size={16} />}>Weekly report (PDF)</Button>
          </Group>
        </Stack>
      </Paper>
      <Paper withBorder p="md">
        <SuggestForm clientId={clientId} clientName={h.client.displayName} today={h.today} />
      </Paper>
      <Stack gap="xs" component="section" aria-labelledby="suggestions-title">
        <Title order={3} id="suggestions-title">What you suggested</Title>
        {suggestions.data?.length === 0 && <Text size="sm" c="dimmed">Nothing yet.</Text>}
        {suggestions.data?.map((s) => (
          <Paper key={s.actionId} withBorder p="xs">
            <Group gap="xs" wrap="wrap">
              <Text fw={600} size="sm">{s.title}</Text>
              <Badge size="sm" tt="none" variant="light" color={s.status === 'done' ? 'teal' : 'gray'}>{s.status === 'done' ? 'done' : s.status === 'open' ? `due ${s.dueOn}` : s.status}</Badge>
            </Group>
            <Text size="sm" c="dimmed">{s.reason}</Text>
          </Paper>
        ))}
      </Stack>
      <Notes clientId={clientId} />
    </Stack>
  );
}
