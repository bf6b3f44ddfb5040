import { createContext, useContext, useMemo, type Dispatch, type ReactNode } from 'react';
import type { FieldError } from '../../api/client';
import { diagnose, INCOMPLETE_CODES, type Diagnostic } from '../../definition/model';
import type { EditorAction, EditorState } from '../../definition/editor';
import type { Schema } from '../../definition/schema';

/** A problem shown at a control: from the service (validation) or from the client (diagnostics). */
export interface Issue {
  pointer: string;
  code: string;
  message: string;
  /** Not typed yet: the condition is skipped by the count rather than wrong. */
  incomplete: boolean;
}

export interface BuilderContextValue {
  state: EditorState;
  dispatch: Dispatch<EditorAction>;
  schema?: Schema;
  contactsSchema?: Schema;
  /** Every issue, by exact pointer (relative to the definition). */
  issues: ReadonlyMap<string, Issue[]>;
  /** Pointers the last preview skipped as incomplete. */
  ignored: ReadonlySet<string>;
  /** Prefix for element ids, unique per builder on the page. */
  idPrefix: string;
}

const BuilderContext = createContext<BuilderContextValue | null>(null);

export function useBuilder(): BuilderContextValue {
  const v = useContext(BuilderContext);
  if (!v) throw new Error('useBuilder outside ConditionBuilder');
  return v;
}

export function BuilderProvider({ value, children }: { value: BuilderContextValue; children: ReactNode }) {
  return <BuilderContext.Provider value={value}>{children}</BuilderContext.Provider>;
}

export function collectIssues(
  state: EditorState,
  schema: Schema | undefined,
  contactsSchema: Schema | undefined,
  serverErrors: readonly FieldError[],
): Map<string, Issue[]> {
  const map = new Map<string, Issue[]>();
  const add = (i: Issue) => map.set(i.pointer, [...(map.get(i.pointer) ?? []), i]);
  const diags: Diagnostic[] = diagnose(state.definition, { schema, contactsSchema });
  for (const d of diags) add({ ...d, incomplete: INCOMPLETE_CODES.has(d.code) });
  for (const e of serverErrors) {
    // The service is the authority: replace a client guess at the same place.
    const existing = (map.get(e.pointer) ?? []).filter((i) => i.code === e.code);
    if (existing.length === 0) add({ pointer: e.pointer, code: e.code, message: e.message, incomplete: INCOMPLETE_CODES.has(e.code as never) });
  }
  return map;
}

export function useIssues(
  state: EditorState,
  schema: Schema | undefined,
  contactsSchema: Schema | undefined,
  serverErrors: readonly FieldError[],
) {
  return useMemo(() => collectIssues(state, schema, contactsSchema, serverErrors), [state, schema, contactsSchema, serverErrors]);
}

/** Issues at `pointer` and below it (e.g. `/values/1` for the range control at `/values`). */
export function issuesUnder(issues: ReadonlyMap<string, Issue[]>, pointer: string): Issue[] {
  const out: Issue[] = [];
  for (const [p, list] of issues) if (p === pointer || p.startsWith(pointer + '/')) out.push(...list);
  return out;
}

/** The error text for a control: only what is wrong, not what is merely not typed yet. */
export function errorText(issues: ReadonlyMap<string, Issue[]>, pointer: string): string | undefined {
  const wrong = issuesUnder(issues, pointer).filter((i) => !i.incomplete);
  return wrong.length ? wrong.map((i) => i.message).join(' ') : undefined;
}

/** The hint for a control that still needs a value. */
export function hintText(issues: ReadonlyMap<string, Issue[]>, pointer: string): string | undefined {
  const todo = issuesUnder(issues, pointer).filter((i) => i.incomplete);
  return todo.length ? todo[0]!.message : undefined;
}
