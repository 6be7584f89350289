import { Alert, Anchor, Badge, Breadcrumbs, Button, Group, List, Loader, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconPlayerPlay, IconPrinter } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router-dom';
import { CONVERSATION_KIND_LABELS } from '../../../contracts/conversation.schema.js';
import { QUESTION_GROUP_LABELS, questionGroupSchema, type PrepBrief } from '../../../contracts/prep.schema.js';
import { formatWhen, fromNow } from '../../components/time.js';
import { usePrep } from '../profile/profile.api.js';
import { canMeet } from './meeting.js';

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Paper withBorder p="md" component="section" aria-label={title}>
      <Title order={3} size="h5" mb="xs">{title}</Title>
      {children}
    </Paper>
  );
}

const Empty = ({ children }: { children: ReactNode }) => <Text c="dimmed" size="sm">{children}</Text>;

/** /conversations/:id/prep — "Nail the pre-interview" (seed 000): everything to read before you go in. */
export function PrepPage() {
  const { id } = useParams();
  const prep = usePrep(id);
  if (prep.isPending) return <Loader aria-label="Loading the prep brief" />;
  if (prep.isError) return <Alert color="red" title="No prep brief">{prep.error.message}. <Anchor component={Link} to="/conversations">Back to conversations</Anchor></Alert>;
  return <Brief b={prep.data} />;
}

