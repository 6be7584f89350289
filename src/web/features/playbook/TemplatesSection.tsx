import { Accordion, Alert, Badge, Button, Group, Paper, Stack, Text, TextInput, Textarea, Title, UnstyledButton } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDeviceFloppy, IconRestore } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import type { SettingsView } from '../../../contracts/settings.schema.js';
import { ApiError } from '../../api/client.js';
import { outreachHints } from '../today/message.js';
import { ME_PLACEHOLDERS, TEMPLATE_DEFAULTS, TEMPLATE_IDS, placeholdersIn, type TemplateDefault } from './defaults.js';
import { useUpdateSettings } from './settings.api.js';

/** One editor per message template, with its placeholders and a reset to the default text. */
export function TemplatesSection({ view, openTemplate }: { view: SettingsView; openTemplate: string | null }) {
  const [open, setOpen] = useState<string[]>(openTemplate ? [openTemplate] : []);
  // A link to #template-<id> opens that editor, also when the page is already showing.
  useEffect(() => {
    if (openTemplate) setOpen((ids) => (ids.includes(openTemplate) ? ids : [...ids, openTemplate]));
  }, [openTemplate]);
  return (
    <Paper withBorder p="md" component="section" id="templates" aria-labelledby="templates-title" style={{ scrollMarginTop: 64 }}>
      <Stack gap="sm">
        <div>
          <Title order={3} size="h4" id="templates-title">Messages</Title>
          <Text size="sm" c="dimmed">
            The text behind each “Message” on Today. Placeholders like {'{{contact.firstName}}'} are filled from your records; a part in{' '}
            {'{{#organization.name}}…{{/organization.name}}'} shows only when the value is known. Aim for under 75 words, one question, and more about them than about you.
          </Text>
        </div>
        <Accordion multiple value={open} onChange={setOpen} variant="separated">
          {TEMPLATE_IDS.map((id) => {
            const fallback = TEMPLATE_DEFAULTS[id];
            if (!fallback) return null;
            const override = view.templates[id];
            return (
              <Accordion.Item key={id} value={id} id={`template-${id}`} style={{ scrollMarginTop: 64 }}>
                <Accordion.Control>
                  <Group gap="xs" wrap="wrap">
                    <Text fw={600} size="sm">{fallback.name}</Text>
                    {fallback.kind === 'call-script' && <Badge size="xs" variant="light" color="grape">call script</Badge>}
                    {override && <Badge size="xs" variant="light">customized</Badge>}
                  </Group>
                </Accordion.Control>
                <Accordion.Panel>
                  <TemplateEditor
                    key={JSON.stringify(override ?? null)}
                    id={id}
                    fallback={fallback}
                    subject={override?.subject ?? fallback.subject}
                    body={override?.body ?? fallback.body}
                    customized={Boolean(override)}
                  />
                </Accordion.Panel>
              </Accordion.Item>
            );
          })}
        </Accordion>
      </Stack>
    </Paper>
  );
}

interface EditorProps {
  id: string;
  fallback: TemplateDefault;
  subject: string;
  body: string;
  customized: boolean;
}

