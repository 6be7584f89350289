import {
  DndContext,
  KeyboardSensor,
  PointerSensor,
  closestCenter,
  useSensor,
  useSensors,
  type Announcements,
  type DragEndEvent,
} from '@dnd-kit/core';
import { SortableContext, sortableKeyboardCoordinates, useSortable, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { ActionIcon, Alert, Anchor, Badge, Button, Group, Kbd, Loader, NativeSelect, Paper, SegmentedControl, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowDown, IconArrowUp, IconGripVertical, IconSortDescending, IconTrash } from '@tabler/icons-react';
import { useEffect, useMemo, useRef, type KeyboardEvent } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { TARGET_STATUS_LABELS, targetStatusSchema, type Target, type TargetOrder, type TargetStatus, type TargetUpdateInput } from '../../../contracts/target.schema.js';
import { ApiError } from '../../api/client.js';
import { fromNow } from '../../components/time.js';
import { AddTargetForm } from './AddTargetForm.js';
import { useMoveTarget, useRankByLamp, useRemoveTarget, useTargets, useUpdateTarget } from './targets.api.js';

/** Search stages (seed 003): what the furthest contact at a target means. */
const STAGE_LABELS: Record<number, { label: string; color: string }> = {
  0: { label: 'Nobody yet', color: 'gray' },
  1: { label: 'Someone', color: 'blue' },
  2: { label: 'Right level', color: 'teal' },
  3: { label: 'In the works', color: 'grape' },
};
const MOTIVATION = ['0', '1', '2', '3'];
const POSTING = ['1', '2', '3'];
const STATUS_OPTIONS = targetStatusSchema.options.map((value) => ({ value, label: TARGET_STATUS_LABELS[value] }));

/**
 * The target list: ranked by the user (drag and drop, or Alt+↑/↓ on a focused row), scored
 * with LAMP (Motivation and Posting edited inline, Advocacy derived), with coverage per target.
 */
export function TargetListPage() {
  const [params, setParams] = useSearchParams();
  const order: TargetOrder = params.get('order') === 'lamp' ? 'lamp' : 'rank';
  const targets = useTargets(order);
  const move = useMoveTarget();
  const update = useUpdateTarget();
  const remove = useRemoveTarget();
  const rankByLamp = useRankByLamp();
  const items = useMemo(() => targets.data?.items ?? [], [targets.data]);
  const ranking = order === 'rank';

  // Keep focus on the row that moved: React re-orders the rows and the browser drops focus.
  const focusAfterMove = useRef<string | null>(null);
  useEffect(() => {
    const id = focusAfterMove.current;
    if (!id) return;
    focusAfterMove.current = null;
    // window.CSS: the dnd-kit import shadows the global CSS namespace here.
    document.querySelector<HTMLElement>(`[data-target-row="${window.CSS.escape(id)}"]`)?.focus();
  }, [items]);

  const moveTo = (t: Target, position: number) => {
    if (position < 1 || position > items.length || position === t.rank) return;
    focusAfterMove.current = t.organizationId;
    move.mutate(
      { organizationId: t.organizationId, position },
      { onError: (e) => notifications.show({ color: 'red', title: 'Could not move', message: e.message }) },
    );
  };

  const save = (t: Target, input: Omit<TargetUpdateInput, 'version'>) =>
    update.mutate(
      { organizationId: t.organizationId, input: { ...input, version: t.version } },
      {
        onError: (e) =>
          notifications.show({
            color: 'red',
            title: e instanceof ApiError && e.status === 409 ? 'Changed elsewhere — reloaded' : 'Could not save',
            message: e.message,
          }),
      },
    );

  const setOrder = (next: string) => {
    const p = new URLSearchParams(params);
    if (next === 'lamp') p.set('order', 'lamp');
    else p.delete('order');
    setParams(p, { replace: true });
  };

  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 4 } }), useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }));
  const nameOf = (id: string | number) => items.find((t) => t.organizationId === id)?.organizationName ?? 'the organization';
  const positionOf = (id: string | number) => items.findIndex((t) => t.organizationId === id) + 1;
  const announcements: Announcements = {
    onDragStart: ({ active }) => `Picked up ${nameOf(active.id)} at rank ${positionOf(active.id)}.`,
    onDragOver: ({ active, over }) => (over ? `${nameOf(active.id)} is over rank ${positionOf(over.id)}.` : `${nameOf(active.id)} is no longer over the list.`),
    onDragEnd: ({ active, over }) => (over ? `${nameOf(active.id)} moved to rank ${positionOf(over.id)}.` : `${nameOf(active.id)} dropped; the ranking did not change.`),
    onDragCancel: ({ active }) => `Moving ${nameOf(active.id)} was cancelled.`,
  };
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (!over || active.id === over.id) return;
    const t = items.find((x) => x.organizationId === active.id);
    if (t) moveTo(t, positionOf(over.id));
  };

  return (
    <Stack gap="sm">
      <Group justify="space-between" wrap="wrap">
        <Group gap="xs" align="baseline">
          <Title order={2}>Target list</Title>
          {targets.data && <Text c="dimmed" size="sm">{targets.data.total} {targets.data.total === 1 ? 'organization' : 'organizations'}</Text>}
        </Group>
        <Group gap="sm">
          <SegmentedControl
            aria-label="Order"
            value={order}
            onChange={setOrder}
            data={[
              { value: 'rank', label: 'My ranking' },
              { value: 'lamp', label: 'Sort by LAMP' },
            ]}
          />
          <Tooltip label="Make the LAMP order (Motivation, then Posting, then Advocacy) your ranking">
            <Button
              variant="light"
              leftSection={<IconSortDescending size={16} />}
              loading={rankByLamp.isPending}
              disabled={items.length < 2}
              onClick={() =>
                rankByLamp.mutate(undefined, {
                  onSuccess: () => {
                    setOrder('rank');
                    notifications.show({ message: 'Your ranking now follows LAMP; adjust it by hand as you like' });
                  },
                  onError: (e) => notifications.show({ color: 'red', message: e.message }),
                })
              }
            >
              Rank by LAMP
            </Button>
          </Tooltip>
        </Group>
      </Group>
      <AddTargetForm />
      <Text size="xs" c="dimmed">
        {ranking ? (
          <>
            Drag a row by its handle, or focus a row and press <Kbd size="xs">Alt</Kbd> + <Kbd size="xs">↑</Kbd>/<Kbd size="xs">↓</Kbd> to rank it.{' '}
          </>
        ) : (
          <>LAMP view: Motivation, then Posting, then Advocacy; your rank breaks ties. Switch to “My ranking” to reorder. </>
        )}
        M: how much you want to work there (0–3) · A: you know someone there (derived) · P: a relevant posting (1 none – 3 yes).
      </Text>
      {targets.isError && <Alert color="red" title="Could not load the target list">{targets.error.message}</Alert>}
      {targets.isPending ? (
        <Loader aria-label="Loading the target list" />
      ) : items.length === 0 ? (
        <Paper withBorder p="xl" ta="center">
          <Text fw={600}>Your target list is empty</Text>
          <Text c="dimmed" size="sm">Add the organizations you want to work for; rank them, and Rapport shows who you know at each.</Text>
        </Paper>
      ) : (
        <Paper withBorder style={{ overflowX: 'auto' }}>
          <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={onDragEnd} accessibility={{ announcements }}>
            <SortableContext items={items.map((t) => t.organizationId)} strategy={verticalListSortingStrategy} disabled={!ranking}>
              <Table verticalSpacing={6} aria-label="Target list" miw={980}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th w={36} aria-label="Drag" />
                    <Table.Th w={48}>Rank</Table.Th>
                    <Table.Th>Organization</Table.Th>
                    <Table.Th w={70} title="Motivation 0–3">M</Table.Th>
                    <Table.Th w={44} title="Advocacy: you know someone there (derived)">A</Table.Th>
                    <Table.Th w={70} title="Posting 1–3">P</Table.Th>
                    <Table.Th w={140}>Status</Table.Th>
                    <Table.Th w={72} ta="right">Contacts</Table.Th>
                    <Table.Th>Best contact</Table.Th>
                    <Table.Th w={110}>Last touch</Table.Th>
                    <Table.Th w={140}>Stage</Table.Th>
                    <Table.Th w={100} aria-label="Actions" />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((t, index) => (
                    <TargetRow
                      key={t.organizationId}
                      target={t}
                      ranking={ranking}
                      isFirst={index === 0}
                      isLast={index === items.length - 1}
                      onMove={(position) => moveTo(t, position)}
                      onSave={(input) => save(t, input)}
                      onRemove={() =>
                        remove.mutate(t.organizationId, {
                          onSuccess: () => notifications.show({ message: `${t.organizationName} is off the target list (it stays in Organizations)` }),
                          onError: (e) => notifications.show({ color: 'red', message: e.message }),
                        })
                      }
                    />
                  ))}
                </Table.Tbody>
              </Table>
            </SortableContext>
          </DndContext>
        </Paper>
      )}
    </Stack>
  );
}

