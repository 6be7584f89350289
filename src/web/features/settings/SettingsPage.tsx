import { Alert, Anchor, Button, FileInput, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconDatabaseExport, IconDownload, IconRestore } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { ApiError } from '../../api/client.js';
import { ImportPanel } from './ImportPanel.js';
import { MailImportSection } from './MailImportPanel.js';
import { useRefreshEverything, useRestore } from './transfer.api.js';
import { AppearancePanel } from '../../components/ColorSchemeToggle.js';
import { useSession } from '../account/session.api.js';

const CSV_EXPORTS = [
  { kind: 'contacts', label: 'Contacts CSV' },
  { kind: 'organizations', label: 'Organizations CSV' },
  { kind: 'conversations', label: 'Conversations CSV' },
  { kind: 'actions', label: 'Actions CSV' },
] as const;

/** Plain links: the browser downloads what the server sends as an attachment. */
function DownloadButton({ href, children }: { href: string; children: string }) {
  return (
    <Button component="a" href={href} download variant="light" leftSection={<IconDownload size={16} />}>
      {children}
    </Button>
  );
}

function ExportPanel() {
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="export-title">
      <Stack gap="sm">
        <Group gap="xs">
          <IconDatabaseExport size={20} />
          <Title order={3} id="export-title">
            Export
          </Title>
        </Group>
        <Text size="sm" c="dimmed">
          vCard for address books (4.0; 3.0 for older ones such as Outlook), CSV for spreadsheets (UTF-8 that Excel reads).
        </Text>
        <Group gap="xs">
          <DownloadButton href="/api/export/contacts.vcf?version=4.0">vCard 4.0</DownloadButton>
          <DownloadButton href="/api/export/contacts.vcf?version=3.0">vCard 3.0</DownloadButton>
          {CSV_EXPORTS.map((e) => (
            <DownloadButton key={e.kind} href={`/api/export/${e.kind}.csv`}>
              {e.label}
            </DownloadButton>
          ))}
        </Group>
      </Stack>
    </Paper>
  );
}

function BackupPanel() {
  const server = useSession().data?.mode === 'server';
  const [file, setFile] = useState<File | null>(null);
  const restore = useRestore();
  const refresh = useRefreshEverything();
  const error = restore.error;
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="backup-title">
      <Stack gap="sm">
        <Group gap="xs">
          <IconRestore size={20} />
          <Title order={3} id="backup-title">
            Backup and restore
          </Title>
        </Group>
        <Text size="sm" c="dimmed">
          The backup is one JSON file with everything in this workspace — every contact, conversation, referral, action and setting — that Rapport can restore exactly, on SQLite or
          PostgreSQL.
        </Text>
        <Group>
          <DownloadButton href="/api/backup">Download backup</DownloadButton>
        </Group>
        {server ? (
          <Text size="sm">
            <strong>Bring your data from Rapport on your computer:</strong> there, in Settings → Backup and restore, download a backup, then restore it here. It goes into your account
            only while your account is <strong>empty</strong>, so that it never mixes two histories; your coaches see of it only what you share with them (
            <Anchor component={Link} to="/settings/sharing">
              Sharing
            </Anchor>
            ).
          </Text>
        ) : (
          <Text size="sm">
            A restore only goes into an <strong>empty</strong> workspace, so that it never mixes two histories: start Rapport with a new data directory (
            <code>RAPPORT_DATA_DIR=~/rapport-restored rapport serve</code>) and restore there, or use <code>rapport restore FILE</code>.
          </Text>
        )}
        <Group align="end">
          <FileInput
            label="Backup file"
            placeholder="Choose a Rapport backup (.json)"
            accept=".json,application/json"
            value={file}
            onChange={(next) => {
              restore.reset();
              setFile(next);
            }}
            clearable
            w={320}
          />
          <Button
            leftSection={<IconRestore size={16} />}
            disabled={!file}
            loading={restore.isPending}
            onClick={() => file && restore.mutate(file, { onSuccess: () => void refresh() })}
          >
            Restore
          </Button>
        </Group>
        {restore.data && (
          <Alert color="teal" icon={<IconCheck size={18} />} title="Restored" role="status">
            {Object.entries(restore.data.counts)
              .filter(([, n]) => n > 0)
              .map(([table, n]) => `${n.toLocaleString()} ${table.replace(/_/g, ' ')}`)
              .join(', ')}
            . <Anchor component={Link} to="/contacts">Show contacts</Anchor>
          </Alert>
        )}
        {error && (
          <Alert color="red" icon={<IconAlertTriangle size={18} />} title={error instanceof ApiError && error.status === 409 ? (server ? 'Your account is not empty' : 'This workspace is not empty') : 'The backup was not restored'}>
            {error.message}
            {error instanceof ApiError && error.issues.length > 0 && (
              <Text size="sm" component="div">
                {error.issues.slice(0, 10).map((i) => (
                  <div key={`${i.path}-${i.message}`}>
                    {i.path}: {i.message}
                  </div>
                ))}
              </Text>
            )}
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}

/** Settings: import contact files, export, back up and restore. */
export function SettingsPage() {
  return (
    <Stack gap="md" maw={1000}>
      <Title order={2}>Settings</Title>
      <ImportPanel />
      <MailImportSection />
      <ExportPanel />
      <BackupPanel />
      <AppearancePanel />
    </Stack>
  );
}
