import '@mantine/charts/styles.css';
import { BarChart, LineChart } from '@mantine/charts';
import { Alert, Badge, Group, Loader, NativeSelect, Paper, SimpleGrid, Stack, Switch, Table, Text, Title, RingProgress, VisuallyHidden } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import type { Insights } from '../../../contracts/insights.schema.js';
import { api } from '../../api/client.js';

const SOURCE_LABELS: Record<string, string> = { referral: 'Referral', 'hidden-job': 'Hidden job', converted: 'Converted', posting: 'Posting', unlinked: 'Not linked' };
const pct = (x: number) => `${Math.round(x * 100)}%`;
/** "2026-03-02" → "2 Mar". */
const weekLabel = (monday: string) => new Date(`${monday}T12:00:00Z`).toLocaleDateString(undefined, { day: 'numeric', month: 'short', timeZone: 'UTC' });

function useInsights(weeks: number) {
  return useQuery({ queryKey: ['insights', weeks], queryFn: () => api<Insights>('GET', `/insights?weeks=${weeks}`) });
}

/** A picture and the same numbers as a table behind a toggle (for screen readers the table is always there). */
function Figure({ title, summary, chart, headers, rows, testId }: { title: string; summary: ReactNode; chart: ReactNode; headers: string[]; rows: (string | number)[][]; testId: string }) {
  const [table, setTable] = useState(false);
  const numbers = (
      <Table aria-label={`${title} (table)`} fz="sm" striped>
        <Table.Thead>
          <Table.Tr>{headers.map((h) => <Table.Th key={h}>{h}</Table.Th>)}</Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r, i) => (
            <Table.Tr key={i}>{r.map((c, j) => <Table.Td key={j}>{c}</Table.Td>)}</Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
  );
  return (
    <Paper withBorder p="sm" component="section" aria-label={title} data-testid={testId}>
      <Group justify="space-between" align="flex-start" mb={4}>
        <div>
          <Text fw={700}>{title}</Text>
          <Text size="sm" c="dimmed">{summary}</Text>
        </div>
        <Switch size="xs" label="Show table" checked={table} onChange={(e) => setTable(e.currentTarget.checked)} />
      </Group>
      {/* The picture is for the eyes; the table is its text alternative, always there for a
          screen reader and shown to everyone by the switch. `inert` keeps the chart's own
          focusable parts out of the tab order while assistive technology skips it. */}
      <div aria-hidden inert style={table ? { display: 'none' } : { minWidth: 0 }}>
        {chart}
      </div>
      {table ? (
        <div style={{ overflowX: 'auto' }} tabIndex={0} role="region" aria-label={`${title}: the numbers`}>
          {numbers}
        </div>
      ) : (
        <VisuallyHidden>{numbers}</VisuallyHidden>
      )}
    </Paper>
  );
}

