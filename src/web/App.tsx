import { Alert, AppShell, Burger, Center, Group, Loader, NavLink, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconAddressBook, IconApi, IconBuilding, IconCalendarEvent, IconChartLine, IconId, IconLayoutKanban, IconListCheck, IconMessages, IconSettings, IconShare, IconSitemap, IconSun, IconTarget, IconUsersGroup } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useEffect } from 'react';
import { Link, Route, Routes, useLocation } from 'react-router-dom';
import { ColorSchemeToggle } from './components/ColorSchemeToggle.js';
import { onSignedOut } from './api/client.js';
import { ShortcutsHelp } from './components/ShortcutsHelp.js';
import { AccountMenu } from './features/account/AccountMenu.js';
import { isCoach, SESSION_KEY, useSession, type SessionState } from './features/account/session.api.js';
import { SignInPage } from './features/account/SignInPage.js';
import { ClientPage } from './features/coaching/ClientPage.js';
import { CockpitPage } from './features/coaching/CockpitPage.js';
import { SharingPage } from './features/coaching/SharingPage.js';
import { ContactEditPage, ContactNewPage } from './features/contacts/ContactEditPage.js';
import { ContactPage } from './features/contacts/ContactPage.js';
import { ContactsPage } from './features/contacts/ContactsPage.js';
import { ConversationNewPage } from './features/conversations/ConversationNewPage.js';
import { ConversationPage } from './features/conversations/ConversationPage.js';
import { ConversationsPage } from './features/conversations/ConversationsPage.js';
import { EventPage } from './features/events/EventPage.js';
import { EventsPage } from './features/events/EventsPage.js';
import { OpportunitiesPage } from './features/opportunities/OpportunitiesPage.js';
import { OpportunityPage } from './features/opportunities/OpportunityPage.js';
import { OrganizationPage } from './features/organizations/OrganizationPage.js';
import { OrganizationsPage } from './features/organizations/OrganizationsPage.js';
import { MeetingPage } from './features/meeting/MeetingPage.js';
import { PrepPage } from './features/meeting/PrepPage.js';
import { PlaybookSettingsPage } from './features/playbook/PlaybookSettingsPage.js';
import { NetworkingSheetPage } from './features/profile/NetworkingSheetPage.js';
import { ProfilePage } from './features/profile/ProfilePage.js';
import { SettingsPage } from './features/settings/SettingsPage.js';
import { TargetListPage } from './features/targets/TargetListPage.js';
import { TodayPage } from './features/today/TodayPage.js';

// The graph and chart libraries are large: load those pages only when visited.
const NetworkPage = lazy(() => import('./features/network/NetworkPage.js').then((m) => ({ default: m.NetworkPage })));
const InsightsPage = lazy(() => import('./features/insights/InsightsPage.js').then((m) => ({ default: m.InsightsPage })));

const NAV = [
  { to: '/', label: 'Today', icon: IconSun, exact: true },
  { to: '/contacts', label: 'Contacts', icon: IconAddressBook },
  { to: '/conversations', label: 'Conversations', icon: IconMessages },
  { to: '/events', label: 'Events', icon: IconCalendarEvent },
  { to: '/organizations', label: 'Organizations', icon: IconBuilding },
  { to: '/targets', label: 'Target list', icon: IconTarget },
  { to: '/opportunities', label: 'Opportunities', icon: IconLayoutKanban },
  { to: '/network', label: 'Network', icon: IconSitemap },
  { to: '/insights', label: 'Insights', icon: IconChartLine },
  { to: '/profile', label: 'Profile', icon: IconId },
];

/**
 * Local mode: the app. Server mode: the sign-in page until someone is signed in (and again when
 * the server says the session ended), then the app with their account's pages.
 */