function Brief({ b }: { b: PrepBrief }) {
  const c = b.conversation;
  const kind = CONVERSATION_KIND_LABELS[c.kind];
  const names = b.people.map((p) => p.displayName).join(', ');
  const heading = c.title ?? `${kind}${names ? ` with ${names}` : ''}`;
  const s = b.suggested;
  return (
    <Stack maw={1040}>
      <Breadcrumbs>
        <Anchor component={Link} to="/conversations">Conversations</Anchor>
        <Anchor component={Link} to={`/conversations/${c.id}`}>{heading}</Anchor>
        <Text>Prepare</Text>
      </Breadcrumbs>
      <Group justify="space-between" align="flex-start">
        <div>
          <Badge variant="light">{kind}</Badge>
          <Title order={2} mt={6}>Prepare: {heading}</Title>
          <Text c="dimmed">{formatWhen(c.startsAt)} · {fromNow(c.startsAt)}{c.durationMinutes ? ` · ${c.durationMinutes} min` : ''}{c.location ? ` · ${c.location}` : ''}</Text>
        </div>
        <Group gap="xs">
          <Button variant="default" leftSection={<IconPrinter size={16} />} onClick={() => window.print()}>Print</Button>
          {canMeet(c) && <Button component={Link} to={`/conversations/${c.id}/meeting`} leftSection={<IconPlayerPlay size={16} />}>Start meeting</Button>}
        </Group>
      </Group>

      <Section title="Who they are">
        {b.people.length === 0 && <Empty>Nobody recorded yet: edit the conversation to add who you will meet.</Empty>}
        <Stack gap="sm">
          {b.people.map((p) => (
            <div key={p.id}>
              <Anchor component={Link} to={`/contacts/${p.id}`} fw={700}>{p.displayName}</Anchor>
              {(p.title || p.organization) && (
                <Text span c="dimmed"> — {p.title}{p.title && p.organization ? ', ' : ''}{p.organization && <Anchor component={Link} to={`/organizations/${p.organization.id}`}>{p.organization.name}</Anchor>}</Text>
              )}
              <Text size="sm">How you met: {p.howWeMet ?? <Text span c="dimmed" size="sm">not recorded</Text>}{p.introducedBy && <> · introduced by <Anchor component={Link} to={`/contacts/${p.introducedBy.id}`} size="sm">{p.introducedBy.displayName}</Anchor></>}</Text>
              <Group gap={6} mt={2}>
                <Text size="sm">Shared interests:</Text>
                {p.sharedInterests.length > 0 ? p.sharedInterests.map((i) => <Badge key={i} variant="outline" color="grape">{i}</Badge>) : <Text size="sm" c="dimmed">none noted: look for one</Text>}
              </Group>
              {p.notes && <Text size="sm" c="dimmed" mt={2} style={{ whiteSpace: 'pre-wrap' }}>{p.notes}</Text>}
            </div>
          ))}
        </Stack>
      </Section>

      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Section title="Past conversations">
          {b.pastConversations.length === 0 ? <Empty>None yet: this is your first.</Empty> : (
            <List spacing={6} listStyleType="none" aria-label="Past conversations">
              {b.pastConversations.map((v) => (
                <List.Item key={v.id}>
                  <Anchor component={Link} to={`/conversations/${v.id}`} size="sm">{formatWhen(v.startsAt)} · {CONVERSATION_KIND_LABELS[v.kind]}</Anchor>
                  {v.notesExcerpt && <Text size="sm">{v.notesExcerpt}</Text>}
                  {v.nextSteps && <Text size="sm" c="dimmed">Next steps: {v.nextSteps}</Text>}
                </List.Item>
              ))}
            </List>
          )}
        </Section>
        <Section title="What they suggested before">
          {s.referrals.length + s.companies.length + s.advice.length === 0 ? <Empty>Nothing yet.</Empty> : (
            <List spacing={4} listStyleType="none" aria-label="What they suggested">
              {s.referrals.map((r) => (
                <List.Item key={r.id}>
                  <Text size="sm">Name: {r.to ? <Anchor component={Link} to={`/contacts/${r.to.id}`} size="sm">{r.to.displayName}</Anchor> : r.toOrganization} <Badge size="xs" variant="light">{r.status}</Badge></Text>
                </List.Item>
              ))}
              {s.companies.map((co) => (
                <List.Item key={co.organizationId}>
                  <Text size="sm">Company: <Anchor component={Link} to={`/organizations/${co.organizationId}`} size="sm">{co.name}</Anchor> {co.rank && <Badge size="xs" variant="light">#{co.rank} · {co.targetStatus}</Badge>}</Text>
                </List.Item>
              ))}
              {s.advice.map((a) => (
                <List.Item key={a.id}>
                  <Text size="sm">Advice: {a.title} <Badge size="xs" variant="light" color={a.status === 'done' ? 'teal' : 'gray'}>{a.status}</Badge>{a.status === 'done' && !a.updateSent && <Text span size="xs" c="orange"> tell them how it went</Text>}</Text>
                </List.Item>
              ))}
            </List>
          )}
        </Section>
      </SimpleGrid>

      <Section title="Targets they may know people at">
        {b.targetsTheyMayKnow.length === 0 ? <Empty>No link found to your targets.</Empty> : (
          <List spacing={4} listStyleType="none" aria-label="Targets they may know">
            {b.targetsTheyMayKnow.map((t) => (
              <List.Item key={t.organizationId}>
                <Text size="sm">#{t.rank} <Anchor component={Link} to={`/organizations/${t.organizationId}`} size="sm">{t.name}</Anchor> <Text span c="dimmed" size="sm">— {t.why}</Text></Text>
              </List.Item>
            ))}
          </List>
        )}
        {b.targetGaps.length > 0 && (
          <Text size="sm" mt="xs">Ask about these top targets, where you know nobody yet: {b.targetGaps.map((t) => `#${t.rank} ${t.name}`).join(', ')}.</Text>
        )}
      </Section>

      <Section title="Your pitch">
        {b.pitch.short || b.pitch.long ? <Text>{b.pitch.short || b.pitch.long}</Text> : <Empty>No pitch yet: <Anchor component={Link} to="/profile" size="sm">write it in your profile</Anchor>.</Empty>}
        {b.idealPosition.roles.length > 0 && <Text size="sm" c="dimmed" mt={4}>Ideal position: {b.idealPosition.roles.join(', ')}</Text>}
        {b.skills.length > 0 && <Text size="sm" c="dimmed">Skills: {b.skills.slice(0, 12).join(', ')}</Text>}
        <Anchor component={Link} to="/profile/sheet" size="sm">Your networking sheet (target list to show)</Anchor>
      </Section>

      <Section title="Questions to ask">
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
          {questionGroupSchema.options.map((g) => (
            <div key={g}>
              <Text fw={600} size="sm">{QUESTION_GROUP_LABELS[g]}</Text>
              <List size="sm" spacing={2} aria-label={`${QUESTION_GROUP_LABELS[g]} questions`}>
                {b.questions[g].map((q) => <List.Item key={q}>{q}</List.Item>)}
              </List>
            </div>
          ))}
        </SimpleGrid>
      </Section>
    </Stack>
  );
}
