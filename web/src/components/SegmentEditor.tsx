/** The builder with its live count and summary, as the dialog and the detail page show it. */
import { Grid, Paper, Stack } from '@mantine/core';
import { useMemo, useReducer, type Dispatch, type ReactNode } from 'react';
import type { FieldError } from '../api/client';
import { createEditorState, editorReducer, type EditorAction, type EditorState } from '../definition/editor';
import { saveCheck, type SaveCheck } from '../definition/model';
import type { Schema } from '../definition/schema';
import { isGroup, type Definition } from '../definition/types';
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

/**
 * Builder on the left; live count, plain-English summary and the actions (`aside`) on the
 * right, where they stay in view while a long definition scrolls.
 */
export function SegmentEditorView({
  model,
  extraErrors = EMPTY_ERRORS,
  aside,
  mode = 'page',
}: {
  model: SegmentEditorModel;
  extraErrors?: readonly FieldError[];
  aside?: ReactNode;
  mode?: 'page' | 'dialog';
}) {
  const { state, dispatch, schema, contactsSchema, preview, refresh, serverErrors } = model;
  const errors = useMemo(() => [...serverErrors, ...extraErrors], [serverErrors, extraErrors]);
  const dialog = mode === 'dialog';
  return (
    <Grid gap="lg" style={dialog ? { flex: 1, minHeight: 0 } : undefined} styles={dialog ? { inner: { height: '100%' } } : undefined}>
      <Grid.Col span={{ base: 12, md: 8 }} style={dialog ? { height: '100%', overflowY: 'auto', paddingRight: 12 } : undefined}>
        <ConditionBuilder
          state={state}
          dispatch={dispatch}
          schema={schema}
          contactsSchema={contactsSchema}
          serverErrors={errors}
          ignored={preview.pending || preview.stale ? undefined : preview.result?.ignored}
        />
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 4 }}>
        <Stack gap="md" style={dialog ? undefined : { position: 'sticky', top: 72 }}>
          <Paper withBorder p="md" radius="md" bg="var(--mantine-color-indigo-0)">
            <LiveCount state={preview} subject={state.definition.subject} onRetry={refresh} skipped={skippedCount(preview, state.definition)} />
          </Paper>
          <DefinitionSummary definition={state.definition} schema={schema} contactsSchema={contactsSchema} />
          {aside}
        </Stack>
      </Grid.Col>
    </Grid>
  );
}

const EMPTY_ERRORS: readonly FieldError[] = [];

/** Skipped conditions, not counting an empty root group (that is "everyone", not a skip). */
function skippedCount(preview: PreviewState, definition: Definition): number {
  const ignored = preview.result?.ignored ?? [];
  const where = definition.where;
  const emptyRoot = isGroup(where) && where.conditions.length === 0;
  return ignored.filter((p) => !(emptyRoot && p === '/where')).length;
}
