import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Button,
  Checkbox,
  Group,
  Loader,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconDeviceFloppy, IconPlus, IconRestore, IconX } from '@tabler/icons-react';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { Link, useLocation } from 'react-router-dom';
import { playbookSettingsSchema, type SettingsView } from '../../../contracts/settings.schema.js';
import { ApiError } from '../../api/client.js';
import { focusFirstError } from '../../components/focusError.js';
import { browserTimeZone } from '../../components/time.js';
import { CalendarFeedSection } from './CalendarFeedSection.js';
import type { PlaybookValues } from './defaults.js';
import { PrioritySection, RULE_NAMES, windowProblem, type Windows } from './PrioritySection.js';
import { useSettings, useUpdateSettings, type SettingsPatch } from './settings.api.js';
import { TemplatesSection } from './TemplatesSection.js';

interface FormValues {
  playbook: PlaybookValues;
  me: { firstName: string; lastName: string; email: string };
}

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

type NumberPath = Exclude<keyof PlaybookValues, 'timeZone' | 'workingDays' | 'holidays' | 'enabledRules' | 'defaultCadence' | 'windows' | 'rulePriority'> | 'defaultCadence.idealDays' | 'defaultCadence.maxDays';
interface NumberFieldSpec {
  path: NumberPath;
  label: string;
  description: string;
  min: number;
  max: number;
}

const DELAYS: NumberFieldSpec[] = [
  { path: 'thankYouBusinessDays', label: 'Thank-you', description: 'business days after a conversation', min: 0, max: 30 },
  { path: 'nextDayCallBusinessDays', label: 'Follow-up call', description: 'business days after a networking interview', min: 0, max: 30 },
  { path: 'reachReferralBusinessDays', label: 'Reach a name you were given', description: 'business days after it was offered', min: 0, max: 30 },
  { path: 'closeTheLoopBusinessDays', label: 'Close the loop', description: 'business days after a referral led somewhere', min: 0, max: 30 },
  { path: 'interviewStatusBusinessDays', label: 'Ask for news', description: 'business days without news after a job interview', min: 0, max: 90 },
  { path: 'askFeedbackBusinessDays', label: 'Ask for feedback', description: 'business days after a rejection', min: 0, max: 30 },
  { path: 'adviceUpdateBusinessDays', label: 'Tell the adviser', description: 'business days after you act on advice', min: 0, max: 30 },
  { path: 'threeB7SecondContactBusinessDays', label: '3B7: second contact', description: 'business days without a reply', min: 0, max: 30 },
  { path: 'threeB7FollowUpBusinessDays', label: '3B7: follow up once', description: 'business days without a reply', min: 0, max: 60 },
  { path: 'prepareLeadBusinessDays', label: 'Prepare', description: 'business days before a conversation', min: 0, max: 30 },
];

const NUMBERS: NumberFieldSpec[] = [
  { path: 'inTheWorksMin', label: 'Things in the works: at least', description: 'below this, propose meetings at top targets', min: 0, max: 100 },
  { path: 'inTheWorksMax', label: 'Things in the works: at most', description: 'the top of the healthy band', min: 0, max: 100 },
  { path: 'inTheWorksRecentDays', label: 'A networking conversation counts for', description: 'days after it happened', min: 0, max: 365 },
  { path: 'topTargetCount', label: 'Top targets', description: 'how many of the ranked target list count as “top”', min: 1, max: 200 },
  { path: 'defaultCadence.idealDays', label: 'Keep in touch: check in after', description: 'days without contact (yellow); a contact’s own cadence wins', min: 1, max: 3650 },
  { path: 'defaultCadence.maxDays', label: 'Keep in touch: overdue after', description: 'days without contact (red)', min: 1, max: 3650 },
  { path: 'staleAfterDays', label: 'Give up on a deadline after', description: 'days overdue (a thank-you two months late is no longer the move)', min: 1, max: 3650 },
];

const getNumber = (values: PlaybookValues, path: NumberPath): number | string =>
  path === 'defaultCadence.idealDays' ? values.defaultCadence.idealDays : path === 'defaultCadence.maxDays' ? values.defaultCadence.maxDays : values[path];

/** The built-in values, as the server sends them with the settings. */
const defaultsOf = (view: SettingsView): PlaybookValues => view.defaults as unknown as PlaybookValues;

