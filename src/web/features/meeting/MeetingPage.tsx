import { Alert, Anchor, Badge, Breadcrumbs, Button, Checkbox, Group, List, Loader, NativeSelect, Paper, SimpleGrid, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconBuilding, IconCheck, IconClockPause, IconPlayerPause, IconPlayerPlay, IconRefresh, IconSwitchHorizontal, IconUserPlus } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { CONVERSATION_KIND_LABELS, type Conversation, type OutcomesInput } from '../../../contracts/conversation.schema.js';
import { informationalQuestions, QUESTION_GROUP_LABELS, questionGroupSchema } from '../../../contracts/prep.schema.js';
import type { NetworkingSheet, Profile } from '../../../contracts/profile.schema.js';
import { api, ApiError } from '../../api/client.js';
import { sendOrQueue } from '../../offline/outbox.js';
import { useOutbox } from '../../offline/useOutbox.js';
import { useInvalidateRelationships } from '../../components/invalidate.js';
import { useConversation, useUpdateConversation } from '../conversations/conversations.api.js';
import { useProfile, useSheet } from '../profile/profile.api.js';
import { clock, timerTone, type TimerTone } from './meeting.js';

/** Seed 004's networking-interview agenda. */
const NETWORKING_AGENDA = [
  { id: 'skills', label: 'Your skills and abilities' },
  { id: 'ideal', label: 'Your ideal position' },
  { id: 'anyone', label: 'Ask if they know anyone or anything that could use your skills' },
  { id: 'targets', label: 'Your target list: show it' },
  { id: 'contacts', label: 'Ask for contacts at your targets' },
  { id: 'missing', label: 'Ask for companies missing from your list' },
  { id: 'thanks', label: 'Thank them for their time and support' },
] as const;

interface Saved {
  checked: string[];
  notes: string;
  /** Epoch ms when the timer was last started, or null when paused. */
  runningSince: number | null;
  elapsedMs: number;
  /** When the meeting really started (the first Start). */
  startedAt: string | null;
  informational: boolean;
}
const EMPTY: Saved = { checked: [], notes: '', runningSince: null, elapsedMs: 0, startedAt: null, informational: false };
const storageKey = (id: string) => `rapport.meeting.${id}`;

/** The meeting's state survives a reload or a closed tab: nothing said is lost. */
function useSaved(id: string): [Saved, (patch: Partial<Saved>) => void] {
  const [state, setState] = useState<Saved>(() => {
    try {
      const raw = window.localStorage.getItem(storageKey(id));
      return raw ? { ...EMPTY, ...(JSON.parse(raw) as Partial<Saved>) } : EMPTY;
    } catch {
      return EMPTY;
    }
  });
  const update = (patch: Partial<Saved>) =>
    setState((prev) => {
      const next = { ...prev, ...patch };
      try {
        window.localStorage.setItem(storageKey(id), JSON.stringify(next));
      } catch {
        // Private mode: the meeting still works, it just does not survive a reload.
      }
      return next;
    });
  return [state, update];
}

const TONE_COLOR: Record<TimerTone, string> = { normal: 'var(--mantine-color-text)', amber: 'var(--mantine-color-orange-6)', red: 'var(--mantine-color-red-7)' };

/** /conversations/:id/meeting — the networking-interview kit: agenda, timer, one-tap capture, notes, Finish. */
export function MeetingPage() {
  const { id } = useParams();
  const conversation = useConversation(id);
  if (conversation.isPending) return <Loader aria-label="Loading the meeting" />;
  if (conversation.isError) return <Alert color="red" title="Conversation not found">{conversation.error.message}</Alert>;
  return <Meeting c={conversation.data} />;
}

