/**
 * The condition builder, used by the New-segment dialog and the detail page.
 * It renders the definition JSON as it is and edits it only through `editorReducer`.
 */
import { ActionIcon, Badge, Box, Button, Group, Menu, NumberInput, Paper, SegmentedControl, Stack, Switch, Text, Tooltip } from '@mantine/core';
import { useId, type Dispatch } from 'react';
import type { FieldError } from '../../api/client';
import { keyOf, type EditorAction, type EditorState } from '../../definition/editor';
import { FAMILY_LABELS, familiesFor } from '../../definition/model';
import { toPointer } from '../../definition/path';
import type { Schema } from '../../definition/schema';
import { summarizeNode } from '../../definition/summary';
import { isGroup, isNot, type AttributeNode, type Family, type GroupNode, type Node, type Path, type Subject } from '../../definition/types';
import { BuilderProvider, errorText, issuesUnder, useBuilder, useIssues } from './context';
import { AttributeEditor, ConsentEditor, FormSubmitEditor, PageViewEditor, RecencyEditor, UnknownEditor } from './editors';

export interface ConditionBuilderProps {
  state: EditorState;
  dispatch: Dispatch<EditorAction>;
  /** Schema of the definition's subject. */
  schema?: Schema;
  /** Contacts schema (for `people` nodes of companies). */
  contactsSchema?: Schema;
  /** Validation errors of the service, pointers relative to the definition. */
  serverErrors?: readonly FieldError[];
  /** Pointers the last preview skipped. */
  ignored?: readonly string[];
}

const EMPTY: readonly never[] = [];

export function ConditionBuilder({ state, dispatch, schema, contactsSchema, serverErrors = EMPTY, ignored = EMPTY }: ConditionBuilderProps) {
  const idPrefix = useId().replace(/:/g, '');
  const issues = useIssues(state, schema, contactsSchema, serverErrors);
  const where = state.definition.where;
  const subject = state.definition.subject;
  const rootPath: Path = ['where'];
  return (
    <BuilderProvider value={{ state, dispatch, schema, contactsSchema, issues, ignored: new Set(ignored), idPrefix }}>
      <Box data-testid="condition-builder">
        {isGroup(where) ? (
          <GroupView path={rootPath} node={where} subject={subject} schema={schema} root />
        ) : (
          <Stack gap="xs">
            <NodeRow path={rootPath} node={where} subject={subject} schema={schema} index={0} count={1} />
            <Button variant="light" size="xs" w="fit-content" onClick={() => dispatch({ type: 'wrapInGroup', path: rootPath })}>
              Combine with more conditions
            </Button>
          </Stack>
        )}
      </Box>
    </BuilderProvider>
  );
}

interface ScopeProps {
  subject: Subject;
  schema?: Schema;
}

function AddMenu({ path, subject, schema, label }: ScopeProps & { path: Path; label: string }) {
  const { dispatch } = useBuilder();
  const families = familiesFor(subject, schema);
  const add = (family: Family) => dispatch({ type: 'addCondition', group: path, family, schema });
  return (
    <Group gap="xs">
      <Menu shadow="md" position="bottom-start" withinPortal>
        <Menu.Target>
          <Button size="xs" variant="light" aria-label={`Add condition${label}`}>
            + Condition
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>Add a condition on</Menu.Label>
          {families.map((f) => (
            <Menu.Item key={f} onClick={() => add(f)}>
              {FAMILY_LABELS[f]}
            </Menu.Item>
          ))}
        </Menu.Dropdown>
      </Menu>
      <Button size="xs" variant="subtle" aria-label={`Add group${label}`} onClick={() => dispatch({ type: 'addGroup', group: path })}>
        + Group
      </Button>
    </Group>
  );
}