function initialValues(view: SettingsView): FormValues {
  const e = view.effective as Partial<PlaybookValues>;
  const d = defaultsOf(view);
  return {
    playbook: {
      ...d,
      ...e,
      defaultCadence: { ...d.defaultCadence, ...(e.defaultCadence ?? {}) },
      workingDays: [...(e.workingDays ?? d.workingDays)].sort(),
      holidays: [...(e.holidays ?? [])].sort(),
    },
    me: { firstName: view.me.firstName ?? '', lastName: view.me.lastName ?? '', email: view.me.email ?? '' },
  };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const sortedSame = (a: readonly unknown[], b: readonly unknown[]) => same([...a].map(String).sort(), [...b].map(String).sort());

/** Only what changed: the API keeps every other value as it is. */
function patchOf(values: FormValues, initial: FormValues, ruleOrder: string[], defaults: PlaybookValues): SettingsPatch {
  const playbook: Record<string, unknown> = {};
  for (const key of Object.keys(values.playbook) as (keyof PlaybookValues)[]) {
    const now = values.playbook[key];
    const before = initial.playbook[key];
    // The order of importance is an order: moving a rule is a change.
    const changed = Array.isArray(now) && Array.isArray(before) && key !== 'rulePriority' ? !sortedSame(now, before) : !same(now, before);
    if (!changed) continue;
    // Back to the defaults: store nothing, so that a later version's defaults apply.
    if ((key === 'rulePriority' || key === 'windows') && same(now, defaults[key])) playbook[key] = null;
    else if (key === 'enabledRules') playbook[key] = ruleOrder.filter((id) => values.playbook.enabledRules.includes(id));
    else if (key === 'workingDays' || key === 'holidays') playbook[key] = [...(now as (string | number)[])].sort();
    else if (key === 'timeZone') playbook[key] = now;
    else playbook[key] = now;
  }
  const me: Record<string, string> = {};
  for (const key of ['firstName', 'lastName', 'email'] as const) if (values.me[key].trim() !== initial.me[key]) me[key] = values.me[key].trim();
  return { ...(Object.keys(playbook).length > 0 ? { playbook } : {}), ...(Object.keys(me).length > 0 ? { me } : {}) };
}

/** Errors the browser can see before asking the server (which checks again, and names the fields). */
function validate(values: FormValues): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const spec of [...DELAYS, ...NUMBERS]) {
    const v = getNumber(values.playbook, spec.path);
    if (v === '' || typeof v !== 'number' || !Number.isInteger(v)) errors[`playbook.${spec.path}`] = 'A whole number, please';
    else if (v < spec.min || v > spec.max) errors[`playbook.${spec.path}`] = `Between ${spec.min} and ${spec.max}`;
  }
  const p = values.playbook;
  if (!errors['playbook.inTheWorksMin'] && !errors['playbook.inTheWorksMax'] && p.inTheWorksMin > p.inTheWorksMax) errors['playbook.inTheWorksMin'] = 'Must not be more than “at most”';
  if (!errors['playbook.defaultCadence.maxDays'] && p.defaultCadence.maxDays < p.defaultCadence.idealDays) errors['playbook.defaultCadence.maxDays'] = 'Must be at least “check in after”';
  for (const [id, days] of Object.entries(p.windows ?? {})) {
    const problem = windowProblem(days, errors['playbook.staleAfterDays'] ? '' : p.staleAfterDays);
    if (problem) errors[`playbook.windows.${id}`] = problem;
  }
  if (p.workingDays.length === 0) errors['playbook.workingDays'] = 'At least one working day';
  if (!p.timeZone) errors['playbook.timeZone'] = 'Pick a time zone';
  const email = values.me.email.trim();
  if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) errors['me.email'] = 'Not a valid email address';
  return errors;
}

function useSettingsForm(initial: FormValues) {
  return useForm<FormValues>({ mode: 'controlled', initialValues: initial, validate });
}
// Named through the hook: @mantine/form's type re-exports do not resolve under NodeNext.
type Form = ReturnType<typeof useSettingsForm>;

