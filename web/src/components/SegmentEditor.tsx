/** The builder with its live count and summary, as the dialog and the detail page show it. */
import { Divider, Paper, Stack } from '@mantine/core';
import { useMemo, useReducer, type Dispatch } from 'react';
import type { FieldError } from '../api/client';
import { createEditorState, editorReducer, type EditorAction, type EditorState } from '../definition/editor';
import { saveCheck, type SaveCheck } from '../definition/model';
import type { Schema } from '../definition/schema';
import type { Definition } from '../definition/types';
import { useBuilderSchemas } from '../hooks/queries';
import { useLivePreview } from '../hooks/useLivePreview';
import type { PreviewState } from '../preview/livePreview';
import { ConditionBuilder } from './builder/ConditionBuilder';
import { DefinitionSummary } from './DefinitionSummary';
import { LiveCount } from './LiveCount';

export interface SegmentEditorModel {
  state: EditorState;
  dispatch: Dispatch<EditorAction>;
  schema?: Schema;
  contactsSchema?: Schema;
  preview: PreviewState;
  refresh: () => void;
  /** Errors of the last preview, pointers relative to the definition. */
  serverErrors: readonly FieldError[];
  check: (name: string) => SaveCheck;
}

export function useSegmentEditor(initial: Definition): SegmentEditorModel {
  const [state, dispatch] = useReducer(editorReducer, initial, createEditorState);
  const { schema, contactsSchema } = useBuilderSchemas(state.definition.subject);
  const { state: preview, refresh } = useLivePreview(state.definition);
  const serverErrors = preview.fieldErrors;
  const check = useMemo(
    () => (name: string) => saveCheck(name, state.definition, { schema, contactsSchema }, serverErrors.length),
    [state.definition, schema, contactsSchema, serverErrors],
  );
  return { state, dispatch, schema, contactsSchema, preview, refresh, serverErrors, check };
}

export function SegmentEditorView({ model, extraErrors = [] }: { model: SegmentEditorModel; extraErrors?: readonly FieldError[] }) {
  const { state, dispatch, schema, contactsSchema, preview, refresh, serverErrors } = model;
  const errors = useMemo(() => [...serverErrors, ...extraErrors], [serverErrors, extraErrors]);
  return (
    <Stack gap="md">
      <Paper withBorder p="md" radius="md" bg="var(--mantine-color-blue-0)">
        <LiveCount state={preview} subject={state.definition.subject} onRetry={refresh} />
      </Paper>
      <ConditionBuilder
        state={state}
        dispatch={dispatch}
        schema={schema}
        contactsSchema={contactsSchema}
        serverErrors={errors}
        ignored={preview.pending || preview.stale ? undefined : preview.result?.ignored}
      />
      <Divider />
      <DefinitionSummary definition={state.definition} schema={schema} contactsSchema={contactsSchema} />
    </Stack>
  );
}
