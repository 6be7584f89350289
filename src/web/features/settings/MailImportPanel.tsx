import { Alert, Badge, Button, Checkbox, FileInput, Group, List, Paper, Select, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconMail, IconUpload } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { CONVERSATION_KIND_LABELS, conversationKindSchema, type ConversationKind } from '../../../contracts/conversation.schema.js';
import type { MailImportJob, MailImportPreview } from '../../../contracts/mail-import.schema.js';
import { useRefreshEverything } from './transfer.api.js';
import { useCommitMail, useDiscardMail, useMailJob, useUploadMail } from './mail-import.api.js';

const FORMAT_NAMES = { mbox: 'mailbox (.mbox)', eml: 'email message (.eml)', ics: 'calendar (.ics)' } as const;
const KIND_OPTIONS = conversationKindSchema.options.filter((k) => k !== 'email').map((k) => ({ value: k, label: CONVERSATION_KIND_LABELS[k] }));

function Count({ label, value, testId }: { label: string; value: number; testId?: string }) {
  return (
    <Paper withBorder p="xs">
      <Text size="xs" c="dimmed">{label}</Text>
      <Text fw={700} data-testid={testId}>{value.toLocaleString()}</Text>
    </Paper>
  );
}

/** What the file would become: counts, the people it is with, correspondents to add, meetings and their kinds, warnings. */
function MailPreview({
  preview,
  add,
  onAdd,
  kinds,
  onKind,
}: {
  preview: MailImportPreview;
  add: string[];
  onAdd: (address: string, on: boolean) => void;
  kinds: Record<string, ConversationKind>;
  onKind: (key: string, kind: ConversationKind) => void;
}) {
  const c = preview.counts;
  const mail = preview.format !== 'ics';
  return (
    <Stack gap="xs" data-testid="mail-preview">
      <Text size="sm">
        {preview.fileName ?? 'File'}: {FORMAT_NAMES[preview.format]}, {c.records.toLocaleString()} {mail ? 'messages' : 'events'}.
        {mail && preview.me.addresses.length > 0 && ` Sent from ${preview.me.addresses.join(', ')}${preview.me.guessed ? ' (guessed from the file: set your address in Profile)' : ''}.`}
      </Text>
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="xs">
        <Count label="New conversations" value={c.new} testId="mail-new" />
        <Count label="Updated" value={c.updated} />
        <Count label="Already imported" value={c.unchanged} />
        <Count label="Without a contact" value={c.withoutContacts} />
        {mail && <Count label="Lists and automated, left out" value={c.automated} />}
        {mail && <Count label="Awaiting a reply" value={c.awaitingReply} />}
        {mail && <Count label="Answered" value={c.replied} />}
        <Count label="Actions answered" value={c.actionsAnswered} />
      </SimpleGrid>
      {preview.people.length > 0 && (
        <Text size="sm">
          With {preview.people.slice(0, 8).map((p) => p.displayName).join(', ')}
          {preview.people.length > 8 ? ` and ${preview.people.length - 8} more` : ''}.
        </Text>
      )}
      {preview.meetings.length > 0 && (
        <Table aria-label="Meetings in the file">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>When</Table.Th>
              <Table.Th>Meeting</Table.Th>
              <Table.Th>Kind</Table.Th>
              <Table.Th>What happens</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {preview.meetings.map((m) => (
              <Table.Tr key={m.key}>
                <Table.Td>{new Date(m.startsAt).toLocaleString()}</Table.Td>
                <Table.Td>
                  {m.title} <Text span size="xs" c="dimmed">with {m.participants.join(', ')}</Text>
                </Table.Td>
                <Table.Td>
                  <Select aria-label={`Kind of ${m.title}`} data={KIND_OPTIONS} value={kinds[m.key] ?? m.kind} onChange={(v) => v && onKind(m.key, v as ConversationKind)} allowDeselect={false} size="xs" />
                </Table.Td>
                <Table.Td>
                  <Badge variant="light" color={m.change === 'cancelled' ? 'red' : m.change === 'new' ? 'teal' : 'gray'}>{m.change === 'new' ? m.status : m.change}</Badge>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {preview.correspondentsTotal > 0 && (
        <Stack gap={4}>
          <Text size="sm" fw={600}>
            {preview.correspondentsTotal.toLocaleString()} {preview.correspondentsTotal === 1 ? 'correspondent is' : 'correspondents are'} not a contact: left out unless you add them
          </Text>
          {preview.correspondents.slice(0, 20).map((x) => (
            <Checkbox
              key={x.address}
              label={`${x.name || x.address} <${x.address}> — ${[x.messages ? `${x.messages} messages` : '', x.meetings ? `${x.meetings} meetings` : ''].filter(Boolean).join(', ')}`}
              checked={add.includes(x.address)}
              onChange={(e) => onAdd(x.address, e.currentTarget.checked)}
            />
          ))}
        </Stack>
      )}
      {preview.warnings.length > 0 && (
        <Alert color="yellow" icon={<IconAlertTriangle size={18} />} title={`${c.skipped} skipped`}>
          <List size="sm">
            {preview.warnings.slice(0, 10).map((w, i) => (
              <List.Item key={i}>
                {w.message ? `Message ${w.message}, ` : ''}line {w.line}
                {w.messageId ? ` <${w.messageId}>` : ''}: {w.reason}
              </List.Item>
            ))}
          </List>
        </Alert>
      )}
      <Text size="xs" c="dimmed">Kept: {preview.kept}</Text>
    </Stack>
  );
}

/**
 * Mail and calendar import: an .mbox (Gmail Takeout, Thunderbird, Apple Mail), an .eml or an
 * .ics becomes conversations with your contacts. Also used on a contact's page (the file is then
 * theirs), with `contactId`.
 */
export function MailImportPanel({ contactId, file: given, onFinished }: { contactId?: string; file?: File | null; onFinished?: () => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [add, setAdd] = useState<string[]>([]);
  const [kinds, setKinds] = useState<Record<string, ConversationKind>>({});
  const upload = useUploadMail();
  const commit = useCommitMail();
  const discard = useDiscardMail();
  const refresh = useRefreshEverything();
  const staged: MailImportJob | null = upload.data ?? null;
  const started = commit.data ?? null;
  const polled = useMailJob(started?.id ?? null, Boolean(started));
  const job = polled.data ?? started ?? staged;
  const status = job?.status;

  useEffect(() => {
    if (status === 'done') {
      void refresh();
      onFinished?.();
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [status]);

  const choose = (next: File | null) => {
    if (staged && staged.status === 'ready') discard.mutate(staged.id);
    upload.reset();
    commit.reset();
    setAdd([]);
    setKinds({});
    setFile(next);
    if (next) upload.mutate(contactId ? { file: next, contactId } : { file: next });
  };

  useEffect(() => {
    if (given) choose(given);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [given]);

  const counts = staged?.preview.counts;
  const nothingToDo = Boolean(counts && counts.new === 0 && counts.updated === 0 && counts.actionsAnswered === 0 && add.length === 0);
  return (
    <Stack gap="sm">
      {!contactId && (
        <FileInput
          label="Mail or calendar file"
          placeholder="Choose an .mbox, .eml or .ics file"
          accept=".mbox,.mbx,.eml,.ics,message/rfc822,text/calendar,application/mbox"
          leftSection={<IconUpload size={16} />}
          value={file}
          onChange={choose}
          clearable
          disabled={status === 'running'}
        />
      )}
      {upload.isPending && <Text size="sm">Reading {file?.name}…</Text>}
      {upload.error && <Alert color="red" title="This file cannot be imported">{upload.error.message}</Alert>}
      {staged && (
        <MailPreview
          preview={staged.preview}
          add={add}
          onAdd={(address, on) => setAdd((list) => (on ? [...list, address] : list.filter((a) => a !== address)))}
          kinds={kinds}
          onKind={(key, kind) => setKinds((k) => ({ ...k, [key]: kind }))}
        />
      )}
      {staged && status === 'ready' && (
        <Group>
          <Button onClick={() => commit.mutate({ id: staged.id, addCorrespondents: add, kinds, ...(contactId ? { contactId } : {}) })} loading={commit.isPending} disabled={nothingToDo} leftSection={<IconMail size={16} />}>
            {nothingToDo ? 'Nothing to import' : `Import ${counts?.new.toLocaleString() ?? ''} conversations${add.length ? ` and ${add.length} new contacts` : ''}`}
          </Button>
        </Group>
      )}
      {commit.error && <Alert color="red" title="The import failed">{commit.error.message}</Alert>}
      {status === 'running' && <Text size="sm">Importing…</Text>}
      {status === 'done' && job?.result && (
        <Alert color="teal" icon={<IconCheck size={18} />} title="Import done" role="status">
          {job.result.created.toLocaleString()} new conversations, {job.result.updated.toLocaleString()} updated, {job.result.unchanged.toLocaleString()} already there
          {job.result.cancelled ? `, ${job.result.cancelled} cancelled` : ''}
          {job.result.contactsCreated ? `, ${job.result.contactsCreated} new contacts` : ''}
          {job.result.actionsDone ? `, ${job.result.actionsDone} actions done` : ''}. <Link to="/">See Today</Link>
        </Alert>
      )}
      {status === 'failed' && job?.error && <Alert color="red" title="The import failed; nothing was written">{job.error.message}</Alert>}
    </Stack>
  );
}

/** The Settings section. */
export function MailImportSection() {
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="mail-import-title">
      <Stack gap="sm">
        <Group gap="xs">
          <IconMail size={20} />
          <Title order={3} id="mail-import-title">
            Import mail and calendar
          </Title>
        </Group>
        <Text size="sm" c="dimmed">
          An .mbox (Gmail Takeout, Thunderbird, Apple Mail), an .eml message or an .ics calendar: messages and meetings with your contacts become conversations, replies end the wait
          for an answer, and a sent thank-you closes its action. No account access; importing the same file again changes nothing.
        </Text>
        <MailImportPanel />
      </Stack>
    </Paper>
  );
}
