import { Alert, Anchor, Badge, Button, Group, Kbd, Loader, Modal, Paper, Select, SimpleGrid, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDebouncedValue, useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconBuilding, IconPlus, IconSearch } from '@tabler/icons-react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { organizationCreateSchema, organizationSortSchema, type OrganizationCreateInput, type OrganizationSort } from '../../../contracts/organization.schema.js';
import { ApiError } from '../../api/client.js';
import { useHotkey } from '../../components/useHotkey.js';
import { useCreateOrganization, useOrganizationPages } from './organizations.api.js';

const SORT_LABELS: Record<OrganizationSort, string> = {
  name: 'Name A–Z',
  '-name': 'Name Z–A',
  '-contacts': 'Most contacts',
  contacts: 'Fewest contacts',
  '-updated': 'Recently updated',
  updated: 'Least recently updated',
};

/** Organizations: search by name, how many people I know at each, and which are on the target list. */
export function OrganizationsPage() {
  const [params, setParams] = useSearchParams();
  const [search, setSearch] = useState(params.get('q') ?? '');
  const [debounced] = useDebouncedValue(search.trim(), 150);
  const sortParam = organizationSortSchema.safeParse(params.get('sort'));
  const sort: OrganizationSort = sortParam.success ? sortParam.data : 'name';
  const [creating, { open, close }] = useDisclosure(false);

  // Keep the search in the address so that reload and back keep the view.
  useEffect(() => {
    const next = new URLSearchParams();
    if (debounced) next.set('q', debounced);
    if (sort !== 'name') next.set('sort', sort);
    if (next.toString() !== params.toString()) setParams(next, { replace: true });
  }, [debounced, sort, params, setParams]);

  const pages = useOrganizationPages({ q: debounced, sort });
  const rows = useMemo(() => pages.data?.pages.flatMap((p) => p.items) ?? [], [pages.data]);
  const total = pages.data?.pages[0]?.total ?? 0;

  const searchRef = useRef<HTMLInputElement>(null);
  const focusSearch = useCallback(() => searchRef.current?.focus(), []);
  useHotkey('/', focusSearch);
  useHotkey('n', open);

  return (
    <Stack gap="sm">
      <Group justify="space-between" wrap="nowrap">
        <Group gap="xs" align="baseline">
          <Title order={2}>Organizations</Title>
          {pages.data && (
            <Text c="dimmed" size="sm" data-testid="organizations-total">
              {total.toLocaleString()} {debounced ? 'matching' : total === 1 ? 'organization' : 'organizations'}
            </Text>
          )}
        </Group>
        <Button leftSection={<IconPlus size={16} />} rightSection={<Kbd size="xs">N</Kbd>} onClick={open}>
          New organization
        </Button>
      </Group>
      <Group gap="sm">
        <TextInput
          ref={searchRef}
          aria-label="Search organizations"
          placeholder="Search by name"
          leftSection={<IconSearch size={16} />}
          rightSection={<Kbd size="xs">/</Kbd>}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') setSearch('');
          }}
          style={{ flex: '1 1 280px' }}
        />
        <Select
          aria-label="Sort"
          data={organizationSortSchema.options.map((value) => ({ value, label: SORT_LABELS[value] }))}
          value={sort}
          onChange={(v) => {
            const next = new URLSearchParams(params);
            if (v && v !== 'name') next.set('sort', v);
            else next.delete('sort');
            setParams(next, { replace: true });
          }}
          allowDeselect={false}
          w={200}
        />
      </Group>
      {pages.isError && <Alert color="red" title="Could not load organizations">{pages.error.message}</Alert>}
      {pages.isPending ? (
        <Loader aria-label="Loading organizations" />
      ) : rows.length === 0 ? (
        <Paper withBorder p="xl" ta="center">
          <Stack align="center" gap="xs">
            <IconBuilding size={36} stroke={1.4} />
            {debounced ? (
              <>
                <Text fw={600}>No organizations match</Text>
                <Button variant="light" onClick={() => setSearch('')}>Clear the search</Button>
              </>
            ) : (
              <>
                <Text fw={600}>No organizations yet</Text>
                <Text c="dimmed" size="sm" maw={440}>
                  Organizations appear as you add contacts with where they work, or add the companies you want to work for.
                </Text>
                <Button onClick={open} leftSection={<IconPlus size={16} />}>Add an organization</Button>
              </>
            )}
          </Stack>
        </Paper>
      ) : (
        <Paper withBorder>
          <Table highlightOnHover verticalSpacing="xs" aria-label="Organizations">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th visibleFrom="sm">Industry</Table.Th>
                <Table.Th visibleFrom="md">Location</Table.Th>
                <Table.Th ta="right">Contacts</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((o) => (
                <Table.Tr key={o.id}>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Anchor component={Link} to={`/organizations/${o.id}`} fw={600}>{o.name}</Anchor>
                      {o.onTargetList && <Badge size="sm" variant="light" color="grape">On target list</Badge>}
                    </Group>
                  </Table.Td>
                  <Table.Td visibleFrom="sm">{o.industry}</Table.Td>
                  <Table.Td visibleFrom="md">{o.location}</Table.Td>
                  <Table.Td ta="right">{o.contactCount}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {pages.hasNextPage && (
            <Group justify="center" p="sm">
              <Button variant="subtle" loading={pages.isFetchingNextPage} onClick={() => void pages.fetchNextPage()}>
                Show more ({(total - rows.length).toLocaleString()} left)
              </Button>
            </Group>
          )}
        </Paper>
      )}
      <Modal opened={creating} onClose={close} title="New organization" size="lg">
        {creating && <NewOrganizationForm onDone={close} />}
      </Modal>
    </Stack>
  );
}

