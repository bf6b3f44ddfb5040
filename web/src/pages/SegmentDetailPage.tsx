import { Alert, Anchor, Badge, Button, Center, Grid, Group, Loader, Paper, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Link, useBlocker, useNavigate, useParams } from 'react-router-dom';
import { api, ApiError, definitionErrors, type CompanyMember, type ContactMember, type FieldError, type Segment } from '../api/client';
import { AppModal } from '../components/AppModal';
import { SegmentEditorView, useSegmentEditor } from '../components/SegmentEditor';
import { formatCount, formatDateTime } from '../format';
import { queryKeys } from '../hooks/queries';

export function SegmentDetailPage() {
  const { id = '' } = useParams();
  const segment = useQuery({ queryKey: queryKeys.segment(id), queryFn: ({ signal }) => api.getSegment(id, signal) });
  if (segment.isPending)
    return (
      <Center p="xl">
        <Loader role="status" aria-label="Loading the segment" />
      </Center>
    );
  if (segment.error)
    return (
      <Stack>
        <Anchor component={Link} to="/segments">
          ← All segments
        </Anchor>
        <Alert color="red" title={segment.error instanceof ApiError && segment.error.status === 404 ? 'This segment does not exist' : 'Could not load the segment'} role="alert">
          {segment.error.message}
        </Alert>
      </Stack>
    );
  // A new saved version starts a fresh editor with the saved definition.
  return <SegmentDetail key={`${segment.data.id}@${segment.data.updatedAt}`} segment={segment.data} />;
}

function SegmentDetail({ segment }: { segment: Segment }) {
  const id = String(segment.id);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const model = useSegmentEditor(segment.definition);
  const [name, setName] = useState(segment.name);
  const [description, setDescription] = useState(segment.description ?? '');
  const [saveErrors, setSaveErrors] = useState<FieldError[]>([]);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const leaving = useRef(false);

  const dirty =
    name !== segment.name ||
    description !== (segment.description ?? '') ||
    JSON.stringify(model.state.definition) !== JSON.stringify(segment.definition);

  const save = useMutation({
    mutationFn: () =>
      api.updateSegment(id, { name: name.trim(), description: description.trim() || undefined, definition: model.state.definition }),
    onSuccess: (saved) => {
      queryClient.invalidateQueries({ queryKey: queryKeys.segments, exact: true });
      queryClient.invalidateQueries({ queryKey: queryKeys.members(id) });
      queryClient.setQueryData(queryKeys.segment(id), saved);
    },
    onError: (e) => setSaveErrors(definitionErrors(e)),
  });
  const remove = useMutation({
    mutationFn: () => api.deleteSegment(id),
    onSuccess: () => {
      leaving.current = true;
      queryClient.invalidateQueries({ queryKey: queryKeys.segments, exact: true });
      // The deleted segment's cached queries are left to garbage collection: removing them
      // while this page still observes them would refetch them and meet a 404.
      navigate('/segments');
    },
  });
  const discard = () => {
    model.dispatch({ type: 'reset', definition: segment.definition });
    setName(segment.name);
    setDescription(segment.description ?? '');
    setSaveErrors([]);
  };

  // Guard against leaving with unsaved changes: in-app navigation and closing the tab.
  const blocker = useBlocker(({ currentLocation, nextLocation }) => dirty && !leaving.current && currentLocation.pathname !== nextLocation.pathname);
  useEffect(() => {
    if (!dirty) return;
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      e.returnValue = '';
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [dirty]);

  const check = model.check(name);
  const subjectLabel = segment.subject === 'companies' ? 'Companies' : 'Contacts';
  return (
    <Stack gap="lg">
      <Anchor component={Link} to="/segments" size="sm">
        ← All segments
      </Anchor>
      <Group justify="space-between" align="flex-start">
        <Stack gap={4}>
          <Group gap="sm">
            <Title order={1}>{segment.name}</Title>
            <Badge variant="light" color={segment.subject === 'companies' ? 'grape' : 'blue'}>
              {subjectLabel}
            </Badge>
            {dirty && (
              <Badge color="orange" variant="light">
                Unsaved changes
              </Badge>
            )}
          </Group>
          <Text size="sm" c="dimmed">
            Created {formatDateTime(segment.createdAt)} · Updated {formatDateTime(segment.updatedAt)}
          </Text>
        </Stack>
        <Group gap="xs">
          <Button component="a" href={api.membersCsvUrl(id)} variant="default" download>
            Export CSV
          </Button>
          <Button color="red" variant="light" onClick={() => setConfirmDelete(true)}>
            Delete
          </Button>
        </Group>
      </Group>

      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (check.ok && dirty) save.mutate();
        }}
      >
        <Stack gap="md">
          <Grid>
            <Grid.Col span={{ base: 12, md: 5 }}>
              <TextInput label="Name" required value={name} onChange={(e) => setName(e.currentTarget.value)} error={name.trim() === '' ? 'Give the segment a name.' : undefined} />
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 7 }}>
              <Textarea label="Description" autosize minRows={1} value={description} onChange={(e) => setDescription(e.currentTarget.value)} />
            </Grid.Col>
          </Grid>
          <SegmentEditorView
            model={model}
            extraErrors={saveErrors}
            aside={
              <Stack gap="xs">
                {save.error && !(save.error instanceof ApiError && save.error.errors.length > 0) && (
                  <Alert color="red" variant="light" title="The changes were not saved" role="alert">
                    {save.error.message}
                  </Alert>
                )}
                <Group gap="sm">
                  <Button type="submit" disabled={!dirty || !check.ok} loading={save.isPending} aria-describedby={dirty && !check.ok ? 'detail-save-reason' : undefined}>
                    Save
                  </Button>
                  <Button variant="default" onClick={discard} disabled={!dirty}>
                    Discard changes
                  </Button>
                </Group>
                {dirty && !check.ok && (
                  <Text size="sm" c="dimmed" id="detail-save-reason" data-testid="save-reason">
                    {check.reason}
                  </Text>
                )}
                {save.isSuccess && !dirty && (
                  <Text size="sm" c="teal.9" role="status">
                    Saved.
                  </Text>
                )}
              </Stack>
            }
          />
        </Stack>
      </form>

      <MembersTable id={id} subject={segment.subject} />

      <AppModal opened={confirmDelete} onClose={() => setConfirmDelete(false)} title={`Delete “${segment.name}”?`}>
        <Stack>
          <Text size="sm">The segment and its saved count are deleted. The contacts and companies in it are not touched.</Text>
          {remove.error && (
            <Alert color="red" role="alert">
              {remove.error.message}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirmDelete(false)}>
              Cancel
            </Button>
            <Button color="red" loading={remove.isPending} onClick={() => remove.mutate()}>
              Delete segment
            </Button>
          </Group>
        </Stack>
      </AppModal>

      <AppModal opened={blocker.state === 'blocked'} onClose={() => blocker.reset?.()} title="Leave without saving?">
        <Stack>
          <Text size="sm">Your changes to this segment are not saved yet.</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => blocker.reset?.()}>
              Stay
            </Button>
            <Button color="red" onClick={() => blocker.proceed?.()}>
              Leave and discard
            </Button>
          </Group>
        </Stack>
      </AppModal>
    </Stack>
  );
}