export function App() {
  const session = useSession();
  const client = useQueryClient();
  useEffect(
    () =>
      onSignedOut(() => {
        const signedOut: SessionState = { mode: 'server', user: null };
        if (client.getQueryData<SessionState>(SESSION_KEY)?.mode === 'server') client.setQueryData(SESSION_KEY, signedOut);
      }),
    [client],
  );
  if (session.isPending) return <Center mih="100vh"><Loader aria-label="Loading Rapport" /></Center>;
  if (session.isError) return <Center mih="100vh" p="md"><Alert color="red" title="Rapport does not answer">{session.error.message}</Alert></Center>;
  if (session.data.mode === 'server' && !session.data.user) return <SignInPage />;
  return <Shell session={session.data} />;
}

function Shell({ session }: { session: SessionState }) {
  const [opened, { toggle, close }] = useDisclosure();
  const location = useLocation();
  const user = session.mode === 'server' ? session.user : null;
  const coach = isCoach(user);
  return (
    <AppShell header={{ height: 52 }} navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header>
        <a href="#main" className="skip-link">Skip to the page</a>
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
          <Group gap={4}>
            <ShortcutsHelp />
            <ColorSchemeToggle />
            {user && <AccountMenu user={user} />}
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
            active={'exact' in item ? location.pathname === item.to : location.pathname.startsWith(item.to)}
            onClick={close}
          />
        ))}
        {coach && <NavLink component={Link} to="/coach" label="Clients" leftSection={<IconUsersGroup size={18} stroke={1.6} />} active={location.pathname.startsWith('/coach')} onClick={close} />}
        <NavLink component={Link} to="/settings" label="Settings" leftSection={<IconSettings size={18} stroke={1.6} />} active={location.pathname === '/settings'} onClick={close} mt="auto" />
        <NavLink component={Link} to="/settings/playbook" label="Playbook" leftSection={<IconListCheck size={18} stroke={1.6} />} active={location.pathname.startsWith('/settings/playbook')} onClick={close} pl="lg" />
        {user && <NavLink component={Link} to="/settings/sharing" label="Sharing" leftSection={<IconShare size={18} stroke={1.6} />} active={location.pathname.startsWith('/settings/sharing')} onClick={close} pl="lg" />}
        <NavLink href="/api/docs" label="API docs" leftSection={<IconApi size={18} stroke={1.6} />} />
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1}>
        <Routes>
          <Route path="/" element={<TodayPage />} />
          <Route path="/contacts" element={<ContactsPage />} />
          <Route path="/contacts/new" element={<ContactNewPage />} />
          <Route path="/contacts/:id" element={<ContactPage />} />
          <Route path="/contacts/:id/edit" element={<ContactEditPage />} />
          <Route path="/conversations" element={<ConversationsPage />} />
          <Route path="/conversations/new" element={<ConversationNewPage />} />
          <Route path="/conversations/:id" element={<ConversationPage />} />
          <Route path="/conversations/:id/prep" element={<PrepPage />} />
          <Route path="/conversations/:id/meeting" element={<MeetingPage />} />
          <Route path="/events" element={<EventsPage />} />
          <Route path="/events/:id" element={<EventPage />} />
          <Route path="/organizations" element={<OrganizationsPage />} />
          <Route path="/organizations/:id" element={<OrganizationPage />} />
          <Route path="/targets" element={<TargetListPage />} />
          <Route path="/opportunities" element={<OpportunitiesPage />} />
          <Route path="/opportunities/:id" element={<OpportunityPage />} />
          <Route path="/network" element={<Suspense fallback={<Loader aria-label="Loading" />}><NetworkPage /></Suspense>} />
          <Route path="/insights" element={<Suspense fallback={<Loader aria-label="Loading" />}><InsightsPage /></Suspense>} />
          <Route path="/profile" element={<ProfilePage />} />
          <Route path="/profile/sheet" element={<NetworkingSheetPage />} />
          <Route path="/settings" element={<SettingsPage />} />
          <Route path="/settings/playbook" element={<PlaybookSettingsPage />} />
          {user && <Route path="/settings/sharing" element={<SharingPage />} />}
          {coach && <Route path="/coach" element={<CockpitPage />} />}
          {coach && <Route path="/coach/:clientId" element={<ClientPage />} />}
          <Route path="*" element={<Text>Page not found. <Link to="/contacts">Go to contacts</Link></Text>} />
        </Routes>
      </AppShell.Main>
    </AppShell>
  );
}