interface FormValues {
  name: string;
  website: string;
  industry: string;
  location: string;
  notes: string;
}

/** Field errors from the same zod schema the server uses. */
function validate(values: FormValues): Record<string, string> {
  const parsed = organizationCreateSchema.safeParse(values);
  if (parsed.success) return {};
  const errors: Record<string, string> = {};
  for (const issue of parsed.error.issues) errors[issue.path.join('.') || 'name'] ??= issue.message;
  return errors;
}

function NewOrganizationForm({ onDone }: { onDone: () => void }) {
  const navigate = useNavigate();
  const create = useCreateOrganization();
  const form = useForm<FormValues>({ mode: 'controlled', initialValues: { name: '', website: '', industry: '', location: '', notes: '' }, validate, validateInputOnBlur: true });

  const submit = form.onSubmit((values) => {
    create.mutate(values satisfies OrganizationCreateInput, {
      onSuccess: (saved) => {
        notifications.show({ message: `Added ${saved.name}` });
        onDone();
        navigate(`/organizations/${saved.id}`);
      },
      onError: (error) => {
        if (error instanceof ApiError && error.issues.length > 0) form.setErrors(Object.fromEntries(error.issues.map((i) => [i.path, i.message])));
        // A name already taken belongs next to the name.
        else if (error instanceof ApiError && error.status === 409) form.setFieldError('name', error.message);
        else notifications.show({ color: 'red', title: 'Could not save', message: error.message });
      },
    });
  });

  return (
    <form onSubmit={submit} noValidate aria-label="New organization">
      <Stack>
        <TextInput label="Name" required data-autofocus autoComplete="off" {...form.getInputProps('name')} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label="Website" placeholder="acme.example" {...form.getInputProps('website')} />
          <TextInput label="Industry" {...form.getInputProps('industry')} />
          <TextInput label="Location" placeholder="City, region" {...form.getInputProps('location')} />
        </SimpleGrid>
        <Textarea label="Notes" autosize minRows={2} maxRows={8} {...form.getInputProps('notes')} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>Cancel</Button>
          <Button type="submit" loading={create.isPending}>Add organization</Button>
        </Group>
      </Stack>
    </form>
  );
}
