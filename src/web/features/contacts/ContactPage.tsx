import { Alert, Anchor, Badge, Breadcrumbs, Button, Grid, Group, Kbd, Loader, Paper, SimpleGrid, Stack, Text, Title, Tooltip } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconArchive, IconArrowMerge, IconEdit, IconMessagePlus, IconTrash } from '@tabler/icons-react';
import { useCallback, type ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import type { Contact } from '../../../contracts/contact.schema.js';
import type { ContactInsight, Responsiveness } from '../../../contracts/timeline.schema.js';
import { formatDate, formatWhen, fromNow } from '../../components/time.js';
import { useHotkey } from '../../components/useHotkey.js';
import { ContactDeleteModal } from './ContactDeleteModal.js';
import { ContactMergeModal } from './ContactMergeModal.js';
import { ContactRelationships, Introductions } from './ContactRelationships.js';
import { ContactTimeline } from './ContactTimeline.js';
import { ContactMailDrop } from './ContactMailDrop.js';
import { useContact } from './contacts.api.js';
import { useInsight } from './relationships.api.js';

function Field({ label, children }: { label: string; children: ReactNode }) {
  if (children === null || children === undefined || children === '' || children === false || (Array.isArray(children) && children.length === 0)) return null;
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>{label}</Text>
      <div>{children}</div>
    </div>
  );
}

export const RESPONSIVENESS: Record<Responsiveness, { label: string; color: string; short: string; meaning: string }> = {
  booster: { label: 'Booster', color: 'green', short: 'answers within 3 business days', meaning: 'Usually answers within 3 business days. Boosters are the people most likely to help: ask them first.' },
  obligate: { label: 'Obligate', color: 'yellow', short: 'answers, but slowly', meaning: 'Answers, but usually after more than 3 business days. Worth keeping, but do not wait on them: try someone else at the same organization meanwhile.' },
  curmudgeon: { label: 'Curmudgeon', color: 'red', short: 'has not answered', meaning: 'Has not answered your outreach. Do not take it personally: move on to another contact at the organization.' },
  unknown: { label: 'Not enough replies yet', color: 'gray', short: 'no outreach to judge by', meaning: 'Rapport learns how quickly someone answers from the emails and calls you log as waiting for a reply.' },
};

const STAGE_COLORS = ['gray', 'blue', 'teal'] as const;

function Stat({ label, children, hint }: { label: string; children: ReactNode; hint?: ReactNode }) {
  return (
    <Paper withBorder p="sm">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>{label}</Text>
      <div>{children}</div>
      {hint && <Text size="xs" c="dimmed">{hint}</Text>}
    </Paper>
  );
}

function InsightStats({ insight }: { insight: ContactInsight | undefined }) {
  if (!insight) return <Loader size="sm" aria-label="Loading insight" />;
  const r = RESPONSIVENESS[insight.responsiveness];
  return (
    <SimpleGrid cols={{ base: 2, md: 4 }} spacing="sm" aria-label="At a glance">
      <Stat label="Last interaction" hint={insight.lastInteractionAt ? formatDate(insight.lastInteractionAt) : 'Log a conversation to start'}>
        <Text fw={600} data-testid="last-interaction">{insight.lastInteractionAt ? fromNow(insight.lastInteractionAt) : 'Never'}</Text>
      </Stat>
      <Stat label="Next conversation" hint={insight.nextConversationAt ? formatWhen(insight.nextConversationAt) : undefined}>
        <Text fw={600}>{insight.nextConversationAt ? fromNow(insight.nextConversationAt) : 'None scheduled'}</Text>
      </Stat>
      <Stat label="Responsiveness" hint={r.short}>
        <Tooltip label={r.meaning} multiline w={280} events={{ hover: true, focus: true, touch: true }}>
          <Badge component="button" type="button" color={r.color} variant="light" style={{ cursor: 'help' }} aria-label={`${r.label}: ${r.meaning}`}>{r.label}</Badge>
        </Tooltip>
      </Stat>
      <Stat label="Search stage" hint={insight.searchStageReason}>
        <Tooltip label="1: someone in your network · 2: the right level in a target organization · 3: part of something in the works" multiline w={280} events={{ hover: true, focus: true, touch: true }}>
          <Badge component="button" type="button" color={STAGE_COLORS[insight.searchStage - 1] ?? 'gray'} variant="light" style={{ cursor: 'help' }}>Stage {insight.searchStage} of 3</Badge>
        </Tooltip>
      </Stat>
    </SimpleGrid>
  );
}

/** One person's home: who they are, where the relationship stands, who led to them, and everything that happened. */
export function ContactPage() {
  const { id } = useParams();
  const contact = useContact(id);
  if (contact.isPending) return <Loader aria-label="Loading contact" />;
  if (contact.isError) {
    return (
      <Alert color="red" title="Contact not found">
        {contact.error.message}. <Anchor component={Link} to="/contacts">Back to contacts</Anchor>
      </Alert>
    );
  }
  return <ContactView c={contact.data} />;
}

