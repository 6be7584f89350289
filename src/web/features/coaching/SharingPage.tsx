import { Alert, Anchor, Loader, NativeSelect, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { Link } from 'react-router-dom';
import { SHARE_LEVELS, type CoachShare, type ShareLevel } from '../../../contracts/coaching.schema.js';
import { formatWhen } from '../../components/time.js';
import { useAccessLog, useCoaches, useSetShare } from './coaching.api.js';
import { LEVEL_LABEL, recordLink, VIEW_LABEL } from './levels.js';

const NOT_SHARED = 'none';

function CoachRow({ coach }: { coach: CoachShare }) {
  const setShare = useSetShare();
  const change = (value: string) => {
    const level = value === NOT_SHARED ? null : (value as ShareLevel);
    setShare.mutate(
      { coachId: coach.coachId, level },
      {
        onSuccess: () => notifications.show({ color: 'teal', message: level === null ? `${coach.displayName} sees nothing of your search now` : `${coach.displayName} now sees: ${LEVEL_LABEL[level].toLowerCase()}` }),
        onError: (e) => notifications.show({ color: 'red', title: 'Sharing was not changed', message: e.message }),
      },
    );
  };
  return (
    <Paper withBorder p="sm" component="li" style={{ listStyle: 'none' }}>
      <Stack gap={6}>
        <div>
          <Text fw={600}>{coach.displayName}</Text>
          <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>{coach.email} · {coach.organizationName}</Text>
        </div>
        <NativeSelect
          label={`What ${coach.displayName} sees`}
          value={coach.level ?? NOT_SHARED}
          disabled={setShare.isPending}
          onChange={(e) => change(e.currentTarget.value)}
          data={[{ value: NOT_SHARED, label: 'Nothing (not shared)' }, ...SHARE_LEVELS.map((l) => ({ value: l, label: LEVEL_LABEL[l] }))]}
        />
      </Stack>
    </Paper>
  );
}

/** Settings → Sharing (server mode): what each coach of your organizations sees, and what they opened. */
export function SharingPage() {
  const coaches = useCoaches();
  const log = useAccessLog();
  return (
    <Stack gap="lg" maw={820}>
      <Title order={2}>Sharing with a coach</Title>
      <Text size="sm">
        You decide, for each coach, what they see: your search health only (counts, never names), or also your opportunities and target list, or also your contacts and
        conversations, read-only. Change it or stop sharing at any time; it takes effect at once. Nothing a coach sees can be changed by them.
      </Text>
      <section aria-labelledby="coaches-title">
        <Title order={3} id="coaches-title" mb="xs">Your coaches</Title>
        {coaches.isPending ? (
          <Loader aria-label="Loading your coaches" />
        ) : coaches.isError ? (
          <Alert color="red">{coaches.error.message}</Alert>
        ) : coaches.data.length === 0 ? (
          <Text c="dimmed">Your organizations have no coach yet.</Text>
        ) : (
          <Stack component="ul" gap="sm" p={0} m={0}>
            {coaches.data.map((c) => <CoachRow key={c.coachId} coach={c} />)}
          </Stack>
        )}
      </section>
      <section aria-labelledby="log-title">
        <Title order={3} id="log-title" mb="xs">What your coaches opened</Title>
        {log.isPending ? (
          <Loader aria-label="Loading the log" />
        ) : log.isError ? (
          <Alert color="red">{log.error.message}</Alert>
        ) : log.data.length === 0 ? (
          <Text c="dimmed">No coach has opened anything of yours.</Text>
        ) : (
          <Table fz="sm" aria-labelledby="log-title" striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>When</Table.Th>
                <Table.Th>Coach</Table.Th>
                <Table.Th>Opened</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {log.data.map((v, i) => {
                const to = recordLink(v.what, v.recordId);
                const label = VIEW_LABEL[v.what] ?? v.what;
                return (
                  <Table.Tr key={`${v.at}-${i}`}>
                    <Table.Td>{formatWhen(v.at)}</Table.Td>
                    <Table.Td>{v.coachName}</Table.Td>
                    <Table.Td>{to ? <Anchor component={Link} to={to}>{label}</Anchor> : label}</Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        )}
      </section>
    </Stack>
  );
}
