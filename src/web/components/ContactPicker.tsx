import { MultiSelect, Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState, type CSSProperties, type ReactNode } from 'react';
import type { ContactPage } from '../../contracts/contact.schema.js';
import { api, queryString } from '../api/client.js';

/** A contact chosen in a form: its id and the name to show. */
export interface ContactOption {
  value: string;
  label: string;
}

/** Contacts matching what the user typed, searched by the server (30,000 contacts do not fit in a dropdown). */
function useContactOptions(search: string, exclude: readonly string[]) {
  const [q] = useDebouncedValue(search.trim(), 120);
  const result = useQuery({
    queryKey: ['contacts', 'search', q],
    queryFn: () => api<ContactPage>('GET', `/contacts${queryString({ q, limit: 10 })}`),
    enabled: q.length > 0,
    placeholderData: keepPreviousData,
  });
  const options: ContactOption[] = (q ? (result.data?.items ?? []) : [])
    .filter((c) => !exclude.includes(c.id))
    .map((c) => ({ value: c.id, label: c.organizationName ? `${c.displayName} (${c.organizationName})` : c.displayName }));
  return { options, q, loading: result.isFetching };
}

/** "Stan Fields (Acme)" → "Stan Fields". */
export const nameOnly = (label: string) => label.replace(/ \([^)]*\)$/, '');

interface MultiProps {
  label: string;
  value?: ContactOption[];
  onChange: (value: ContactOption[]) => void;
  error?: ReactNode;
  description?: ReactNode;
  placeholder?: string;
  exclude?: readonly string[];
  onBlur?: () => void;
  onFocus?: () => void;
  autoFocus?: boolean;
}

/** A searchable multi-select over the contacts, which remembers the names of those picked. */
export function ContactMultiPicker({ label, value = [], onChange, error, description, placeholder, exclude = [], onBlur, onFocus, autoFocus }: MultiProps) {
  const [search, setSearch] = useState('');
  const picked = value.map((o) => o.value);
  const { options, q } = useContactOptions(search, exclude);
  const data = [...value, ...options.filter((o) => !picked.includes(o.value))];
  return (
    <MultiSelect
      label={label}
      description={description}
      placeholder={value.length === 0 ? (placeholder ?? 'Type a name') : undefined}
      searchable
      hidePickedOptions
      data={data}
      value={picked}
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options: o }) => o}
      nothingFoundMessage={q ? 'No contact found' : 'Type a name to search'}
      onChange={(ids) => {
        const known = new Map(data.map((o) => [o.value, o]));
        onChange(ids.flatMap((id) => {
          const o = known.get(id);
          return o ? [o] : [];
        }));
        setSearch('');
      }}
      error={error}
      onBlur={onBlur}
      onFocus={onFocus}
      autoFocus={autoFocus}
      clearable
    />
  );
}

interface SingleProps {
  label: string;
  value?: ContactOption | null;
  onChange: (value: ContactOption | null) => void;
  error?: ReactNode;
  placeholder?: string;
  exclude?: readonly string[];
  style?: CSSProperties;
  /** Told what the user types (a form may offer to create that person). */
  onSearchChange?: (search: string) => void;
  /** What to say when the search finds nobody (default: "No contact found"). */
  nothingFound?: (search: string) => string;
}

/** A searchable select of one contact. */
export function ContactPicker({ label, value = null, onChange, error, placeholder, exclude = [], style, onSearchChange, nothingFound }: SingleProps) {
  const [search, setSearchState] = useState(value?.label ?? '');
  const setSearch = (next: string) => {
    setSearchState(next);
    onSearchChange?.(next);
  };
  const { options, q } = useContactOptions(search === value?.label ? '' : search, exclude);
  const data = value ? [value, ...options.filter((o) => o.value !== value.value)] : options;
  return (
    <Select
      label={label}
      placeholder={placeholder ?? 'Type a name'}
      searchable
      clearable
      data={data}
      value={value?.value ?? null}
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options: o }) => o}
      nothingFoundMessage={q ? (nothingFound?.(q) ?? 'No contact found') : 'Type a name to search'}
      onChange={(id) => {
        const o = data.find((d) => d.value === id);
        onChange(o ?? null);
      }}
      error={error}
      style={style}
    />
  );
}
