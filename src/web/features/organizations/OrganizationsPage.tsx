import { Text } from '@mantine/core';

export function OrganizationsPage() {
  return <Text>Being built.</Text>;
}
