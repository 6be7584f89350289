import { Alert, Badge, Button, Group, Kbd, Loader, NativeSelect, Paper, Stack, Text, Title } from '@mantine/core';
import { IconMessages, IconPlus } from '@tabler/icons-react';
import { useCallback, useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import {
  CONVERSATION_KIND_LABELS,
  conversationKindSchema,
  type ConversationKind,
  type ConversationSummary,
} from '../../../contracts/conversation.schema.js';
import { formatDay, formatTime, fromNow } from '../../components/time.js';
import { useHotkey } from '../../components/useHotkey.js';
import { STATUS_COLORS, STATUS_LABELS } from './ConversationPage.js';
import { useConversations } from './conversations.api.js';

const PAST_PAGE = 50;

/** /conversations — what is coming, and everything logged, newest first. */
export function ConversationsPage() {
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const parsedKind = conversationKindSchema.safeParse(params.get('kind'));
  const kind: ConversationKind | null = parsedKind.success ? parsedKind.data : null;
  const [pastLimit, setPastLimit] = useState(PAST_PAGE);
  // "Now" is fixed for the life of the page so that the query keys stay stable.
  const now = useMemo(() => new Date().toISOString(), []);
  const upcoming = useConversations({ kind, from: now, order: 'oldest', limit: 100 });
  const past = useConversations({ kind, to: now, order: 'newest', limit: pastLimit });
  const logNew = useCallback(() => navigate('/conversations/new'), [navigate]);
  useHotkey('n', logNew);
  useHotkey('l', logNew);

  const nothingAtAll = upcoming.data?.total === 0 && past.data?.total === 0;
  return (
    <Stack maw={960}>
      <Group justify="space-between">
        <Title order={2}>Conversations</Title>
        <Button component={Link} to="/conversations/new" leftSection={<IconPlus size={16} />} rightSection={<Kbd size="xs">L</Kbd>}>
          Log conversation
        </Button>
      </Group>
      <NativeSelect
        label="Kind"
        w={260}
        value={kind ?? ''}
        data={[{ value: '', label: 'All kinds' }, ...conversationKindSchema.options.map((k) => ({ value: k, label: CONVERSATION_KIND_LABELS[k] }))]}
        onChange={(e) => {
          const next = new URLSearchParams(params);
          if (e.currentTarget.value) next.set('kind', e.currentTarget.value);
          else next.delete('kind');
          setParams(next, { replace: true });
        }}
      />
      {(upcoming.isError || past.isError) && <Alert color="red" title="Could not load conversations">{(upcoming.error ?? past.error)?.message}</Alert>}
      {upcoming.isPending || past.isPending ? (
        <Loader aria-label="Loading conversations" />
      ) : nothingAtAll ? (
        <Paper withBorder p="xl" ta="center">
          <Stack align="center" gap="xs">
            <IconMessages size={36} stroke={1.4} />
            <Text fw={600}>{kind ? `No ${CONVERSATION_KIND_LABELS[kind].toLowerCase()} yet` : 'No conversations yet'}</Text>
            <Text c="dimmed" size="sm" maw={460}>
              Every conversation is an interview before the interview. Log the last one you had — the names they offered and the companies they suggested become your next steps.
            </Text>
            <Button component={Link} to="/conversations/new" leftSection={<IconPlus size={16} />}>Log a conversation</Button>
          </Stack>
        </Paper>
      ) : (
        <>
          <ConversationList title="Upcoming" items={upcoming.data?.items ?? []} total={upcoming.data?.total ?? 0} empty="Nothing scheduled. The goal of every day is to get the next interview." />
          <ConversationList title="Past" items={past.data?.items ?? []} total={past.data?.total ?? 0} empty="Nothing logged yet." />
          {(past.data?.total ?? 0) > (past.data?.items.length ?? 0) && (
            <Button variant="default" style={{ alignSelf: 'center' }} loading={past.isFetching} onClick={() => setPastLimit((n) => n + PAST_PAGE)}>
              Show more
            </Button>
          )}
        </>
      )}
    </Stack>
  );
}

function ConversationList({ title, items, total, empty }: { title: string; items: ConversationSummary[]; total: number; empty: string }) {
  return (
    <section aria-label={title}>
      <Group gap="xs" mb={6} align="baseline">
        <Title order={3} size="h4">{title}</Title>
        <Text size="sm" c="dimmed">{total}</Text>
      </Group>
      {items.length === 0 ? (
        <Text c="dimmed" size="sm">{empty}</Text>
      ) : (
        <Paper withBorder style={{ overflow: 'hidden' }}>
          {/* The last row's bottom border hides under the paper's own. */}
          <Stack gap={0} component="ul" style={{ listStyle: 'none', margin: '0 0 -1px', padding: 0 }}>
            {items.map((c) => <ConversationRow key={c.id} c={c} />)}
          </Stack>
        </Paper>
      )}
    </section>
  );
}

export function ConversationRow({ c }: { c: ConversationSummary }) {
  const kind = CONVERSATION_KIND_LABELS[c.kind];
  const who = c.participants.map((p) => p.displayName).join(', ');
  return (
    <li>
      <Link to={`/conversations/${c.id}`} className="contact-row" style={{ display: 'flex', gap: 12, padding: '10px 16px', textDecoration: 'none', color: 'inherit', borderBottom: '1px solid var(--mantine-color-default-border)', alignItems: 'center', flexWrap: 'wrap' }}>
        <div style={{ width: 170, flexShrink: 0 }}>
          <Text size="sm" fw={500}>{formatDay(c.startsAt)}</Text>
          <Text size="xs" c="dimmed">{formatTime(c.startsAt)} · {fromNow(c.startsAt)}</Text>
        </div>
        <div style={{ flex: '1 1 240px', minWidth: 0 }}>
          <Text fw={600} truncate>{c.title ?? (who ? `${kind} with ${who}` : kind)}</Text>
          <Text size="sm" c="dimmed" truncate>{[c.title ? who : null, c.organization?.name, c.interviewRound ? `round ${c.interviewRound}` : null].filter(Boolean).join(' · ') || '\u00a0'}</Text>
        </div>
        <Group gap={4}>
          <Badge variant="light" size="sm">{kind}</Badge>
          {c.status !== 'done' && <Badge size="sm" color={STATUS_COLORS[c.status]}>{STATUS_LABELS[c.status]}</Badge>}
        </Group>
      </Link>
    </li>
  );
}