function GroupView({ path, node, subject, schema, root = false }: ScopeProps & { path: Path; node: GroupNode; root?: boolean }) {
  const { dispatch, state, issues } = useBuilder();
  const ptr = toPointer(path);
  const empty = node.conditions.length === 0;
  const inPeople = path[path.length - 1] === 'where' && path.length > 1;
  const groupLabel = root ? '' : inPeople ? ' about the people' : ' to this group';
  return (
    <Stack gap="xs" role="group" aria-label={root ? 'Conditions' : 'Group of conditions'} data-pointer={ptr}>
      <Group gap="xs">
        <Text size="sm" id={`${ptr}-mode`}>
          Match
        </Text>
        <SegmentedControl
          size="xs"
          aria-label="Combine the conditions of this group with"
          data={[
            { value: 'and', label: 'all (AND)' },
            { value: 'or', label: 'any (OR)' },
          ]}
          value={node.type}
          onChange={(v) => dispatch({ type: 'setGroupType', path, groupType: v as 'and' | 'or' })}
        />
        <Text size="sm">of these conditions</Text>
      </Group>
      {empty && (
        <Text size="sm" c="dimmed" fs="italic">
          {root
            ? `No conditions yet: every ${subject === 'companies' ? 'company' : 'contact'} matches. Add a condition to narrow it down.`
            : 'This group is empty. Add a condition to it, or remove it.'}
        </Text>
      )}
      {node.conditions.map((child, i) => {
        const childPath = [...path, 'conditions', i];
        return (
          <NodeRow
            key={keyOf(state, childPath)}
            path={childPath}
            node={child}
            subject={subject}
            schema={schema}
            index={i}
            count={node.conditions.length}
          />
        );
      })}
      {errorText(issues, ptr) && issuesUnder(issues, ptr).some((i) => i.pointer === ptr && !i.incomplete) && (
        <Text size="sm" c="var(--mantine-color-error)" role="alert">
          {errorText(issues, ptr)}
        </Text>
      )}
      <AddMenu path={path} subject={subject} schema={schema} label={groupLabel} />
    </Stack>
  );
}

function describe(node: Node): string {
  if (isNot(node)) return describe(node.condition);
  if (isGroup(node)) return 'group';
  return FAMILY_LABELS[(node.type === 'attribute' ? 'attribute' : node.type) as Family]?.toLowerCase() ?? 'condition';
}

