import { Anchor, Badge, Button, Group, Kbd, Menu, Modal, Stack, Text, TextInput, ThemeIcon, Tooltip } from '@mantine/core';
import {
  IconBuilding,
  IconCheck,
  IconChecklist,
  IconChevronDown,
  IconClipboardText,
  IconClock,
  IconCoffee,
  IconMail,
  IconMessage,
  IconMessages,
  IconPhone,
  IconTarget,
  IconUser,
  IconX,
  type Icon,
} from '@tabler/icons-react';
import { useState, type KeyboardEvent, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import type { Action } from '../../../contracts/action.schema.js';
import { addDays, dueLabel, formatDay, isIsoDate, nextMonday } from './dates.js';
import type { ActionCommand } from './today.api.js';
import classes from './today.module.css';

export const CHANNEL: Record<Action['channel'], { icon: Icon; label: string; color: string }> = {
  email: { icon: IconMail, label: 'Email', color: 'blue' },
  call: { icon: IconPhone, label: 'Call', color: 'grape' },
  meeting: { icon: IconCoffee, label: 'Meeting', color: 'orange' },
  task: { icon: IconChecklist, label: 'Task', color: 'gray' },
};

/** An email or a call to someone can be logged as a conversation when it is done. */
export const canLog = (a: Action) => (a.channel === 'email' || a.channel === 'call') && a.recipients.length > 0;

/** The records an action is about, as links: people first, then organizations and conversations. */
function subjectLinks(a: Action): { key: string; to: string; label: string; icon: Icon }[] {
  const links: { key: string; to: string; label: string; icon: Icon }[] = [];
  const seen = new Set<string>();
  for (const r of a.recipients) {
    seen.add(r.id);
    links.push({ key: r.id, to: `/contacts/${r.id}`, label: r.displayName, icon: IconUser });
  }
  for (const s of a.subjects) {
    if (seen.has(s.id)) continue;
    seen.add(s.id);
    if (s.type === 'contact') links.push({ key: s.id, to: `/contacts/${s.id}`, label: s.label ?? 'Contact', icon: IconUser });
    else if (s.type === 'organization') links.push({ key: s.id, to: `/organizations/${s.id}`, label: s.label ?? 'Organization', icon: IconBuilding });
    // The prepare rule's conversation opens on its prep brief (/conversations/:id/prep).
    else if (s.type === 'conversation' && a.ruleId === 'prepare') links.push({ key: s.id, to: `/conversations/${s.id}/prep`, label: 'Prep brief', icon: IconClipboardText });
    else if (s.type === 'conversation') links.push({ key: s.id, to: `/conversations/${s.id}`, label: s.label ?? 'The conversation', icon: IconMessages });
    else if (s.type === 'event') links.push({ key: s.id, to: `/events/${s.id}`, label: s.label ?? 'The event', icon: IconMessages });
  }
  // The search-health rules are about the target list as a whole.
  if (links.length === 0 && (a.ruleId === 'in-the-works' || a.ruleId === 'target-gap')) links.push({ key: 'targets', to: '/targets', label: 'Target list', icon: IconTarget });
  return links;
}

/** Every action row on the page, in order (for the arrow keys). */
export function actionRows(): HTMLElement[] {
  return Array.from(document.querySelectorAll<HTMLElement>('[data-action-row]'));
}

function moveFocus(from: HTMLElement, delta: number | 'first' | 'last') {
  const rows = actionRows();
  const index = rows.indexOf(from);
  const target = delta === 'first' ? rows[0] : delta === 'last' ? rows.at(-1) : rows[Math.max(0, Math.min(rows.length - 1, index + delta))];
  target?.focus();
}

const isTyping = (el: HTMLElement) => el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName);

interface Props {
  action: Action;
  today: string;
  busy: boolean;
  onCommand: (command: ActionCommand, row: HTMLElement | null) => void;
  onMessage: (action: Action) => void;
  /** Among the first few on Today: say why it comes first. */
  showWhy?: boolean;
}

/**
 * One action: what to do, why, when, about whom — and Done, Snooze, Dismiss in one click or one
 * key (D, S, X; L logs an email or call as a conversation; M opens the message).
 */
