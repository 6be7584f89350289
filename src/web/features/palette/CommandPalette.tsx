import { Modal, Text, TextInput, VisuallyHidden, useComputedColorScheme, useMantineColorScheme } from '@mantine/core';
import { useDebouncedValue, useMediaQuery } from '@mantine/hooks';
import { IconAddressBook, IconArrowRight, IconBuilding, IconKeyboard, IconLayoutKanban, IconMessages, IconMoon, IconPlus, IconSearch, type Icon } from '@tabler/icons-react';
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { CONVERSATION_KIND_LABELS } from '../../../contracts/conversation.labels.js';
import { OPPORTUNITY_STAGE_LABELS } from '../../../contracts/opportunity.labels.js';
import type { SearchResult } from '../../../contracts/search.schema.js';
import { formatDate } from '../../components/time.js';
import { OPEN_SHORTCUTS_EVENT } from '../../components/ShortcutsHelp.js';
import { matchCommands, paletteCommands, type PaletteCommand } from './commands.js';
import classes from './palette.module.css';
import { usePaletteSearch } from './palette.api.js';

interface PaletteOption {
  key: string;
  label: string;
  description?: string | undefined;
  excerpt?: string | null | undefined;
  icon: Icon;
  to?: string | undefined;
  run?: PaletteCommand['run'];
}

interface PaletteGroup {
  title: string;
  options: PaletteOption[];
}

const commandIcon = (c: PaletteCommand): Icon => (c.run === 'shortcuts' ? IconKeyboard : c.run === 'color-scheme' ? IconMoon : c.id.startsWith('go-') ? IconArrowRight : IconPlus);

const join = (...parts: (string | null | undefined)[]) => parts.filter(Boolean).join(' · ');

/** The groups to show: the commands that match, then what the search found. */
function groupsOf(commands: PaletteCommand[], found: SearchResult | undefined, q: string): PaletteGroup[] {
  const groups: PaletteGroup[] = [];
  const query = encodeURIComponent(q);
  if (commands.length > 0) {
    groups.push({ title: 'Commands', options: commands.map((c) => ({ key: `command:${c.id}`, label: c.label, icon: commandIcon(c), to: c.to, run: c.run })) });
  }
  if (!found) return groups;
  const contacts: PaletteOption[] = found.contacts.items.map((c) => ({ key: `contact:${c.id}`, label: c.displayName, description: join(c.title, c.organizationName), icon: IconAddressBook, to: `/contacts/${c.id}` }));
  if (found.contacts.more) contacts.push({ key: 'contacts:more', label: `All contacts matching “${q}”`, icon: IconSearch, to: `/contacts?q=${query}` });
  const organizations: PaletteOption[] = found.organizations.items.map((o) => ({
    key: `organization:${o.id}`,
    label: o.name,
    description: join(o.targetRank === null ? null : `Target #${o.targetRank}`, o.location),
    icon: IconBuilding,
    to: `/organizations/${o.id}`,
  }));
  if (found.organizations.more) organizations.push({ key: 'organizations:more', label: `All organizations matching “${q}”`, icon: IconSearch, to: `/organizations?q=${query}` });
  const opportunities: PaletteOption[] = found.opportunities.items.map((o) => ({
    key: `opportunity:${o.id}`,
    label: o.title,
    description: join(o.organizationName, OPPORTUNITY_STAGE_LABELS[o.stage]),
    icon: IconLayoutKanban,
    to: `/opportunities/${o.id}`,
  }));
  const conversations: PaletteOption[] = found.conversations.items.map((c) => {
    const kind = CONVERSATION_KIND_LABELS[c.kind];
    const people = c.participants.join(', ');
    return {
      key: `conversation:${c.id}`,
      label: c.title ?? (people ? `${kind} with ${people}` : kind),
      description: join(formatDate(c.startsAt), c.title ? kind : null, c.title ? people : null, c.status === 'scheduled' ? 'scheduled' : c.status === 'cancelled' ? 'cancelled' : null),
      excerpt: c.excerpt,
      icon: IconMessages,
      to: `/conversations/${c.id}`,
    };
  });
  for (const [title, options] of [['Contacts', contacts], ['Organizations', organizations], ['Opportunities', opportunities], ['Conversations', conversations]] as const) {
    if (options.length > 0) groups.push({ title, options });
  }
  return groups;
}

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * Ctrl/Cmd+K: one box to find a contact, an organization, an opportunity or a conversation, or
 * to run a command (log a conversation, add a contact, go to a page). An ARIA combobox: the
 * focus stays in the box, ↑/↓ move through the options (`aria-activedescendant`), Enter
 * chooses, Escape closes and gives the focus back.
 *
 * Written on Mantine's Modal rather than taken from @mantine/spotlight, whose actions are plain
 * buttons with no listbox, option or active-descendant semantics, so a screen reader hears
 * nothing as the arrows move.
 */