function Meeting({ c }: { c: Conversation }) {
  const navigate = useNavigate();
  const profile = useProfile();
  const sheet = useSheet();
  const update = useUpdateConversation(c.id);
  const queryClient = useQueryClient();
  const [saved, save] = useSaved(c.id);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (saved.runningSince === null) return;
    const timer = window.setInterval(() => setNow(Date.now()), 500);
    return () => window.clearInterval(timer);
  }, [saved.runningSince]);
  const elapsedMs = saved.elapsedMs + (saved.runningSince !== null ? Math.max(0, now - saved.runningSince) : 0);
  const seconds = Math.floor(elapsedMs / 1000);
  const tone = timerTone(seconds);
  const running = saved.runningSince !== null;

  const informational = saved.informational || c.kind === 'informational-interview';
  const who = c.participants.map((p) => p.displayName).join(', ');
  const kind = CONVERSATION_KIND_LABELS[c.kind];
  const heading = c.title ?? (who ? `${kind} with ${who}` : kind);
  const questions = informationalQuestions({ organization: c.organization?.name ?? null, field: profile.data?.targetDefinition.industries[0] ?? null });

  const toggle = (item: string) => save({ checked: saved.checked.includes(item) ? saved.checked.filter((x) => x !== item) : [...saved.checked, item] });
  const startPause = () => {
    if (running) save({ runningSince: null, elapsedMs });
    else {
      const t = Date.now();
      setNow(t);
      save({ runningSince: t, startedAt: saved.startedAt ?? new Date(t).toISOString() });
    }
  };

  const switchToInformational = () => {
    // A job interview for an opportunity: convert the opportunity (seed 002), which turns this
    // interview into an informational one and keeps its history and people.
    if (c.opportunityId) {
      const opportunityId = c.opportunityId;
      void (async () => {
        try {
          const opportunity = await api<{ version: number }>('GET', `/opportunities/${opportunityId}`);
          await api('POST', `/opportunities/${opportunityId}/convert`, { version: opportunity.version });
          await queryClient.invalidateQueries();
          save({ informational: true, checked: [] });
          notifications.show({ message: 'Opportunity converted: this is now an informational interview' });
        } catch (error) {
          notifications.show({ color: 'red', title: 'Could not convert', message: error instanceof Error ? error.message : String(error) });
        }
      })();
      return;
    }
    update.mutate(
      { version: c.version, kind: 'informational-interview' },
      {
        onSuccess: () => {
          save({ informational: true, checked: [] });
          notifications.show({ message: 'Now an informational interview: ask about the company, not the job' });
        },
        onError: (error) => notifications.show({ color: 'red', title: 'Could not switch', message: error.message }),
      },
    );
  };

  const finish = () => {
    const nowMs = Date.now();
    const patch: Parameters<typeof update.mutate>[0] = { version: c.version, status: 'done', notes: saved.notes.trim() || null };
    if (elapsedMs >= 30_000) patch.durationMinutes = Math.max(1, Math.round(elapsedMs / 60_000));
    // It happened now: a meeting that started before its scheduled time is recorded when it started.
    if (new Date(c.startsAt).getTime() > nowMs) patch.startsAt = saved.startedAt ?? new Date(nowMs - elapsedMs).toISOString();
    update.mutate(patch, {
      onSuccess: () => {
        window.localStorage.removeItem(storageKey(c.id));
        notifications.show({ title: 'Meeting done', message: `Today has your thank-you${c.kind === 'networking-interview' ? ' and tomorrow’s call' : ''} for ${who || 'them'}` });
        navigate('/');
      },
      onError: (error) =>
        notifications.show({ color: 'red', title: error instanceof ApiError && error.status === 409 ? 'Changed elsewhere: reload' : 'Could not finish', message: error.message }),
    });
  };

  if (c.status !== 'scheduled') {
    return (
      <Alert color="blue" title="This conversation is not scheduled">
        It is {c.status}. <Anchor component={Link} to={`/conversations/${c.id}`}>Back to the conversation</Anchor>
      </Alert>
    );
  }

  return (
    <Stack maw={1180}>
      <Breadcrumbs>
        <Anchor component={Link} to="/conversations">Conversations</Anchor>
        <Anchor component={Link} to={`/conversations/${c.id}`}>{heading}</Anchor>
        <Text>Meeting</Text>
      </Breadcrumbs>
      <Group justify="space-between" align="center">
        <div>
          <Badge variant="light">{informational ? CONVERSATION_KIND_LABELS['informational-interview'] : kind}</Badge>
          <Title order={2} mt={4}>Meeting with {who || 'them'}</Title>
          {c.organization && <Text c="dimmed">{c.organization.name}</Text>}
        </div>
        <Paper withBorder p="sm" aria-label="Timer" role="timer" data-tone={tone}>
          <Group gap="sm">
            <Text fz={44} fw={700} ff="monospace" style={{ color: TONE_COLOR[tone], lineHeight: 1 }} data-testid="meeting-clock" aria-live="off">{clock(seconds)}</Text>
            <Stack gap={4}>
              <Button size="xs" onClick={startPause} leftSection={running ? <IconPlayerPause size={14} /> : <IconPlayerPlay size={14} />}>{running ? 'Pause' : seconds > 0 ? 'Resume' : 'Start timer'}</Button>
              <Button size="xs" variant="subtle" color="gray" leftSection={<IconRefresh size={14} />} onClick={() => save({ runningSince: null, elapsedMs: 0 })} disabled={seconds === 0}>Reset</Button>
            </Stack>
          </Group>
          <Text size="xs" c="dimmed" ta="center">{tone === 'red' ? 'Past 20 minutes: wrap up' : tone === 'amber' ? '15 minutes: start wrapping up' : '15–20 minutes'}</Text>
        </Paper>
      </Group>

      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Stack>
          {informational ? (
            <InformationalAgenda questions={questions} checked={saved.checked} toggle={toggle} />
          ) : (
            <Paper withBorder p="md" component="section" aria-label="Agenda">
              <Title order={3} size="h4" mb="xs">Agenda</Title>
              <Stack gap="sm">
                {NETWORKING_AGENDA.map((item) => (
                  <div key={item.id}>
                    <Checkbox size="md" label={item.label} checked={saved.checked.includes(item.id)} onChange={() => toggle(item.id)} />
                    <AgendaDetail id={item.id} profile={profile.data} sheet={sheet.data} />
                  </div>
                ))}
              </Stack>
            </Paper>
          )}
          {c.kind === 'job-interview' && !informational && (
            <Paper withBorder p="md" bg="var(--mantine-color-yellow-light)">
              <Text size="sm" mb="xs">Right company, wrong job? Don’t decline and leave: turn it into an informational interview (seed 002).</Text>
              <Button variant="filled" color="yellow" c="dark" leftSection={<IconSwitchHorizontal size={16} />} onClick={switchToInformational} loading={update.isPending}>
                Wrong job? Switch to informational questions
              </Button>
            </Paper>
          )}
        </Stack>

        <Stack>
          <Capture c={c} />
          <Paper withBorder p="md" component="section" aria-label="Meeting notes">
            <Textarea label="Notes" description="Kept on this device until you finish" autosize minRows={5} maxRows={16} value={saved.notes} onChange={(e) => save({ notes: e.currentTarget.value })} />
          </Paper>
          <Group justify="space-between">
            <Anchor component={Link} to={`/conversations/${c.id}/prep`} size="sm">Prep brief</Anchor>
            <Button size="lg" color="teal" leftSection={<IconCheck size={20} />} onClick={finish} loading={update.isPending}>Finish</Button>
          </Group>
        </Stack>
      </SimpleGrid>
    </Stack>
  );
}