/** `/settings/playbook` — the numbers, rules, your name and the templates behind Today. */
export function PlaybookSettingsPage() {
  const settings = useSettings();
  const location = useLocation();

  // Links like /settings/playbook#template-thank-you land on the right section.
  useEffect(() => {
    if (!settings.data || !location.hash) return;
    const id = decodeURIComponent(location.hash.slice(1));
    window.setTimeout(() => document.getElementById(id)?.scrollIntoView({ block: 'start' }), 50);
  }, [settings.data, location.hash]);

  if (settings.isPending) return <Loader aria-label="Loading settings" />;
  if (settings.isError) return <Alert color="red" title="Could not load the settings">{settings.error.message}</Alert>;
  const view = settings.data;
  const openTemplate = location.hash.startsWith('#template-') ? decodeURIComponent(location.hash.slice('#template-'.length)) : null;

  return (
    <Stack maw={920} gap="lg" pb={80}>
      <div>
        <Title order={2}>Playbook</Title>
        <Text c="dimmed" size="sm" maw={680}>
          The rules that fill <Anchor component={Link} to="/" inherit>Today</Anchor>, the delays they use, who you are in messages, and the messages themselves.
          Every number is a default you may change.
        </Text>
        <Group gap="sm" mt={6} wrap="wrap">
          {[['#working-week', 'Working week'], ['#timing', 'Timing'], ['#rules', 'Rules'], ['#priorities', 'Order and expiry'], ['#me', 'You'], ['#templates', 'Messages'], ['#calendar', 'Calendar feed']].map(([href, label]) => (
            <Anchor key={href} href={href} size="sm" onClick={(e) => { e.preventDefault(); document.getElementById(href?.slice(1) ?? '')?.scrollIntoView({ behavior: 'smooth' }); }}>
              {label}
            </Anchor>
          ))}
        </Group>
      </div>
      <SettingsForm key={JSON.stringify([view.effective, view.me])} view={view} />
      <TemplatesSection view={view} openTemplate={openTemplate} />
      <CalendarFeedSection />
    </Stack>
  );
}

function Section({ id, title, description, children }: { id: string; title: string; description?: ReactNode; children: ReactNode }) {
  return (
    <Paper withBorder p="md" component="section" id={id} aria-labelledby={`${id}-title`} style={{ scrollMarginTop: 64 }}>
      <Stack gap="sm">
        <div>
          <Title order={3} size="h4" id={`${id}-title`}>{title}</Title>
          {description && <Text size="sm" c="dimmed">{description}</Text>}
        </div>
        {children}
      </Stack>
    </Paper>
  );
}