function NodeRow({ path, node, subject, schema, index, count }: ScopeProps & { path: Path; node: Node; index: number; count: number }) {
  const { dispatch, issues, ignored, contactsSchema } = useBuilder();
  const ptr = toPointer(path);
  const negated = isNot(node);
  const inner = negated ? node.condition : node;
  const innerPath = negated ? [...path, 'condition'] : path;
  const innerPtr = toPointer(innerPath);
  const kind = describe(node);
  const movable = path[path.length - 2] === 'conditions';
  const skipped = ignored.has(ptr) || ignored.has(innerPtr);
  const incompleteHere = !isGroup(inner) && issuesUnder(issues, innerPtr).some((i) => i.incomplete && !i.pointer.startsWith(innerPtr + '/where'));
  const ownErrors = (issues.get(ptr) ?? []).concat(negated ? (issues.get(innerPtr) ?? []) : []).filter((i) => !i.incomplete);
  const reading = summarizeNode(node, { schema, contactsSchema }, [...path]);
  const position = `${kind} ${index + 1} of ${count}`;
  return (
    <Paper
      withBorder
      radius="md"
      p="sm"
      role="group"
      aria-label={`Condition: ${position}`}
      data-pointer={ptr}
      data-incomplete={incompleteHere || skipped || undefined}
      style={{
        borderLeft: `4px solid var(--mantine-color-${negated ? 'red' : skipped || incompleteHere ? 'yellow' : 'blue'}-5)`,
        background: isGroup(inner) ? 'var(--mantine-color-gray-0)' : undefined,
      }}
    >
      <Stack gap={6}>
        <Group justify="space-between" gap="xs" wrap="nowrap">
          <Group gap="xs">
            <Badge variant="light" color={negated ? 'red' : 'gray'} size="sm">
              {negated ? `NOT ${kind}` : kind}
            </Badge>
            {(skipped || incompleteHere) && (
              <Badge variant="light" color="yellow" size="sm" data-testid="skipped-badge">
                Incomplete: skipped in the count
              </Badge>
            )}
          </Group>
          <Group gap={4} wrap="nowrap">
            <Switch
              size="xs"
              label="NOT"
              checked={negated}
              onChange={() => dispatch({ type: 'toggleNot', path })}
              aria-label={`Negate ${position}`}
              mr={4}
            />
            {movable && (
              <>
                <Tooltip label="Move up" withinPortal>
                  <ActionIcon size="sm" variant="subtle" aria-label={`Move ${position} up`} disabled={index === 0} onClick={() => dispatch({ type: 'move', path, delta: -1 })}>
                    ↑
                  </ActionIcon>
                </Tooltip>
                <Tooltip label="Move down" withinPortal>
                  <ActionIcon size="sm" variant="subtle" aria-label={`Move ${position} down`} disabled={index === count - 1} onClick={() => dispatch({ type: 'move', path, delta: 1 })}>
                    ↓
                  </ActionIcon>
                </Tooltip>
              </>
            )}
            <Tooltip label="Remove" withinPortal>
              <ActionIcon size="sm" variant="subtle" color="red" aria-label={`Remove ${position}`} onClick={() => dispatch({ type: 'remove', path })}>
                ✕
              </ActionIcon>
            </Tooltip>
          </Group>
        </Group>
        <NodeBody node={inner} path={innerPath} subject={subject} schema={schema} />
        {(!isGroup(inner) || negated) && (
          <Text size="xs" c="dimmed" data-testid="row-reading">
            {reading}
          </Text>
        )}
        {ownErrors.length > 0 && (
          <Text size="sm" c="var(--mantine-color-error)" role="alert">
            {ownErrors.map((e) => e.message).join(' ')}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}

function NodeBody({ node, path, subject, schema }: ScopeProps & { node: Node; path: Path }) {
  const { contactsSchema } = useBuilder();
  if (isGroup(node)) return <GroupView path={path} node={node} subject={subject} schema={schema} />;
  if (isNot(node)) return <NodeRow path={path} node={node} subject={subject} schema={schema} index={0} count={1} />;
  switch (node.type) {
    case 'attribute':
      return <AttributeEditor node={node as AttributeNode} path={path} schema={schema} />;
    case 'recency':
      return <RecencyEditor node={node as never} path={path} schema={schema} />;
    case 'consent':
      return <ConsentEditor node={node as never} path={path} schema={schema} />;
    case 'pageView':
      return <PageViewEditor node={node as never} path={path} schema={schema} />;
    case 'formSubmit':
      return <FormSubmitEditor node={node as never} path={path} schema={schema} />;
    case 'people':
      return <PeopleEditor node={node as { atLeast?: number; where: Node }} path={path} contactsSchema={contactsSchema} />;
    default:
      return <UnknownEditor node={node} />;
  }
}

function PeopleEditor({ node, path, contactsSchema }: { node: { atLeast?: number; where: Node }; path: Path; contactsSchema?: Schema }) {
  const { dispatch, issues, idPrefix } = useBuilder();
  const ptr = toPointer(path);
  const wherePath = [...path, 'where'];
  const where = node.where;
  return (
    <Stack gap="xs">
      <Group gap="xs" align="flex-end">
        <NumberInput
          id={`${idPrefix}${ptr.replace(/\//g, '-')}-atLeast`}
          data-pointer={`${ptr}/atLeast`}
          label="At least this many people at the company"
          size="sm"
          w={280}
          min={1}
          allowDecimal={false}
          allowNegative={false}
          placeholder="1"
          error={errorText(issues, `${ptr}/atLeast`)}
          value={typeof node.atLeast === 'number' ? node.atLeast : ''}
          onChange={(v) => dispatch({ type: 'patch', path, patch: { atLeast: v === '' ? undefined : Number(v) } })}
        />
        <Text size="sm" pb={6}>
          … who match:
        </Text>
      </Group>
      <Box pl="md" style={{ borderLeft: '2px dashed var(--mantine-color-gray-4)' }}>
        {isGroup(where) ? (
          <GroupView path={wherePath} node={where} subject="contacts" schema={contactsSchema} />
        ) : (
          <Stack gap="xs">
            <NodeRow path={wherePath} node={where} subject="contacts" schema={contactsSchema} index={0} count={1} />
            <Button variant="light" size="xs" w="fit-content" onClick={() => dispatch({ type: 'wrapInGroup', path: wherePath })}>
              Combine with more conditions
            </Button>
          </Stack>
        )}
      </Box>
    </Stack>
  );
}