function AgendaDetail({ id, profile, sheet }: { id: string; profile: Profile | undefined; sheet: NetworkingSheet | undefined }) {
  const style = { marginLeft: 32 };
  if (id === 'skills') {
    return profile && profile.skills.length > 0 ? <Text size="sm" c="dimmed" style={style}>{profile.skills.slice(0, 10).join(', ')}</Text> : <Text size="xs" c="dimmed" style={style}><Anchor component={Link} to="/profile" size="xs">Add your skills</Anchor></Text>;
  }
  if (id === 'ideal') {
    if (!profile) return null;
    const ideal = profile.idealPosition;
    const text = [ideal.roles.join(', '), ideal.responsibilities.slice(0, 3).join('; ')].filter(Boolean).join(' — ');
    return text ? <Text size="sm" c="dimmed" style={style}>{text}</Text> : <Text size="xs" c="dimmed" style={style}><Anchor component={Link} to="/profile" size="xs">Describe your ideal position</Anchor></Text>;
  }
  if (id === 'targets') {
    const targets = sheet?.groups.flatMap((g) => g.targets) ?? [];
    return (
      <div style={style}>
        {targets.length === 0 ? <Text size="xs" c="dimmed">No targets yet.</Text> : (
          <Text size="sm" c="dimmed">{targets.slice(0, 12).map((t) => `${t.rank}. ${t.name}`).join(' · ')}{targets.length > 12 || (sheet?.more ?? 0) > 0 ? ' …' : ''}</Text>
        )}
        <Anchor component={Link} to="/profile/sheet" target="_blank" size="xs">Open the networking sheet to show them</Anchor>
      </div>
    );
  }
  return null;
}

