import { ActionIcon, Badge, Button, Group, NumberInput, Paper, Stack, Text, Title, Tooltip, VisuallyHidden } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconRestore } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import type { SettingsView } from '../../../contracts/settings.schema.js';

export const RULE_NAMES: Record<string, string> = {
  'thank-you': 'Thank-you',
  'next-day-call': 'Next-day call',
  'reach-referral': 'Reach a referral yourself',
  'close-the-loop': 'Close the loop',
  'interview-status': 'Ask for news after an interview',
  'ask-feedback': 'Ask for feedback',
  'advice-update': 'Tell the adviser',
  'act-on-advice': 'Act on advice',
  'keep-in-touch': 'Keep in touch',
  '3b7': '3B7: no reply',
  'in-the-works': 'Things in the works',
  'target-gap': 'Target without a contact',
  convert: 'Convert to an informational interview',
  prepare: 'Prepare',
};

const GROUPS: Record<string, { label: string; color: string }> = {
  'next-interview': { label: 'Next interview', color: 'teal' },
  relationship: { label: 'Relationship', color: 'blue' },
  housekeeping: { label: 'Housekeeping', color: 'gray' },
};

export type Windows = Record<string, number | null>;

/** A window the browser can refuse before asking the server (which checks again and names the field). */
export function windowProblem(days: number | null, staleAfterDays: number | string): string | null {
  if (days === null) return null;
  if (!Number.isInteger(days) || days < 0) return 'A whole number of days ≥ 0, or empty for no window';
  if (typeof staleAfterDays === 'number' && days > staleAfterDays) return `At most ${staleAfterDays} days: every deadline is given up after ${staleAfterDays} days anyway`;
  return null;
}

interface Props {
  rules: SettingsView['rules'];
  order: string[];
  windows: Windows;
  defaults: { order: string[]; windows: Windows };
  staleAfterDays: number | string;
  errors: Record<string, ReactNode>;
  onOrder: (order: string[]) => void;
  onWindow: (ruleId: string, days: number | null) => void;
  onReset: () => void;
}

/**
 * The order of importance on Today and each rule's expiry window. Moved with buttons (Tab and
 * Enter or Space, no dragging needed); each move is announced, and the focus stays on the rule.
 */
