import { ActionIcon, Alert, Anchor, Breadcrumbs, Button, Group, Loader, Paper, Select, SimpleGrid, Stack, TagsInput, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconX } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { contactCreateSchema, type Contact, type ContactCreateInput } from '../../../contracts/contact.schema.js';
import { ApiError } from '../../api/client.js';
import { useContact, useContactSearch, useCreateContact, useUpdateContact } from './contacts.api.js';

interface FormValues {
  givenName: string;
  familyName: string;
  emails: { value: string; label: string }[];
  phones: { value: string; label: string }[];
  linkedinUrl: string;
  organizationName: string;
  department: string;
  fullName: string;
  title: string;
  location: string;
  notes: string;
  sharedInterests: string[];
  howWeMet: string;
  introducedById: string | null;
  tags: string[];
}

function valuesOf(c?: Contact): FormValues {
  return {
    givenName: c?.givenName ?? '',
    familyName: c?.familyName ?? '',
    emails: c?.emails.map((e) => ({ value: e.value, label: e.label ?? '' })) ?? [],
    phones: c?.phones.map((p) => ({ value: p.value, label: p.label ?? '' })) ?? [],
    linkedinUrl: c?.linkedinUrl ?? '',
    organizationName: c?.organizationName ?? '',
    department: c?.department ?? '',
    fullName: c?.fullName ?? '',
    title: c?.title ?? '',
    location: c?.location ?? '',
    notes: c?.notes ?? '',
    sharedInterests: c?.sharedInterests ?? [],
    howWeMet: c?.howWeMet ?? '',
    introducedById: c?.introducedBy?.id ?? null,
    tags: c?.tags ?? [],
  };
}

/** The form's values as the API expects them (blank rows dropped, blank labels omitted). */
function toInput(v: FormValues): ContactCreateInput {
  const entries = (list: { value: string; label: string }[]) =>
    list.filter((e) => e.value.trim()).map((e) => (e.label.trim() ? { value: e.value, label: e.label } : { value: e.value }));
  return { ...v, emails: entries(v.emails), phones: entries(v.phones) };
}

/** Field errors from the same zod schema the server uses, keyed by form path ("emails.0.value"). */
function validate(values: FormValues): Record<string, string> {
  const parsed = contactCreateSchema.safeParse(toInput(values));
  if (parsed.success) return {};
  const errors: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const path = issue.path.join('.');
    errors[path || 'givenName'] ??= issue.message;
  }
  return errors;
}

export function ContactNewPage() {
  return <ContactForm />;
}

export function ContactEditPage() {
  const { id } = useParams();
  const contact = useContact(id);
  if (contact.isPending) return <Loader aria-label="Loading contact" />;
  if (contact.isError) return <Alert color="red" title="Contact not found">{contact.error.message}</Alert>;
  return <ContactForm key={`${contact.data.id}:${contact.data.version}`} contact={contact.data} />;
}