/** Insights: the search's health in pictures first, each with its table. */
export function InsightsPage() {
  const [weeks, setWeeks] = useState(12);
  const insights = useInsights(weeks);
  if (insights.isPending) return <Loader aria-label="Loading insights" />;
  if (insights.isError) return <Alert color="red" title="Could not load insights">{insights.error.message}</Alert>;
  const i = insights.data;
  const w = i.inTheWorks;
  const band = w.current < w.min ? { label: 'below the band', color: 'red' } : w.current > w.max ? { label: 'above the band', color: 'yellow' } : { label: 'healthy', color: 'teal' };
  const goals = i.activity.goals;
  const activity = i.activity.weeks.map((a) => ({ week: weekLabel(a.week), 'New contacts': a.newContacts, Conversations: a.conversations, 'Follow-ups done': a.actionsDone }));
  const thisWeek = i.activity.weeks.at(-1);
  const funnelData = i.funnel.map((f) => ({ step: f.label, Count: f.count }));
  const sources = i.interviews.bySource.filter((s) => s.count > 0 || s.source !== 'unlinked').map((s) => ({ source: SOURCE_LABELS[s.source] ?? s.source, Interviews: s.count }));
  const offers = i.funnel.find((f) => f.step === 'offers')?.count ?? 0;

  return (
    <Stack gap="md" maw={1200}>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={2}>Insights</Title>
          <Text c="dimmed" size="sm">The goal of every day is the next interview. Weeks start on Monday ({i.timeZone}).</Text>
        </div>
        <NativeSelect aria-label="Period" value={String(weeks)} onChange={(e) => setWeeks(Number(e.currentTarget.value))} data={[{ value: '4', label: 'Last 4 weeks' }, { value: '12', label: 'Last 12 weeks' }, { value: '26', label: 'Last 26 weeks' }]} />
      </Group>

      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
        <Stat label="In the works" value={`${w.current}`} hint={<Badge color={band.color} variant="light" size="sm">{band.label} {w.min}–{w.max}</Badge>} testId="stat-in-the-works" />
        <Stat label="Interviews" value={`${i.interviews.total}`} hint={`${i.interviews.networking} from networking · ${i.interviews.posting} from postings`} testId="stat-interviews" />
        <Stat label="Offers" value={`${offers}`} hint="opportunities that reached an offer" testId="stat-offers" />
        <Stat label="Reply rate" value={i.replies.outreaches ? pct(i.replies.rate) : '—'} hint={`${i.replies.people.booster} ${i.replies.people.booster === 1 ? 'Booster' : 'Boosters'}`} testId="stat-replies" />
      </SimpleGrid>

      <Figure
        title="Things in the works"
        testId="fig-in-the-works"
        summary={`Live opportunities and people in live networking conversations, at the end of each week, against the healthy band of ${w.min} to ${w.max}.`}
        chart={
          <LineChart
            h={240}
            data={w.series.map((p) => ({ week: weekLabel(p.week), 'In the works': p.count }))}
            dataKey="week"
            series={[{ name: 'In the works', color: 'teal.6' }]}
            curveType="linear"
            yAxisProps={{ domain: [0, Math.max(w.max + 2, ...w.series.map((p) => p.count + 1))], allowDecimals: false }}
            referenceLines={[
              { y: w.min, label: `min ${w.min}`, color: 'orange.6' },
              { y: w.max, label: `max ${w.max}`, color: 'orange.6' },
            ]}
          />
        }
        headers={['Week of', 'In the works', 'Opportunities', 'People', 'Band']}
        rows={w.series.map((p) => [p.week, p.count, p.opportunities, p.people, p.band])}
      />

      <Figure
        title="Weekly activity against goals"
        testId="fig-activity"
        summary={`Goals per week: ${goals.newContactsPerWeek} new contacts, ${goals.conversationsPerWeek} conversations, ${goals.actionsDonePerWeek} follow-ups done (your profile’s weekly goals).${thisWeek ? ` This week: ${thisWeek.newContacts}, ${thisWeek.conversations}, ${thisWeek.actionsDone}.` : ''}`}
        chart={
          <BarChart
            h={240}
            data={activity}
            dataKey="week"
            withLegend
            series={[
              { name: 'New contacts', color: 'blue.5' },
              { name: 'Conversations', color: 'teal.6' },
              { name: 'Follow-ups done', color: 'grape.5' },
            ]}
            yAxisProps={{ allowDecimals: false }}
            referenceLines={[{ y: goals.conversationsPerWeek, label: `conversation goal ${goals.conversationsPerWeek}`, color: 'teal.8' }]}
          />
        }
        headers={['Week of', 'New contacts', 'Conversations', 'Follow-ups done']}
        rows={i.activity.weeks.map((a) => [a.week, `${a.newContacts} / ${goals.newContactsPerWeek}`, `${a.conversations} / ${goals.conversationsPerWeek}`, `${a.actionsDone} / ${goals.actionsDonePerWeek}`])}
      />

      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Figure
          title="From contacts to offers"
          testId="fig-funnel"
          summary={i.funnel.map((f) => `${f.label} ${f.count}`).join(' → ')}
          chart={<BarChart h={220} data={funnelData} dataKey="step" orientation="vertical" series={[{ name: 'Count', color: 'teal.6' }]} withBarValueLabel xAxisProps={{ allowDecimals: false }} yAxisProps={{ width: 90 }} />}
          headers={['Step', 'Count']}
          rows={i.funnel.map((f) => [f.label, f.count])}
        />
        <Figure
          title="Interviews by source"
          testId="fig-sources"
          summary={`${i.interviews.networking} of ${i.interviews.total} interviews came from people (referrals, hidden jobs, conversions), ${i.interviews.posting} from postings.`}
          chart={<BarChart h={220} data={sources} dataKey="source" series={[{ name: 'Interviews', color: 'grape.5' }]} withBarValueLabel yAxisProps={{ allowDecimals: false }} />}
          headers={['Source', 'Interviews']}
          rows={i.interviews.bySource.map((s) => [SOURCE_LABELS[s.source] ?? s.source, s.count])}
        />
        <Figure
          title="Top target coverage"
          testId="fig-coverage"
          summary={`Of your ${i.coverage.topTargets} top targets: ${i.coverage.withContact} with a contact, ${i.coverage.withConversation} with a conversation held.`}
          chart={
            <Group justify="center" gap="xl">
              <Ring label="with a contact" value={i.coverage.contactShare} color="blue" />
              <Ring label="with a conversation" value={i.coverage.conversationShare} color="teal" />
            </Group>
          }
          headers={['Top targets', 'With a contact', 'With a conversation']}
          rows={[[i.coverage.topTargets, `${i.coverage.withContact} (${pct(i.coverage.contactShare)})`, `${i.coverage.withConversation} (${pct(i.coverage.conversationShare)})`]]}
        />
        <Figure
          title="Replies"
          testId="fig-replies"
          summary={`${i.replies.replied} of ${i.replies.outreaches} messages and calls that asked for an answer got one.`}
          chart={
            <BarChart
              h={180}
              data={[
                { kind: 'Boosters', People: i.replies.people.booster },
                { kind: 'Obligates', People: i.replies.people.obligate },
                { kind: 'Curmudgeons', People: i.replies.people.curmudgeon },
              ]}
              dataKey="kind"
              series={[{ name: 'People', color: 'blue.5' }]}
              withBarValueLabel
              yAxisProps={{ allowDecimals: false }}
            />
          }
          headers={['Outreaches', 'Replied', 'Reply rate', 'Boosters', 'Obligates', 'Curmudgeons']}
          rows={[[i.replies.outreaches, i.replies.replied, pct(i.replies.rate), i.replies.people.booster, i.replies.people.obligate, i.replies.people.curmudgeon]]}
        />
      </SimpleGrid>
    </Stack>
  );
}

function Stat({ label, value, hint, testId }: { label: string; value: string; hint: ReactNode; testId: string }) {
  return (
    <Paper withBorder p="sm" data-testid={testId}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={700}>{label}</Text>
      <Text fz={28} fw={700} lh={1.2}>{value}</Text>
      <Text size="xs" c="dimmed" component="div">{hint}</Text>
    </Paper>
  );
}

function Ring({ label, value, color }: { label: string; value: number; color: string }) {
  return (
    <Stack gap={0} align="center">
      <RingProgress size={110} thickness={12} roundCaps sections={[{ value: Math.round(value * 100), color }]} label={<Text ta="center" fw={700}>{pct(value)}</Text>} />
      <Text size="xs" c="dimmed">{label}</Text>
    </Stack>
  );
}
