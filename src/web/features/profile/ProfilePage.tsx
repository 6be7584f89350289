import { Alert, Anchor, Autocomplete, Button, Chip, FileButton, Group, Loader, NativeSelect, NumberInput, Paper, SimpleGrid, Stack, TagsInput, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconFileImport, IconFileTypePdf, IconId } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { profileUpdateSchema, remoteSchema, REMOTE_LABELS, type Profile, type ProfileImportResult } from '../../../contracts/profile.schema.js';
import { ApiError } from '../../api/client.js';
import { useImportProfile, useProfile, useUpdateProfile } from './profile.api.js';

const DAYS = [
  { value: '1', label: 'Mon' },
  { value: '2', label: 'Tue' },
  { value: '3', label: 'Wed' },
  { value: '4', label: 'Thu' },
  { value: '5', label: 'Fri' },
  { value: '6', label: 'Sat' },
  { value: '7', label: 'Sun' },
];

type FormValues = Omit<Profile, 'experience' | 'workingDays'> & { workingDays: string[] };

const toForm = (p: Profile): FormValues => {
  const { experience: _experience, ...rest } = p;
  return { ...rest, workingDays: p.workingDays.map(String) };
};
const fromForm = (v: FormValues) => ({ ...v, workingDays: v.workingDays.map(Number).sort() });

/** `skills.2` → `skills` (the list input), `playbook.timeZone` → `timeZone`: where a field error shows. */
export function formFieldOf(path: string): string {
  const p = path.replace(/^playbook\./, '');
  const parts = p.split('.');
  const list = ['skills', 'workingDays', 'holidays', 'idealPosition.roles', 'idealPosition.responsibilities', 'targetDefinition.industries', 'targetDefinition.sizes', 'targetDefinition.positions', 'targetDefinition.geographies'];
  for (const l of list) if (p === l || p.startsWith(`${l}.`)) return l;
  return parts.slice(0, 2).join('.');
}

/** /profile — the seeker's pitch, skills, ideal position, target definition, goals, and calendar. */
export function ProfilePage() {
  const profile = useProfile();
  if (profile.isPending) return <Loader aria-label="Loading profile" />;
  if (profile.isError) return <Alert color="red" title="Could not load the profile">{profile.error.message}</Alert>;
  return <ProfileForm key={JSON.stringify(profile.data)} profile={profile.data} />;
}