function ContactView({ c }: { c: Contact }) {
  const navigate = useNavigate();
  const insight = useInsight(c.id);
  const [confirming, { open, close }] = useDisclosure(false);
  const [merging, { open: openMerge, close: closeMerge }] = useDisclosure(false);
  const deleted = Boolean(c.deletedAt);
  const edit = useCallback(() => { if (!deleted) navigate(`/contacts/${c.id}/edit`); }, [navigate, c.id, deleted]);
  const log = useCallback(() => { if (!deleted) navigate(`/conversations/new?contactId=${c.id}`); }, [navigate, c.id, deleted]);
  useHotkey('e', edit);
  useHotkey('l', log);

  return (
    <Stack maw={1200}>
      <Breadcrumbs>
        <Anchor component={Link} to="/contacts">Contacts</Anchor>
        <Text truncate maw={300}>{c.displayName}</Text>
      </Breadcrumbs>
      {deleted && c.deletedAt && (
        <Alert color="gray" icon={<IconArchive size={18} />} title="Deleted, history kept">
          {c.displayName} was deleted on {formatDate(c.deletedAt)}. They no longer appear in your lists, and their conversations, referrals and advice keep their name. A deleted contact cannot be edited.
        </Alert>
      )}
      <Group justify="space-between" align="flex-start">
        <div style={{ minWidth: 0, flex: '1 1 300px' }}>
          <Title order={2} td={deleted ? 'line-through' : undefined}>{c.displayName}</Title>
          <Text c="dimmed">
            {[c.title, c.department].filter(Boolean).join(', ')}
            {(c.title || c.department) && c.organizationName ? ' at ' : ''}
            {c.organizationId && c.organizationName ? <Anchor component={Link} to={`/organizations/${c.organizationId}`} c="dimmed" underline="always">{c.organizationName}</Anchor> : c.organizationName}
          </Text>
        </div>
        {!deleted && (
          <Group gap="xs">
            <Button leftSection={<IconMessagePlus size={16} />} rightSection={<Kbd size="xs">L</Kbd>} component={Link} to={`/conversations/new?contactId=${c.id}`}>
              Log conversation
            </Button>
            <Button variant="default" leftSection={<IconEdit size={16} />} rightSection={<Kbd size="xs">E</Kbd>} component={Link} to={`/contacts/${c.id}/edit`}>
              Edit
            </Button>
            <Button variant="default" leftSection={<IconArrowMerge size={16} />} onClick={openMerge}>
              Merge…
            </Button>
            <Button variant="light" color="red" leftSection={<IconTrash size={16} />} onClick={open}>
              Delete
            </Button>
          </Group>
        )}
      </Group>

      <InsightStats insight={insight.data} />
      {insight.isError && <Alert color="red">Could not load what Rapport knows about them: {insight.error.message}</Alert>}

      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack gap="md">
            <Paper withBorder p="md" component="section" aria-label="About">
              <Stack gap="sm">
                <Field label="Emails">
                  {c.emails.map((e) => (
                    <div key={e.value}><Anchor href={`mailto:${e.value}`} style={{ wordBreak: 'break-all' }}>{e.value}</Anchor>{e.label ? <Text span c="dimmed" size="sm"> ({e.label})</Text> : null}</div>
                  ))}
                </Field>
                <Field label="Phones">
                  {c.phones.map((p) => (
                    <div key={p.value}><Anchor href={`tel:${p.value}`}>{p.value}</Anchor>{p.label ? <Text span c="dimmed" size="sm"> ({p.label})</Text> : null}</div>
                  ))}
                </Field>
                <Field label="LinkedIn">{c.linkedinUrl && <Anchor href={c.linkedinUrl} target="_blank" rel="noreferrer" style={{ wordBreak: 'break-all' }}>{c.linkedinUrl.replace(/^https?:\/\/(www\.)?/, '')}</Anchor>}</Field>
                <Field label="Location">{c.location}</Field>
                <Field label="How we met">{c.howWeMet}</Field>
                <Field label="Shared interests">{c.sharedInterests.length > 0 && <Group gap={4}>{c.sharedInterests.map((t) => <Badge key={t} variant="outline">{t}</Badge>)}</Group>}</Field>
                <Field label="Tags">{c.tags.length > 0 && <Group gap={4}>{c.tags.map((t) => <Badge key={t} component={Link} to={`/contacts?tag=${encodeURIComponent(t)}`} variant="light" style={{ cursor: 'pointer' }}>{t}</Badge>)}</Group>}</Field>
                <Field label="Notes">{c.notes && <Text style={{ whiteSpace: 'pre-wrap' }}>{c.notes}</Text>}</Field>
                {!(c.emails.length || c.phones.length || c.linkedinUrl || c.location || c.howWeMet || c.sharedInterests.length || c.tags.length || c.notes) && (
                  <Text size="sm" c="dimmed">
                    No details yet.{!deleted && <> <Anchor component={Link} to={`/contacts/${c.id}/edit`} size="sm">Add an email, how you met, shared interests</Anchor> — the things to remember before you talk again.</>}
                  </Text>
                )}
              </Stack>
            </Paper>
            <Introductions contact={c} insight={insight.data} />
            <ContactRelationships contact={c} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Paper withBorder p="md" component="section" aria-label="Timeline">
            <Title order={3} size="h4" mb="sm">Timeline</Title>
            {!deleted && <ContactMailDrop contactId={c.id} name={c.displayName} />}
            <ContactTimeline contactId={c.id} />
          </Paper>
        </Grid.Col>
      </Grid>
      <Text size="xs" c="dimmed">Added {formatDate(c.createdAt)} · last edited {formatWhen(c.updatedAt)}</Text>
      <ContactDeleteModal contact={c} opened={confirming} onClose={close} />
      <ContactMergeModal contact={c} opened={merging} onClose={closeMerge} />
    </Stack>
  );
}