function SettingsForm({ view }: { view: SettingsView }) {
  const update = useUpdateSettings();
  const initial = useMemo(() => initialValues(view), [view]);
  const form = useSettingsForm(initial);
  const [failure, setFailure] = useState<string | null>(null);
  const ruleOrder = view.rules.map((r) => r.id);
  const dirty = form.isDirty();

  const submit = form.onSubmit((values) => {
    const patch = patchOf(values, initial, ruleOrder, defaultsOf(view));
    if (!patch.playbook && !patch.me) return;
    if (patch.playbook) {
      const parsed = playbookSettingsSchema.safeParse(patch.playbook);
      if (!parsed.success) {
        form.setErrors(Object.fromEntries(parsed.error.issues.map((i) => [`playbook.${i.path.join('.')}`, i.message])));
        focusFirstError();
        return;
      }
    }
    setFailure(null);
    update.mutate(patch, {
      onSuccess: () => notifications.show({ color: 'teal', message: 'Playbook settings saved — Today is up to date' }),
      onError: (error) => {
        if (error instanceof ApiError && error.issues.length > 0) {
          const known = new Set(Object.keys(form.values.playbook).map((k) => `playbook.${k}`));
          const errors: Record<string, string> = {};
          const unplaced: string[] = [];
          for (const issue of error.issues) {
            // "playbook.holidays.2" belongs to the holidays list; "playbook.defaultCadence.maxDays" is its own field.
            // "playbook.windows.thank-you" is the thank-you's window field.
            const own = ['playbook.defaultCadence.', 'playbook.windows.', 'me.'].some((prefix) => issue.path.startsWith(prefix));
            const path = own ? issue.path : issue.path.split('.').slice(0, 2).join('.');
            if (known.has(path) || own) errors[path] ??= issue.message;
            else unplaced.push(`${issue.path}: ${issue.message}`);
          }
          form.setErrors(errors);
          focusFirstError();
          if (unplaced.length > 0) setFailure(unplaced.join('\n'));
        } else setFailure(error.message);
      },
    });
  }, focusFirstError);

  return (
    <form onSubmit={submit} noValidate aria-label="Playbook settings">
      <Stack gap="lg">
        <WorkingWeek form={form} />
        <Section id="timing" title="Timing" description="How soon each rule wants you to act. Business days are your working days, without your holidays.">
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm" verticalSpacing="sm">
            {DELAYS.map((spec) => <NumberField key={spec.path} form={form} spec={spec} defaults={defaultsOf(view)} />)}
          </SimpleGrid>
          <Title order={4} size="h5" mt="xs">Your search</Title>
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm" verticalSpacing="sm">
            {NUMBERS.map((spec) => <NumberField key={spec.path} form={form} spec={spec} defaults={defaultsOf(view)} />)}
          </SimpleGrid>
        </Section>
        <Section id="rules" title="Rules" description="Each rule proposes actions on Today. Turn off the ones you do not want; nothing else changes.">
          <Checkbox.Group value={form.values.playbook.enabledRules} onChange={(v) => form.setFieldValue('playbook.enabledRules', v)} error={form.errors['playbook.enabledRules']}>
            <Stack gap="sm">
              {view.rules.map((rule) => (
                <Checkbox key={rule.id} value={rule.id} label={<Text fw={600} size="sm">{RULE_NAMES[rule.id] ?? rule.id}</Text>} description={rule.describe} />
              ))}
            </Stack>
          </Checkbox.Group>
          {!sortedSame(form.values.playbook.enabledRules, defaultsOf(view).enabledRules) && (
            <Button variant="subtle" size="compact-sm" leftSection={<IconRestore size={14} />} onClick={() => form.setFieldValue('playbook.enabledRules', [...defaultsOf(view).enabledRules])} style={{ alignSelf: 'flex-start' }}>
              Turn every rule on
            </Button>
          )}
        </Section>
        <PrioritySection
          rules={view.rules}
          order={form.values.playbook.rulePriority ?? []}
          windows={form.values.playbook.windows ?? {}}
          defaults={{ order: defaultsOf(view).rulePriority ?? [], windows: defaultsOf(view).windows ?? {} }}
          staleAfterDays={form.values.playbook.staleAfterDays}
          errors={form.errors}
          onOrder={(order) => form.setFieldValue('playbook.rulePriority', order)}
          onWindow={(id, days) => {
            form.setFieldValue('playbook.windows', { ...(form.values.playbook.windows ?? {}), [id]: days } satisfies Windows);
            form.clearFieldError(`playbook.windows.${id}`);
          }}
          onReset={() => {
            form.setFieldValue('playbook.rulePriority', [...(defaultsOf(view).rulePriority ?? [])]);
            form.setFieldValue('playbook.windows', { ...(defaultsOf(view).windows ?? {}) });
          }}
        />
        <Section id="me" title="You, in messages" description="Messages are signed with your full name ({{me.fullName}}) and phone; the call script uses your first name. Your phone is in your profile.">
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
            <TextInput label="First name" autoComplete="given-name" {...form.getInputProps('me.firstName')} />
            <TextInput label="Last name" autoComplete="family-name" {...form.getInputProps('me.lastName')} />
            <TextInput label="Email" type="email" autoComplete="email" {...form.getInputProps('me.email')} />
          </SimpleGrid>
        </Section>
        {failure && <Alert color="red" title="Could not save" style={{ whiteSpace: 'pre-line' }}>{failure}</Alert>}
        <Paper
          withBorder
          shadow={dirty ? 'md' : undefined}
          p="sm"
          // Follows the page while there is something to save.
          style={dirty ? { position: 'sticky', bottom: 8, zIndex: 5 } : undefined}
        >
          <Group justify="space-between" wrap="wrap" gap="xs">
            <Text size="sm" c={dirty ? undefined : 'dimmed'}>{dirty ? 'You have unsaved changes.' : 'Everything is saved.'}</Text>
            <Group gap="xs">
              <Button variant="default" disabled={!dirty} onClick={() => { form.reset(); setFailure(null); }}>Discard</Button>
              <Button type="submit" leftSection={<IconDeviceFloppy size={16} />} disabled={!dirty} loading={update.isPending}>Save</Button>
            </Group>
          </Group>
        </Paper>
      </Stack>
    </form>
  );
}

