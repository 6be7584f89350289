import { Alert, Badge, Button, Group, Kbd, Loader, Paper, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconPlus, IconSearch, IconUsers } from '@tabler/icons-react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { contactSortSchema, type ContactSort, type ContactSummary } from '../../../contracts/contact.schema.js';
import { useHotkey } from '../../components/useHotkey.js';
import { useContactPages, useTags, type ContactFilters } from './contacts.api.js';

const ROW_HEIGHT = 60;
const SORT_LABELS: Record<ContactSort, string> = {
  name: 'Name A–Z',
  '-name': 'Name Z–A',
  organization: 'Organization A–Z',
  '-organization': 'Organization Z–A',
  updated: 'Least recently updated',
  '-updated': 'Recently updated',
  created: 'Oldest first',
  '-created': 'Newest first',
};

/** The contacts list: instant search, filters, and a virtualised list that stays smooth at 30,000 rows. */
export function ContactsPage() {
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const [search, setSearch] = useState(params.get('q') ?? '');
  const [debouncedSearch] = useDebouncedValue(search, 150);
  const [organization, setOrganization] = useState(params.get('organization') ?? '');
  const [debouncedOrganization] = useDebouncedValue(organization, 250);
  const tag = params.get('tag');
  const sortParam = contactSortSchema.safeParse(params.get('sort'));
  const sort: ContactSort = sortParam.success ? sortParam.data : 'name';
  const filters: ContactFilters = { q: debouncedSearch.trim(), tag, organization: debouncedOrganization.trim(), sort };

  // Keep filters in the address so that reload and back keep the view.
  useEffect(() => {
    const next = new URLSearchParams();
    if (filters.q) next.set('q', filters.q);
    if (tag) next.set('tag', tag);
    if (filters.organization) next.set('organization', filters.organization);
    if (sort !== 'name') next.set('sort', sort);
    if (next.toString() !== params.toString()) setParams(next, { replace: true });
  }, [filters.q, tag, filters.organization, sort, params, setParams]);

  const setParam = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };

  const pages = useContactPages(filters);
  const tags = useTags();
  const rows = useMemo(() => pages.data?.pages.flatMap((p) => p.items) ?? [], [pages.data]);
  const total = pages.data?.pages[0]?.total ?? 0;
  const filtered = Boolean(filters.q || tag || filters.organization);

  const searchRef = useRef<HTMLInputElement>(null);
  const focusSearch = useCallback(() => searchRef.current?.focus(), []);
  const newContact = useCallback(() => navigate('/contacts/new'), [navigate]);
  useHotkey('/', focusSearch);
  useHotkey('n', newContact);

  return (
    <Stack gap="sm" h="calc(100dvh - 52px - 2 * var(--mantine-spacing-md))">
      <Group justify="space-between" wrap="nowrap">
        <Group gap="xs" align="baseline">
          <Title order={2}>Contacts</Title>
          {pages.data && (
            <Text c="dimmed" size="sm" data-testid="contacts-total">
              {total.toLocaleString()} {filtered ? 'matching' : total === 1 ? 'person' : 'people'}
            </Text>
          )}
        </Group>
        <Button component={Link} to="/contacts/new" leftSection={<IconPlus size={16} />} rightSection={<Kbd size="xs">N</Kbd>}>
          New contact
        </Button>
      </Group>
      <Group gap="sm" wrap="wrap">
        <TextInput
          ref={searchRef}
          aria-label="Search contacts"
          placeholder="Search name, email, organization, title"
          leftSection={<IconSearch size={16} />}
          rightSection={<Kbd size="xs">/</Kbd>}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown') {
              e.preventDefault();
              document.querySelector<HTMLElement>('[data-contact-row="0"]')?.focus();
            }
            if (e.key === 'Escape') setSearch('');
          }}
          style={{ flex: '1 1 280px' }}
        />
        <Select
          aria-label="Filter by tag"
          placeholder="Any tag"
          data={(tags.data ?? []).map((t) => ({ value: t.tag, label: `${t.tag} (${t.count})` }))}
          value={tag}
          onChange={(v) => setParam('tag', v)}
          clearable
          searchable
          w={180}
        />
        <TextInput aria-label="Filter by organization" placeholder="Organization" value={organization} onChange={(e) => setOrganization(e.currentTarget.value)} w={200} />
        <Select
          aria-label="Sort"
          data={contactSortSchema.options.map((value) => ({ value, label: SORT_LABELS[value] }))}
          value={sort}
          onChange={(v) => setParam('sort', v && v !== 'name' ? v : null)}
          allowDeselect={false}
          w={200}
        />
      </Group>
      {pages.isError && <Alert color="red" title="Could not load contacts">{pages.error.message}</Alert>}
      {pages.isPending ? (
        <Loader aria-label="Loading contacts" />
      ) : rows.length === 0 ? (
        <EmptyState filtered={filtered} onClear={() => { setSearch(''); setOrganization(''); setParams(new URLSearchParams(), { replace: true }); }} />
      ) : (
        <VirtualContactList rows={rows} total={total} hasMore={Boolean(pages.hasNextPage)} loadMore={() => void pages.fetchNextPage()} loadingMore={pages.isFetchingNextPage} />
      )}
    </Stack>
  );
}

