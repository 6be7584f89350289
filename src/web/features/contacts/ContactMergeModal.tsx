import { Alert, Button, Group, Loader, Modal, Radio, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import type { Contact } from '../../../contracts/contact.schema.js';
import type { ContactMerge, MergeResult } from '../../../contracts/transfer.schema.js';
import { api } from '../../api/client.js';
import { useContactSearch } from './contacts.api.js';

function useMergeContacts() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: ContactMerge) => api<MergeResult>('POST', '/contacts/merge', input),
    // Everything about both people changed: their lists, timelines, referrals and Today.
    onSuccess: () => client.invalidateQueries(),
  });
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * "These two are one person": find the other contact, then join them. This contact is kept
 * and takes the other's empty fields and all of their history; the other is deleted.
 */
export function ContactMergeModal({ contact, opened, onClose }: { contact: Contact; opened: boolean; onClose: () => void }) {
  const navigate = useNavigate();
  const [q, setQ] = useState('');
  const [debounced] = useDebouncedValue(q, 200);
  const [otherId, setOtherId] = useState<string | null>(null);
  const search = useContactSearch(debounced);
  const merge = useMergeContacts();
  // Nothing typed (or the dialog just reset): no candidates, whatever the last search found.
  const candidates = q.trim() ? (search.data?.items ?? []).filter((c) => c.id !== contact.id) : [];
  const other = candidates.find((c) => c.id === otherId);
  const close = () => {
    setQ('');
    setOtherId(null);
    merge.reset();
    onClose();
  };
  const run = () => {
    if (!otherId) return;
    merge.mutate(
      { keepId: contact.id, mergeId: otherId },
      {
        onSuccess: (result) => {
          const moved = Object.values(result.moved).reduce((a, b) => a + b, 0);
          notifications.show({
            title: `Merged into ${result.contact.displayName}`,
            message: `${plural(result.filled.length, 'field', 'fields')} filled, ${plural(moved, 'record', 'records')} of history moved.`,
          });
          close();
          navigate(`/contacts/${result.contact.id}`);
        },
      },
    );
  };

  return (
    <Modal opened={opened} onClose={close} title={`Merge with ${contact.displayName}`}>
      <Stack>
        <Text size="sm">
          Find the other record of the same person. {contact.displayName} is kept: it takes the other’s empty fields, emails, phones and tags, and all of their
          conversations, referrals and advice; the other record is then deleted.
        </Text>
        <TextInput label="The other contact" placeholder="Name, email or organization" value={q} onChange={(e) => setQ(e.currentTarget.value)} data-autofocus />
        {search.isFetching && <Loader size="xs" aria-label="Searching" />}
        {q.trim() && debounced.trim() && !search.isFetching && candidates.length === 0 && <Text size="sm" c="dimmed">No one else matches “{debounced}”.</Text>}
        {candidates.length > 0 && (
          <Radio.Group value={otherId} onChange={setOtherId} label="Merge this one into them" aria-label="Candidates">
            <Stack gap={6} mt={4}>
              {candidates.map((c) => (
                <Radio key={c.id} value={c.id} label={`${c.displayName}${c.organizationName ? ` · ${c.organizationName}` : ''}${c.primaryEmail ? ` · ${c.primaryEmail}` : ''}`} />
              ))}
            </Stack>
          </Radio.Group>
        )}
        {merge.isError && <Alert color="red" title="Could not merge">{merge.error.message}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>Cancel</Button>
          <Button disabled={!other} loading={merge.isPending} onClick={run}>
            {other ? `Merge ${other.displayName} into ${contact.displayName}` : 'Merge'}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