function WorkingWeek({ form }: { form: Form }) {
  const zones = useMemo(() => {
    const list = new Set(Intl.supportedValuesOf('timeZone'));
    list.add('UTC');
    list.add(form.values.playbook.timeZone);
    return [...list].filter(Boolean).sort();
  }, [form.values.playbook.timeZone]);
  const here = browserTimeZone();
  const [holiday, setHoliday] = useState('');
  const [holidayError, setHolidayError] = useState<string | null>(null);
  const p = form.values.playbook;
  const addHoliday = () => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(holiday)) return setHolidayError('Pick a date');
    setHolidayError(null);
    if (!p.holidays.includes(holiday)) form.setFieldValue('playbook.holidays', [...p.holidays, holiday].sort());
    setHoliday('');
  };
  const holidaysError = Object.entries(form.errors).find(([k]) => k.startsWith('playbook.holidays'))?.[1];

  return (
    <Section id="working-week" title="Working week" description="Dates on Today are days in this time zone; business days are your working days minus your holidays.">
      <Group align="flex-end" gap="xs" wrap="wrap">
        <Select
          label="Time zone"
          searchable
          data={zones}
          limit={100}
          nothingFoundMessage="No such time zone"
          allowDeselect={false}
          w={320}
          maw="100%"
          {...form.getInputProps('playbook.timeZone')}
        />
        {p.timeZone !== here && (
          <Button variant="subtle" size="compact-sm" mb={6} onClick={() => form.setFieldValue('playbook.timeZone', here)}>
            Use this computer’s ({here})
          </Button>
        )}
      </Group>
      <Checkbox.Group
        label="Working days"
        value={p.workingDays.map(String)}
        onChange={(v) => form.setFieldValue('playbook.workingDays', v.map(Number).sort((a, b) => a - b))}
        error={form.errors['playbook.workingDays']}
      >
        <Group gap="md" mt={6}>
          {WEEKDAYS.map((day, i) => <Checkbox key={day} value={String(i + 1)} label={day.slice(0, 3)} aria-label={day} />)}
        </Group>
      </Checkbox.Group>
      <Stack gap={6}>
        <Text size="sm" fw={500}>Holidays</Text>
        {p.holidays.length === 0 ? (
          <Text size="sm" c="dimmed">No holidays: every working day counts.</Text>
        ) : (
          <Group gap={6} wrap="wrap" aria-label="Holidays">
            {p.holidays.map((h) => (
              <Badge
                key={h}
                variant="light"
                color="gray"
                tt="none"
                size="lg"
                fw={500}
                rightSection={
                  <ActionIcon size="xs" variant="transparent" color="gray" aria-label={`Remove ${h}`} onClick={() => form.setFieldValue('playbook.holidays', p.holidays.filter((x) => x !== h))}>
                    <IconX size={12} />
                  </ActionIcon>
                }
              >
                {new Date(`${h}T12:00:00Z`).toLocaleDateString(undefined, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' })}
              </Badge>
            ))}
          </Group>
        )}
        <Group gap="xs" align="flex-start">
          <TextInput
            type="date"
            aria-label="Add a holiday"
            value={holiday}
            onChange={(e) => setHoliday(e.currentTarget.value)}
            onKeyDown={(e) => { if (e.key === 'Enter') { e.preventDefault(); addHoliday(); } }}
            error={holidayError ?? holidaysError}
          />
          <Button variant="default" leftSection={<IconPlus size={14} />} onClick={addHoliday}>Add holiday</Button>
        </Group>
      </Stack>
    </Section>
  );
}

function NumberField({ form, spec, defaults }: { form: Form; spec: NumberFieldSpec; defaults: PlaybookValues }) {
  const path = `playbook.${spec.path}`;
  const value = getNumber(form.values.playbook, spec.path);
  const fallback = getNumber(defaults, spec.path);
  const changed = value !== fallback;
  return (
    <NumberInput
      label={spec.label}
      description={
        <>
          {spec.description} · default {fallback}
          {changed && <Badge component="span" size="xs" variant="light" ml={6}>changed</Badge>}
        </>
      }
      min={spec.min}
      max={spec.max}
      allowDecimal={false}
      allowNegative={false}
      clampBehavior="none"
      hideControls
      rightSectionWidth={36}
      rightSection={
        changed ? (
          <Tooltip label={`Reset to ${fallback}`} withArrow>
            <ActionIcon variant="subtle" color="gray" aria-label={`Reset ${spec.label} to ${fallback}`} onClick={() => form.setFieldValue(path, fallback)}>
              <IconRestore size={16} />
            </ActionIcon>
          </Tooltip>
        ) : null
      }
      {...form.getInputProps(path)}
    />
  );
}