export function ActionRow({ action: a, today, busy, onCommand, onMessage, showWhy = false }: Props) {
  const [snoozeOpen, setSnoozeOpen] = useState(false);
  const [doneOpen, setDoneOpen] = useState(false);
  const [pickOpen, setPickOpen] = useState(false);
  const [row, setRow] = useState<HTMLElement | null>(null);
  const channel = CHANNEL[a.channel];
  const overdue = a.dueOn < today;
  const loggable = canLog(a);

  const done = (logConversation: boolean) => onCommand({ kind: 'done', action: a, logConversation }, row);
  const snooze = (until: string) => onCommand({ kind: 'snooze', action: a, until }, row);
  const dismiss = () => onCommand({ kind: 'dismiss', action: a }, row);

  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    // Keys pressed in a menu or dialog (rendered in a portal) bubble through React, not the DOM.
    if (!e.currentTarget.contains(e.target as Node) || e.metaKey || e.ctrlKey || e.altKey) return;
    if (isTyping(e.target as HTMLElement) || busy) return;
    const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
    const handlers: Record<string, () => void> = {
      ArrowDown: () => moveFocus(e.currentTarget, 1),
      ArrowUp: () => moveFocus(e.currentTarget, -1),
      j: () => moveFocus(e.currentTarget, 1),
      k: () => moveFocus(e.currentTarget, -1),
      Home: () => moveFocus(e.currentTarget, 'first'),
      End: () => moveFocus(e.currentTarget, 'last'),
      d: () => done(false),
      s: () => setSnoozeOpen(true),
      x: () => dismiss(),
      ...(loggable ? { l: () => done(true) } : {}),
      ...(a.templateId ? { m: () => onMessage(a) } : {}),
    };
    const handler = handlers[key];
    if (!handler || e.shiftKey) return;
    e.preventDefault();
    handler();
  };

  // On a Sunday, next Monday is tomorrow: offer it once.
  const snoozeChoices = [
    { key: 't', label: 'Tomorrow', until: addDays(today, 1) },
    { key: 'n', label: 'Next Monday', until: nextMonday(today) },
    { key: 'w', label: 'In a week', until: addDays(today, 7) },
  ].filter((c, i, all) => all.findIndex((o) => o.until === c.until) === i);
  const links = subjectLinks(a);
  const shortcuts = ['D', 'S', 'X', ...(loggable ? ['L'] : []), ...(a.templateId ? ['M'] : [])].join(' ');

  return (
    <div
      ref={setRow}
      role="listitem"
      tabIndex={0}
      data-action-row={a.id}
      className={classes.row}
      aria-label={`${a.title}, due ${dueLabel(a.dueOn, today)}`}
      aria-keyshortcuts={shortcuts}
      aria-busy={busy || undefined}
      onKeyDown={onKeyDown}
    >
      <Group align="flex-start" gap="sm" wrap="nowrap">
        <Tooltip label={channel.label} withArrow>
          <ThemeIcon variant="light" color={channel.color} size="lg" radius="xl" role="img" aria-label={channel.label} mt={2}>
            <channel.icon size={18} stroke={1.6} />
          </ThemeIcon>
        </Tooltip>
        <Stack gap={4} style={{ flex: 1, minWidth: 0 }}>
          <Group gap="xs" wrap="wrap" align="baseline">
            <Text fw={600}>{a.title}</Text>
            <Badge size="sm" tt="none" variant={overdue ? 'filled' : 'light'} color={overdue ? 'red' : a.dueOn === today ? 'teal' : 'gray'} title={a.dueOn}>
              {overdue || a.dueOn === today ? dueLabel(a.dueOn, today) : `${formatDay(a.dueOn, today)} · ${dueLabel(a.dueOn, today)}`}
            </Badge>
            {a.suggestedBy ? (
              <Badge size="sm" tt="none" variant="outline" color="teal">suggested by {a.suggestedBy}, your coach</Badge>
            ) : (
              a.ruleId === null && <Badge size="sm" tt="none" variant="outline" color="gray">your reminder</Badge>
            )}
          </Group>
          {!(a.ruleId === null && a.reason === 'Your own reminder') && <Text size="sm" c="dimmed">{a.reason}</Text>}
          {showWhy && a.whyFirst && (
            <Text size="sm">
              <Text span fw={600} size="sm">Why first:</Text> {a.whyFirst}
            </Text>
          )}
          {links.length > 0 && (
            <Group gap="md" wrap="wrap">
              {links.map((l) => (
                <Anchor key={l.key} component={Link} to={l.to} size="sm" style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}>
                  <l.icon size={14} stroke={1.6} />
                  {l.label}
                </Anchor>
              ))}
            </Group>
          )}
          <Group gap={6} wrap="wrap" mt={4}>
            <DoneButton loggable={loggable} opened={doneOpen} setOpened={setDoneOpen} busy={busy} onDone={done} />
            <Menu opened={snoozeOpen} onChange={setSnoozeOpen} position="bottom-start" withinPortal>
              <Menu.Target>
                <Button size="compact-sm" variant="default" leftSection={<IconClock size={14} />} disabled={busy} aria-keyshortcuts="S">
                  Snooze
                </Button>
              </Menu.Target>
              <Menu.Dropdown
                aria-label={`Snooze ${a.title}`}
                onKeyDown={(e) => {
                  const choice = snoozeChoices.find((c) => c.key === e.key.toLowerCase());
                  if (choice) { e.preventDefault(); setSnoozeOpen(false); snooze(choice.until); }
                  if (e.key.toLowerCase() === 'p') { e.preventDefault(); setSnoozeOpen(false); setPickOpen(true); }
                }}
              >
                <Menu.Label>Snooze until</Menu.Label>
                {snoozeChoices.map((c) => (
                  <Menu.Item key={c.key} onClick={() => snooze(c.until)} leftSection={<Kbd size="xs">{c.key.toUpperCase()}</Kbd>} rightSection={<Text size="xs" c="dimmed" ml="md">{formatDay(c.until, today)}</Text>}>
                    {c.label}
                  </Menu.Item>
                ))}
                <Menu.Item onClick={() => setPickOpen(true)} leftSection={<Kbd size="xs">P</Kbd>}>Pick a date…</Menu.Item>
              </Menu.Dropdown>
            </Menu>
            <Button size="compact-sm" variant="subtle" color="gray" leftSection={<IconX size={14} />} onClick={dismiss} disabled={busy} aria-keyshortcuts="X">
              Dismiss
            </Button>
            {a.templateId && (
              <Button size="compact-sm" variant="light" leftSection={<IconMessage size={14} />} onClick={() => onMessage(a)} aria-keyshortcuts="M">
                {a.channel === 'call' ? 'Script' : 'Message'}
              </Button>
            )}
          </Group>
        </Stack>
      </Group>
      <PickDateModal
        opened={pickOpen}
        today={today}
        title={a.title}
        onClose={() => { setPickOpen(false); row?.focus(); }}
        onPick={(until) => { setPickOpen(false); snooze(until); }}
      />
    </div>
  );
}

