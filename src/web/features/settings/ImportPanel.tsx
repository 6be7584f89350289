import { Alert, Badge, Button, FileInput, Group, List, NativeSelect, Paper, Progress, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconFileImport, IconUpload } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { ARCHIVE_MAX_BYTES, CSV_FIELDS, IMPORT_MAX_BYTES, MULTI_COLUMN_FIELDS, type ColumnMapping, type ContactFileFormat, type CsvField, type ImportField, type ImportJob, type ImportMapping } from '../../../contracts/transfer.schema.js';
import { ApiError } from '../../api/client.js';
import { useCommitImport, useDiscardImport, useImportJob, useRefreshEverything, useRemapImport, useUploadImport } from './transfer.api.js';

const FORMAT_NAMES: Record<ContactFileFormat, string> = {
  linkedin: 'LinkedIn Connections.csv',
  google: 'Google Contacts CSV',
  outlook: 'Outlook CSV',
  thunderbird: 'Thunderbird address book',
  csv: 'CSV read by its column names',
  vcard: 'vCard',
};

const FIELD_NAMES: Record<ImportField, string> = {
  givenName: 'first name',
  familyName: 'last name',
  fullName: 'full name',
  emails: 'emails',
  phones: 'phones',
  linkedinUrl: 'LinkedIn URL',
  organizationName: 'organization',
  department: 'department',
  title: 'title',
  location: 'location',
  notes: 'notes',
  howWeMet: 'how we met',
  tags: 'tags',
};

const CSV_FIELD_LABELS: Record<CsvField, string> = {
  givenName: 'First name',
  familyName: 'Last name',
  middleName: 'Middle name',
  fullName: 'Full name',
  email: 'Email',
  phone: 'Phone',
  organization: 'Organization',
  department: 'Department',
  title: 'Title',
  location: 'Location',
  city: 'City',
  region: 'Region or state',
  country: 'Country',
  website: 'Web page (LinkedIn profile)',
  notes: 'Notes',
  tags: 'Tags',
  birthday: 'Birthday',
  birthYear: 'Birth year',
  birthMonth: 'Birth month',
  birthDay: 'Birth day',
  howWeMet: 'How we met',
  ignore: 'Ignore this column',
};
const FIELD_OPTIONS = CSV_FIELDS.map((field) => ({ value: field, label: CSV_FIELD_LABELS[field] }));

const MiB = 1024 * 1024;

/**
 * How each column of a CSV is read, with a select per column to change it. Every change reads
 * the file again on the server (the counts, skips and warnings follow); a choice it cannot use
 * comes back as an error naming the column, and the mapping stays as it was.
 */
/** The mapping with `column` read as `field`; a field read from one column only leaves the column that had it. */
function choose(mapping: ColumnMapping, column: string, field: CsvField): ColumnMapping {
  const next: ColumnMapping = { ...mapping, [column]: field };
  if (!MULTI_COLUMN_FIELDS.has(field)) {
    for (const [other, otherField] of Object.entries(next)) if (other !== column && otherField === field) next[other] = 'ignore';
  }
  return next;
}

