import { AppShell, Burger, Group, NavLink, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconAddressBook, IconApi, IconBuilding, IconSettings, IconTarget } from '@tabler/icons-react';
import { Link, Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { ContactEditPage, ContactNewPage } from './features/contacts/ContactEditPage.js';
import { ContactPage } from './features/contacts/ContactPage.js';
import { ContactsPage } from './features/contacts/ContactsPage.js';
import { OrganizationPage } from './features/organizations/OrganizationPage.js';
import { OrganizationsPage } from './features/organizations/OrganizationsPage.js';
import { SettingsPage } from './features/settings/SettingsPage.js';
import { TargetListPage } from './features/targets/TargetListPage.js';

const NAV = [
  { to: '/contacts', label: 'Contacts', icon: IconAddressBook },
  { to: '/organizations', label: 'Organizations', icon: IconBuilding },
  { to: '/targets', label: 'Target list', icon: IconTarget },
];

export function App() {
  const [opened, { toggle, close }] = useDisclosure();
  const location = useLocation();
  return (
    <AppShell header={{ height: 52 }} navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Group gap="sm">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            <Title order={3} c="teal.7">
              Rapport
            </Title>
            <Text size="sm" c="dimmed" visibleFrom="sm">
              get the next interview
            </Text>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main">
        {NAV.map((item) => (
          <NavLink
            key={item.to}
            component={Link}
            to={item.to}
            label={item.label}
            leftSection={<item.icon size={18} stroke={1.6} />}
            active={location.pathname.startsWith(item.to)}
            onClick={close}
          />
        ))}
        <NavLink component={Link} to="/settings" label="Settings" leftSection={<IconSettings size={18} stroke={1.6} />} active={location.pathname.startsWith('/settings')} onClick={close} mt="auto" />
        <NavLink href="/api/docs" label="API docs" leftSection={<IconApi size={18} stroke={1.6} />} />
      </AppShell.Navbar>
      <AppShell.Main>
        <Routes>
          <Route path="/" element={<Navigate to="/contacts" replace />} />
          <Route path="/contacts" element={<ContactsPage />} />
          <Route path="/contacts/new" element={<ContactNewPage />} />
          <Route path="/contacts/:id" element={<ContactPage />} />
          <Route path="/contacts/:id/edit" element={<ContactEditPage />} />
          <Route path="/organizations" element={<OrganizationsPage />} />
          <Route path="/organizations/:id" element={<OrganizationPage />} />
          <Route path="/targets" element={<TargetListPage />} />
          <Route path="/settings" element={<SettingsPage />} />
          <Route path="*" element={<Text>Page not found. <Link to="/contacts">Go to contacts</Link></Text>} />
        </Routes>
      </AppShell.Main>
    </AppShell>
  );
}
