import { Alert, Anchor, Badge, Loader, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router-dom';
import type { CockpitRow } from '../../../contracts/coaching.schema.js';
import { formatDate } from '../../components/time.js';
import { useCockpit } from './coaching.api.js';
import { LEVEL_SHORT } from './levels.js';

function Figure({ label, value, alert }: { label: string; value: string; alert?: boolean }) {
  return (
    <div>
      <Text size="xs" c="dimmed">{label}</Text>
      <Text fw={600} c={alert ? 'red.8' : undefined}>{value}</Text>
    </div>
  );
}

/** One client as a card: a table would scroll sideways on a phone, and each client is read on its own. */
function ClientCard({ row }: { row: CockpitRow }) {
  const works = row.inTheWorks;
  return (
    <Paper withBorder p="sm" component="li" style={{ listStyle: 'none' }} aria-labelledby={`client-${row.clientId}`}>
      <Stack gap={6}>
        <Anchor component={Link} to={`/coach/${row.clientId}`} fw={700} id={`client-${row.clientId}`}>{row.displayName}</Anchor>
        <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="xs">
          <Figure label="In the works" value={works ? `${works.count} (aim ${works.min}–${works.max})` : '—'} alert={works?.status === 'below'} />
          <Figure label="Since the last interview" value={row.daysSinceLastInterview === null ? 'none yet' : `${row.daysSinceLastInterview} days`} />
          <Figure label="Overdue actions" value={String(row.overdueActions)} alert={row.overdueActions > 0} />
          <Figure label="Last activity" value={row.lastActivityAt ? formatDate(row.lastActivityAt) : 'none yet'} />
        </SimpleGrid>
        {row.reasons.length > 0 && <Text size="sm"><Text span fw={600} size="sm">Why now:</Text> {row.reasons.join(' · ')}</Text>}
        <Badge size="sm" variant="outline" color="gray" tt="none" style={{ alignSelf: 'flex-start' }}>shares: {LEVEL_SHORT[row.level]}</Badge>
      </Stack>
    </Paper>
  );
}

/** The coach's cockpit: every client who shares with you, who needs attention now first. */
export function CockpitPage() {
  const cockpit = useCockpit();
  return (
    <Stack gap="md" maw={960}>
      <Title order={2}>Clients</Title>
      <Text size="sm" c="dimmed">Everyone who shares their search with you, who needs attention now first. Each one decides what you see.</Text>
      {cockpit.isPending ? (
        <Loader aria-label="Loading your clients" />
      ) : cockpit.isError ? (
        <Alert color="red">{cockpit.error.message}</Alert>
      ) : cockpit.data.clients.length === 0 ? (
        <Text>No client shares their search with you yet. A seeker of your organization chooses it in Settings → Sharing.</Text>
      ) : (
        <Stack component="ol" gap="sm" p={0} m={0} aria-label="Clients, who needs attention first">
          {cockpit.data.clients.map((row) => <ClientCard key={row.clientId} row={row} />)}
        </Stack>
      )}
    </Stack>
  );
}