function EmptyState({ filtered, onClear }: { filtered: boolean; onClear: () => void }) {
  return (
    <Paper withBorder p="xl" ta="center">
      <Stack align="center" gap="xs">
        <IconUsers size={36} stroke={1.4} />
        {filtered ? (
          <>
            <Text fw={600}>No contacts match</Text>
            <Button variant="light" onClick={onClear}>Clear search and filters</Button>
          </>
        ) : (
          <>
            <Text fw={600}>No contacts yet</Text>
            <Text c="dimmed" size="sm" maw={420}>
              Jobs come from people. Start with the people you already know — a former colleague, the person you met at last week's networking meeting.
            </Text>
            <Button component={Link} to="/contacts/new" leftSection={<IconPlus size={16} />}>Add your first contact</Button>
          </>
        )}
      </Stack>
    </Paper>
  );
}

function VirtualContactList(props: { rows: ContactSummary[]; total: number; hasMore: boolean; loadMore: () => void; loadingMore: boolean }) {
  const { rows, hasMore, loadMore, loadingMore } = props;
  const parentRef = useRef<HTMLDivElement>(null);
  const navigate = useNavigate();
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => parentRef.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  const items = virtualizer.getVirtualItems();
  const last = items.at(-1);

  // Fetch the next page when the user nears the end of what is loaded.
  useEffect(() => {
    if (last && last.index >= rows.length - 20 && hasMore && !loadingMore) loadMore();
  }, [last, rows.length, hasMore, loadingMore, loadMore]);

  const focusRow = (index: number) => {
    const clamped = Math.max(0, Math.min(rows.length - 1, index));
    virtualizer.scrollToIndex(clamped, { align: 'auto' });
    requestAnimationFrame(() => document.querySelector<HTMLElement>(`[data-contact-row="${clamped}"]`)?.focus());
  };

  return (
    <Paper withBorder style={{ flex: 1, minHeight: 240, overflow: 'hidden' }}>
      <div ref={parentRef} style={{ height: '100%', overflowY: 'auto' }} role="list" aria-label="Contacts">
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
            const c = rows[item.index];
            if (!c) return null;
            // The list item is positioned; the link inside it is what a screen reader and the
            // Tab key reach (a link given the listitem role would lose its name and its role).
            return (
              <div
                key={c.id}
                role="listitem"
                aria-setsize={props.total}
                aria-posinset={item.index + 1}
                style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
              >
                <Link
                  to={`/contacts/${c.id}`}
                  data-contact-row={item.index}
                  className="contact-row"
                  onKeyDown={(e) => {
                    if (e.key === 'ArrowDown') { e.preventDefault(); focusRow(item.index + 1); }
                    if (e.key === 'ArrowUp') { e.preventDefault(); if (item.index === 0) document.querySelector<HTMLInputElement>('input[aria-label="Search contacts"]')?.focus(); else focusRow(item.index - 1); }
                    if (e.key === 'e') { e.preventDefault(); navigate(`/contacts/${c.id}/edit`); }
                  }}
                  style={{
                    height: '100%', display: 'flex', alignItems: 'center', gap: 12, padding: '0 16px', textDecoration: 'none', color: 'inherit',
                    borderBottom: '1px solid var(--mantine-color-default-border)',
                  }}
                >
                  <div style={{ flex: '1 1 40%', minWidth: 0 }}>
                    <Text fw={600} truncate>{c.displayName}</Text>
                    <Text size="sm" c="dimmed" truncate>{[c.title, c.organizationName].filter(Boolean).join(' · ') || '\u00a0'}</Text>
                  </div>
                  <Text size="sm" c="dimmed" truncate style={{ flex: '1 1 30%' }} visibleFrom="sm">{c.primaryEmail ?? ''}</Text>
                  <Group gap={4} style={{ flex: '0 1 25%', overflow: 'hidden' }} wrap="nowrap" visibleFrom="md">
                    {c.tags.slice(0, 3).map((t) => <Badge key={t} variant="light" size="sm">{t}</Badge>)}
                  </Group>
                </Link>
              </div>
            );
          })}
        </div>
      </div>
    </Paper>
  );
}