function DoneButton({ loggable, opened, setOpened, busy, onDone }: { loggable: boolean; opened: boolean; setOpened: (v: boolean) => void; busy: boolean; onDone: (log: boolean) => void }) {
  const main = (
    <Button size="compact-sm" variant="light" color="teal" leftSection={<IconCheck size={14} />} onClick={() => onDone(false)} disabled={busy} aria-keyshortcuts="D">
      Done
    </Button>
  );
  if (!loggable) return main;
  return (
    <Button.Group>
      {main}
      <Menu opened={opened} onChange={setOpened} position="bottom-start" withinPortal>
        <Menu.Target>
          <Button size="compact-sm" variant="light" color="teal" px={6} aria-label="More ways to mark it done" disabled={busy} style={{ borderLeft: '1px solid var(--mantine-color-teal-2)' }}>
            <IconChevronDown size={14} />
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item leftSection={<IconMessages size={14} />} onClick={() => onDone(true)} rightSection={<Text size="xs" c="dimmed">L</Text>}>
            Done — log it as a conversation
          </Menu.Item>
          <Menu.Item leftSection={<IconCheck size={14} />} onClick={() => onDone(false)} rightSection={<Text size="xs" c="dimmed">D</Text>}>
            Done — don’t log it
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
    </Button.Group>
  );
}

function PickDateModal({ opened, today, title, onClose, onPick }: { opened: boolean; today: string; title: string; onClose: () => void; onPick: (until: string) => void }) {
  const tomorrow = addDays(today, 1);
  const [value, setValue] = useState(addDays(today, 3));
  const [error, setError] = useState<ReactNode>(null);
  const submit = () => {
    if (!isIsoDate(value)) return setError('Pick a date');
    if (value <= today) return setError('Pick a day after today');
    setError(null);
    onPick(value);
  };
  return (
    <Modal opened={opened} onClose={onClose} title={`Snooze “${title}”`} size="sm">
      <form onSubmit={(e) => { e.preventDefault(); submit(); }} noValidate>
        <Stack>
          <TextInput type="date" label="Snooze until" min={tomorrow} value={value} onChange={(e) => setValue(e.currentTarget.value)} error={error} data-autofocus />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>Cancel</Button>
            <Button type="submit" leftSection={<IconClock size={16} />}>Snooze</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** The small legend of the row keys. */
export function KeyLegend() {
  const items: [string, string][] = [['↑ ↓', 'move'], ['?', 'all keys'], ['D', 'done'], ['L', 'done & log'], ['S', 'snooze'], ['X', 'dismiss'], ['M', 'message']];
  return (
    <Group gap="sm" visibleFrom="sm" aria-label="Keyboard shortcuts">
      {items.map(([k, label]) => (
        <Text key={k} size="xs" c="dimmed">
          <Kbd size="xs">{k}</Kbd> {label}
        </Text>
      ))}
    </Group>
  );
}
