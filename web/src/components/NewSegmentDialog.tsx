import { Alert, Button, Group, List, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api, ApiError, definitionErrors, type FieldError } from '../api/client';
import { convertSubject, emptyDefinition } from '../definition/model';
import { fromPointer, getAt } from '../definition/path';
import { summarizeNode } from '../definition/summary';
import { isGroup, type Node, type Subject } from '../definition/types';
import { queryKeys, useSchema } from '../hooks/queries';
import { AppModal } from './AppModal';
import { SegmentEditorView, useSegmentEditor } from './SegmentEditor';

const SUBJECT_LABELS: Record<Subject, string> = { contacts: 'Contacts', companies: 'Companies' };

export function NewSegmentDialog({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  // Closing (Escape, ✕, Cancel) asks first when something was typed. The question is asked
  // inside the dialog, so focus never leaves it; "Keep editing" puts focus back where it was.
  const dirty = useRef(false);
  const returnFocus = useRef<HTMLElement | null>(null);
  const keepRef = useRef<HTMLButtonElement>(null);
  const [confirming, setConfirming] = useState(false);
  const requestClose = () => {
    if (!dirty.current) return close();
    if (!confirming) returnFocus.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setConfirming(true);
  };
  const close = () => {
    dirty.current = false;
    setConfirming(false);
    onClose();
  };
  const keepEditing = () => {
    setConfirming(false);
    requestAnimationFrame(() => returnFocus.current?.focus());
  };
  useEffect(() => {
    if (confirming) keepRef.current?.focus();
  }, [confirming]);
  return (
    <AppModal opened={opened} onClose={requestClose} title="New segment" size="min(1100px, 96vw)" closeOnClickOutside={false} trapFocus>
      {confirming && (
        <Alert color="red" variant="light" mb="md" role="alertdialog" aria-label="Discard this new segment?" title="Discard this new segment?">
          <Text size="sm">It is not saved yet. Its name and conditions will be lost.</Text>
          <Group gap="xs" mt="xs">
            <Button ref={keepRef} size="xs" variant="default" onClick={keepEditing}>
              Keep editing
            </Button>
            <Button size="xs" color="red" onClick={close}>
              Discard
            </Button>
          </Group>
        </Alert>
      )}
      {opened && (
        <NewSegmentForm
          onClose={requestClose}
          onSaved={close}
          onDirty={(d) => {
            dirty.current = d;
          }}
        />
      )}
    </AppModal>
  );
}

function NewSegmentForm({ onClose, onSaved, onDirty }: { onClose: () => void; onSaved: () => void; onDirty: (dirty: boolean) => void }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [nameTouched, setNameTouched] = useState(false);
  const model = useSegmentEditor(emptyDefinition('contacts'));
  const subject = model.state.definition.subject;
  const other: Subject = subject === 'contacts' ? 'companies' : 'contacts';
  const otherSchema = useSchema(other);
  const [pendingSwitch, setPendingSwitch] = useState<{ to: Subject; dropped: string[] } | null>(null);
  const [saveErrors, setSaveErrors] = useState<FieldError[]>([]);
  const [nameError, setNameError] = useState<string | undefined>();

  const create = useMutation({
    mutationFn: () => api.createSegment({ name: name.trim(), definition: model.state.definition }),
    onSuccess: (segment) => {
      queryClient.invalidateQueries({ queryKey: queryKeys.segments });
      queryClient.setQueryData(queryKeys.segment(String(segment.id)), segment);
      onSaved();
      navigate(`/segments/${encodeURIComponent(String(segment.id))}`);
    },
    onError: (e) => {
      setSaveErrors(definitionErrors(e));
      if (e instanceof ApiError) setNameError(e.errors.find((x) => x.pointer === '/name')?.message);
    },
  });

  const switchSubject = (to: Subject) => {
    if (to === subject) return;
    const { dropped } = convertSubject(model.state.definition, to, otherSchema.data, model.schema);
    if (dropped.length > 0) setPendingSwitch({ to, dropped });
    else doSwitch(to);
  };
  const doSwitch = (to: Subject) => {
    model.dispatch({ type: 'setSubject', subject: to, schema: otherSchema.data, sourceSchema: model.schema });
    setPendingSwitch(null);
    setSaveErrors([]);
  };

  const where = model.state.definition.where;
  const dirty = name.trim() !== '' || !(isGroup(where) && where.conditions.length === 0);
  useEffect(() => {
    onDirty(dirty);
  }, [dirty, onDirty]);

  const check = model.check(name);
  const reasonId = 'new-segment-save-reason';
  return (
    <form
      style={{ display: 'flex', flexDirection: 'column', height: 'max(480px, calc(100dvh - 12rem))' }}
      onSubmit={(e) => {
        e.preventDefault();
        setNameTouched(true);
        if (check.ok && !create.isPending) create.mutate();
      }}
    >
      <Stack gap="md" style={{ flex: 1, minHeight: 0 }}>
        <Group align="flex-start" gap="lg" wrap="wrap">
          <TextInput
            label="Name"
            required
            data-autofocus
            w={360}
            value={name}
            onChange={(e) => {
              setName(e.currentTarget.value);
              setNameError(undefined);
            }}
            error={nameError ?? (nameTouched && name.trim() === '' ? 'Give the segment a name.' : undefined)}
          />
          <Stack gap={4}>
            <Text size="sm" fw={500} id="new-segment-subject">
              Subject
            </Text>
            <SegmentedControl
              aria-labelledby="new-segment-subject"
              data={[
                { value: 'contacts', label: 'Contacts' },
                { value: 'companies', label: 'Companies' },
              ]}
              value={subject}
              onChange={(v) => switchSubject(v as Subject)}
            />
          </Stack>
        </Group>

        {pendingSwitch && (
          <Alert color="orange" variant="light" title={`Switch to ${SUBJECT_LABELS[pendingSwitch.to]}?`} role="alertdialog" aria-label={`Switch to ${SUBJECT_LABELS[pendingSwitch.to]}?`}>
            <Text size="sm">
              {pendingSwitch.dropped.length === 1 ? 'This condition only works' : `These ${pendingSwitch.dropped.length} conditions only work`} for{' '}
              {SUBJECT_LABELS[subject].toLowerCase()} and will be removed:
            </Text>
            <List size="sm" my="xs">
              {pendingSwitch.dropped.map((p) => (
                <List.Item key={p}>
                  {summarizeNode(getAt(model.state.definition, fromPointer(p)) as Node, { schema: model.schema, contactsSchema: model.contactsSchema })}
                </List.Item>
              ))}
            </List>
            <Group gap="xs">
              <Button size="xs" color="orange" onClick={() => doSwitch(pendingSwitch.to)}>
                Switch and remove
              </Button>
              <Button size="xs" variant="default" onClick={() => setPendingSwitch(null)}>
                Keep {SUBJECT_LABELS[subject]}
              </Button>
            </Group>
          </Alert>
        )}

        <SegmentEditorView
          model={model}
          extraErrors={saveErrors}
          mode="dialog"
          aside={
            <Stack gap="xs">
              {create.error && !(create.error instanceof ApiError && create.error.errors.length > 0) && (
                <Alert color="red" variant="light" title="The segment was not saved" role="alert">
                  {create.error instanceof ApiError ? create.error.detail || create.error.title : String(create.error)}
                </Alert>
              )}
              <Group gap="sm">
                <Button type="submit" disabled={!check.ok} loading={create.isPending} aria-describedby={check.ok ? undefined : reasonId}>
                  Save segment
                </Button>
                <Button variant="default" onClick={onClose}>
                  Cancel
                </Button>
              </Group>
              {!check.ok && (
                <Text size="sm" c="dimmed" id={reasonId} data-testid="save-reason">
                  {check.reason}
                </Text>
              )}
            </Stack>
          }
        />
      </Stack>
    </form>
  );
}