function InformationalAgenda({ questions, checked, toggle }: { questions: ReturnType<typeof informationalQuestions>; checked: string[]; toggle: (id: string) => void }) {
  return (
    <Paper withBorder p="md" component="section" aria-label="Informational questions">
      <Title order={3} size="h4" mb="xs">Informational questions</Title>
      <Stack gap="sm">
        {questionGroupSchema.options.map((g) => (
          <div key={g}>
            <Checkbox size="md" label={QUESTION_GROUP_LABELS[g]} checked={checked.includes(g)} onChange={() => toggle(g)} />
            <List size="sm" ml={32} spacing={2} aria-label={`${QUESTION_GROUP_LABELS[g]} questions`}>
              {questions[g].map((q) => <List.Item key={q}>{q}</List.Item>)}
            </List>
          </div>
        ))}
      </Stack>
    </Paper>
  );
}

/**
 * One tap, one request: a name offered or a company suggested is saved the moment it is said —
 * or, when Rapport cannot be reached (no signal in the corridor), kept on this device and
 * sent when it can (`offline/outbox.ts`), shown as queued until then.
 */
function Capture({ c }: { c: Conversation }) {
  const invalidate = useInvalidateRelationships();
  const add = useMutation({
    mutationFn: (input: { outcomes: OutcomesInput; label: string }) => sendOrQueue<Conversation>({ path: `/conversations/${c.id}/outcomes`, body: input.outcomes, label: input.label, about: c.id }),
    onSuccess: (sent) => {
      if (!sent.queued) void invalidate();
    },
  });
  const queued = useOutbox(c.id);
  const people = c.participants.filter((p) => !p.deleted);
  const [from, setFrom] = useState(people[0]?.id ?? '');
  const [name, setName] = useState('');
  const [organization, setOrganization] = useState('');
  const [company, setCompany] = useState('');
  const [nameError, setNameError] = useState<string | null>(null);
  const [companyError, setCompanyError] = useState<string | null>(null);
  const source = from || undefined;

  const addName = (e: FormEvent) => {
    e.preventDefault();
    const parts = name.trim().split(/\s+/).filter(Boolean);
    if (parts.length === 0) {
      setNameError('Type the name they offered');
      return;
    }
    const givenName = parts.length > 1 ? parts.slice(0, -1).join(' ') : (parts[0] ?? '');
    const familyName = parts.length > 1 ? (parts.at(-1) ?? '') : '';
    const by = people.find((p) => p.id === from)?.displayName ?? 'them';
    add.mutate(
      {
        outcomes: { namesOffered: [{ newContact: { givenName, familyName, ...(organization.trim() ? { organizationName: organization.trim() } : {}) }, ...(source ? { offeredById: source } : {}) }] },
        label: `${name.trim()}, introduced by ${by}`,
      },
      {
        onSuccess: (sent) => {
          notifications.show(sent.queued ? { color: 'orange', title: 'Queued on this device', message: `${name.trim()} will be saved when Rapport is reachable again` } : { message: `${name.trim()} saved, introduced by ${by}` });
          setName('');
          setOrganization('');
          setNameError(null);
        },
        onError: (error) => setNameError(error instanceof ApiError && error.issues[0] ? error.issues[0].message : error.message),
      },
    );
  };
  const addCompany = (e: FormEvent) => {
    e.preventDefault();
    if (!company.trim()) {
      setCompanyError('Type the company they suggested');
      return;
    }
    add.mutate(
      { outcomes: { companiesSuggested: [{ organizationName: company.trim(), ...(source ? { suggestedById: source } : {}) }] }, label: `${company.trim()} (company suggested)` },
      {
        onSuccess: (sent) => {
          notifications.show(sent.queued ? { color: 'orange', title: 'Queued on this device', message: `${company.trim()} will be added to your target list when Rapport is reachable again` } : { message: `${company.trim()} is on your target list` });
          setCompany('');
          setCompanyError(null);
        },
        onError: (error) => setCompanyError(error instanceof ApiError && error.issues[0] ? error.issues[0].message : error.message),
      },
    );
  };

  const names = c.outcomes.referrals.filter((r) => r.to);
  return (
    <Paper withBorder p="md" component="section" aria-label="Capture">
      <Title order={3} size="h4" mb="xs">Capture</Title>
      {people.length === 0 && <Alert color="yellow" mb="sm">Add who you are meeting to the conversation first: names and companies come from them.</Alert>}
      {people.length > 1 && <NativeSelect label="From" mb="xs" data={people.map((p) => ({ value: p.id, label: p.displayName }))} value={from} onChange={(e) => setFrom(e.currentTarget.value)} />}
      <form onSubmit={addName} aria-label="Name offered">
        <Group align="flex-end" gap="xs" wrap="nowrap">
          <TextInput label="Name offered" placeholder="First Last" value={name} onChange={(e) => setName(e.currentTarget.value)} error={nameError} style={{ flex: 2 }} autoComplete="off" />
          <TextInput label="Their organization" placeholder="optional" value={organization} onChange={(e) => setOrganization(e.currentTarget.value)} style={{ flex: 2 }} autoComplete="off" />
          <Button type="submit" leftSection={<IconUserPlus size={16} />} disabled={people.length === 0} loading={add.isPending && Boolean(name)}>Add name</Button>
        </Group>
      </form>
      <form onSubmit={addCompany} aria-label="Company suggested">
        <Group align="flex-end" gap="xs" wrap="nowrap" mt="sm">
          <TextInput label="Company suggested" placeholder="Missing from your list" value={company} onChange={(e) => setCompany(e.currentTarget.value)} error={companyError} style={{ flex: 4 }} autoComplete="off" />
          <Button type="submit" leftSection={<IconBuilding size={16} />} disabled={people.length === 0} loading={add.isPending && Boolean(company)}>Add company</Button>
        </Group>
      </form>
      {queued.length > 0 && (
        <Stack gap={4} mt="md">
          <Group gap="xs">
            <Text size="sm" fw={600} id={`queued-${c.id}`}>Queued on this device</Text>
            <Badge color="orange.9" variant="light">{queued.length} not sent yet</Badge>
          </Group>
          <Text size="xs" c="dimmed">Sent by themselves when Rapport can be reached again.</Text>
          <List size="sm" spacing={2} aria-labelledby={`queued-${c.id}`}>
            {queued.map((w) => <List.Item key={w.id} icon={<IconClockPause size={14} aria-hidden />}>{w.label} — queued</List.Item>)}
          </List>
        </Stack>
      )}
      {(names.length > 0 || c.outcomes.companiesSuggested.length > 0) && (
        <Stack gap={4} mt="md">
          <Text size="sm" fw={600}>Captured (saved)</Text>
          <List size="sm" spacing={2} aria-label="Captured">
            {names.map((r) => <List.Item key={r.id} icon={<IconUserPlus size={14} />}>{r.to?.displayName}</List.Item>)}
            {c.outcomes.companiesSuggested.map((s) => <List.Item key={s.organizationId} icon={<IconBuilding size={14} />}>{s.organizationName}</List.Item>)}
          </List>
        </Stack>
      )}
    </Paper>
  );
}
