import {
  DndContext,
  KeyboardSensor,
  PointerSensor,
  closestCorners,
  useDroppable,
  useSensor,
  useSensors,
  type Announcements,
  type DragEndEvent,
} from '@dnd-kit/core';
import { SortableContext, sortableKeyboardCoordinates, useSortable, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { Alert, Anchor, Badge, Button, Group, Kbd, Loader, NumberInput, Paper, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconUsers } from '@tabler/icons-react';
import { useEffect, useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import {
  CLOSED_OPPORTUNITY_STAGES,
  LIVE_OPPORTUNITY_STAGES,
  OPPORTUNITY_SOURCE_LABELS,
  OPPORTUNITY_STAGE_LABELS,
  opportunitySourceSchema,
  type OpportunitySource,
  type OpportunityStage,
  type OpportunitySummary,
} from '../../../contracts/opportunity.schema.js';
import { ContactPicker, nameOnly, type ContactOption } from '../../components/ContactPicker.js';
import { RejectDialog } from './RejectDialog.js';
import { useBoard, useCreateOpportunity, useMoveOpportunity } from './opportunities.api.js';
import classes from './board.module.css';

const LIVE: readonly OpportunityStage[] = LIVE_OPPORTUNITY_STAGES;
const CLOSED: readonly OpportunityStage[] = CLOSED_OPPORTUNITY_STAGES;
const STAGE_COLOR: Record<OpportunityStage, string> = {
  lead: 'gray',
  applied: 'blue',
  screening: 'cyan',
  interviewing: 'grape',
  offer: 'teal',
  accepted: 'green',
  rejected: 'red',
  withdrawn: 'gray',
  converted: 'orange',
};
const column = (stage: OpportunityStage) => `column:${stage}`;

/**
 * The board: live opportunities in columns lead … offer, the closed ones below. Cards move by
 * drag and drop, or from the keyboard: focus a card, `]`/`[` (or Alt+→/←) for the next or
 * previous stage, Alt+↑/↓ within the column, Enter to open it.
 */
export function OpportunitiesPage() {
  const board = useBoard();
  const move = useMoveOpportunity();
  const navigate = useNavigate();
  const [rejecting, setRejecting] = useState<OpportunitySummary | null>(null);
  const items = useMemo(() => board.data?.items ?? [], [board.data]);
  const byStage = useMemo(() => {
    const map = new Map<OpportunityStage, OpportunitySummary[]>();
    for (const o of items) map.set(o.stage, [...(map.get(o.stage) ?? []), o]);
    for (const list of map.values()) list.sort((a, b) => a.boardPosition - b.boardPosition);
    return map;
  }, [items]);

  const focusAfterMove = useRef<string | null>(null);
  useEffect(() => {
    const id = focusAfterMove.current;
    if (!id) return;
    focusAfterMove.current = null;
    document.querySelector<HTMLElement>(`[data-opportunity-card="${window.CSS.escape(id)}"]`)?.focus();
  }, [items]);

  const moveTo = (o: OpportunitySummary, stage: OpportunityStage, position?: number) => {
    if (stage === o.stage && (position === undefined || position === o.boardPosition)) return;
    if (stage === 'rejected' && o.stage !== 'rejected') {
      setRejecting(o);
      return;
    }
    focusAfterMove.current = o.id;
    move.mutate(
      { id: o.id, version: o.version, stage, ...(position !== undefined ? { position } : {}) },
      {
        onSuccess: (saved) => {
          if (saved.stage !== o.stage) notifications.show({ message: `${o.title} at ${o.organization.name}: ${OPPORTUNITY_STAGE_LABELS[saved.stage]}` });
        },
        onError: (e) => notifications.show({ color: 'red', title: 'Could not move', message: e.message }),
      },
    );
  };

  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 4 } }), useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }));
  const find = (id: string | number) => items.find((o) => o.id === id);
  const whereIs = (id: string | number): { stage: OpportunityStage; position: number } | null => {
    const key = String(id);
    if (key.startsWith('column:')) {
      const stage = key.slice('column:'.length) as OpportunityStage;
      return { stage, position: byStage.get(stage)?.length ?? 0 };
    }
    const o = find(id);
    if (!o) return null;
    return { stage: o.stage, position: (byStage.get(o.stage) ?? []).findIndex((x) => x.id === o.id) };
  };
  const name = (id: string | number) => {
    const o = find(id);
    return o ? `${o.title} at ${o.organization.name}` : 'the opportunity';
  };
  const announcements: Announcements = {
    onDragStart: ({ active }) => `Picked up ${name(active.id)}.`,
    onDragOver: ({ active, over }) => {
      const at = over ? whereIs(over.id) : null;
      return at ? `${name(active.id)} is over ${OPPORTUNITY_STAGE_LABELS[at.stage]}.` : `${name(active.id)} is not over a column.`;
    },
    onDragEnd: ({ active, over }) => {
      const at = over ? whereIs(over.id) : null;
      return at ? `${name(active.id)} moved to ${OPPORTUNITY_STAGE_LABELS[at.stage]}.` : `${name(active.id)} dropped; nothing changed.`;
    },
    onDragCancel: ({ active }) => `Moving ${name(active.id)} was cancelled.`,
  };
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (!over || active.id === over.id) return;
    const o = find(active.id);
    const at = whereIs(over.id);
    if (o && at) moveTo(o, at.stage, at.position);
  };

  const onCardKey = (o: OpportunitySummary) => (e: KeyboardEvent<HTMLElement>) => {
    if ((e.target as HTMLElement).tagName !== 'DIV' && e.target !== e.currentTarget) return;
    const live = LIVE.indexOf(o.stage);
    const step = (delta: 1 | -1) => {
      if (live < 0) return;
      const next = LIVE[live + delta];
      if (next) moveTo(o, next);
    };
    const colLength = byStage.get(o.stage)?.length ?? 0;
    const position = (byStage.get(o.stage) ?? []).findIndex((x) => x.id === o.id);
    if (e.key === ']' || (e.altKey && e.key === 'ArrowRight')) {
      e.preventDefault();
      step(1);
    } else if (e.key === '[' || (e.altKey && e.key === 'ArrowLeft')) {
      e.preventDefault();
      step(-1);
    } else if (e.altKey && e.key === 'ArrowUp' && position > 0) {
      e.preventDefault();
      moveTo(o, o.stage, position - 1);
    } else if (e.altKey && e.key === 'ArrowDown' && position < colLength - 1) {
      e.preventDefault();
      moveTo(o, o.stage, position + 1);
    } else if (e.key === 'Enter' && e.target === e.currentTarget) {
      e.preventDefault();
      navigate(`/opportunities/${o.id}`);
    }
  };

  return (
    <Stack gap="sm">
      <Group justify="space-between" wrap="wrap">
        <Group gap="xs" align="baseline">
          <Title order={2}>Opportunities</Title>
          {board.data && (
            <Text c="dimmed" size="sm">
              {items.filter((o) => LIVE.includes(o.stage)).length} live · {items.filter((o) => CLOSED.includes(o.stage)).length} closed
            </Text>
          )}
        </Group>
      </Group>
      <AddOpportunityForm />
      <Text size="xs" c="dimmed">
        Drag a card to another column, or focus it and press <Kbd size="xs">]</Kbd>/<Kbd size="xs">[</Kbd> (or <Kbd size="xs">Alt</Kbd>+<Kbd size="xs">→</Kbd>/<Kbd size="xs">←</Kbd>) for the next or previous stage,{' '}
        <Kbd size="xs">Alt</Kbd>+<Kbd size="xs">↑</Kbd>/<Kbd size="xs">↓</Kbd> within a column, <Kbd size="xs">Enter</Kbd> to open. Dropping on Rejected asks who you had rapport with.
      </Text>
      {board.isError && <Alert color="red" title="Could not load the board">{board.error.message}</Alert>}
      {board.isPending ? (
        <Loader aria-label="Loading the board" />
      ) : (
        <DndContext sensors={sensors} collisionDetection={closestCorners} onDragEnd={onDragEnd} accessibility={{ announcements }}>
          <div className={classes.board}>
            {LIVE.map((stage) => (
              <Column key={stage} stage={stage} items={byStage.get(stage) ?? []} onCardKey={onCardKey} />
            ))}
          </div>
          <Title order={4} mt="md">Closed</Title>
          <div className={classes.board}>
            {CLOSED.map((stage) => (
              <Column key={stage} stage={stage} items={byStage.get(stage) ?? []} onCardKey={onCardKey} compact />
            ))}
          </div>
        </DndContext>
      )}
      <RejectDialog opportunity={rejecting} onClose={() => setRejecting(null)} />
    </Stack>
  );
}

