import { Alert, Anchor, Button, Grid, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCalendarPlus, IconMoodSmile, IconUserPlus } from '@tabler/icons-react';
import { lazy, Suspense, useCallback, useEffect, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import type { Action, Today } from '../../../contracts/action.schema.js';
import { formatDay as formatInstantDay, formatTime } from '../../components/time.js';
import { useHotkey } from '../../components/useHotkey.js';
import { ActionRow, KeyLegend, actionRows } from './ActionRow.js';
import { formatDay } from './dates.js';
import { TodayHeader, kindLabel } from './TodayHeader.js';
import { useActOnAction, useToday, type ActionCommand } from './today.api.js';

// The reminder form (with the contact picker) and the message dialog load just after the first
// screen, so they never delay the first action row.
const AddReminderForm = lazy(() => import('./AddReminderForm.js').then((m) => ({ default: m.AddReminderForm })));
const MessageDialog = lazy(() => import('./MessageDialog.js').then((m) => ({ default: m.MessageDialog })));

/** `/` — what to do today to get the next interview, and why. */
export function TodayPage() {
  const today = useToday();
  const { act } = useActOnAction();
  const [busy, setBusy] = useState<ReadonlySet<string>>(new Set());
  const [messageFor, setMessageFor] = useState<Action | null>(null);
  // The dialog (a separate chunk) mounts the first time a message is asked for, then stays.
  // After an action leaves the list, the focus goes to the row that took its place.
  const pendingFocus = useRef<number | null>(null);
  const reminderRef = useRef<HTMLInputElement>(null);
  const focusReminder = useCallback(() => reminderRef.current?.focus(), []);
  useHotkey('r', focusReminder);

  // Keyboard first: Today opens with its first action focused, so D, S, X and M act at once —
  // unless the focus is already somewhere in the page (not on the body, the header or the menu).
  const focusedOnOpen = useRef(false);
  useEffect(() => {
    if (focusedOnOpen.current || !today.data) return;
    focusedOnOpen.current = true;
    const active = document.activeElement;
    if (active && active !== document.body && !active.closest('header, nav')) return;
    actionRows()[0]?.focus({ preventScroll: true });
  }, [today.data]);

  useEffect(() => {
    if (pendingFocus.current === null) return;
    const rows = actionRows();
    const target = rows[Math.min(pendingFocus.current, rows.length - 1)];
    pendingFocus.current = null;
    if (target) target.focus();
    else document.getElementById('today-actions')?.focus();
  }, [today.data]);

  const run = useCallback(
    async (command: ActionCommand, row: HTMLElement | null) => {
      const { action } = command;
      // Keep the keyboard flow going: when the focus was on this row, or in its menu or dialog
      // (which are elsewhere in the page), move it to the row that takes its place.
      const active = document.activeElement;
      const fromHere = row && (row.contains(active) || active === document.body || active?.closest('[role="menu"], [role="dialog"]'));
      if (row && fromHere) pendingFocus.current = Math.max(0, actionRows().indexOf(row));
      setBusy((b) => new Set(b).add(action.id));
      try {
        await act(command);
        const t = today.data?.today ?? '';
        notifications.show(
          command.kind === 'done'
            ? { color: 'teal', title: command.logConversation ? 'Done, and logged as a conversation' : 'Done', message: action.title }
            : command.kind === 'snooze'
              ? { color: 'blue', title: `Snoozed until ${formatDay(command.until, t)}`, message: `${action.title} — it comes back that day.` }
              : { color: 'gray', title: 'Dismissed', message: `${action.title} — it won’t come back.` },
        );
      } catch (error) {
        notifications.show({ color: 'red', title: `Could not ${command.kind === 'done' ? 'mark it done' : command.kind}`, message: error instanceof Error ? error.message : String(error) });
      } finally {
        setBusy((b) => {
          const next = new Set(b);
          next.delete(action.id);
          return next;
        });
      }
    },
    [act, today.data?.today],
  );

  if (today.isPending) return <Loader aria-label="Loading today" />;
  if (today.isError) return <Alert color="red" title="Could not load today">{today.error.message}</Alert>;
  const t = today.data;
  const total = t.overdue.length + t.dueToday.length + t.comingUp.length;
  // The lead section holds the first few; the sections by date list the rest, each action once.
  const leading = new Set(t.first.map((a) => a.id));
  const rest = (list: Action[]) => list.filter((a) => !leading.has(a.id));

  return (
    <Stack maw={1200} gap="md">
      <Group justify="space-between" align="flex-end" wrap="wrap" gap="xs">
        <div>
          <Title order={2}>Today</Title>
          <Text c="dimmed" size="sm">
            {new Date(`${t.today}T12:00:00Z`).toLocaleDateString(undefined, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })} · {t.timeZone} ·{' '}
            <Anchor component={Link} to="/settings/playbook" inherit>
              playbook settings
            </Anchor>
          </Text>
        </div>
        <KeyLegend />
      </Group>
      <TodayHeader today={t} />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="md" id="today-actions" tabIndex={-1} style={{ outline: 'none' }}>
            {total === 0 ? (
              <NothingDue />
            ) : (
              <>
                <Section
                  id="section-now"
                  title="Now — most important first"
                  description="What moves your search towards the next interview comes first; check-ins and housekeeping after."
                  actions={t.first}
                  today={t.today}
                  busy={busy}
                  run={run}
                  onMessage={setMessageFor}
                  showWhy
                />
                <Section title="Overdue" color="red" actions={rest(t.overdue)} today={t.today} busy={busy} run={run} onMessage={setMessageFor} />
                <Section
                  title="Due today"
                  color="teal"
                  actions={rest(t.dueToday)}
                  today={t.today}
                  busy={busy}
                  run={run}
                  onMessage={setMessageFor}
                  // Only when nothing at all is due today (what is due may all be in the lead).
                  empty={t.dueToday.length === 0 ? 'Nothing due today — a good day to ask someone for a conversation.' : undefined}
                />
                <Section title="Coming up" actions={rest(t.comingUp)} today={t.today} busy={busy} run={run} onMessage={setMessageFor} />
              </>
            )}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap="md">
            <ConversationsComing items={t.conversationsComing} />
            <Suspense fallback={<Loader size="sm" aria-label="Loading the reminder form" role="status" />}>
              <AddReminderForm ref={reminderRef} today={t.today} />
            </Suspense>
          </Stack>
        </Grid.Col>
      </Grid>
      {/* Mounted closed as soon as its chunk arrives (after the first screen), so that the dialog
          opens as a transition and gives the focus back to the action on Escape. */}
      <Suspense fallback={null}>
        <MessageDialog
          action={messageFor}
          onClose={() => setMessageFor(null)}
          onDoneAndLog={(a) => {
            setMessageFor(null);
            void run({ kind: 'done', action: a, logConversation: true }, document.querySelector<HTMLElement>(`[data-action-row="${CSS.escape(a.id)}"]`));
          }}
        />
      </Suspense>
    </Stack>
  );
}

