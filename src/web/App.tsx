import { Alert, AppShell, Burger, Center, Group, Loader, NavLink, Text, Title, VisuallyHidden } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconAddressBook, IconApi, IconBuilding, IconCalendarEvent, IconChartLine, IconId, IconLayoutKanban, IconListCheck, IconMessages, IconSettings, IconShare, IconSitemap, IconSun, IconTarget, IconUsersGroup } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, type ComponentType } from 'react';
import { Link, Route, Routes, useLocation } from 'react-router-dom';
import { ColorSchemeToggle } from './components/ColorSchemeToggle.js';
import { onSignedOut } from './api/client.js';
import { PaletteLauncher } from './components/PaletteLauncher.js';
import { ShortcutsHelp } from './components/ShortcutsHelp.js';
import { AccountMenu } from './features/account/AccountMenu.js';
import { isCoach, SESSION_KEY, useSession, type SessionState } from './features/account/session.api.js';
import { TodayPage } from './features/today/TodayPage.js';

/**
 * Every page but Today (the first one shown) loads when first visited: the first load carries
 * only what Today needs, and the graph, the charts, drag and drop and the forms come later.
 */
function page<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) {
  return lazy(() => load().then((m) => ({ default: m[name] })));
}
const NetworkPage = page(() => import('./features/network/NetworkPage.js'), 'NetworkPage');
const InsightsPage = page(() => import('./features/insights/InsightsPage.js'), 'InsightsPage');
const ContactEditPage = page(() => import('./features/contacts/ContactEditPage.js'), 'ContactEditPage');
const ContactNewPage = page(() => import('./features/contacts/ContactEditPage.js'), 'ContactNewPage');
const ContactPage = page(() => import('./features/contacts/ContactPage.js'), 'ContactPage');
const ContactsPage = page(() => import('./features/contacts/ContactsPage.js'), 'ContactsPage');
const ConversationNewPage = page(() => import('./features/conversations/ConversationNewPage.js'), 'ConversationNewPage');
const ConversationPage = page(() => import('./features/conversations/ConversationPage.js'), 'ConversationPage');
const ConversationsPage = page(() => import('./features/conversations/ConversationsPage.js'), 'ConversationsPage');
const EventPage = page(() => import('./features/events/EventPage.js'), 'EventPage');
const EventsPage = page(() => import('./features/events/EventsPage.js'), 'EventsPage');
const OpportunitiesPage = page(() => import('./features/opportunities/OpportunitiesPage.js'), 'OpportunitiesPage');
const OpportunityPage = page(() => import('./features/opportunities/OpportunityPage.js'), 'OpportunityPage');
const OrganizationPage = page(() => import('./features/organizations/OrganizationPage.js'), 'OrganizationPage');
const OrganizationsPage = page(() => import('./features/organizations/OrganizationsPage.js'), 'OrganizationsPage');
const MeetingPage = page(() => import('./features/meeting/MeetingPage.js'), 'MeetingPage');
const PrepPage = page(() => import('./features/meeting/PrepPage.js'), 'PrepPage');
const PlaybookSettingsPage = page(() => import('./features/playbook/PlaybookSettingsPage.js'), 'PlaybookSettingsPage');
const NetworkingSheetPage = page(() => import('./features/profile/NetworkingSheetPage.js'), 'NetworkingSheetPage');
const ProfilePage = page(() => import('./features/profile/ProfilePage.js'), 'ProfilePage');
const SettingsPage = page(() => import('./features/settings/SettingsPage.js'), 'SettingsPage');
const TargetListPage = page(() => import('./features/targets/TargetListPage.js'), 'TargetListPage');
// Only server mode shows the sign-in page (and its zod schema): not in the local first load.
const SignInPage = page(() => import('./features/account/SignInPage.js'), 'SignInPage');
const ClientPage = page(() => import('./features/coaching/ClientPage.js'), 'ClientPage');
const CockpitPage = page(() => import('./features/coaching/CockpitPage.js'), 'CockpitPage');
const SharingPage = page(() => import('./features/coaching/SharingPage.js'), 'SharingPage');

/** Shown while a page's code loads: announced to screen readers as a status. */
function PageLoading() {
  return (
    <Center role="status" aria-live="polite" py="xl">
      <Loader size="sm" aria-hidden />
      <VisuallyHidden>Loading the page…</VisuallyHidden>
    </Center>
  );
}

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
  if (session.data.mode === 'server' && !session.data.user) return <Suspense fallback={<PageLoading />}><SignInPage /></Suspense>;
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
            <PaletteLauncher />
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
        <Suspense fallback={<PageLoading />}>
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
          <Route path="/network" element={<NetworkPage />} />
          <Route path="/insights" element={<InsightsPage />} />
          <Route path="/profile" element={<ProfilePage />} />
          <Route path="/profile/sheet" element={<NetworkingSheetPage />} />
          <Route path="/settings" element={<SettingsPage />} />
          <Route path="/settings/playbook" element={<PlaybookSettingsPage />} />
          {user && <Route path="/settings/sharing" element={<SharingPage />} />}
          {coach && <Route path="/coach" element={<CockpitPage />} />}
          {coach && <Route path="/coach/:clientId" element={<ClientPage />} />}
          <Route path="*" element={<Text>Page not found. <Link to="/contacts">Go to contacts</Link></Text>} />
        </Routes>
        </Suspense>
      </AppShell.Main>
    </AppShell>
  );
}