const PAGE = 50;

function MembersTable({ id, subject }: { id: string; subject: Segment['subject'] }) {
  const members = useInfiniteQuery({
    queryKey: queryKeys.members(id),
    queryFn: ({ pageParam, signal }) => api.members(id, pageParam, PAGE, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next ?? undefined,
  });
  const pages = members.data?.pages ?? [];
  const rows = pages.flatMap((p) => p.members);
  const first = pages[0];
  const companies = subject === 'companies';
  return (
    <Paper withBorder p="md" radius="md">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h3">
            Members
          </Title>
          {first && (
            <Text size="sm" c="dimmed">
              {formatCount(first.count)} {companies ? 'companies' : 'people'} as of {formatDateTime(first.asOf)} (saved conditions)
            </Text>
          )}
        </Group>
        {members.isPending && <Loader size="sm" role="status" aria-label="Loading members" />}
        {members.error && (
          <Alert color="red" role="alert" title="Could not load the members">
            {members.error.message}
          </Alert>
        )}
        {first && rows.length === 0 && <Text c="dimmed">No {companies ? 'company' : 'contact'} is in this segment right now.</Text>}
        {rows.length > 0 && (
          <Table striped verticalSpacing="xs" aria-label="Members">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{companies ? 'Company' : 'Name'}</Table.Th>
                <Table.Th>{companies ? 'Domain' : 'Email'}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((m) => (
                <Table.Tr key={String(m.id)} data-testid="member-row">
                  <Table.Td>{m.name || <Text span c="dimmed">—</Text>}</Table.Td>
                  <Table.Td>{companies ? (m as CompanyMember).domain : (m as ContactMember).email}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {members.hasNextPage && (
          <Button variant="light" w="fit-content" loading={members.isFetchingNextPage} onClick={() => members.fetchNextPage()}>
            Load more
          </Button>
        )}
        {first && rows.length > 0 && (
          <Text size="xs" c="dimmed">
            Showing {formatCount(rows.length)} of {formatCount(first.count)}.
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