interface RowProps {
  target: Target;
  ranking: boolean;
  isFirst: boolean;
  isLast: boolean;
  onMove: (position: number) => void;
  onSave: (input: Omit<TargetUpdateInput, 'version'>) => void;
  onRemove: () => void;
}

function TargetRow({ target: t, ranking, isFirst, isLast, onMove, onSave, onRemove }: RowProps) {
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({ id: t.organizationId, disabled: !ranking });
  const name = t.organizationName;
  const stage = STAGE_LABELS[t.coverage.stage] ?? { label: String(t.coverage.stage), color: 'gray' };
  const best = t.coverage.bestContact;

  const onKeyDown = (e: KeyboardEvent<HTMLTableRowElement>) => {
    if (!ranking || !e.altKey || (e.key !== 'ArrowUp' && e.key !== 'ArrowDown')) return;
    // Alt+↓ opens a <select> in some browsers: leave the inline editors alone.
    if ((e.target as HTMLElement).tagName === 'SELECT') return;
    e.preventDefault();
    onMove(t.rank + (e.key === 'ArrowUp' ? -1 : 1));
  };

  return (
    <Table.Tr
      ref={setNodeRef}
      tabIndex={0}
      aria-label={name}
      data-target-row={t.organizationId}
      data-rank={t.rank}
      onKeyDown={onKeyDown}
      style={{
        transform: CSS.Translate.toString(transform),
        transition,
        position: 'relative',
        zIndex: isDragging ? 2 : undefined,
        background: isDragging ? 'var(--mantine-color-body)' : undefined,
        boxShadow: isDragging ? 'var(--mantine-shadow-md)' : undefined,
      }}
    >
      <Table.Td>
        {ranking && (
          <ActionIcon ref={setActivatorNodeRef} variant="subtle" color="gray" aria-label={`Drag ${name}`} style={{ cursor: 'grab', touchAction: 'none' }} {...attributes} {...listeners}>
            <IconGripVertical size={16} />
          </ActionIcon>
        )}
      </Table.Td>
      <Table.Td fw={600}>{t.rank}</Table.Td>
      <Table.Td>
        <Anchor component={Link} to={`/organizations/${t.organizationId}`} fw={600}>{name}</Anchor>
        {t.suggestedBy && (
          <Text size="xs" c="dimmed">
            suggested by <Anchor component={Link} to={`/contacts/${t.suggestedBy.id}`} size="xs">{t.suggestedBy.displayName}</Anchor>
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <NativeSelect size="xs" aria-label={`Motivation for ${name}`} data={MOTIVATION} value={String(t.motivation)} onChange={(e) => onSave({ motivation: Number(e.currentTarget.value) })} />
      </Table.Td>
      <Table.Td>
        <Tooltip label={t.advocacy ? `You know ${t.coverage.contactCount} ${t.coverage.contactCount === 1 ? 'person' : 'people'} there` : 'You know nobody there yet'}>
          <Badge circle size="lg" variant={t.advocacy ? 'filled' : 'outline'} color={t.advocacy ? 'teal' : 'gray'} aria-label={`Advocacy for ${name}: ${t.advocacy}`}>
            {t.advocacy}
          </Badge>
        </Tooltip>
      </Table.Td>
      <Table.Td>
        <NativeSelect size="xs" aria-label={`Posting for ${name}`} data={POSTING} value={String(t.posting)} onChange={(e) => onSave({ posting: Number(e.currentTarget.value) })} />
      </Table.Td>
      <Table.Td>
        <NativeSelect
          size="xs"
          aria-label={`Status for ${name}`}
          data={STATUS_OPTIONS}
          value={t.status}
          onChange={(e) => onSave({ status: e.currentTarget.value as TargetStatus })}
        />
      </Table.Td>
      <Table.Td ta="right">{t.coverage.contactCount}</Table.Td>
      <Table.Td>
        {best ? (
          <>
            <Anchor component={Link} to={`/contacts/${best.id}`} size="sm">{best.displayName}</Anchor>
            {best.title && <Text size="xs" c="dimmed" truncate maw={200}>{best.title}</Text>}
          </>
        ) : (
          <Text size="xs" c="dimmed">Ask for a contact here</Text>
        )}
      </Table.Td>
      <Table.Td>
        <Text size="sm" title={t.coverage.lastTouchAt ?? undefined}>{t.coverage.lastTouchAt ? fromNow(t.coverage.lastTouchAt) : '—'}</Text>
      </Table.Td>
      <Table.Td>
        <Badge variant="light" color={stage.color} tt="none" title={`Stage ${t.coverage.stage}`}>
          {t.coverage.stage} · {stage.label}
        </Badge>
      </Table.Td>
      <Table.Td>
        <Group gap={2} wrap="nowrap" justify="flex-end">
          {ranking && (
            <>
              <ActionIcon variant="subtle" color="gray" aria-label={`Move ${name} up`} disabled={isFirst} onClick={() => onMove(t.rank - 1)}>
                <IconArrowUp size={16} />
              </ActionIcon>
              <ActionIcon variant="subtle" color="gray" aria-label={`Move ${name} down`} disabled={isLast} onClick={() => onMove(t.rank + 1)}>
                <IconArrowDown size={16} />
              </ActionIcon>
            </>
          )}
          <ActionIcon variant="subtle" color="red" aria-label={`Remove ${name} from the target list`} onClick={onRemove}>
            <IconTrash size={16} />
          </ActionIcon>
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}