function Column({ stage, items, onCardKey, compact }: { stage: OpportunityStage; items: OpportunitySummary[]; onCardKey: (o: OpportunitySummary) => (e: KeyboardEvent<HTMLElement>) => void; compact?: boolean }) {
  const { setNodeRef, isOver } = useDroppable({ id: column(stage) });
  const label = OPPORTUNITY_STAGE_LABELS[stage];
  return (
    <Paper
      ref={setNodeRef}
      component="section"
      aria-label={label}
      data-column={stage}
      withBorder
      p="xs"
      bg={isOver ? 'var(--mantine-color-teal-light)' : 'var(--mantine-color-default-hover)'}
      style={{ minHeight: compact ? 80 : 240 }}
    >
      <Group justify="space-between" mb={6}>
        <Badge color={STAGE_COLOR[stage]} variant="light" tt="none" size="lg">{label}</Badge>
        <Text size="xs" c="dimmed" aria-label={`${items.length} in ${label}`}>{items.length}</Text>
      </Group>
      <SortableContext items={items.map((o) => o.id)} strategy={verticalListSortingStrategy}>
        <Stack gap={6} role={items.length > 0 ? 'list' : undefined} aria-label={items.length > 0 ? `${label} opportunities` : undefined}>
          {items.map((o) => (
            <Card key={o.id} o={o} onKeyDown={onCardKey(o)} />
          ))}
          {items.length === 0 && !compact && <Text size="xs" c="dimmed" ta="center" py="md">Drop here</Text>}
        </Stack>
      </SortableContext>
    </Paper>
  );
}