function TemplateEditor({ id, fallback, subject: savedSubject, body: savedBody, customized }: EditorProps) {
  const update = useUpdateSettings();
  const [subject, setSubject] = useState(savedSubject);
  const [body, setBody] = useState(savedBody);
  const [errors, setErrors] = useState<{ subject?: string; body?: string; other?: string }>({});
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  const known = [...new Set([...placeholdersIn(`${fallback.subject}\n${fallback.body}`), ...ME_PLACEHOLDERS])].sort();
  const unknown = placeholdersIn(`${subject}\n${body}`).filter((p) => !known.includes(p));
  const dirty = subject !== savedSubject || body !== savedBody;
  const isDefault = subject === fallback.subject && body === fallback.body;
  const hints = outreachHints(body.replace(/\{\{[^}]*\}\}/g, 'x'));

  const insert = (placeholder: string) => {
    const text = `{{${placeholder}}}`;
    const el = bodyRef.current;
    const start = el?.selectionStart ?? body.length;
    const end = el?.selectionEnd ?? body.length;
    setBody(body.slice(0, start) + text + body.slice(end));
    window.requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(start + text.length, start + text.length);
    });
  };

  const save = (value: { subject: string; body: string } | null, done: string) => {
    setErrors({});
    update.mutate(
      { templates: { [id]: value } },
      {
        onSuccess: () => notifications.show({ color: 'teal', message: done }),
        onError: (error) => {
          if (error instanceof ApiError && error.issues.length > 0) {
            const next: typeof errors = {};
            for (const issue of error.issues) {
              if (issue.path.endsWith('.subject')) next.subject ??= issue.message;
              else if (issue.path.endsWith('.body')) next.body ??= issue.message;
              else next.other ??= issue.message;
            }
            setErrors(next);
          } else setErrors({ other: error.message });
        },
      },
    );
  };

  return (
    <Stack gap="sm">
      <TextInput label={fallback.kind === 'call-script' ? 'Topic' : 'Subject'} value={subject} onChange={(e) => setSubject(e.currentTarget.value)} error={errors.subject} />
      <Textarea ref={bodyRef} label={fallback.kind === 'call-script' ? 'Script' : 'Message'} autosize minRows={5} maxRows={16} value={body} onChange={(e) => setBody(e.currentTarget.value)} error={errors.body} styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 13 } }} />
      <Stack gap={4}>
        <Text size="xs" c="dimmed">Placeholders (click to insert at the cursor)</Text>
        <Group gap={6} wrap="wrap">
          {known.map((p) => (
            <UnstyledButton key={p} onClick={() => insert(p)} aria-label={`Insert {{${p}}}`}>
              <Badge variant="outline" color="gray" tt="none" fw={500} style={{ cursor: 'pointer', fontFamily: 'var(--mantine-font-family-monospace)' }}>
                {`{{${p}}}`}
              </Badge>
            </UnstyledButton>
          ))}
        </Group>
      </Stack>
      {unknown.length > 0 && (
        <Alert color="yellow" p="xs">
          <Text size="sm">
            Not known for this message: {unknown.map((p) => `{{${p}}}`).join(', ')} — it would be sent as written.
          </Text>
        </Alert>
      )}
      {fallback.kind === 'email' && (
        <Group gap={6}>
          <Badge variant="light" color={hints.under75Words ? 'green' : 'yellow'} tt="none" fw={500}>{hints.words} words{hints.under75Words ? '' : ' — aim for under 75'}</Badge>
          <Badge variant="light" color={hints.asksQuestion ? 'green' : 'yellow'} tt="none" fw={500}>{hints.asksQuestion ? 'Asks a question' : 'Ask them a question'}</Badge>
          <Badge variant="light" color={hints.aboutThem ? 'green' : 'yellow'} tt="none" fw={500}>{hints.aboutThem ? 'About them' : 'More about you than them'}</Badge>
        </Group>
      )}
      {errors.other && <Alert color="red" p="xs">{errors.other}</Alert>}
      <Group gap="xs" justify="flex-end" wrap="wrap">
        {(customized || !isDefault) && (
          <Button
            variant="subtle"
            color="gray"
            leftSection={<IconRestore size={16} />}
            onClick={() => {
              if (customized) save(null, `“${fallback.name}” is back to the default text`);
              else { setSubject(fallback.subject); setBody(fallback.body); }
            }}
            loading={update.isPending}
          >
            Reset to default
          </Button>
        )}
        <Button variant="default" disabled={!dirty} onClick={() => { setSubject(savedSubject); setBody(savedBody); setErrors({}); }}>
          Discard
        </Button>
        <Button
          leftSection={<IconDeviceFloppy size={16} />}
          disabled={!dirty}
          loading={update.isPending}
          onClick={() => save(isDefault ? null : { subject, body }, `“${fallback.name}” saved`)}
        >
          Save message
        </Button>
      </Group>
    </Stack>
  );
}
