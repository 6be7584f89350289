import { Text } from '@mantine/core';

export function SettingsPage() {
  return <Text>Being built.</Text>;
}
