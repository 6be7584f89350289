import { Anchor, Button, Loader, Text, ThemeIcon, Timeline, Tooltip } from '@mantine/core';
import {
  IconArrowDownLeft,
  IconBulb,
  IconCalendarEvent,
  IconMessages,
  IconPencil,
  IconShare,
  IconUserPlus,
  type Icon,
} from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import type { TimelineEntry } from '../../../contracts/timeline.schema.js';
import { formatWhen, fromNow } from '../../components/time.js';
import { useTimeline } from './relationships.api.js';

const ICONS: Record<TimelineEntry['kind'], { icon: Icon; color: string; label: string }> = {
  conversation: { icon: IconMessages, color: 'teal', label: 'Conversation' },
  'referral-in': { icon: IconArrowDownLeft, color: 'grape', label: 'Introduced to you' },
  'referral-out': { icon: IconShare, color: 'violet', label: 'Introduced you to someone' },
  advice: { icon: IconBulb, color: 'yellow', label: 'Advice' },
  event: { icon: IconCalendarEvent, color: 'blue', label: 'Event' },
  change: { icon: IconPencil, color: 'gray', label: 'Edit' },
  created: { icon: IconUserPlus, color: 'gray', label: 'Added' },
};

function hrefOf(link: TimelineEntry['link']): string | null {
  if (!link) return null;
  switch (link.type) {
    case 'conversation': return `/conversations/${link.id}`;
    case 'contact': return `/contacts/${link.id}`;
    case 'event': return `/events/${link.id}`;
    case 'organization': return `/organizations/${link.id}`;
    default: return null;
  }
}

const FIRST = 25;

/** Everything about a person, newest first, each with its icon and a link to the record. */
/** A link in the timeline is a touch target: at least 24 px tall (WCAG 2.5.8), however short its text. */
const TARGET = { display: 'inline-block', minHeight: 24, lineHeight: '24px' } as const;

export function ContactTimeline({ contactId }: { contactId: string }) {
  const timeline = useTimeline(contactId);
  const [all, setAll] = useState(false);
  if (timeline.isPending) return <Loader size="sm" aria-label="Loading timeline" />;
  if (timeline.isError) return <Text c="red" size="sm">Could not load the timeline: {timeline.error.message}</Text>;
  const entries = all ? timeline.data : timeline.data.slice(0, FIRST);
  return (
    <>
      <Timeline bulletSize={26} lineWidth={2} aria-label="Timeline">
        {entries.map((e, i) => {
          const meta = ICONS[e.kind];
          const href = hrefOf(e.link);
          const advice = e.link?.type === 'advice' ? `#advice-${e.link.id}` : null;
          return (
            <Timeline.Item
              key={`${e.at}:${e.kind}:${i}`}
              bullet={
                <Tooltip label={meta.label}>
                  <ThemeIcon size={26} radius="xl" color={meta.color} variant="light" role="img" aria-label={meta.label}>
                    <meta.icon size={15} />
                  </ThemeIcon>
                </Tooltip>
              }
              title={
                href ? <Anchor component={Link} to={href} fw={600} size="sm" style={TARGET}>{e.title}</Anchor>
                  : advice ? <Anchor href={advice} fw={600} size="sm" style={TARGET}>{e.title}</Anchor>
                    : <Text fw={600} size="sm">{e.title}</Text>
              }
            >
              {e.detail && <Text size="sm" c="dimmed" lineClamp={2}>{e.detail}</Text>}
              <Text size="xs" c="dimmed" title={formatWhen(e.at)}>{fromNow(e.at)}</Text>
            </Timeline.Item>
          );
        })}
      </Timeline>
      {!all && timeline.data.length > FIRST && (
        <Button variant="subtle" size="compact-sm" mt="sm" onClick={() => setAll(true)}>Show all {timeline.data.length}</Button>
      )}
    </>
  );
}
