import { Anchor, Badge, Checkbox, Group, NativeSelect, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { Link } from 'react-router-dom';
import type { Advice, Referral, ReferralStatus } from '../../../contracts/referral.schema.js';
import { REFERRAL_STATUS_LABELS, referralStatusSchema } from '../../../contracts/referral.schema.js';
import { ApiError } from '../../api/client.js';
import { formatDate } from '../../components/time.js';
import { useUpdateAdvice, useUpdateReferral } from './relationships.api.js';

const STATUS_COLOR: Record<ReferralStatus, string> = { offered: 'gray', contacted: 'blue', met: 'teal', 'led-to-interview': 'grape', 'led-to-offer': 'green' };

const showError = (error: Error) =>
  notifications.show({ color: 'red', title: error instanceof ApiError && error.status === 409 ? 'Changed elsewhere — reloaded' : 'Could not save', message: error.message });

export function ReferralStatusBadge({ status }: { status: string }) {
  const known = referralStatusSchema.safeParse(status);
  return (
    <Badge variant="light" color={known.success ? STATUS_COLOR[known.data] : 'gray'}>
      {known.success ? REFERRAL_STATUS_LABELS[known.data] : status}
    </Badge>
  );
}

/** The status of a referral, changed on the spot (offered → contacted → met → led to an interview → an offer). */
export function ReferralStatusSelect({ referral, label }: { referral: Referral; label: string }) {
  const update = useUpdateReferral();
  const pending = update.isPending ? update.variables : undefined;
  return (
    <NativeSelect
      aria-label={label}
      size="xs"
      w={160}
      value={pending?.status ?? referral.status}
      disabled={update.isPending}
      data={referralStatusSchema.options.map((s) => ({ value: s, label: REFERRAL_STATUS_LABELS[s] }))}
      onChange={(e) => {
        const status = referralStatusSchema.parse(e.currentTarget.value);
        update.mutate({ id: referral.id, version: referral.version, status }, { onError: showError });
      }}
    />
  );
}

/** One piece of advice: Done when acted on, and "Told them" once the adviser heard how it went (seed 001). */
export function AdviceItem({ advice, showFrom = false, showConversation = true }: { advice: Advice; showFrom?: boolean; showConversation?: boolean }) {
  const update = useUpdateAdvice();
  // While a change is on its way (the mutation stays pending until the lists have refreshed), show it as made.
  const pending = update.isPending ? update.variables : undefined;
  const done = (pending?.status ?? advice.status) === 'done';
  const told = pending?.updateSent ?? Boolean(advice.updateSentAt);
  return (
    <Stack gap={2} id={`advice-${advice.id}`}>
      <Group gap="xs" wrap="nowrap" align="flex-start" justify="space-between">
        <Checkbox
          label={
            <span style={advice.status === 'dropped' ? { textDecoration: 'line-through' } : undefined}>
              {advice.title}
              <Text span size="xs" c="dimmed"> · {advice.kind}</Text>
            </span>
          }
          checked={done}
          disabled={update.isPending}
          aria-label={`Done: ${advice.title}`}
          onChange={(e) => update.mutate({ id: advice.id, version: advice.version, status: e.currentTarget.checked ? 'done' : 'open' }, { onError: showError })}
        />
        <Checkbox
          size="xs"
          label="Told them"
          aria-label={`Told them about: ${advice.title}`}
          checked={told}
          disabled={update.isPending}
          onChange={(e) => update.mutate({ id: advice.id, version: advice.version, updateSent: e.currentTarget.checked }, { onError: showError })}
          style={{ flexShrink: 0 }}
        />
      </Group>
      <Group gap={6} pl={32}>
        {showFrom && <Text size="xs" c="dimmed">from <Anchor component={Link} to={`/contacts/${advice.from.id}`} size="xs">{advice.from.displayName}</Anchor></Text>}
        {advice.doneAt && <Text size="xs" c="dimmed">done {formatDate(advice.doneAt)}</Text>}
        {done && !told && <Badge size="xs" color="yellow" variant="light">Tell them how it went</Badge>}
        {showConversation && advice.conversationId && <Anchor component={Link} to={`/conversations/${advice.conversationId}`} size="xs">from a conversation</Anchor>}
      </Group>
    </Stack>
  );
}