function Card({ o, onKeyDown }: { o: OpportunitySummary; onKeyDown: (e: KeyboardEvent<HTMLElement>) => void }) {
  const { attributes, listeners, setNodeRef, transform, transition, isDragging } = useSortable({ id: o.id });
  return (
    <Paper
      ref={setNodeRef}
      {...attributes}
      {...listeners}
      role="listitem"
      withBorder
      shadow={isDragging ? 'md' : 'xs'}
      p={8}
      data-opportunity-card={o.id}
      data-stage={o.stage}
      aria-roledescription="opportunity card"
      aria-label={`${o.title} at ${o.organization.name}, ${OPPORTUNITY_STAGE_LABELS[o.stage]}`}
      tabIndex={0}
      onKeyDown={(e: KeyboardEvent<HTMLElement>) => {
        onKeyDown(e);
        if (!e.defaultPrevented) listeners?.onKeyDown?.(e);
      }}
      style={{ transform: CSS.Translate.toString(transform), transition, cursor: 'grab', touchAction: 'none', opacity: isDragging ? 0.85 : 1, zIndex: isDragging ? 2 : undefined, position: 'relative' }}
    >
      <Text size="xs" c="dimmed" fw={600} truncate>{o.organization.name}</Text>
      <Anchor component={Link} to={`/opportunities/${o.id}`} fw={600} size="sm" onPointerDown={(e) => e.stopPropagation()} style={{ display: 'block' }}>
        {o.title}
      </Anchor>
      <Group gap={4} mt={4} wrap="wrap">
        <Badge size="xs" variant="outline" color={o.source === 'posting' ? 'gray' : 'teal'} tt="none">
          {o.referrer ? `Referred by ${o.referrer.displayName}` : OPPORTUNITY_SOURCE_LABELS[o.source]}
        </Badge>
        {o.roundCount > 0 && <Badge size="xs" variant="light" color="grape" tt="none">{o.roundCount} {o.roundCount === 1 ? 'round' : 'rounds'}</Badge>}
        {o.competingCandidates !== null && (
          <Badge size="xs" variant="light" color="gray" tt="none" leftSection={<IconUsers size={10} />} title="Other candidates">
            {o.competingCandidates === 0 ? 'only candidate' : `${o.competingCandidates} others`}
          </Badge>
        )}
        {o.notAFit && <Badge size="xs" color="orange" variant="light" tt="none">not a fit</Badge>}
      </Group>
    </Paper>
  );
}

