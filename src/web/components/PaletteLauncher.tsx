import { ActionIcon, Button, Tooltip } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { lazy, Suspense, useCallback, useEffect, useRef, useState } from 'react';

// The palette (its list, its commands, its requests) is a chunk of its own: only this button
// and the Ctrl/Cmd+K listener are in the first load.
const loadPalette = () => import('../features/palette/CommandPalette.js');
const CommandPalette = lazy(() => loadPalette().then((m) => ({ default: m.CommandPalette })));

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
/** How the shortcut is written on this machine. */
export const PALETTE_KEY = isMac ? '⌘K' : 'Ctrl+K';

/**
 * The header's search button, and Ctrl+K (⌘K on a Mac) from anywhere, even inside a field: the
 * command palette. Escape closes it and gives the focus back to where it was; choosing a record
 * or a page goes there.
 */
export function PaletteLauncher() {
  const [opened, setOpened] = useState(false);
  // Mounted once asked for, then kept (closed) so that its state and chunk stay.
  const [mounted, setMounted] = useState(false);
  const returnTo = useRef<HTMLElement | null>(null);

  const open = useCallback(() => {
    const active = document.activeElement;
    returnTo.current = active instanceof HTMLElement && active !== document.body ? active : null;
    setMounted(true);
    setOpened(true);
  }, []);

  const close = useCallback((how: 'dismissed' | 'navigated') => {
    setOpened(false);
    const back = returnTo.current;
    returnTo.current = null;
    if (how === 'dismissed') {
      if (back?.isConnected) back.focus();
      else document.getElementById('main')?.focus();
    }
    // After a move to another page, that page places the focus; if it does not, the page itself.
    else window.setTimeout(() => {
      if (document.activeElement === document.body) document.getElementById('main')?.focus();
    }, 50);
  }, []);

  // Fetched once the first screen has settled, so that the first Ctrl+K opens at once.
  useEffect(() => {
    const timer = window.setTimeout(() => void loadPalette(), 3_000);
    return () => window.clearTimeout(timer);
  }, []);

  useEffect(() => {
    const listener = (event: KeyboardEvent) => {
      if (event.key.toLowerCase() !== 'k' || !(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return;
      event.preventDefault();
      if (!opened) open();
    };
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, [open, opened]);

  const label = `Search and commands (${PALETTE_KEY})`;
  return (
    <>
      <Tooltip label={label}>
        <Button
          visibleFrom="sm"
          variant="default"
          size="compact-sm"
          leftSection={<IconSearch size={16} stroke={1.6} aria-hidden />}
          onClick={open}
          onPointerEnter={() => void loadPalette()}
          aria-keyshortcuts="Control+K Meta+K"
          aria-haspopup="dialog"
        >
          Search
        </Button>
      </Tooltip>
      <Tooltip label={label}>
        <ActionIcon hiddenFrom="sm" variant="subtle" color="gray" size="lg" onClick={open} aria-label="Search" aria-keyshortcuts="Control+K Meta+K" aria-haspopup="dialog">
          <IconSearch size={20} stroke={1.6} />
        </ActionIcon>
      </Tooltip>
      {mounted && (
        <Suspense fallback={null}>
          <CommandPalette opened={opened} onClose={close} />
        </Suspense>
      )}
    </>
  );
}