function MappingTable({ mapping, pending, onChange }: { mapping: ImportMapping; pending: boolean; onChange: (next: ColumnMapping) => void }) {
  const unknown = mapping.columns.filter((c) => !c.recognised).length;
  const current = (): ColumnMapping => Object.fromEntries(mapping.columns.filter((c) => c.recognised || c.field !== 'ignore').map((c) => [c.column, c.field]));
  return (
    <Stack gap={4}>
      <Text size="sm">
        Columns, as read {unknown > 0 ? `(${unknown} not recognised: choose a field to read them)` : ''}
      </Text>
      <Table striped withTableBorder aria-label="Column mapping">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Column</Table.Th>
            <Table.Th>First value</Table.Th>
            <Table.Th>Read as</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {mapping.columns.map((c) => (
            <Table.Tr key={c.column}>
              <Table.Td>
                {c.column}{' '}
                {!c.recognised && (
                  <Badge size="xs" color="yellow" variant="light">
                    not recognised
                  </Badge>
                )}
              </Table.Td>
              <Table.Td>
                <Text size="sm" c="dimmed" lineClamp={1}>
                  {c.sample ?? '—'}
                </Text>
              </Table.Td>
              <Table.Td>
                <NativeSelect
                  size="xs"
                  aria-label={`Read column ${c.column} as`}
                  data={FIELD_OPTIONS}
                  value={c.field}
                  disabled={pending}
                  onChange={(event) => onChange(choose(current(), c.column, event.currentTarget.value as CsvField))}
                />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

function ErrorAlert({ error }: { error: unknown }) {
  if (!error) return null;
  // An issue that only repeats the message (the file, or the line, it names) is not listed again.
  const issues = error instanceof ApiError ? error.issues.filter((i) => !error.message.includes(i.message)) : [];
  return (
    <Alert color="red" icon={<IconAlertTriangle size={18} />} title={error instanceof Error ? error.message : 'Something went wrong'}>
      {issues.length > 0 && (
        <List size="sm">
          {issues.slice(0, 20).map((i) => (
            <List.Item key={`${i.path}-${i.message}`}>
              {i.path}: {i.message}
            </List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}

function Count({ label, value, color, hint }: { label: string; value: number; color?: string; hint?: string }) {
  return (
    <Paper withBorder p="xs" radius="md" aria-label={`${label}: ${value}`}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} size="xl" c={value > 0 ? color : undefined} data-testid={`count-${label.toLowerCase().replace(/\s+/g, '-')}`}>
        {value.toLocaleString()}
      </Text>
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </Paper>
  );
}

/** The preview: what the import would do, before anything is written. */
function Preview({ job, mappingPending, onMapping }: { job: ImportJob; mappingPending: boolean; onMapping: (next: ColumnMapping) => void }) {
  const { counts } = job.preview;
  return (
    <Stack gap="sm">
      <Text>
        <Badge variant="light" mr="xs">
          {job.preview.archive ? 'LinkedIn data archive' : FORMAT_NAMES[job.preview.format]}
        </Badge>
        {job.preview.fileName} — {counts.records.toLocaleString()} records
      </Text>
      <SimpleGrid cols={{ base: 2, sm: 3, md: 6 }} spacing="xs">
        <Count label="New" value={counts.new} color="teal" hint={counts.newOrganizations ? `${counts.newOrganizations} new ${counts.newOrganizations === 1 ? 'organization' : 'organizations'}` : undefined} />
        <Count label="Matched" value={counts.matched} hint={counts.matched ? `${counts.updated} gain fields` : 'already in Rapport'} />
        <Count label="Repeated in file" value={counts.duplicatesInFile} />
        <Count label="Skipped" value={counts.skipped} />
        <Count label="Warnings" value={counts.warnings} color="yellow" hint={counts.warnings ? 'imported without some values' : undefined} />
        <Count label="Unchanged" value={counts.unchanged} />
      </SimpleGrid>
      {job.preview.archive && (
        <List size="sm" aria-label="From the LinkedIn archive">
          <List.Item>Read from the archive: {job.preview.archive.files.map((f) => f.name).join(', ')}</List.Item>
          {job.preview.archive.invitations > 0 && <List.Item>{job.preview.archive.invitations.toLocaleString()} connections with how you met told by their invitation</List.Item>}
          {job.preview.archive.profileFiles.length > 0 && <List.Item>{job.preview.archive.profileFiles.join(', ')} will fill your profile (what you wrote is kept)</List.Item>}
          {job.preview.archive.skippedFiles.map((f) => (
            <List.Item key={f.name}>
              {f.name} left out: {f.reason}
            </List.Item>
          ))}
        </List>
      )}
      {job.preview.mapping && <MappingTable mapping={job.preview.mapping} pending={mappingPending || job.status !== 'ready'} onChange={onMapping} />}
      {job.preview.filledFields.length > 0 && (
        <Text size="sm">
          Matched contacts would gain (empty fields only; nothing you typed is overwritten):{' '}
          {job.preview.filledFields.map((f) => `${FIELD_NAMES[f.field]} ${f.count}`).join(', ')}
        </Text>
      )}
      {job.preview.skipped.length > 0 && (
        <List size="sm" aria-label="Skipped rows">
          {job.preview.skipped.map((s) => (
            <List.Item key={s.reason}>
              {s.count} {s.reason} (line{s.lines.length === 1 ? '' : 's'} {s.lines.join(', ')}
              {s.count > s.lines.length ? ', …' : ''})
            </List.Item>
          ))}
        </List>
      )}
      {job.preview.warnings.length > 0 && (
        <Table striped withTableBorder aria-label="Values left out">
          <Table.Caption>Values left out (the person is imported without them)</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Line</Table.Th>
              <Table.Th>Field</Table.Th>
              <Table.Th>Why</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {job.preview.warnings.slice(0, 20).map((w, i) => (
              <Table.Tr key={`${w.line}-${i}`}>
                <Table.Td>{w.line}</Table.Td>
                <Table.Td>{w.field}</Table.Td>
                <Table.Td>{w.message}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {job.preview.warnings.length > 20 && (
        <Text size="sm" c="dimmed">
          …and {job.preview.warnings.length - 20} more values left out.
        </Text>
      )}
    </Stack>
  );
}

/**
 * Import: choose a file, see what would happen (new, matched and the fields they would gain,
 * skipped with reasons, values left out by line and field), then import it all or nothing, with a
 * progress bar.
 */
export function ImportPanel() {
  const [file, setFile] = useState<File | null>(null);
  const [tooBig, setTooBig] = useState<string | null>(null);
  const upload = useUploadImport();
  const commit = useCommitImport();
  const discard = useDiscardImport();
  const remap = useRemapImport();
  const refresh = useRefreshEverything();
  const staged = remap.data ?? upload.data ?? null;
  const started = commit.data ?? null;
  const polled = useImportJob(started?.id ?? null, Boolean(started));
  const job = polled.data ?? started ?? staged;
  const status = job?.status;

  useEffect(() => {
    if (status === 'done') void refresh();
    // refresh is stable enough: run once when the import finishes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [status]);

  const choose = (next: File | null) => {
    if (staged && staged.status === 'ready') discard.mutate(staged.id);
    upload.reset();
    remap.reset();
    commit.reset();
    setTooBig(null);
    setFile(next);
    if (!next) return;
    // Said before uploading: the server refuses it too (413), after the bytes have travelled.
    const archive = /\.zip$/i.test(next.name);
    const limit = archive ? ARCHIVE_MAX_BYTES : IMPORT_MAX_BYTES;
    if (next.size > limit) {
      setTooBig(
        archive
          ? `${next.name} is ${(next.size / MiB).toFixed(1)} MiB; the archive limit is ${limit / MiB} MiB.`
          : `${next.name} is ${(next.size / MiB).toFixed(1)} MiB; the import limit is ${limit / MiB} MiB (LinkedIn's largest export is about 4 MB).`,
      );
      return;
    }
    upload.mutate(next);
  };

  const counts = staged?.preview.counts;
  const nothingToDo = Boolean(counts && counts.new === 0 && counts.updated === 0);
  const running = status === 'running';
  const percent = job && job.total > 0 ? Math.round((job.processed / job.total) * 100) : running ? 0 : 100;

  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="import-title">
      <Stack gap="sm">
        <Group gap="xs">
          <IconFileImport size={20} />
          <Title order={3} id="import-title">
            Import contacts
          </Title>
        </Group>
        <Text size="sm" c="dimmed">
          LinkedIn Connections.csv (any year) or LinkedIn's whole data archive (.zip: connections, how you met from invitations, your profile), Google, Outlook or Thunderbird contacts CSV, any CSV whose columns say what they hold (Name, Email, Firma, Courriel…: you can change how each column is read), or vCard. The format is recognised from the content. Importing the same file again changes nothing: people are
          matched by LinkedIn URL, email, then name and organization, and only empty fields are filled.
        </Text>
        <FileInput
          label="Contact file"
          placeholder="Choose a .csv, .vcf or LinkedIn .zip file"
          accept=".csv,.vcf,.vcard,.zip,text/csv,text/vcard,text/x-vcard,application/zip"
          leftSection={<IconUpload size={16} />}
          value={file}
          onChange={choose}
          clearable
          disabled={running}
          description={`At most ${IMPORT_MAX_BYTES / MiB} MiB; LinkedIn's data archive (.zip) at most ${ARCHIVE_MAX_BYTES / MiB} MiB`}
        />
        {tooBig && <Alert color="red" title="This file is too large">{tooBig}</Alert>}
        {upload.isPending && <Text size="sm">Reading {file?.name}…</Text>}
        <ErrorAlert error={upload.error} />
        {staged && <Preview job={staged} mappingPending={remap.isPending} onMapping={(mapping) => remap.mutate({ id: staged.id, mapping })} />}
        <ErrorAlert error={remap.error} />
        {staged && status === 'ready' && (
          <Group>
            <Button
              onClick={() => commit.mutate({ id: staged.id })}
              loading={commit.isPending}
              disabled={nothingToDo}
              leftSection={<IconFileImport size={16} />}
            >
              {nothingToDo ? 'Nothing to import' : `Import ${counts?.new.toLocaleString() ?? ''} new, update ${counts?.updated.toLocaleString() ?? ''}`}
            </Button>
          </Group>
        )}
        <ErrorAlert error={commit.error} />
        {job && (running || status === 'done') && (
          <Stack gap={4}>
            <Progress value={percent} animated={running} aria-label="Import progress" />
            <Text size="sm" c="dimmed" data-testid="import-progress">
              {running ? `Importing… ${job.processed.toLocaleString()} of ${job.total.toLocaleString()}` : `${job.total.toLocaleString()} of ${job.total.toLocaleString()}`}
            </Text>
          </Stack>
        )}
        {status === 'done' && job?.result && (
          <Alert color="teal" icon={<IconCheck size={18} />} title="Import done" role="status">
            {job.result.created.toLocaleString()} new contacts, {job.result.updated.toLocaleString()} updated, {job.result.unchanged.toLocaleString()} unchanged,{' '}
            {job.result.organizationsCreated.toLocaleString()} new {job.result.organizationsCreated === 1 ? 'organization' : 'organizations'}
            {job.result.warnings > 0 ? `, ${job.result.warnings.toLocaleString()} without some of their values` : ''}.
            {job.result.profile && job.result.profile.filled.length > 0 ? ` Your profile gained: ${job.result.profile.filled.join(', ')}.` : ''} <Link to="/contacts">Show contacts</Link>
          </Alert>
        )}
        {status === 'failed' && job?.error && (
          <Alert color="red" title="The import failed; nothing was written">
            {job.error.message}
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}
