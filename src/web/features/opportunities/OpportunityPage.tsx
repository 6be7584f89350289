import { Alert, Anchor, Badge, Button, Grid, Group, List, Loader, Modal, NativeSelect, NumberInput, Paper, SegmentedControl, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowBack, IconArrowRight, IconMessageQuestion, IconThumbDown, IconTrash } from '@tabler/icons-react';
import { Fragment, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { CONVERSATION_KIND_LABELS } from '../../../contracts/conversation.schema.js';
import {
  OPPORTUNITY_SOURCE_LABELS,
  OPPORTUNITY_STAGE_LABELS,
  opportunityStageSchema,
  type Opportunity,
  type OpportunityConvertResult,
  type OpportunityStage,
} from '../../../contracts/opportunity.schema.js';
import { ContactMultiPicker, ContactPicker, type ContactOption } from '../../components/ContactPicker.js';
import { browserTimeZone, formatWhen, fromLocalInput, toLocalInput } from '../../components/time.js';
import { ApiError } from '../../api/client.js';
import { splitName } from '../conversations/outcomes.form.js';
import { RejectDialog } from './RejectDialog.js';
import { useConvertOpportunity, useInterviewer, useLogRound, useMoveOpportunity, useOpportunity, useRemoveOpportunity, useUpdateOpportunity } from './opportunities.api.js';

const STAGE_OPTIONS = opportunityStageSchema.options.map((value) => ({ value, label: OPPORTUNITY_STAGE_LABELS[value] }));

/** One opportunity: where it stands and how it got there, its rounds and interviewers, and who led to it. */
export function OpportunityPage() {
  const { id } = useParams();
  const query = useOpportunity(id);
  const move = useMoveOpportunity();
  const convert = useConvertOpportunity();
  const remove = useRemoveOpportunity();
  const navigate = useNavigate();
  const [rejecting, setRejecting] = useState(false);
  const [questions, setQuestions] = useState<OpportunityConvertResult | null>(null);

  if (query.isPending) return <Loader aria-label="Loading the opportunity" />;
  if (query.isError) return <Alert color="red" title="Could not load the opportunity">{query.error.message}</Alert>;
  const o = query.data;
  const closed = ['accepted', 'rejected', 'withdrawn', 'converted'].includes(o.stage);

  const setStage = (stage: OpportunityStage) => {
    if (stage === o.stage) return;
    if (stage === 'rejected') return setRejecting(true);
    move.mutate({ id: o.id, version: o.version, stage }, { onError: (e) => notifications.show({ color: 'red', title: 'Could not change the stage', message: e.message }) });
  };

  return (
    <Stack gap="md" maw={1200}>
      <Group justify="space-between" align="flex-start" wrap="wrap">
        <div>
          <Anchor component={Link} to="/opportunities" size="sm">← Opportunities</Anchor>
          <Title order={2}>{o.title}</Title>
          <Text>
            at <Anchor component={Link} to={`/organizations/${o.organization.id}`}>{o.organization.name}</Anchor> · {OPPORTUNITY_SOURCE_LABELS[o.source]}
            {o.referrer && (
              <>
                {' '}from <Anchor component={Link} to={`/contacts/${o.referrer.id}`}>{o.referrer.displayName}</Anchor>
              </>
            )}
            {o.competingCandidates !== null && <> · {o.competingCandidates === 0 ? 'the only candidate' : `${o.competingCandidates} other candidates`}</>}
          </Text>
        </div>
        <Group gap="xs" align="flex-end">
          <NativeSelect label="Stage" data={STAGE_OPTIONS} value={o.stage} onChange={(e) => setStage(e.currentTarget.value as OpportunityStage)} data-testid="stage-select" />
          {!closed && (
            <Button color="red" variant="light" leftSection={<IconThumbDown size={16} />} onClick={() => setRejecting(true)}>
              Reject
            </Button>
          )}
          {o.stage !== 'converted' && (
            <Button
              variant="light"
              color="orange"
              leftSection={<IconMessageQuestion size={16} />}
              loading={convert.isPending}
              onClick={() =>
                convert.mutate(
                  { id: o.id, version: o.version },
                  { onSuccess: setQuestions, onError: (e) => notifications.show({ color: 'red', title: 'Could not convert', message: e.message }) },
                )
              }
            >
              Convert to informational interview
            </Button>
          )}
        </Group>
      </Group>

      <Paper withBorder p="sm" aria-label="Who led here" component="section">
        <Text fw={600} size="sm" mb={4}>Who led here</Text>
        {o.attribution.chain.length === 0 ? (
          <Text size="sm" c="dimmed">Nobody recorded yet. Set a referrer, or record who introduced you.</Text>
        ) : (
          <Group gap={6} data-testid="attribution">
            {o.attribution.chain.map((c) => (
              <Fragment key={c.id}>
                <Anchor component={Link} to={`/contacts/${c.id}`} fw={600}>{c.displayName}</Anchor>
                <IconArrowRight size={14} aria-hidden />
              </Fragment>
            ))}
            <Text fw={600}>{o.stage === 'offer' || o.stage === 'accepted' ? 'this offer' : o.roundCount > 0 || o.stage === 'interviewing' ? 'this interview' : 'this opportunity'}</Text>
          </Group>
        )}
      </Paper>

      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack gap="md">
            <Paper withBorder p="sm" component="section" aria-label="Interview rounds">
              <Title order={4}>Interview rounds</Title>
              {o.rounds.length === 0 ? (
                <Text size="sm" c="dimmed">No round yet.</Text>
              ) : (
                <Table aria-label="Rounds">
                  <Table.Thead>
                    <Table.Tr><Table.Th>Round</Table.Th><Table.Th>When</Table.Th><Table.Th>Kind</Table.Th><Table.Th>With</Table.Th></Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {o.rounds.map((r) => (
                      <Table.Tr key={r.id}>
                        <Table.Td>{r.interviewRound ?? '—'}</Table.Td>
                        <Table.Td><Anchor component={Link} to={`/conversations/${r.id}`}>{formatWhen(r.startsAt)}</Anchor>{r.status !== 'done' && <Badge ml={6} size="xs" variant="light">{r.status}</Badge>}</Table.Td>
                        <Table.Td>{CONVERSATION_KIND_LABELS[r.kind]}</Table.Td>
                        <Table.Td>{r.participants.map((p) => p.displayName).join(', ')}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              )}
              {/* A new interviewer joins the next round's people: the form starts again from the list. */}
              <LogRoundForm key={o.interviewers.map((i) => i.id).join(' ')} o={o} />
            </Paper>
            <Paper withBorder p="sm" component="section" aria-label="Stage history">
              <Title order={4}>Stage history</Title>
              <Table aria-label="History">
                <Table.Tbody>
                  {o.history.map((h, i) => (
                    <Table.Tr key={`${h.at}-${i}`}>
                      <Table.Td w={200}>{formatWhen(h.at)}</Table.Td>
                      <Table.Td>
                        {h.from ? `${OPPORTUNITY_STAGE_LABELS[h.from]} → ` : 'Added as '}
                        <b>{OPPORTUNITY_STAGE_LABELS[h.to]}</b>
                        {h.backwards && <Badge ml={6} size="xs" color="yellow" variant="light" leftSection={<IconArrowBack size={10} />}>moved back</Badge>}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Paper>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack gap="md">
            <Interviewers o={o} />
            <Details o={o} />
            <Button
              variant="subtle"
              color="red"
              leftSection={<IconTrash size={16} />}
              onClick={() => {
                if (!window.confirm(`Delete ${o.title}? Its conversations stay.`)) return;
                remove.mutate(o.id, { onSuccess: () => navigate('/opportunities') });
              }}
            >
              Delete opportunity
            </Button>
          </Stack>
        </Grid.Col>
      </Grid>

      <RejectDialog opportunity={rejecting ? o : null} onClose={() => setRejecting(false)} />
      <Modal opened={Boolean(questions)} onClose={() => setQuestions(null)} title="Now an informational interview" size="lg">
        <Stack gap="sm">
          <Text size="sm">
            The right company, the wrong job: {questions?.conversation ? 'the job interview is now an informational interview, with its notes and people kept. ' : ''}Ask about Trends, Insights, Advice, Resources and Assignments:
          </Text>
          <List spacing={6} aria-label="Questions to ask">
            {questions?.questions.map((q) => (
              <List.Item key={q.question}><b>{q.topic}:</b> {q.question}</List.Item>
            ))}
          </List>
          {questions?.conversation && (
            <Anchor component={Link} to={`/conversations/${questions.conversation.id}`} onClick={() => setQuestions(null)}>Open the conversation</Anchor>
          )}
        </Stack>
      </Modal>
    </Stack>
  );
}

function LogRoundForm({ o }: { o: Opportunity }) {
  const log = useLogRound();
  const [when, setWhen] = useState(() => toLocalInput(new Date()));
  const [people, setPeople] = useState<ContactOption[]>(() => o.interviewers.map((i) => ({ value: i.id, label: i.displayName })));
  const [notes, setNotes] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const startsAt = fromLocalInput(when);
    if (!startsAt) return setError('Give a date and time');
    const future = Date.parse(startsAt) > Date.now();
    log.mutate(
      {
        id: o.id,
        input: { startsAt, timeZone: browserTimeZone(), status: future ? 'scheduled' : 'done', participants: people.map((p) => ({ contactId: p.value, role: 'interviewer' as const })), notes: notes || null, interviewRound: o.rounds.length + 1 },
      },
      {
        onSuccess: () => {
          setNotes('');
          setError(null);
          notifications.show({ color: 'teal', message: `Round ${o.rounds.length + 1} ${future ? 'scheduled' : 'logged'}` });
        },
        onError: (err) => setError(err.message),
      },
    );
  };
  return (
    <Stack component="form" onSubmit={submit} gap="xs" mt="sm" aria-label="Log an interview round">
      <Text fw={600} size="sm">Log round {o.rounds.length + 1}</Text>
      <Group align="flex-end" wrap="wrap" gap="xs">
        <TextInput type="datetime-local" label="When" value={when} onChange={(e) => setWhen(e.currentTarget.value)} error={error} />
        <div style={{ flex: 1, minWidth: 220 }}>
          <ContactMultiPicker label="Interviewers" value={people} onChange={setPeople} />
        </div>
      </Group>
      <Textarea label="Notes" autosize minRows={1} value={notes} onChange={(e) => setNotes(e.currentTarget.value)} />
      <Group>
        <Button type="submit" size="xs" loading={log.isPending}>Log round</Button>
      </Group>
    </Stack>
  );
}

/**
 * The interviewers, and adding one: someone you know (search), or a new person created at the
 * opportunity's organization — as the conversation form captures a name offered. A new person
 * who is already a contact is offered first.
 */
function Interviewers({ o }: { o: Opportunity }) {
  const change = useInterviewer();
  const [mode, setMode] = useState<'existing' | 'new'>('existing');
  const [pick, setPick] = useState<ContactOption | null>(null);
  const [typed, setTyped] = useState('');
  const [person, setPerson] = useState({ name: '', title: '', organization: o.organization.name });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [duplicate, setDuplicate] = useState<{ id: string; displayName: string; what: string } | null>(null);

  const done = () => {
    setPick(null);
    setTyped('');
    setPerson({ name: '', title: '', organization: o.organization.name });
    setErrors({});
    setDuplicate(null);
  };
  const fail = (error: Error) => {
    if (error instanceof ApiError && error.existing?.type === 'contact') {
      setDuplicate({ id: error.existing.id, displayName: error.existing.displayName, what: error.issues[0]?.message ?? error.message });
      return;
    }
    if (error instanceof ApiError && error.issues.length > 0) {
      const field = (path: string) => (/^newContact\.(givenName|familyName)/.test(path) ? 'name' : /^newContact\.title/.test(path) ? 'title' : /^newContact\.organizationName/.test(path) ? 'organization' : 'name');
      setErrors(Object.fromEntries(error.issues.map((i) => [field(i.path), i.message])));
      return;
    }
    notifications.show({ color: 'red', title: 'Could not add the interviewer', message: error.message });
  };
  const addExisting = (contactId: string) => change.mutate({ id: o.id, contactId }, { onSuccess: done, onError: fail });
  const addNew = (force: boolean) => {
    setErrors({});
    setDuplicate(null);
    const { givenName, familyName } = splitName(person.name);
    if (!givenName && !familyName) return setErrors({ name: 'Give their name' });
    const organizationName = person.organization.trim() || o.organization.name;
    change.mutate({ id: o.id, newContact: { givenName, familyName, title: person.title, organizationName }, force }, { onSuccess: done, onError: fail });
  };
  const switchTo = (next: 'existing' | 'new') => {
    // What was typed in the search becomes the new person's name.
    if (next === 'new' && !person.name && typed && !pick) setPerson((p) => ({ ...p, name: typed }));
    setMode(next);
    setDuplicate(null);
  };

  return (
    <Paper withBorder p="sm" component="section" aria-label="Interviewers">
      <Title order={4}>Interviewers</Title>
      <Text size="xs" c="dimmed">They stay in your network whatever the outcome.</Text>
      <List spacing={4} mt={6} aria-label="Interviewer list">
        {o.interviewers.map((i) => (
          <List.Item key={i.id}>
            <Anchor component={Link} to={`/contacts/${i.id}`}>{i.displayName}</Anchor>
            {o.rapportInterviewer?.id === i.id && <Badge ml={6} size="xs" color="teal" variant="light">rapport</Badge>}
            <Button size="compact-xs" variant="subtle" color="gray" ml={6} onClick={() => change.mutate({ id: o.id, contactId: i.id, remove: true })} aria-label={`Remove ${i.displayName}`}>
              remove
            </Button>
          </List.Item>
        ))}
      </List>
      <Stack gap="xs" mt="xs">
        <SegmentedControl
          size="xs"
          aria-label="Add an interviewer: someone you know or a new person"
          data={[{ value: 'existing', label: 'Someone you know' }, { value: 'new', label: 'New person' }]}
          value={mode}
          onChange={(v) => switchTo(v === 'new' ? 'new' : 'existing')}
          style={{ alignSelf: 'flex-start' }}
        />
        {mode === 'existing' ? (
          <Group align="flex-end" gap="xs">
            <ContactPicker
              label="Add an interviewer"
              value={pick}
              onChange={setPick}
              // Leaving the field empties its search: the last thing typed is what the user meant.
              onSearchChange={(q) => q.trim() && setTyped(q.trim())}
              nothingFound={(q) => `No contact found: choose “New person” to add ${q}`}
              exclude={o.interviewers.map((i) => i.id)}
            />
            <Button size="xs" disabled={!pick} loading={change.isPending} onClick={() => pick && addExisting(pick.value)}>Add</Button>
          </Group>
        ) : (
          <Stack gap="xs" component="form" aria-label="New interviewer" onSubmit={(e: FormEvent) => { e.preventDefault(); addNew(false); }}>
            <TextInput label="Name" placeholder="First and last name" autoComplete="off" autoFocus value={person.name} error={errors.name} onChange={(e) => { const name = e.currentTarget.value; setPerson((p) => ({ ...p, name })); }} />
            <Group gap="xs" grow>
              <TextInput label="Title" placeholder="Their role" autoComplete="off" value={person.title} error={errors.title} onChange={(e) => { const title = e.currentTarget.value; setPerson((p) => ({ ...p, title })); }} />
              <TextInput label="Organization" autoComplete="off" value={person.organization} error={errors.organization} onChange={(e) => { const organization = e.currentTarget.value; setPerson((p) => ({ ...p, organization })); }} />
            </Group>
            <Button type="submit" size="xs" loading={change.isPending} style={{ alignSelf: 'flex-start' }}>Add as interviewer</Button>
          </Stack>
        )}
        {duplicate && (
          <Alert color="yellow" title="Already a contact?" role="alert" data-testid="duplicate-interviewer">
            <Text size="sm">{duplicate.what}. Nothing was added.</Text>
            <Group gap="xs" mt="xs">
              <Button size="xs" loading={change.isPending} onClick={() => addExisting(duplicate.id)}>Add {duplicate.displayName}</Button>
              <Button size="xs" variant="default" loading={change.isPending} onClick={() => addNew(true)}>Add a new person anyway</Button>
            </Group>
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}

function Details({ o }: { o: Opportunity }) {
  const update = useUpdateOpportunity();
  const [competing, setCompeting] = useState<string | number>(o.competingCandidates ?? '');
  const [notes, setNotes] = useState(o.notes ?? '');
  const save = (input: { competingCandidates?: number | null; notes?: string | null; notAFit?: boolean }) =>
    update.mutate({ id: o.id, input: { version: o.version, ...input } }, { onError: (e) => notifications.show({ color: 'red', title: 'Not saved', message: e.message }) });
  return (
    <Paper withBorder p="sm" component="section" aria-label="Details">
      <Title order={4}>Details</Title>
      <NumberInput label="Other candidates" min={0} value={competing} onChange={setCompeting} onBlur={() => save({ competingCandidates: competing === '' ? null : Number(competing) })} />
      <Textarea label="Notes" autosize minRows={2} value={notes} onChange={(e) => setNotes(e.currentTarget.value)} onBlur={() => notes !== (o.notes ?? '') && save({ notes })} />
      <Button size="xs" mt="xs" variant="light" color="orange" onClick={() => save({ notAFit: !o.notAFit })}>
        {o.notAFit ? 'It is a fit after all' : 'The right company, the wrong job (not a fit)'}
      </Button>
      {o.postingUrl && <Anchor href={o.postingUrl} target="_blank" rel="noreferrer" size="sm" display="block" mt="xs">The posting</Anchor>}
    </Paper>
  );
}
