import { Stack, Text } from '@mantine/core';
import type { Schema } from '../definition/schema';
import { summarize } from '../definition/summary';
import type { Definition } from '../definition/types';

export function DefinitionSummary({ definition, schema, contactsSchema }: { definition: Definition; schema?: Schema; contactsSchema?: Schema }) {
  return (
    <Stack gap={2}>
      <Text size="xs" tt="uppercase" fw={700} c="dimmed">
        In plain English
      </Text>
      <Text size="sm" data-testid="definition-summary">
        {summarize(definition, { schema, contactsSchema })}
      </Text>
    </Stack>
  );
}
