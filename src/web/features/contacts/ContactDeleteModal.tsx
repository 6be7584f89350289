import { Alert, Button, Group, List, Loader, Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useNavigate } from 'react-router-dom';
import type { Contact } from '../../../contracts/contact.schema.js';
import { useDeleteContactWithMode, useReferences, type DeleteMode } from './relationships.api.js';

/**
 * Deleting a person asks first what refers to them: with nothing, a plain confirm; otherwise the
 * choice between hiding them and keeping the history, or deleting everything about them.
 */
export function ContactDeleteModal({ contact, opened, onClose }: { contact: Contact; opened: boolean; onClose: () => void }) {
  const navigate = useNavigate();
  const references = useReferences(contact.id, opened);
  const remove = useDeleteContactWithMode();
  const run = (mode: DeleteMode) =>
    remove.mutate(
      { id: contact.id, mode },
      {
        onSuccess: () => {
          notifications.show({ message: mode === 'keep-history' ? `${contact.displayName} hidden; their history is kept` : `${contact.displayName} deleted` });
          onClose();
          navigate('/contacts');
        },
        onError: (e) => notifications.show({ color: 'red', title: 'Could not delete', message: e.message }),
      },
    );

  return (
    <Modal opened={opened} onClose={onClose} title={`Delete ${contact.displayName}?`}>
      {references.isPending ? (
        <Loader size="sm" aria-label="Checking what refers to them" />
      ) : references.isError ? (
        <Alert color="red" title="Could not check what refers to them">{references.error.message}</Alert>
      ) : references.data.total === 0 ? (
        <Stack>
          <Text>Nothing else in Rapport refers to {contact.displayName}. This removes them for good.</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>Cancel</Button>
            <Button color="red" data-autofocus loading={remove.isPending} onClick={() => run('remove')}>Delete</Button>
          </Group>
        </Stack>
      ) : (
        <Stack>
          <Text>{contact.displayName} is part of your history:</Text>
          <List size="sm" aria-label="What refers to them">
            {references.data.items.map((i) => (
              <List.Item key={i.kind}><b>{i.count}</b> {i.label}</List.Item>
            ))}
          </List>
          <Text size="sm" c="dimmed">
            Keeping the history hides them from your lists but leaves their name on those conversations, referrals and advice. Deleting everything removes
            their referrals, their advice and the conversations only they were in; people they introduced you to stay, without the introduction.
          </Text>
          <Stack gap="xs">
            <Button data-autofocus loading={remove.isPending && remove.variables?.mode === 'keep-history'} disabled={remove.isPending} onClick={() => run('keep-history')}>
              Keep the history (hide them)
            </Button>
            <Button color="red" variant="light" loading={remove.isPending && remove.variables?.mode === 'remove'} disabled={remove.isPending} onClick={() => run('remove')}>
              Delete everything about them
            </Button>
            <Button variant="default" onClick={onClose}>Cancel</Button>
          </Stack>
        </Stack>
      )}
    </Modal>
  );
}