export function PrioritySection({ rules, order, windows, defaults, staleAfterDays, errors, onOrder, onWindow, onReset }: Props) {
  const [announcement, setAnnouncement] = useState('');
  const byId = new Map(rules.map((r) => [r.id, r]));
  const isDefault = JSON.stringify(order) === JSON.stringify(defaults.order) && JSON.stringify(windows) === JSON.stringify(defaults.windows);
  const stale = typeof staleAfterDays === 'number' ? staleAfterDays : null;

  const move = (id: string, delta: -1 | 1) => {
    const from = order.indexOf(id);
    const to = from + delta;
    if (from < 0 || to < 0 || to >= order.length) return;
    const next = [...order];
    next.splice(from, 1);
    next.splice(to, 0, id);
    onOrder(next);
    setAnnouncement(`${RULE_NAMES[id] ?? id}: now ${to + 1} of ${next.length}`);
    // Keep the focus on the rule that moved; at the top or the bottom its button is disabled, so take the other one.
    window.requestAnimationFrame(() => {
      const same = document.getElementById(`move-${delta < 0 ? 'up' : 'down'}-${id}`) as HTMLButtonElement | null;
      const other = document.getElementById(`move-${delta < 0 ? 'down' : 'up'}-${id}`) as HTMLButtonElement | null;
      (same && !same.disabled ? same : other)?.focus();
    });
  };

  return (
    <Paper withBorder p="md" component="section" id="priorities" aria-labelledby="priorities-title" style={{ scrollMarginTop: 64 }}>
      <Stack gap="sm">
        <div>
          <Title order={3} size="h4" id="priorities-title">Order of importance and expiry</Title>
          <Text size="sm" c="dimmed">
            Within a day, Today puts first the rule that stands higher here; its first few say why. An action still open its window’s days after it was due
            expires instead of nagging (a thank-you three weeks late is pointless); rules that never expire last while their condition holds.
          </Text>
        </div>
        <VisuallyHidden aria-live="polite" role="status">{announcement}</VisuallyHidden>
        <Stack component="ol" gap={0} aria-label="Rules in order of importance" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {order.map((id, i) => {
            const rule = byId.get(id);
            const name = RULE_NAMES[id] ?? id;
            const group = GROUPS[rule?.group ?? ''];
            const days = windows[id] ?? null;
            const fallback = defaults.windows[id] ?? null;
            const error = errors[`playbook.windows.${id}`];
            return (
              <Group
                key={id}
                component="li"
                data-rule={id}
                aria-label={`${i + 1}. ${name}`}
                wrap="nowrap"
                align="flex-start"
                gap="sm"
                py="xs"
                style={{ borderTop: i === 0 ? undefined : '1px solid var(--mantine-color-default-border)' }}
              >
                <Text fw={700} w={24} ta="right" mt={2} aria-hidden>{i + 1}</Text>
                <Group gap="xs" wrap="wrap" align="flex-start" style={{ flex: 1, minWidth: 0 }}>
                  <Stack gap={2} style={{ flex: '1 1 260px', minWidth: 0 }}>
                    <Group gap={6} wrap="wrap">
                      <Text fw={600} size="sm">{name}</Text>
                      {group && <Badge size="xs" variant="light" color={group.color} tt="none">{group.label}</Badge>}
                    </Group>
                    {rule && <Text size="xs" c="dimmed">{rule.whyFirst}</Text>}
                  </Stack>
                  <div style={{ flex: '0 0 190px' }}>
                    {rule?.expires ? (
                      <NumberInput
                        size="xs"
                        label="Expires after"
                        aria-label={`${name}: expires after (days after due)`}
                        description={days === null ? `no window: given up after ${stale ?? '…'} days` : `days after due · default ${fallback === null ? 'none' : fallback}`}
                        placeholder="no window"
                        rightSection={<Text size="xs" c="dimmed" pr={6}>days</Text>}
                        rightSectionWidth={40}
                        rightSectionPointerEvents="none"
                        value={days ?? ''}
                        onChange={(v) => onWindow(id, v === '' ? null : typeof v === 'number' ? v : Number(v))}
                        min={0}
                        max={stale ?? 3650}
                        allowDecimal={false}
                        allowNegative={false}
                        clampBehavior="none"
                        hideControls
                        error={error}
                      />
                    ) : (
                      <Text size="xs">Never expires: lasts while its condition holds.</Text>
                    )}
                  </div>
                </Group>
                <Group gap={4} wrap="nowrap">
                  <Tooltip label="Move up" withArrow>
                    <ActionIcon id={`move-up-${id}`} variant="default" size="lg" aria-label={`Move ${name} up`} disabled={i === 0} onClick={() => move(id, -1)}>
                      <IconArrowUp size={16} />
                    </ActionIcon>
                  </Tooltip>
                  <Tooltip label="Move down" withArrow>
                    <ActionIcon id={`move-down-${id}`} variant="default" size="lg" aria-label={`Move ${name} down`} disabled={i === order.length - 1} onClick={() => move(id, 1)}>
                      <IconArrowDown size={16} />
                    </ActionIcon>
                  </Tooltip>
                </Group>
              </Group>
            );
          })}
        </Stack>
        {errors['playbook.rulePriority'] && <Text size="sm" c="red" role="alert">{errors['playbook.rulePriority']}</Text>}
        {!isDefault && (
          <Button variant="subtle" size="compact-sm" leftSection={<IconRestore size={14} />} onClick={() => { onReset(); setAnnouncement('Order and windows back to the defaults'); }} style={{ alignSelf: 'flex-start' }}>
            Reset order and windows to the defaults
          </Button>
        )}
      </Stack>
    </Paper>
  );
}
