import { ActionIcon, Button, Fieldset, Group, NativeSelect, SegmentedControl, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import type { useForm } from '@mantine/form';
import { randomId } from '@mantine/hooks';
import { IconBuilding, IconBulb, IconPlus, IconUserPlus, IconX } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import type { FieldIssue } from '../../../contracts/common.schema.js';
import { adviceKindSchema, type AdviceKind, type OutcomesInput } from '../../../contracts/conversation.schema.js';
import { ContactPicker, nameOnly, type ContactOption } from '../../components/ContactPicker.js';

/**
 * The parts of a @mantine/form form that the outcome rows use. (Its `UseFormReturnType` export does
 * not resolve under NodeNext, and the whole return type depends on how the form validates.)
 */
type AnyForm<V extends OutcomeFormValues> = ReturnType<typeof useForm<V>>;
export type FormApi<V extends OutcomeFormValues> = Pick<AnyForm<V>, 'getValues' | 'getInputProps' | 'insertListItem' | 'removeListItem'>;

export const ADVICE_KIND_LABELS: Record<AdviceKind, string> = { book: 'Book', course: 'Course or class', person: 'Person to see', company: 'Company to look at', other: 'Other' };

export interface NameRow {
  key: string;
  mode: 'new' | 'existing';
  name: string;
  organization: string;
  title: string;
  email: string;
  contact: ContactOption | null;
  fromId: string;
}
export interface CompanyRow {
  key: string;
  name: string;
  contactName: string;
  fromId: string;
}
export interface AdviceRow {
  key: string;
  kind: AdviceKind;
  title: string;
  fromId: string;
}
/** The outcome rows of a form: what was offered, suggested and advised. */
export interface OutcomeFormValues {
  names: NameRow[];
  companies: CompanyRow[];
  advice: AdviceRow[];
}

export const emptyName = (): NameRow => ({ key: randomId(), mode: 'new', name: '', organization: '', title: '', email: '', contact: null, fromId: '' });
export const emptyCompany = (): CompanyRow => ({ key: randomId(), name: '', contactName: '', fromId: '' });
export const emptyAdvice = (): AdviceRow => ({ key: randomId(), kind: 'other', title: '', fromId: '' });

/** "Mary Ann Lee" → given "Mary Ann", family "Lee"; one word is a given name. */
export function splitName(full: string): { givenName: string; familyName: string } {
  const words = full.trim().split(/\s+/).filter(Boolean);
  if (words.length <= 1) return { givenName: words[0] ?? '', familyName: '' };
  return { givenName: words.slice(0, -1).join(' '), familyName: words.at(-1) ?? '' };
}

/** Where each API list index came from in the form (blank rows are not sent). */
export interface OutcomeIndex {
  names: number[];
  companies: number[];
  advice: number[];
}

/**
 * The outcome rows as the API expects them: blank rows dropped, "from" kept only when it is one
 * of the people in the conversation (else the API's default, the first participant, applies).
 */
export function toOutcomesInput(values: OutcomeFormValues, peopleIds: readonly string[]): { outcomes: OutcomesInput; index: OutcomeIndex } {
  const index: OutcomeIndex = { names: [], companies: [], advice: [] };
  const from = (id: string) => (id && peopleIds.includes(id) ? id : undefined);
  const namesOffered: NonNullable<OutcomesInput['namesOffered']> = [];
  values.names.forEach((row, i) => {
    if (row.mode === 'existing') {
      if (!row.contact) return;
      namesOffered.push({ contactId: row.contact.value, offeredById: from(row.fromId) });
    } else {
      if (![row.name, row.organization, row.title, row.email].some((v) => v.trim())) return;
      namesOffered.push({
        newContact: {
          ...splitName(row.name),
          organizationName: row.organization,
          title: row.title,
          emails: row.email.trim() ? [{ value: row.email }] : [],
        },
        offeredById: from(row.fromId),
      });
    }
    index.names.push(i);
  });
  const companiesSuggested: NonNullable<OutcomesInput['companiesSuggested']> = [];
  values.companies.forEach((row, i) => {
    if (!row.name.trim() && !row.contactName.trim()) return;
    companiesSuggested.push({ organizationName: row.name, contactName: row.contactName, suggestedById: from(row.fromId) });
    index.companies.push(i);
  });
  const advice: NonNullable<OutcomesInput['advice']> = [];
  values.advice.forEach((row, i) => {
    if (!row.title.trim()) return;
    advice.push({ kind: row.kind, title: row.title, givenById: from(row.fromId) });
    index.advice.push(i);
  });
  return { outcomes: { namesOffered, companiesSuggested, advice }, index };
}

/**
 * The form field an API issue belongs to. `path` is relative to the outcomes object
 * ("namesOffered.0.newContact.emails.0.value"); null when it is not an outcome path.
 */
export function outcomeFieldOf(path: string, index: OutcomeIndex, values: OutcomeFormValues, fromShown: boolean): string | null {
  const parts = path.split('.');
  const [list, n, ...rest] = parts;
  const i = Number(n);
  if (!Number.isInteger(i)) return null;
  if (list === 'namesOffered') {
    const row = index.names[i];
    if (row === undefined) return null;
    const field = rest[0] === 'newContact' ? rest[1] : rest[0];
    const existing = values.names[row]?.mode === 'existing';
    const main = existing ? 'contact' : 'name';
    const map: Record<string, string> = { givenName: 'name', familyName: 'name', organizationName: 'organization', title: 'title', emails: 'email', contactId: main, offeredById: fromShown ? 'fromId' : main };
    return `names.${row}.${map[field ?? ''] ?? main}`;
  }
  if (list === 'companiesSuggested') {
    const row = index.companies[i];
    if (row === undefined) return null;
    const map: Record<string, string> = { organizationName: 'name', contactName: 'contactName', suggestedById: fromShown ? 'fromId' : 'name' };
    return `companies.${row}.${map[rest[0] ?? ''] ?? 'name'}`;
  }
  if (list === 'advice') {
    const row = index.advice[i];
    if (row === undefined) return null;
    const map: Record<string, string> = { kind: 'kind', title: 'title', notes: 'title', givenById: fromShown ? 'fromId' : 'title' };
    return `advice.${row}.${map[rest[0] ?? ''] ?? 'title'}`;
  }
  return null;
}

/** Issues keyed by form field; those that fit no field are returned apart so that nothing is hidden. */
export function errorsFor(issues: readonly FieldIssue[], fieldOf: (path: string) => string | null): { errors: Record<string, string>; unplaced: FieldIssue[] } {
  const errors: Record<string, string> = {};
  const unplaced: FieldIssue[] = [];
  for (const issue of issues) {
    const field = fieldOf(issue.path);
    if (field) errors[field] ??= issue.message;
    else unplaced.push(issue);
  }
  return { errors, unplaced };
}

function FromSelect<V extends OutcomeFormValues>({ form, path, people, label }: { form: FormApi<V>; path: string; people: ContactOption[]; label: string }) {
  if (people.length < 2) return null;
  return (
    <NativeSelect
      label={label}
      data={[{ value: '', label: `${nameOnly(people[0]?.label ?? '')} (first participant)` }, ...people.slice(1).map((p) => ({ value: p.value, label: nameOnly(p.label) }))]}
      {...form.getInputProps(path)}
    />
  );
}

function RemoveButton({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <ActionIcon variant="subtle" color="gray" aria-label={label} onClick={onClick}>
      <IconX size={16} />
    </ActionIcon>
  );
}

function Legend({ icon, children }: { icon: ReactNode; children: ReactNode }) {
  return (
    <Group gap={6} wrap="nowrap">
      {icon}
      <span>{children}</span>
    </Group>
  );
}

/**
 * The outcome rows of the networking-interview kit (seed 004): the names they offered (each
 * becomes a contact introduced by them), the companies they suggested (each joins the target
 * list), and their advice (each becomes an advice item to act on and report back).
 */
export function OutcomesFields<V extends OutcomeFormValues>({ form, people }: { form: FormApi<V>; people: ContactOption[] }) {
  const exclude = people.map((p) => p.value);
  const values = form.getValues();
  // A row added from the keyboard takes the focus, so that capture can go on without the mouse.
  const [focusKey, setFocusKey] = useState<string | null>(null);
  const add = (list: 'names' | 'companies' | 'advice', row: NameRow | CompanyRow | AdviceRow) => {
    setFocusKey(row.key);
    // The element type of a list in a generic form is not resolvable by TypeScript; the row types above are the contract.
    form.insertListItem(list, row as never);
  };
  return (
    <Stack gap="md">
      <Stack gap="xs">
        <Text fw={600} size="sm">Names offered</Text>
        {values.names.length === 0 && <Text size="sm" c="dimmed">Did they give you the name of someone to talk to? Each becomes a contact introduced by them.</Text>}
        {values.names.map((row, i) => (
          <Fieldset key={row.key} legend={<Legend icon={<IconUserPlus size={14} />}>Name offered {i + 1}</Legend>} aria-label={`Name offered ${i + 1}`} p="sm">
            <Stack gap="xs">
              <Group justify="space-between" wrap="nowrap">
                <SegmentedControl
                  size="xs"
                  aria-label={`Name offered ${i + 1}: new or existing`}
                  data={[{ value: 'new', label: 'New person' }, { value: 'existing', label: 'Someone you know' }]}
                  {...form.getInputProps(`names.${i}.mode`)}
                />
                <RemoveButton label={`Remove name offered ${i + 1}`} onClick={() => form.removeListItem('names', i)} />
              </Group>
              {row.mode === 'new' ? (
                <SimpleGrid cols={{ base: 1, xs: 2, lg: 4 }} spacing="xs">
                  <TextInput label="Name" placeholder="First and last name" autoComplete="off" autoFocus={row.key === focusKey} {...form.getInputProps(`names.${i}.name`)} />
                  <TextInput label="Organization" placeholder="Where they work" autoComplete="off" {...form.getInputProps(`names.${i}.organization`)} />
                  <TextInput label="Title" placeholder="Their role" autoComplete="off" {...form.getInputProps(`names.${i}.title`)} />
                  <TextInput label="Email" placeholder="optional" type="email" autoComplete="off" {...form.getInputProps(`names.${i}.email`)} />
                </SimpleGrid>
              ) : (
                <ContactPicker
                  label="Contact"
                  placeholder="Search your contacts"
                  exclude={exclude}
                  {...form.getInputProps(`names.${i}.contact`)}
                />
              )}
              <FromSelect form={form} path={`names.${i}.fromId`} people={people} label="Offered by" />
            </Stack>
          </Fieldset>
        ))}
        <Button variant="light" size="compact-sm" leftSection={<IconPlus size={14} />} style={{ alignSelf: 'flex-start' }} onClick={() => add('names', emptyName())}>
          Add a name offered
        </Button>
      </Stack>

      <Stack gap="xs">
        <Text fw={600} size="sm">Companies suggested</Text>
        {values.companies.length === 0 && <Text size="sm" c="dimmed">Did they name a company missing from your target list? It joins the list, suggested by them.</Text>}
        {values.companies.map((row, i) => (
          <Fieldset key={row.key} legend={<Legend icon={<IconBuilding size={14} />}>Company suggested {i + 1}</Legend>} aria-label={`Company suggested ${i + 1}`} p="sm">
            <Group align="flex-start" gap="xs" wrap="nowrap">
              <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="xs" style={{ flex: 1 }}>
                <TextInput label="Company" placeholder="Organization name" autoComplete="off" autoFocus={row.key === focusKey} {...form.getInputProps(`companies.${i}.name`)} />
                <TextInput label="Contact there" placeholder="optional: a name they gave" autoComplete="off" {...form.getInputProps(`companies.${i}.contactName`)} />
                <FromSelect form={form} path={`companies.${i}.fromId`} people={people} label="Suggested by" />
              </SimpleGrid>
              <RemoveButton label={`Remove company suggested ${i + 1}`} onClick={() => form.removeListItem('companies', i)} />
            </Group>
          </Fieldset>
        ))}
        <Button variant="light" size="compact-sm" leftSection={<IconPlus size={14} />} style={{ alignSelf: 'flex-start' }} onClick={() => add('companies', emptyCompany())}>
          Add a company suggested
        </Button>
      </Stack>

      <Stack gap="xs">
        <Text fw={600} size="sm">Advice</Text>
        {values.advice.length === 0 && <Text size="sm" c="dimmed">A book, a class, a person to see? Act on it, then tell them how it went.</Text>}
        {values.advice.map((row, i) => (
          <Fieldset key={row.key} legend={<Legend icon={<IconBulb size={14} />}>Advice {i + 1}</Legend>} aria-label={`Advice ${i + 1}`} p="sm">
            <Group align="flex-start" gap="xs" wrap="nowrap">
              <Group gap="xs" align="flex-start" style={{ flex: 1 }}>
                <NativeSelect label="Kind" w={170} data={adviceKindSchema.options.map((k) => ({ value: k, label: ADVICE_KIND_LABELS[k] }))} {...form.getInputProps(`advice.${i}.kind`)} />
                <TextInput label="Advice" placeholder="What to read, take, see…" autoComplete="off" autoFocus={row.key === focusKey} style={{ flex: '1 1 220px' }} {...form.getInputProps(`advice.${i}.title`)} />
                <FromSelect form={form} path={`advice.${i}.fromId`} people={people} label="Given by" />
              </Group>
              <RemoveButton label={`Remove advice ${i + 1}`} onClick={() => form.removeListItem('advice', i)} />
            </Group>
          </Fieldset>
        ))}
        <Button variant="light" size="compact-sm" leftSection={<IconPlus size={14} />} style={{ alignSelf: 'flex-start' }} onClick={() => add('advice', emptyAdvice())}>
          Add advice
        </Button>
      </Stack>
    </Stack>
  );
}
