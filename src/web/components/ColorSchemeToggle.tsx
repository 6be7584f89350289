import { ActionIcon, Paper, SegmentedControl, Stack, Text, Title, Tooltip, useComputedColorScheme, useMantineColorScheme, type MantineColorScheme } from '@mantine/core';
import { IconMoon, IconSun } from '@tabler/icons-react';

/**
 * Dark mode follows the system until the seeker presses this switch; Settings → Appearance
 * goes back to following the system. Mantine keeps the choice in localStorage.
 */
export function ColorSchemeToggle() {
  const { setColorScheme } = useMantineColorScheme();
  const dark = useComputedColorScheme('light', { getInitialValueInEffect: false }) === 'dark';
  return (
    <Tooltip label={dark ? 'Dark mode is on' : 'Dark mode is off'}>
      <ActionIcon variant="subtle" color="gray" size="lg" aria-label="Dark mode" aria-pressed={dark} onClick={() => setColorScheme(dark ? 'light' : 'dark')}>
        {dark ? <IconMoon size={20} stroke={1.6} /> : <IconSun size={20} stroke={1.6} />}
      </ActionIcon>
    </Tooltip>
  );
}

/** Settings → Appearance: follow the system, or always light, or always dark. */
export function AppearancePanel() {
  const { colorScheme, setColorScheme } = useMantineColorScheme();
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="appearance-title">
      <Stack gap="xs">
        <Title order={3} size="h4" id="appearance-title">Appearance</Title>
        <Text size="sm" c="dimmed">Dark mode follows your system setting unless you choose here or with the switch at the top of every page.</Text>
        <SegmentedControl
          aria-labelledby="appearance-title"
          value={colorScheme}
          onChange={(v) => setColorScheme(v as MantineColorScheme)}
          data={[
            { value: 'auto', label: 'Follow the system' },
            { value: 'light', label: 'Light' },
            { value: 'dark', label: 'Dark' },
          ]}
          style={{ alignSelf: 'flex-start' }}
        />
      </Stack>
    </Paper>
  );
}
