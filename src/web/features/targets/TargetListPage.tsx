import { Text } from '@mantine/core';

export function TargetListPage() {
  return <Text>Being built.</Text>;
}
