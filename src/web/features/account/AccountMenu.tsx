import { Button, Menu, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconLogout, IconUserCircle } from '@tabler/icons-react';
import type { SessionUser } from '../../../contracts/account.schema.js';
import { useSignOut } from './session.api.js';

/** Server mode's header: who is signed in, and signing out. */
export function AccountMenu({ user }: { user: SessionUser }) {
  const signOut = useSignOut();
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button variant="subtle" color="gray" size="compact-md" leftSection={<IconUserCircle size={20} stroke={1.6} />} aria-label={`Account: ${user.displayName}`}>
          <Text span size="sm" visibleFrom="sm">{user.displayName}</Text>
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{user.email}</Menu.Label>
        {user.memberships.map((m) => (
          <Menu.Label key={m.organizationId}>{m.role} · {m.organizationName}</Menu.Label>
        ))}
        <Menu.Item
          leftSection={<IconLogout size={16} />}
          onClick={() => signOut.mutate(undefined, { onError: (e) => notifications.show({ color: 'red', title: 'Could not sign out', message: e.message }) })}
        >
          Sign out
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