function ProfileForm({ profile }: { profile: Profile }) {
  const update = useUpdateProfile();
  const form = useForm<FormValues>({ mode: 'controlled', initialValues: toForm(profile) });
  const zones = useMemo(() => (typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : []), []);

  const submit = form.onSubmit((values) => {
    const parsed = profileUpdateSchema.safeParse(fromForm(values));
    if (!parsed.success) {
      form.setErrors(Object.fromEntries(parsed.error.issues.map((i) => [formFieldOf(i.path.map(String).join('.')), i.message])));
      return;
    }
    update.mutate(parsed.data, {
      onSuccess: () => notifications.show({ message: 'Profile saved' }),
      onError: (error) => {
        if (error instanceof ApiError && error.issues.length > 0) form.setErrors(Object.fromEntries(error.issues.map((i) => [formFieldOf(i.path), i.message])));
        else notifications.show({ color: 'red', title: 'Could not save', message: error.message });
      },
    });
  });

  return (
    <Stack maw={960}>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={2}>Profile</Title>
          <Text c="dimmed" size="sm">Your pitch, what you offer and what you are looking for: the prep briefs, meeting mode and the networking sheet use it.</Text>
        </div>
        <Group gap="xs">
          <Button component={Link} to="/profile/sheet" variant="light" leftSection={<IconId size={16} />}>Networking sheet</Button>
          <Button component="a" href="/api/profile/sheet.pdf" variant="default" leftSection={<IconFileTypePdf size={16} />}>Download PDF</Button>
        </Group>
      </Group>

      <ImportPanel />

      <form onSubmit={submit} aria-label="Profile" noValidate>
        <Stack>
          <Paper withBorder p="md" component="section" aria-label="You" id="you">
            <Title order={3} size="h4" mb="xs">You</Title>
            <Text size="sm" c="dimmed" mb="xs">Every message is signed with your name (and your phone, when you give one); the networking sheet is headed with them.</Text>
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <TextInput label="Name" autoComplete="name" placeholder="Roger Smith" {...form.getInputProps('name')} />
              <TextInput label="Email" type="email" autoComplete="email" {...form.getInputProps('email')} />
              <TextInput label="Phone" type="tel" autoComplete="tel" {...form.getInputProps('phone')} />
            </SimpleGrid>
          </Paper>

          <Paper withBorder p="md" component="section" aria-label="Pitch">
            <Title order={3} size="h4" mb="xs">Elevator pitch</Title>
            <Stack gap="sm">
              <TextInput label="Headline" description="One line: who you are professionally" {...form.getInputProps('headline')} />
              <Textarea label="Pitch (short)" description="What you would say in 30 seconds" autosize minRows={2} maxRows={6} {...form.getInputProps('pitchShort')} />
              <Textarea label="Pitch (long)" description="Two minutes: your story, what you liked most in past work, what you want next" autosize minRows={3} maxRows={12} {...form.getInputProps('pitchLong')} />
              <TagsInput label="Skills and abilities" description="What you offer the marketplace (Enter after each)" clearable {...form.getInputProps('skills')} />
            </Stack>
          </Paper>

          <Paper withBorder p="md" component="section" aria-label="Ideal position">
            <Title order={3} size="h4" mb="xs">Ideal position</Title>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TagsInput label="Roles" {...form.getInputProps('idealPosition.roles')} />
              <TextInput label="Level" placeholder="Manager, Director…" {...form.getInputProps('idealPosition.level')} />
              <TextInput label="Location" {...form.getInputProps('idealPosition.location')} />
              <NativeSelect label="Remote" data={remoteSchema.options.map((r) => ({ value: r, label: REMOTE_LABELS[r] }))} {...form.getInputProps('idealPosition.remote')} />
            </SimpleGrid>
            <TagsInput mt="sm" label="Responsibilities you excel at" {...form.getInputProps('idealPosition.responsibilities')} />
          </Paper>

          <Paper withBorder p="md" component="section" aria-label="Target definition">
            <Title order={3} size="h4" mb="xs">Target definition</Title>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TagsInput label="Industries" {...form.getInputProps('targetDefinition.industries')} />
              <TagsInput label="Sizes" placeholder="50–500 people" {...form.getInputProps('targetDefinition.sizes')} />
              <TagsInput label="Positions" {...form.getInputProps('targetDefinition.positions')} />
              <TagsInput label="Geographies" {...form.getInputProps('targetDefinition.geographies')} />
            </SimpleGrid>
          </Paper>

          <Paper withBorder p="md" component="section" aria-label="Weekly goals and calendar">
            <Title order={3} size="h4" mb="xs">Weekly goals and calendar</Title>
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <NumberInput label="New contacts a week" min={0} max={500} allowDecimal={false} {...form.getInputProps('weeklyGoals.newContacts')} />
              <NumberInput label="Conversations a week" min={0} max={500} allowDecimal={false} {...form.getInputProps('weeklyGoals.conversations')} />
              <NumberInput label="Follow-ups a week" min={0} max={500} allowDecimal={false} {...form.getInputProps('weeklyGoals.followUps')} />
            </SimpleGrid>
            <SimpleGrid cols={{ base: 1, sm: 2 }} mt="sm">
              <Autocomplete label="Time zone" description="The playbook counts business days in it" data={zones} limit={20} {...form.getInputProps('timeZone')} />
              <TagsInput label="Holidays" description="YYYY-MM-DD, Enter after each" {...form.getInputProps('holidays')} />
            </SimpleGrid>
            <Stack gap={4} mt="sm">
              <Text size="sm" fw={500} id="working-days-label">Working days</Text>
              <Chip.Group multiple value={form.getValues().workingDays} onChange={(v) => form.setFieldValue('workingDays', v)}>
                <Group gap="xs" role="group" aria-labelledby="working-days-label">
                  {DAYS.map((d) => <Chip key={d.value} value={d.value} size="sm">{d.label}</Chip>)}
                </Group>
              </Chip.Group>
              {form.errors.workingDays && <Text c="red" size="xs" role="alert">{form.errors.workingDays}</Text>}
            </Stack>
            <Text size="xs" c="dimmed" mt="xs">Time zone, working days and holidays are the <Anchor component={Link} to="/settings/playbook" size="xs">playbook settings</Anchor>: changing them here changes them there.</Text>
          </Paper>

          {profile.experience.length > 0 && (
            <Paper withBorder p="md" component="section" aria-label="Experience">
              <Title order={3} size="h4" mb="xs">Experience <Text span size="xs" c="dimmed">(from your import)</Text></Title>
              <Stack gap={2}>
                {profile.experience.map((e, i) => (
                  <Text key={i} size="sm">{e.title}{e.organization ? ` · ${e.organization}` : ''} <Text span c="dimmed" size="xs">{e.startedOn}{e.startedOn ? `–${e.finishedOn || 'now'}` : ''}</Text></Text>
                ))}
              </Stack>
            </Paper>
          )}

          <Group justify="flex-end">
            <Button type="submit" loading={update.isPending}>Save profile</Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}

function ImportPanel() {
  const importProfile = useImportProfile();
  const [result, setResult] = useState<ProfileImportResult | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const run = async (files: File[]) => {
    if (files.length === 0) return;
    setFailure(null);
    setResult(null);
    const texts = await Promise.all(files.map(async (f) => ({ name: f.name, text: await f.text() })));
    importProfile.mutate(
      { files: texts },
      {
        onSuccess: (r) => {
          setResult(r);
          notifications.show({ message: `Profile filled from ${r.files.map((f) => f.name).join(', ')}` });
        },
        onError: (error) => setFailure([error.message, ...(error instanceof ApiError ? error.issues.map((i) => `${i.path}: ${i.message}`) : [])].join('\n')),
      },
    );
  };
  return (
    <Paper withBorder p="md" component="section" aria-label="Import">
      <Group justify="space-between" align="center">
        <div>
          <Text fw={600}>Fill from a file</Text>
          <Text size="sm" c="dimmed">Your LinkedIn archive’s Profile.csv, Positions.csv and Skills.csv (select them together), or a JSON Resume. What you have written is kept.</Text>
        </div>
        <Group gap="xs">
          <FileButton onChange={(f) => void run(f)} accept=".csv,text/csv" multiple>
            {(props) => <Button {...props} variant="light" leftSection={<IconFileImport size={16} />} loading={importProfile.isPending}>Import LinkedIn archive</Button>}
          </FileButton>
          <FileButton onChange={(f) => void run(f ? [f] : [])} accept=".json,application/json">
            {(props) => <Button {...props} variant="light" leftSection={<IconFileImport size={16} />} loading={importProfile.isPending}>Import JSON Resume</Button>}
          </FileButton>
        </Group>
      </Group>
      {failure && <Alert mt="sm" color="red" title="Nothing was imported" role="alert" style={{ whiteSpace: 'pre-wrap' }}>{failure}</Alert>}
      {result && (
        <Alert mt="sm" color="teal" title="Imported" role="status">
          Filled: {result.filled.length > 0 ? result.filled.join(', ') : 'nothing new'}.
          {result.kept.length > 0 && <> Kept what you had written: {result.kept.join(', ')}.</>}
        </Alert>
      )}
    </Paper>
  );
}
