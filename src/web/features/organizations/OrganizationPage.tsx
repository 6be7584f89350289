import { Text } from '@mantine/core';

export function OrganizationPage() {
  return <Text>Being built.</Text>;
}