export function CommandPalette({ opened, onClose }: { opened: boolean; onClose: (how: 'dismissed' | 'navigated') => void }) {
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const phone = useMediaQuery('(max-width: 36em)') ?? false;
  const { setColorScheme } = useMantineColorScheme();
  const dark = useComputedColorScheme('light', { getInitialValueInEffect: false }) === 'dark';
  const [query, setQuery] = useState('');
  const [debounced] = useDebouncedValue(query.trim(), 120);
  const search = usePaletteSearch(debounced);
  // The active option by key, so that results arriving while the arrows move keep it where it is.
  const [activeKey, setActiveKey] = useState<string | null>(null);
  const id = useId().replace(/:/g, '');
  const listId = `${id}-list`;

  const commands = useMemo(() => matchCommands(paletteCommands(pathname), query), [pathname, query]);
  const found = debounced ? search.data : undefined;
  const groups = useMemo(() => groupsOf(commands, found, debounced), [commands, found, debounced]);
  const options = groups.flatMap((g) => g.options);
  const optionId = (index: number) => `${id}-option-${index}`;
  const current = options.length === 0 ? -1 : Math.max(0, options.findIndex((o) => o.key === activeKey));
  const setActive = (index: number) => setActiveKey(options[index]?.key ?? null);

  // Closing (Escape, a choice): the focus is given away on purpose.
  const closing = useRef(false);
  const close = (how: 'dismissed' | 'navigated') => {
    closing.current = true;
    onClose(how);
  };
  // A page that finishes loading behind the palette may focus one of its fields: the focus
  // belongs to the dialog while it is open (typing would otherwise go to the page). Taken back
  // in the same event, so no key pressed meanwhile goes astray.
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (!opened) return;
    const listener = (event: globalThis.FocusEvent) => {
      const box = input.current;
      const dialog = box?.closest('[role="dialog"]');
      if (closing.current || !box || !dialog || !(event.target instanceof Node) || dialog.contains(event.target)) return;
      box.focus();
    };
    document.addEventListener('focusin', listener, true);
    return () => document.removeEventListener('focusin', listener, true);
  }, [opened]);

  // A new query starts again from the first option.
  useEffect(() => setActiveKey(null), [query]);
  // Opened again: a fresh start.
  useEffect(() => {
    if (!opened) return;
    closing.current = false;
    setQuery('');
  }, [opened]);
  useEffect(() => {
    if (current >= 0) document.getElementById(optionId(current))?.scrollIntoView({ block: 'nearest' });
  });

  const choose = (option: PaletteOption | undefined) => {
    if (!option) return;
    if (option.to) {
      close('navigated');
      navigate(option.to);
    } else if (option.run === 'shortcuts') {
      close('dismissed');
      window.setTimeout(() => window.dispatchEvent(new Event(OPEN_SHORTCUTS_EVENT)), 0);
    } else if (option.run === 'color-scheme') {
      setColorScheme(dark ? 'light' : 'dark');
      close('dismissed');
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.nativeEvent.isComposing || options.length === 0) return;
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      setActive((current + 1) % options.length);
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setActive((current - 1 + options.length) % options.length);
    } else if (event.key === 'PageDown' || event.key === 'PageUp') {
      event.preventDefault();
      setActive(event.key === 'PageDown' ? Math.min(options.length - 1, current + 5) : Math.max(0, current - 5));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      choose(options[current]);
    }
  };

  const waiting = Boolean(query.trim()) && (debounced !== query.trim() || search.isFetching);
  const records = found ? found.contacts.items.length + found.organizations.items.length + found.opportunities.items.length + found.conversations.items.length : 0;
  const status = !query.trim()
    ? `${count(commands.length, 'command', 'commands')}`
    : waiting
      ? 'Searching…'
      : search.isError
        ? `The search failed: ${search.error.message}`
        : `${count(records, 'record', 'records')} and ${count(commands.length, 'command', 'commands')} found`;

  let index = -1;
  return (
    <Modal
      opened={opened}
      onClose={() => close('dismissed')}
      title="Search and commands"
      size="lg"
      fullScreen={phone}
      yOffset="8vh"
      returnFocus={false}
      closeButtonProps={{ 'aria-label': 'Close' }}
      className={phone ? classes.phone : undefined}
    >
      <TextInput
        data-autofocus
        value={query}
        onChange={(e) => setQuery(e.currentTarget.value)}
        onKeyDown={onKeyDown}
        ref={input}
        leftSection={<IconSearch size={18} stroke={1.6} aria-hidden />}
        placeholder="A name, an organization, a conversation… or a command"
        aria-label="Search or type a command"
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={options.length > 0}
        aria-controls={listId}
        aria-activedescendant={current >= 0 ? optionId(current) : undefined}
        autoComplete="off"
        spellCheck={false}
        size="md"
      />
      <VisuallyHidden role="status" aria-live="polite">
        {status}
      </VisuallyHidden>
      {query.trim() && !waiting && !search.isError && options.length === 0 && (
        <Text c="dimmed" size="sm" mt="sm">
          Nothing found for “{query.trim()}”.
        </Text>
      )}
      {search.isError && (
        <Text c="red.8" size="sm" mt="sm">
          The search failed: {search.error.message}
        </Text>
      )}
      <div id={listId} role="listbox" aria-label="Results" className={classes.list}>
        {groups.map((group) => (
          <div key={group.title} role="group" aria-labelledby={`${id}-${group.title}`}>
            <div id={`${id}-${group.title}`} className={classes.groupLabel} aria-hidden>
              {group.title}
            </div>
            {group.options.map((option) => {
              index += 1;
              const mine = index;
              const OptionIcon = option.icon;
              return (
                <div
                  key={option.key}
                  id={optionId(mine)}
                  role="option"
                  aria-selected={mine === current}
                  className={classes.option}
                  onMouseDown={(e) => e.preventDefault()}
                  onMouseMove={() => mine !== current && setActive(mine)}
                  onClick={() => choose(option)}
                >
                  <OptionIcon size={18} stroke={1.6} className={classes.icon} aria-hidden />
                  <span className={classes.body}>
                    <span>{option.label}</span>
                    {option.description && <span className={classes.description}>{option.description}</span>}
                    {option.excerpt && <span className={classes.description}>“{option.excerpt}”</span>}
                  </span>
                </div>
              );
            })}
          </div>
        ))}
      </div>
    </Modal>
  );
}
