import { ActionIcon, Kbd, Modal, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { IconKeyboard } from '@tabler/icons-react';
import { useCallback, useEffect, useState } from 'react';
import { matchPath, useLocation } from 'react-router-dom';
import { useHotkey } from './useHotkey.js';

interface ShortcutGroup {
  title: string;
  /** The pages it applies to (react-router patterns); none: everywhere. */
  paths?: string[];
  keys: [keys: string[], what: string][];
}

/**
 * Every keyboard shortcut of the app, by page. A page that adds a key adds it here, so `?`
 * stays the one place that says what the keys do.
 */
export const SHORTCUTS: ShortcutGroup[] = [
  {
    title: 'Today',
    paths: ['/'],
    keys: [
      [['↓', 'J'], 'next action'],
      [['↑', 'K'], 'previous action'],
      [['Home', 'End'], 'first or last action'],
      [['D'], 'done'],
      [['L'], 'done, and log the email or call as a conversation'],
      [['S'], 'snooze (then T tomorrow, N next Monday, W in a week, P pick a date)'],
      [['X'], 'dismiss'],
      [['M'], 'open the message or call script'],
      [['R'], 'add a reminder'],
    ],
  },
  {
    title: 'Contacts',
    paths: ['/contacts'],
    keys: [
      [['/'], 'search'],
      [['N'], 'new contact'],
      [['↑', '↓'], 'move through the list'],
      [['Enter'], 'open'],
      [['E'], 'edit the focused contact'],
    ],
  },
  { title: 'A contact', paths: ['/contacts/:id'], keys: [[['E'], 'edit'], [['L'], 'log a conversation with them']] },
  { title: 'Conversations', paths: ['/conversations'], keys: [[['N', 'L'], 'log or schedule a conversation']] },
  { title: 'A conversation', paths: ['/conversations/:id'], keys: [[['E'], 'edit']] },
  { title: 'Events', paths: ['/events'], keys: [[['N'], 'new event']] },
  { title: 'An event', paths: ['/events/:id'], keys: [[['E'], 'edit']] },
  { title: 'Organizations', paths: ['/organizations'], keys: [[['/'], 'search'], [['N'], 'new organization']] },
  { title: 'An organization', paths: ['/organizations/:id'], keys: [[['E'], 'edit']] },
  { title: 'Target list', paths: ['/targets'], keys: [[['Alt+↑', 'Alt+↓'], 'move the focused target up or down'], [['Space'], 'pick up the row by its handle, arrows to move, Space to drop']] },
  {
    title: 'Opportunities',
    paths: ['/opportunities'],
    keys: [
      [[']', 'Alt+→'], 'next stage'],
      [['[', 'Alt+←'], 'previous stage'],
      [['Alt+↑', 'Alt+↓'], 'move within the column'],
      [['Enter'], 'open'],
    ],
  },
  {
    title: 'Search and commands',
    keys: [
      [['Ctrl+K', '⌘K'], 'open it from any page, even while typing in a field'],
      [['↑', '↓'], 'move through what it found'],
      [['Enter'], 'open the record, or run the command'],
      [['Esc'], 'close it (the focus returns where it was)'],
    ],
  },
  {
    title: 'Everywhere',
    keys: [
      [['Ctrl+K', '⌘K'], 'search and commands'],
      [['?'], 'this list'],
      [['Tab', 'Shift+Tab'], 'next or previous control'],
      [['Esc'], 'close a dialog or menu (the focus returns where it was)'],
    ],
  },
];

/** Dispatched on `window` to open this list from elsewhere (the command palette). */
export const OPEN_SHORTCUTS_EVENT = 'rapport:shortcuts';

const slug = (title: string) => `keys-${title.toLowerCase().replace(/\W+/g, '-')}`;

/** A header button, and `?` anywhere outside a text field: the keyboard shortcuts, this page's first. */
export function ShortcutsHelp() {
  const [opened, setOpened] = useState(false);
  const { pathname } = useLocation();
  const open = useCallback(() => setOpened(true), []);
  useHotkey('?', open);
  useEffect(() => {
    window.addEventListener(OPEN_SHORTCUTS_EVENT, open);
    return () => window.removeEventListener(OPEN_SHORTCUTS_EVENT, open);
  }, [open]);
  const here = (g: ShortcutGroup) => g.paths?.some((p) => matchPath(p, pathname)) ?? false;
  const groups = [...SHORTCUTS.filter(here), ...SHORTCUTS.filter((g) => !here(g))];
  return (
    <>
      <Tooltip label="Keyboard shortcuts (?)">
        <ActionIcon variant="subtle" color="gray" size="lg" onClick={open} aria-label="Keyboard shortcuts" aria-keyshortcuts="?">
          <IconKeyboard size={20} stroke={1.6} />
        </ActionIcon>
      </Tooltip>
      <Modal opened={opened} onClose={() => setOpened(false)} title="Keyboard shortcuts" size="lg">
      <Stack gap="md">
        {groups.map((g) => (
          <section key={g.title} aria-labelledby={slug(g.title)}>
            <Title order={3} size="h5" id={slug(g.title)} mb={4}>
              {g.title}
              {here(g) && <Text span size="sm" c="dimmed" fw={400}> · this page</Text>}
            </Title>
            <Table fz="sm" verticalSpacing={4} aria-labelledby={slug(g.title)}>
              <Table.Tbody>
                {g.keys.map(([keys, what]) => (
                  <Table.Tr key={what}>
                    <Table.Td w="38%">
                      {keys.map((k, i) => (
                        <span key={k}>
                          {i > 0 && ' or '}
                          <Kbd size="sm">{k}</Kbd>
                        </span>
                      ))}
                    </Table.Td>
                    <Table.Td>{what}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </section>
        ))}
      </Stack>
      </Modal>
    </>
  );
}
