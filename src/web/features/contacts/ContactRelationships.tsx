import { Anchor, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { IconArrowRight, IconBuilding, IconBulb, IconShare, IconUsers } from '@tabler/icons-react';
import { Fragment, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import type { Contact } from '../../../contracts/contact.schema.js';
import type { Referral } from '../../../contracts/referral.schema.js';
import type { ContactInsight } from '../../../contracts/timeline.schema.js';
import { formatDate } from '../../components/time.js';
import { AdviceItem, ReferralStatusSelect } from './relationship-controls.js';
import { useAdvice, useReferrals, useSuggestedCompanies } from './relationships.api.js';

function Section({ title, icon, children }: { title: string; icon: ReactNode; children: ReactNode }) {
  return (
    <Paper withBorder p="md" component="section" aria-label={title}>
      <Group gap={6} mb="xs" wrap="nowrap">
        {icon}
        <Title order={3} size="h5">{title}</Title>
      </Group>
      {children}
    </Paper>
  );
}

const Empty = ({ children }: { children: ReactNode }) => <Text size="sm" c="dimmed">{children}</Text>;

/** Who led to this person (the whole chain) and whom they led you to. */
export function Introductions({ contact, insight }: { contact: Contact; insight: ContactInsight | undefined }) {
  const chain = insight?.referralChain ?? [];
  const introducer = chain.length >= 2 ? chain[chain.length - 2] : contact.introducedBy;
  const introduced = insight?.introduced ?? [];
  return (
    <Section title="Introductions" icon={<IconUsers size={16} />}>
      <Stack gap="sm">
        <div>
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>Introduced by</Text>
          {introducer ? (
            <Anchor component={Link} to={`/contacts/${introducer.id}`}>{introducer.displayName}</Anchor>
          ) : (
            <Empty>Nobody recorded{contact.howWeMet ? ` — ${contact.howWeMet}` : ''}</Empty>
          )}
          {chain.length >= 3 && (
            <Group gap={4} mt={4} aria-label="Introduction chain" wrap="wrap">
              {chain.map((p, i) => (
                <Fragment key={p.id}>
                  {i > 0 && <IconArrowRight size={14} aria-label="introduced" />}
                  {p.id === contact.id ? <Text size="sm" fw={600}>{p.displayName}</Text> : <Anchor component={Link} to={`/contacts/${p.id}`} size="sm">{p.displayName}</Anchor>}
                </Fragment>
              ))}
            </Group>
          )}
        </div>
        <div>
          <Text size="xs" c="dimmed" tt="uppercase" fw={600} id={`introduced-${contact.id}`}>Introduced you to</Text>
          {!insight ? (
            <Loader size="xs" />
          ) : introduced.length === 0 ? (
            <Empty>Nobody yet. Next time you talk, ask: who else should I speak with?</Empty>
          ) : (
            <Stack gap={2} component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }} aria-labelledby={`introduced-${contact.id}`}>
              {introduced.map((p) => (
                <li key={p.id}><Anchor component={Link} to={`/contacts/${p.id}`}>{p.displayName}</Anchor></li>
              ))}
            </Stack>
          )}
        </div>
      </Stack>
    </Section>
  );
}

function ReferralRow({ r, direction }: { r: Referral; direction: 'in' | 'out' }) {
  const other = direction === 'out'
    ? r.to ? <Anchor component={Link} to={`/contacts/${r.to.id}`} size="sm">{r.to.displayName}</Anchor> : r.toOrganization ? <Anchor component={Link} to={`/organizations/${r.toOrganization.id}`} size="sm">{r.toOrganization.name}</Anchor> : <Text size="sm">someone</Text>
    : <Anchor component={Link} to={`/contacts/${r.from.id}`} size="sm">{r.from.displayName}</Anchor>;
  const name = direction === 'out' ? (r.to?.displayName ?? r.toOrganization?.name ?? 'someone') : r.from.displayName;
  return (
    <Group justify="space-between" gap="xs" wrap="wrap" component="li" align="center">
      <div style={{ minWidth: 0, flex: '1 1 170px' }}>
        <Text size="sm">{direction === 'out' ? 'To ' : 'From '}{other}</Text>
        <Text size="xs" c="dimmed">offered {formatDate(r.offeredAt)}{r.conversationId && <> · <Anchor component={Link} to={`/conversations/${r.conversationId}`} size="xs">in a conversation</Anchor></>}</Text>
      </div>
      <ReferralStatusSelect referral={r} label={`Referral ${direction === 'out' ? 'to' : 'from'} ${name}: status`} />
    </Group>
  );
}

/** Referrals in and out with their status, advice from them, and the companies they suggested. */
export function ContactRelationships({ contact }: { contact: Contact }) {
  const referrals = useReferrals(contact.id);
  const advice = useAdvice(contact.id);
  const suggested = useSuggestedCompanies(contact.id);
  const out = (referrals.data ?? []).filter((r) => r.from.id === contact.id);
  const into = (referrals.data ?? []).filter((r) => r.to?.id === contact.id);
  const listStyle = { listStyle: 'none', margin: 0, padding: 0 } as const;
  return (
    <>
      <Section title="Referrals" icon={<IconShare size={16} />}>
        {referrals.isPending ? (
          <Loader size="xs" />
        ) : out.length + into.length === 0 ? (
          <Empty>No referrals to or from {contact.givenName || contact.displayName} yet.</Empty>
        ) : (
          <Stack gap="sm">
            {into.length > 0 && (
              <div>
                <Text size="xs" c="dimmed" tt="uppercase" fw={600}>Referred to you</Text>
                <Stack gap={6} component="ul" style={listStyle}>{into.map((r) => <ReferralRow key={r.id} r={r} direction="in" />)}</Stack>
              </div>
            )}
            {out.length > 0 && (
              <div>
                <Text size="xs" c="dimmed" tt="uppercase" fw={600}>They referred you to</Text>
                <Stack gap={6} component="ul" style={listStyle}>{out.map((r) => <ReferralRow key={r.id} r={r} direction="out" />)}</Stack>
              </div>
            )}
          </Stack>
        )}
      </Section>
      <Section title="Advice from them" icon={<IconBulb size={16} />}>
        {advice.isPending ? (
          <Loader size="xs" />
        ) : (advice.data ?? []).length === 0 ? (
          <Empty>No advice recorded. When they recommend a book, a class or a person, act on it — and tell them how it went.</Empty>
        ) : (
          <Stack gap="sm">{(advice.data ?? []).map((a) => <AdviceItem key={a.id} advice={a} />)}</Stack>
        )}
      </Section>
      <Section title="Companies they suggested" icon={<IconBuilding size={16} />}>
        {suggested.pending ? (
          <Loader size="xs" />
        ) : suggested.companies.length === 0 ? (
          <Empty>None yet. Show them your target list and ask which companies are missing.</Empty>
        ) : (
          <Stack gap={4} component="ul" style={listStyle} aria-label="Companies they suggested">
            {suggested.companies.map((s) => (
              <li key={s.organizationId}>
                <Anchor component={Link} to={`/organizations/${s.organizationId}`} size="sm">{s.organizationName}</Anchor>
                <Text span size="xs" c="dimmed">
                  {' '}· on your <Anchor component={Link} to="/targets" size="xs">target list</Anchor> · <Anchor component={Link} to={`/conversations/${s.conversationId}`} size="xs">{formatDate(s.at)}</Anchor>
                </Text>
              </li>
            ))}
          </Stack>
        )}
      </Section>
    </>
  );
}
