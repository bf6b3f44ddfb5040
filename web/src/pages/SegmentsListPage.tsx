import { Alert, Anchor, Badge, Button, Center, Group, Loader, Paper, Stack, Table, Text, TextInput, Title, UnstyledButton } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { api, type Segment } from '../api/client';
import { NewSegmentDialog } from '../components/NewSegmentDialog';
import { formatCount, formatDateTime, formatRelative } from '../format';
import { queryKeys } from '../hooks/queries';

type SortKey = 'name' | 'subject' | 'lastCount' | 'updatedAt';
type SortDir = 'ascending' | 'descending';

const COLUMNS: { key: SortKey; label: string }[] = [
  { key: 'name', label: 'Name' },
  { key: 'subject', label: 'Subject' },
  { key: 'lastCount', label: 'Last count' },
  { key: 'updatedAt', label: 'Updated' },
];

export function sortSegments(list: readonly Segment[], key: SortKey, dir: SortDir): Segment[] {
  const sign = dir === 'ascending' ? 1 : -1;
  const value = (s: Segment): string | number => {
    switch (key) {
      case 'name':
        return s.name.toLocaleLowerCase('en-US');
      case 'subject':
        return s.subject;
      case 'lastCount':
        return s.lastCount ?? -1;
      case 'updatedAt':
        return new Date(s.updatedAt).getTime() || 0;
    }
  };
  return [...list].sort((a, b) => {
    const va = value(a);
    const vb = value(b);
    const c = va < vb ? -1 : va > vb ? 1 : 0;
    return c !== 0 ? c * sign : String(a.id).localeCompare(String(b.id));
  });
}

export function SegmentsListPage() {
  const [creating, setCreating] = useState(false);
  const [search, setSearch] = useState('');
  const [debouncedSearch] = useDebouncedValue(search, 150);
  const [sort, setSort] = useState<{ key: SortKey; dir: SortDir }>({ key: 'updatedAt', dir: 'descending' });
  const segments = useQuery({ queryKey: queryKeys.segments, queryFn: ({ signal }) => api.listSegments(signal) });

  const rows = useMemo(() => {
    const q = debouncedSearch.trim().toLocaleLowerCase('en-US');
    const filtered = (segments.data ?? []).filter((s) => !q || s.name.toLocaleLowerCase('en-US').includes(q));
    return sortSegments(filtered, sort.key, sort.dir);
  }, [segments.data, debouncedSearch, sort]);

  const toggleSort = (key: SortKey) =>
    setSort((s) => (s.key === key ? { key, dir: s.dir === 'ascending' ? 'descending' : 'ascending' } : { key, dir: key === 'name' || key === 'subject' ? 'ascending' : 'descending' }));

  const total = segments.data?.length ?? 0;
  return (
    <Stack gap="lg">
      <Group justify="space-between">
        <Title order={1}>Segments</Title>
        <Button onClick={() => setCreating(true)}>New segment</Button>
      </Group>
      <NewSegmentDialog opened={creating} onClose={() => setCreating(false)} />

      {segments.isPending && (
        <Center p="xl">
          <Loader role="status" aria-label="Loading segments" />
        </Center>
      )}
      {segments.error && (
        <Alert color="red" title="Could not load the segments" role="alert">
          {segments.error.message}
        </Alert>
      )}
      {segments.data && total === 0 && (
        <Paper withBorder p="xl" radius="md">
          <Stack align="center" gap="sm">
            <Title order={2} size="h3">
              No segments yet
            </Title>
            <Text c="dimmed" ta="center" maw={520}>
              A segment is an audience you describe with conditions, such as “leads in Germany who viewed pricing three times this month”. Its
              count updates as you type.
            </Text>
            <Button onClick={() => setCreating(true)}>Create your first segment</Button>
          </Stack>
        </Paper>
      )}
      {segments.data && total > 0 && (
        <Stack gap="sm">
          <TextInput label="Search by name" placeholder="Search segments" w={320} value={search} onChange={(e) => setSearch(e.currentTarget.value)} type="search" />
          <Table striped highlightOnHover verticalSpacing="sm" aria-label="Segments">
            <Table.Thead>
              <Table.Tr>
                {COLUMNS.map((c) => (
                  <Table.Th key={c.key} aria-sort={sort.key === c.key ? sort.dir : 'none'}>
                    <UnstyledButton onClick={() => toggleSort(c.key)} fw={700} fz="sm">
                      {c.label} {sort.key === c.key ? (sort.dir === 'ascending' ? '▲' : '▼') : ''}
                    </UnstyledButton>
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((s) => (
                <Table.Tr key={String(s.id)} data-testid="segment-row">
                  <Table.Td>
                    <Anchor component={Link} to={`/segments/${encodeURIComponent(String(s.id))}`} fw={600}>
                      {s.name}
                    </Anchor>
                    {s.description && (
                      <Text size="xs" c="dimmed" lineClamp={1}>
                        {s.description}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={s.subject === 'companies' ? 'grape' : 'blue'}>
                      {s.subject === 'companies' ? 'Companies' : 'Contacts'}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    {s.lastCount === null || s.lastCount === undefined ? (
                      <Text size="sm" c="dimmed">
                        not counted yet
                      </Text>
                    ) : (
                      <>
                        <Text size="sm" fw={600}>
                          {formatCount(s.lastCount)}
                        </Text>
                        <Text size="xs" c="dimmed" title={formatDateTime(s.lastCountAsOf)}>
                          {formatRelative(s.lastCountAsOf)}
                        </Text>
                      </>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" title={formatDateTime(s.updatedAt)}>
                      {formatRelative(s.updatedAt)}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {rows.length === 0 && (
            <Text c="dimmed" ta="center" p="md">
              No segment is named like “{debouncedSearch.trim()}”.
            </Text>
          )}
        </Stack>
      )}
    </Stack>
  );
}
