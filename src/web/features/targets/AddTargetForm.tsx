import { Autocomplete, Button, Group, NativeSelect, Paper } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconPlus } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { targetAddSchema } from '../../../contracts/target.schema.js';
import { ApiError } from '../../api/client.js';
import { ContactPicker, nameOnly, type ContactOption } from '../../components/ContactPicker.js';
import { useOrganizationSearch } from '../organizations/organizations.api.js';
import { useAddTarget } from './targets.api.js';

/** Form paths of the add request → the field that shows the message. */
const FIELD_OF: Record<string, string> = { organizationName: 'organization', organizationId: 'organization', motivation: 'motivation', posting: 'posting', suggestedById: 'suggestedBy' };

/**
 * Adds an organization at the bottom of the list: an existing one picked from the suggestions,
 * or a new one by typing its name; optionally who suggested it.
 */
export function AddTargetForm() {
  const add = useAddTarget();
  const [name, setName] = useState('');
  const [motivation, setMotivation] = useState('2');
  const [posting, setPosting] = useState('1');
  const [suggestedBy, setSuggestedBy] = useState<ContactOption | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [q] = useDebouncedValue(name.trim(), 120);
  const suggestions = useOrganizationSearch(q);
  // Already-listed organizations are left out: adding one again would only be refused.
  const options = (suggestions.data?.items ?? []).filter((o) => !o.onTargetList).map((o) => o.name);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const input = { organizationName: name, motivation: Number(motivation), posting: Number(posting), suggestedById: suggestedBy?.value ?? null };
    const parsed = targetAddSchema.safeParse(input);
    if (!parsed.success) {
      setErrors(Object.fromEntries(parsed.error.issues.map((i) => [FIELD_OF[String(i.path[0])] ?? 'organization', i.message])));
      return;
    }
    setErrors({});
    add.mutate(input, {
      onSuccess: (t) => {
        notifications.show({ message: `${t.organizationName} added at rank ${t.rank}` });
        setName('');
        setSuggestedBy(null);
      },
      onError: (error) => {
        if (error instanceof ApiError && error.issues.length > 0) {
          setErrors(Object.fromEntries(error.issues.map((i) => [FIELD_OF[i.path] ?? 'organization', i.message])));
        } else if (error instanceof ApiError && error.status === 409) {
          setErrors({ organization: error.message });
        } else {
          notifications.show({ color: 'red', title: 'Could not add', message: error.message });
        }
      },
    });
  };

  return (
    <Paper withBorder p="sm">
      <form onSubmit={submit} noValidate aria-label="Add to the target list">
        <Group align="flex-start" gap="sm" wrap="wrap">
          <Autocomplete
            label="Organization"
            placeholder="Type a name: pick one or add a new one"
            data={options}
            value={name}
            onChange={(v) => {
              setName(v);
              if (errors.organization) setErrors((prev) => ({ ...prev, organization: '' }));
            }}
            error={errors.organization || undefined}
            style={{ flex: '1 1 260px' }}
          />
          <NativeSelect label="Motivation" data={['0', '1', '2', '3']} value={motivation} onChange={(e) => setMotivation(e.currentTarget.value)} error={errors.motivation} w={110} />
          <NativeSelect
            label="Posting"
            data={[
              { value: '1', label: '1 none' },
              { value: '2', label: '2 some' },
              { value: '3', label: '3 yes' },
            ]}
            value={posting}
            onChange={(e) => setPosting(e.currentTarget.value)}
            error={errors.posting}
            w={110}
          />
          <ContactPicker
            label="Suggested by"
            placeholder="Search your contacts"
            value={suggestedBy ? { value: suggestedBy.value, label: nameOnly(suggestedBy.label) } : null}
            onChange={setSuggestedBy}
            error={errors.suggestedBy}
            style={{ flex: '1 1 220px' }}
          />
          <Button type="submit" mt={25} leftSection={<IconPlus size={16} />} loading={add.isPending}>
            Add to list
          </Button>
        </Group>
      </form>
    </Paper>
  );
}