const SOURCE_OPTIONS = opportunitySourceSchema.options.map((value) => ({ value, label: OPPORTUNITY_SOURCE_LABELS[value] }));

/** Title, organization, where it came from and who referred you — the rest is on the opportunity's page. */
function AddOpportunityForm() {
  const create = useCreateOpportunity();
  const [open, setOpen] = useState(false);
  const [title, setTitle] = useState('');
  const [org, setOrg] = useState('');
  const [source, setSource] = useState<OpportunitySource | null>(null);
  const [referrer, setReferrer] = useState<ContactOption | null>(null);
  const [competing, setCompeting] = useState<string | number>('');
  const [errors, setErrors] = useState<Record<string, string>>({});

  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(
      {
        title,
        organizationName: org,
        ...(source ? { source } : {}),
        referrerContactId: referrer?.value ?? null,
        competingCandidates: competing === '' ? null : Number(competing),
      },
      {
        onSuccess: (o) => {
          notifications.show({ color: 'teal', message: `Added ${o.title} at ${o.organization.name}` });
          setTitle('');
          setOrg('');
          setSource(null);
          setReferrer(null);
          setCompeting('');
          setErrors({});
        },
        onError: (err) => {
          const issues = 'issues' in err && Array.isArray(err.issues) ? (err.issues as { path: string; message: string }[]) : [];
          setErrors(Object.fromEntries(issues.map((i) => [i.path, i.message])));
          notifications.show({ color: 'red', title: 'Not added', message: err.message });
        },
      },
    );
  };

  if (!open) {
    return (
      <Group>
        <Button leftSection={<IconPlus size={16} />} variant="light" onClick={() => setOpen(true)}>Add an opportunity</Button>
      </Group>
    );
  }
  return (
    <Paper withBorder p="sm" component="form" onSubmit={submit} aria-label="Add an opportunity">
      <Group align="flex-end" wrap="wrap" gap="sm">
        <TextInput label="Title" required value={title} onChange={(e) => setTitle(e.currentTarget.value)} error={errors.title} data-autofocus autoFocus w={220} />
        <TextInput label="Organization" required value={org} onChange={(e) => setOrg(e.currentTarget.value)} error={errors.organizationName} w={200} />
        <Select label="Source" placeholder={referrer ? 'Referral' : 'Posting'} data={SOURCE_OPTIONS} value={source} onChange={(v) => setSource(v as OpportunitySource | null)} clearable w={140} />
        <ContactPicker label="Referred by" value={referrer} onChange={setReferrer} error={errors.referrerContactId} style={{ width: 220 }} />
        <NumberInput label="Other candidates" min={0} value={competing} onChange={setCompeting} w={130} />
        <Button type="submit" loading={create.isPending}>Add</Button>
        <Button variant="subtle" color="gray" onClick={() => setOpen(false)}>Close</Button>
      </Group>
      {referrer && <Text size="xs" c="dimmed" mt={4}>{nameOnly(referrer.label)} referred you: when it reaches interviewing or an offer, Rapport reminds you to tell everyone up the chain.</Text>}
    </Paper>
  );
}
