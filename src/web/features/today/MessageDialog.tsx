import { Alert, Anchor, Badge, Button, Group, Loader, Modal, Stack, Text, TextInput, Textarea, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowBackUp, IconCheck, IconCopy, IconMail, IconMessages, IconPencil } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import type { Action, Message } from '../../../contracts/action.schema.js';
import { canLog } from './ActionRow.js';
import { copyText, mailtoUrl, outreachHints } from './message.js';
import { useMessage } from './today.api.js';

interface Props {
  action: Action | null;
  onClose: () => void;
  /** Marks the action done and logs the message as a conversation. */
  onDoneAndLog: (action: Action) => void;
}

/** The message an action proposes: filled in, editable for this one message, with the outreach hints. */
export function MessageDialog({ action, onClose, onDoneAndLog }: Props) {
  const message = useMessage(action?.id ?? null);
  const isCall = action?.channel === 'call';
  return (
    <Modal opened={action !== null} onClose={onClose} title={action ? `${isCall ? 'Call script' : 'Message'}: ${action.title}` : ''} size="lg">
      {message.isPending ? (
        <Loader aria-label="Loading the message" />
      ) : message.isError ? (
        <Alert color="red" title="No message for this action">{message.error.message}</Alert>
      ) : action ? (
        // Keyed by the text: a changed template starts a fresh draft.
        <MessageEditor key={`${message.data.actionId}:${message.data.subject}:${message.data.body}`} message={message.data} action={action} onDoneAndLog={onDoneAndLog} />
      ) : null}
    </Modal>
  );
}

function MessageEditor({ message, action, onDoneAndLog }: { message: Message; action: Action; onDoneAndLog: (action: Action) => void }) {
  const [subject, setSubject] = useState(message.subject);
  const [body, setBody] = useState(message.body);
  const edited = subject !== message.subject || body !== message.body;
  const hints = outreachHints(body);
  const href = mailtoUrl(message.to.map((t) => t.email), subject, body);
  const withoutEmail = action.recipients.filter((r) => !r.email);
  const stillMissing = message.missing.filter((m) => `${subject}\n${body}`.includes(m));
  const isCall = action.channel === 'call';

  const copy = async () => {
    const ok = await copyText(isCall ? body : `${subject}\n\n${body}`);
    notifications.show(ok ? { message: isCall ? 'Script copied' : 'Subject and message copied' } : { color: 'red', message: 'Could not copy: select the text and copy it yourself' });
  };

  return (
    <Stack gap="sm">
      <Group gap="xs" wrap="wrap">
        <Text size="sm" c="dimmed" w={60}>{isCall ? 'With' : 'To'}</Text>
        {message.to.length === 0 && <Text size="sm">Nobody</Text>}
        {message.to.map((t, i) => (
          <Badge key={i} variant="light" color={t.email || isCall ? 'gray' : 'yellow'} tt="none" size="lg" fw={500}>
            {isCall ? t.displayName : t.email ? `${t.displayName} <${t.email}>` : `${t.displayName} (no email)`}
          </Badge>
        ))}
      </Group>
      {withoutEmail.length > 0 && !isCall && (
        <Alert color="yellow" p="xs">
          <Text size="sm">
            No email address for{' '}
            {withoutEmail.map((r, i) => (
              <span key={r.id}>
                {i > 0 && ', '}
                <Anchor component={Link} to={`/contacts/${r.id}/edit`}>{r.displayName}</Anchor>
              </span>
            ))}
            : add one, or copy the message and send it another way (LinkedIn, a mutual contact).
          </Text>
        </Alert>
      )}
      {stillMissing.length > 0 && (
        <Alert color="yellow" p="xs" title={isCall ? 'Fill in' : 'Fill in before sending'}>
          <Text size="sm">
            {stillMissing.map((m) => `{{${m}}}`).join(', ')}
            {stillMissing.some((m) => m.startsWith('me.')) && (
              <>
                {' '}— <Anchor component={Link} to="/profile#you">add your name to your profile</Anchor>
              </>
            )}
          </Text>
        </Alert>
      )}
      <TextInput label={isCall ? 'Topic' : 'Subject'} value={subject} onChange={(e) => setSubject(e.currentTarget.value)} />
      <Textarea label={isCall ? 'What to say' : 'Message'} description="Edit freely: changes here are for this one message." autosize minRows={6} maxRows={18} value={body} onChange={(e) => setBody(e.currentTarget.value)} data-autofocus />
      <Group gap="xs" aria-label="Outreach hints">
        {!isCall && <Hint ok={hints.under75Words} good={`${hints.words} words — under 75`} bad={`${hints.words} words — aim for under 75`} />}
        <Hint ok={hints.asksQuestion} good="Asks a question" bad="Ask them a question" />
        <Hint ok={hints.aboutThem} good={`About them (${hints.you} you · ${hints.i} I)`} bad={`More about you than them (${hints.you} you · ${hints.i} I)`} />
      </Group>
      <Group justify="space-between" wrap="wrap" mt="xs">
        <Group gap="xs">
          <Anchor component={Link} to={`/settings/playbook#template-${message.templateId}`} size="sm" style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}>
            <IconPencil size={14} /> Edit the template
          </Anchor>
          {edited && (
            <Button size="compact-sm" variant="subtle" color="gray" leftSection={<IconArrowBackUp size={14} />} onClick={() => { setSubject(message.subject); setBody(message.body); }}>
              Undo my edits
            </Button>
          )}
        </Group>
        <Group gap="xs">
          <Button variant="default" leftSection={<IconCopy size={16} />} onClick={() => void copy()}>
            Copy
          </Button>
          {!isCall && (
            <Button component="a" href={href} leftSection={<IconMail size={16} />} data-testid="mailto-link">
              Open in mail app
            </Button>
          )}
          {canLog(action) && (
            <Tooltip label={isCall ? 'After the call: mark it done and log it' : 'After sending: mark it done and log it as an email conversation'} withArrow>
              <Button variant="light" color="teal" leftSection={action.channel === 'email' ? <IconMessages size={16} /> : <IconCheck size={16} />} onClick={() => onDoneAndLog(action)}>
                Done — log it
              </Button>
            </Tooltip>
          )}
        </Group>
      </Group>
    </Stack>
  );
}

function Hint({ ok, good, bad }: { ok: boolean; good: string; bad: string }) {
  return (
    <Badge variant="light" color={ok ? 'green' : 'yellow'} tt="none" fw={500} leftSection={ok ? <IconCheck size={12} /> : undefined}>
      {ok ? good : bad}
    </Badge>
  );
}