function ContactForm({ contact }: { contact?: Contact }) {
  const navigate = useNavigate();
  const create = useCreateContact();
  const update = useUpdateContact(contact?.id ?? '');
  const [introducerSearch, setIntroducerSearch] = useState('');
  // Someone with this email, LinkedIn profile, or name at this organization is already a contact: offer them first.
  const [duplicate, setDuplicate] = useState<{ id: string; displayName: string; what: string } | null>(null);
  const introducers = useContactSearch(introducerSearch);
  const form = useForm<FormValues>({ mode: 'controlled', initialValues: valuesOf(contact), validate, validateInputOnBlur: true });

  const introducerOptions = [
    ...(contact?.introducedBy ? [{ value: contact.introducedBy.id, label: contact.introducedBy.displayName }] : []),
    ...(introducers.data?.items ?? [])
      .filter((c) => c.id !== contact?.id && c.id !== contact?.introducedBy?.id)
      .map((c) => ({ value: c.id, label: c.organizationName ? `${c.displayName} (${c.organizationName})` : c.displayName })),
  ];

  const onError = (error: Error) => {
    if (!contact && error instanceof ApiError && error.existing?.type === 'contact') {
      setDuplicate({ id: error.existing.id, displayName: error.existing.displayName, what: error.issues[0]?.message ?? error.message });
      return;
    }
    if (error instanceof ApiError && error.issues.length > 0) {
      form.setErrors(Object.fromEntries(error.issues.map((i) => [i.path, i.message])));
    } else {
      notifications.show({ color: 'red', title: error instanceof ApiError && error.status === 409 ? 'Changed elsewhere' : 'Could not save', message: error.message });
    }
  };

  const save = (values: FormValues, force: boolean) => {
    setDuplicate(null);
    const input = toInput(values);
    if (contact) {
      update.mutate(
        { ...input, version: contact.version },
        { onSuccess: (saved) => { notifications.show({ message: `Saved ${saved.displayName}` }); navigate(`/contacts/${saved.id}`); }, onError },
      );
    } else {
      create.mutate({ ...input, force }, {
        onSuccess: (saved) => { notifications.show({ message: `Added ${saved.displayName}` }); navigate(`/contacts/${saved.id}`); },
        onError,
      });
    }
  };
  const submit = form.onSubmit((values) => save(values, false));

  const listField = (field: 'emails' | 'phones', label: string, placeholder: string) => (
    <Stack gap={6}>
      <Text size="sm" fw={500}>{label}</Text>
      {form.values[field].map((_, index) => (
        <Group key={index} gap="xs" align="flex-start" wrap="nowrap">
          <TextInput aria-label={`${label} ${index + 1}`} placeholder={placeholder} style={{ flex: 1 }} {...form.getInputProps(`${field}.${index}.value`)} />
          <TextInput aria-label={`${label} ${index + 1} label`} placeholder="label (work, home…)" w={150} {...form.getInputProps(`${field}.${index}.label`)} />
          <ActionIcon variant="subtle" color="gray" mt={6} aria-label={`Remove ${label.toLowerCase()} ${index + 1}`} onClick={() => form.removeListItem(field, index)}>
            <IconX size={16} />
          </ActionIcon>
        </Group>
      ))}
      <Button variant="subtle" size="compact-sm" leftSection={<IconPlus size={14} />} onClick={() => form.insertListItem(field, { value: '', label: '' })} style={{ alignSelf: 'flex-start' }}>
        Add {field === 'emails' ? 'email' : 'phone'}
      </Button>
    </Stack>
  );

  const title = contact ? `Edit ${contact.displayName}` : 'New contact';
  return (
    <Stack maw={900}>
      <Breadcrumbs>
        <Anchor component={Link} to="/contacts">Contacts</Anchor>
        {contact && <Anchor component={Link} to={`/contacts/${contact.id}`}>{contact.displayName}</Anchor>}
        <Text>{contact ? 'Edit' : 'New'}</Text>
      </Breadcrumbs>
      <Title order={2}>{title}</Title>
      {duplicate && (
        <Alert color="yellow" title="Already a contact?" role="alert" data-testid="duplicate-contact">
          <Text size="sm">{duplicate.what}. Nothing was saved.</Text>
          <Group gap="xs" mt="xs">
            <Button size="xs" component={Link} to={`/contacts/${duplicate.id}`}>Open {duplicate.displayName}</Button>
            <Button size="xs" variant="default" loading={create.isPending} onClick={() => save(form.getValues(), true)}>Add anyway</Button>
          </Group>
        </Alert>
      )}
      <form onSubmit={submit} noValidate aria-label={title}>
        <Paper withBorder p="md">
          <Stack>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput label="First name" autoFocus autoComplete="off" {...form.getInputProps('givenName')} />
              <TextInput label="Last name" autoComplete="off" {...form.getInputProps('familyName')} />
              <TextInput label="Organization" placeholder="Where they work" {...form.getInputProps('organizationName')} />
              <TextInput label="Department" placeholder="Their team or unit" {...form.getInputProps('department')} />
              <TextInput label="Title" placeholder="Their role" {...form.getInputProps('title')} />
              <TextInput
                label="Full name as written"
                placeholder="Dr. Ada M. Quill PhD"
                description="Shown instead of first and last name when set"
                autoComplete="off"
                {...form.getInputProps('fullName')}
              />
            </SimpleGrid>
            {listField('emails', 'Emails', 'name@example.com')}
            {listField('phones', 'Phones', '+1 555 010 2000')}
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput label="LinkedIn" placeholder="https://www.linkedin.com/in/…" {...form.getInputProps('linkedinUrl')} />
              <TextInput label="Location" placeholder="City, region" {...form.getInputProps('location')} />
              <TextInput label="How we met" placeholder="Tuesday job-networking meeting" {...form.getInputProps('howWeMet')} />
              <Select
                label="Introduced by"
                placeholder="Search your contacts"
                searchable
                clearable
                nothingFoundMessage={introducerSearch ? 'No contact found' : 'Type a name'}
                data={introducerOptions}
                searchValue={introducerSearch}
                onSearchChange={setIntroducerSearch}
                filter={({ options }) => options}
                {...form.getInputProps('introducedById')}
              />
              <TagsInput label="Tags" placeholder="Type and press Enter" {...form.getInputProps('tags')} />
              <TagsInput label="Shared interests" placeholder="oenophile, cycling…" {...form.getInputProps('sharedInterests')} />
            </SimpleGrid>
            <Textarea label="Notes" autosize minRows={3} maxRows={12} {...form.getInputProps('notes')} />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => navigate(contact ? `/contacts/${contact.id}` : '/contacts')}>Cancel</Button>
              <Button type="submit" loading={create.isPending || update.isPending}>{contact ? 'Save' : 'Add contact'}</Button>
            </Group>
          </Stack>
        </Paper>
      </form>
    </Stack>
  );
}