interface SectionProps {
  id?: string;
  title: string;
  description?: string;
  showWhy?: boolean;
  color?: string;
  actions: Action[];
  today: string;
  busy: ReadonlySet<string>;
  run: (command: ActionCommand, row: HTMLElement | null) => void;
  onMessage: (action: Action) => void;
  empty?: string;
}

function Section({ id: givenId, title, description, showWhy, color, actions, today, busy, run, onMessage, empty }: SectionProps) {
  if (actions.length === 0 && !empty) return null;
  const id = givenId ?? `section-${title.toLowerCase().replace(/\s+/g, '-')}`;
  return (
    <section aria-labelledby={id}>
      <Group gap={6} mb={6} align="baseline">
        <Title order={3} size="h4" id={id} c={color ? `var(--mantine-color-${color}-text)` : undefined}>{title}</Title>
        {actions.length > 0 && <Text c="dimmed" size="sm">{actions.length}</Text>}
      </Group>
      {description && <Text c="dimmed" size="sm" mt={-4} mb={6}>{description}</Text>}
      {actions.length === 0 ? (
        <Text c="dimmed" size="sm">{empty}</Text>
      ) : (
        <Paper withBorder role="list" aria-labelledby={id} style={{ overflow: 'hidden' }}>
          {actions.map((a) => (
            <ActionRow key={a.id} action={a} today={today} busy={busy.has(a.id)} onCommand={run} onMessage={onMessage} showWhy={showWhy} />
          ))}
        </Paper>
      )}
    </section>
  );
}

function NothingDue() {
  return (
    <Paper withBorder p="xl" ta="center">
      <Stack align="center" gap="xs">
        <IconMoodSmile size={36} stroke={1.4} />
        <Text fw={600}>Nothing due — a good day to ask someone for a conversation.</Text>
        <Text c="dimmed" size="sm" maw={460}>
          Every conversation can lead to the next interview. Reach out to someone at one of your target organizations, or log the conversation you had yesterday: the
          thank-you, the follow-up call and the names they gave you will show up here.
        </Text>
        <Group gap="xs" justify="center">
          <Button component={Link} to="/conversations/new" leftSection={<IconCalendarPlus size={16} />}>Log or schedule a conversation</Button>
          <Button component={Link} to="/contacts/new" variant="default" leftSection={<IconUserPlus size={16} />}>Add a contact</Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function ConversationsComing({ items }: { items: Today['conversationsComing'] }) {
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="conversations-coming">
      <Stack gap="xs">
        <Group justify="space-between">
          <Text fw={700} id="conversations-coming">Conversations coming</Text>
          <Text size="xs" c="dimmed">next 14 days</Text>
        </Group>
        {items.length === 0 ? (
          <Text size="sm" c="dimmed">
            Nothing scheduled. <Anchor component={Link} to="/conversations/new" inherit>Schedule one</Anchor> — the goal of every day is to get the next interview.
          </Text>
        ) : (
          <Stack gap={8} component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
            {items.map((c) => (
              <li key={c.id}>
                <Anchor component={Link} to={`/conversations/${c.id}`} fw={600} size="sm">
                  {c.title ?? kindLabel(c.kind)}
                </Anchor>
                <Text size="xs" c="dimmed">
                  {formatInstantDay(c.startsAt)}, {formatTime(c.startsAt)}
                  {c.title ? ` · ${kindLabel(c.kind)}` : ''}
                  {c.participants.length > 0 ? ` · with ${c.participants.map((p) => p.displayName).join(', ')}` : ''}
                </Text>
              </li>
            ))}
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}
