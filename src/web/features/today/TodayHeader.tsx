import { Anchor, Badge, Button, Group, Paper, SimpleGrid, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconCalendarEvent, IconCalendarPlus, IconHourglass, IconStack2 } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import type { Today } from '../../../contracts/action.schema.js';
import { CONVERSATION_KIND_LABELS } from '../../../contracts/conversation.labels.js';
import type { ConversationKind } from '../../../contracts/conversation.schema.js';
import { formatDay, formatTime } from '../../components/time.js';
import classes from './today.module.css';

export const kindLabel = (kind: string) => CONVERSATION_KIND_LABELS[kind as ConversationKind] ?? kind;

const inDaysLabel = (n: number) => (n <= 0 ? 'today' : n === 1 ? 'tomorrow' : `in ${n} days`);

function Card({ label, icon, children, testId }: { label: string; icon: ReactNode; children: ReactNode; testId: string }) {
  return (
    <Paper withBorder p={{ base: 'sm', sm: 'md' }} data-testid={testId} component="section" aria-label={label}>
      <Stack gap={6}>
        <Group gap={6}>
          {icon}
          <Text size="xs" tt="uppercase" fw={700} c="dimmed">{label}</Text>
        </Group>
        {children}
      </Stack>
    </Paper>
  );
}

/** The three numbers that say how the search is going: next interview, days since the last, things in the works. */
export function TodayHeader({ today }: { today: Today }) {
  const next = today.nextInterview;
  const last = today.lastInterview;
  return (
    <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
      <Card label="Next interview" testId="next-interview" icon={<ThemeIcon size="sm" variant="light" color={next ? 'teal' : 'yellow'}><IconCalendarEvent size={14} /></ThemeIcon>}>
        {next ? (
          <>
            <Group gap="xs" align="baseline" wrap="wrap">
              <Anchor component={Link} to={`/conversations/${next.id}`} fw={700} size="lg">
                {next.title ?? kindLabel(next.kind)}
              </Anchor>
              <Badge color="teal" variant="light">{inDaysLabel(next.inDays)}</Badge>
            </Group>
            <Text size="sm">
              {next.title ? `${kindLabel(next.kind)} ` : ''}
              {next.with.length > 0 ? `with ${next.with.join(', ')}` : ''}
            </Text>
            <Text size="sm" c="dimmed">
              {formatDay(next.startsAt)}, {formatTime(next.startsAt)} ·{' '}
              <Anchor component={Link} to={`/conversations/${next.id}/prep`} inherit>prepare</Anchor>
            </Text>
          </>
        ) : (
          <>
            <Text fw={700} size="lg">None scheduled</Text>
            <Text size="sm" c="dimmed">Getting the next interview is today’s goal: every conversation is one.</Text>
            <Button component={Link} to="/conversations/new" size="compact-sm" variant="light" leftSection={<IconCalendarPlus size={14} />} style={{ alignSelf: 'flex-start' }}>
              Schedule a conversation
            </Button>
          </>
        )}
      </Card>
      <Card label="Since the last interview" testId="last-interview" icon={<ThemeIcon size="sm" variant="light" color="gray"><IconHourglass size={14} /></ThemeIcon>}>
        {last ? (
          <>
            <Text fw={700} size="xl" lh={1.1}>
              {last.daysSince} {last.daysSince === 1 ? 'day' : 'days'}
            </Text>
            <Text size="sm" c="dimmed">
              <Anchor component={Link} to={`/conversations/${last.id}`} inherit>The last one</Anchor> was {last.daysSince === 0 ? 'today' : formatDay(last.startsAt)}.
            </Text>
          </>
        ) : (
          <>
            <Text fw={700} size="lg">No interview yet</Text>
            <Text size="sm" c="dimmed">A networking meeting counts: log the last one you had.</Text>
            <Anchor component={Link} to="/conversations/new" size="sm">Log a conversation</Anchor>
          </>
        )}
      </Card>
      <Card label="In the works" testId="in-the-works" icon={<ThemeIcon size="sm" variant="light" color={today.inTheWorks.status === 'below' ? 'yellow' : 'teal'}><IconStack2 size={14} /></ThemeIcon>}>
        <InTheWorksBand {...today.inTheWorks} />
      </Card>
    </SimpleGrid>
  );
}

const STATUS_COLOR = { below: 'yellow', healthy: 'teal', above: 'blue' } as const;

/** "4 in the works" on a scale with the healthy band (6–10 by default) shaded. */
export function InTheWorksBand({ count, min, max, status }: Today['inTheWorks']) {
  const scale = Math.max(max + 2, count + 1, 1);
  const pct = (n: number) => `${(Math.min(n, scale) / scale) * 100}%`;
  const color = STATUS_COLOR[status];
  const message =
    status === 'below'
      ? `${min - count} short of a healthy search: set up meetings at your top targets.`
      : status === 'healthy'
        ? 'A healthy search: keep every one of them moving.'
        : 'More than you can follow well: focus on the best.';
  return (
    <Stack gap={6}>
      <Group gap={6} align="baseline">
        <Text fw={700} size="xl" lh={1.1}>{count}</Text>
        <Text size="sm" c="dimmed">
          {count === 1 ? 'thing' : 'things'} · aim for {min}–{max}
        </Text>
      </Group>
      <div>
        <div className={classes.band} role="meter" aria-label="Things in the works" aria-valuemin={0} aria-valuemax={scale} aria-valuenow={count} aria-valuetext={`${count} in the works; a healthy search has ${min} to ${max}`}>
          <div className={classes.bandHealthy} style={{ left: pct(min), width: `calc(${pct(max)} - ${pct(min)})` }} />
          <div className={classes.bandMarker} style={{ left: pct(count), background: `var(--mantine-color-${color}-6)` }} />
        </div>
        <div className={classes.bandTicks} aria-hidden>
          <span style={{ left: 0, transform: 'none' }}>0</span>
          <span style={{ left: pct(min) }}>{min}</span>
          <span style={{ left: pct(max) }}>{max}</span>
        </div>
      </div>
      <Text size="sm" c={status === 'below' ? undefined : 'dimmed'}>
        {message}{' '}
        {status === 'below' && <Anchor component={Link} to="/targets" inherit>Target list</Anchor>}
      </Text>
    </Stack>
  );
}
