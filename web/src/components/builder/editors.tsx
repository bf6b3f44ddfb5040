/** Typed editors of the leaf conditions. Each control edits one path of the definition JSON. */
import { Group, MultiSelect, NumberInput, Select, TagsInput, Text, TextInput } from '@mantine/core';
import { DateInput } from '@mantine/dates';
import type { ReactNode } from 'react';
import { changeField, changeOperator } from '../../definition/model';
import { toPointer } from '../../definition/path';
import {
  CONSENT_STATUSES,
  findField,
  isCompanyField,
  operatorsFor,
  RECENCY_OF,
  RECENCY_OPERATORS,
  valueShape,
  type Schema,
  type SchemaField,
} from '../../definition/schema';
import type { AttributeNode, AttributeValue, Node, Path } from '../../definition/types';
import { errorText, hintText, useBuilder } from './context';
import { CONSENT_STATUS_LABELS, label, OPERATOR_LABELS, RECENCY_OF_LABELS, RECENCY_OPERATOR_LABELS } from './labels';

const SIZE = 'sm';
const WRAPPER_ORDER: ('label' | 'input' | 'description' | 'error')[] = ['label', 'input', 'description', 'error'];

/** Control props shared by every editor control at `pointer`. */
function useControl(pointer: string, name: string) {
  const { issues, idPrefix } = useBuilder();
  return {
    id: `${idPrefix}${pointer.replace(/\//g, '-')}`,
    error: errorText(issues, pointer),
    description: hintText(issues, pointer),
    'data-pointer': pointer,
    size: SIZE as typeof SIZE,
    label: name,
    // The hint sits under the input so the controls of a row stay aligned.
    inputWrapperOrder: WRAPPER_ORDER,
  };
}

/** NumberInput values: '' (cleared) becomes absent in the JSON. */
const numberOrUndefined = (v: number | string): number | undefined =>
  v === '' || v === null || v === undefined ? undefined : typeof v === 'number' ? v : Number.isFinite(Number(v)) ? Number(v) : undefined;

interface LeafProps<N> {
  node: N;
  path: Path;
  schema?: Schema;
}

function usePatch(path: Path) {
  const { dispatch } = useBuilder();
  return (patch: Record<string, unknown>) => dispatch({ type: 'patch', path, patch });
}

// -------------------------------------------------------------------------------------------
// Attribute
// -------------------------------------------------------------------------------------------

function fieldOptions(schema: Schema | undefined, current: string) {
  const fields = schema?.fields ?? [];
  const own = fields.filter((f) => !isCompanyField(f.name));
  const company = fields.filter((f) => isCompanyField(f.name));
  const groups: { group: string; items: { value: string; label: string }[] }[] = [];
  const ownLabel = schema?.subject === 'companies' ? 'Company' : 'Contact';
  if (own.length) groups.push({ group: ownLabel, items: own.map((f) => ({ value: f.name, label: f.label })) });
  if (company.length) groups.push({ group: 'Their company', items: company.map((f) => ({ value: f.name, label: f.label })) });
  if (current && !fields.some((f) => f.name === current)) groups.push({ group: 'Unknown', items: [{ value: current, label: current }] });
  return groups;
}

export function AttributeEditor({ node, path, schema }: LeafProps<AttributeNode>) {
  const { dispatch } = useBuilder();
  const ptr = toPointer(path);
  const field = findField(schema, node.field);
  const replace = (n: AttributeNode) => dispatch({ type: 'replace', path, node: n });
  const ops = operatorsFor(field);
  const opOptions = (ops.length ? ops : [node.operator]).filter(Boolean).map((o) => ({ value: o, label: label(OPERATOR_LABELS, o) }));
  return (
    <Group align="flex-start" gap="xs" wrap="wrap">
      <Select
        {...useControl(`${ptr}/field`, 'Field')}
        w={200}
        searchable
        allowDeselect={false}
        data={fieldOptions(schema, node.field)}
        value={node.field || null}
        onChange={(name) => name && replace(changeField(node, findField(schema, name), name))}
        comboboxProps={{ withinPortal: true }}
      />
      <Select
        {...useControl(`${ptr}/operator`, 'Comparison')}
        w={190}
        allowDeselect={false}
        data={opOptions}
        value={node.operator || null}
        onChange={(op) => op && replace(changeOperator(node, op))}
      />
      <AttributeValueEditor node={node} path={path} field={field} />
    </Group>
  );
}

function AttributeValueEditor({ node, path, field }: { node: AttributeNode; path: Path; field?: SchemaField }) {
  const ptr = toPointer(path);
  const patch = usePatch(path);
  const type = field?.type ?? 'text';
  const valueCtl = useControl(`${ptr}/value`, 'Value');
  const valuesCtl = useControl(`${ptr}/values`, 'Values');
  const fromCtl = useControl(`${ptr}/values`, 'From');
  const values = Array.isArray(node.values) ? node.values : [];
  switch (valueShape(node.operator)) {
    case 'none':
      return null;
    case 'days':
      return (
        <NumberInput
          {...valueCtl}
          label="Days"
          w={120}
          min={1}
          allowDecimal={false}
          allowNegative={false}
          suffix={node.operator === 'moreThanDaysAgo' ? ' days ago' : ' days'}
          value={typeof node.value === 'number' ? node.value : ''}
          onChange={(v) => patch({ value: numberOrUndefined(v) })}
        />
      );
    case 'list':
      if (type === 'enum')
        return (
          <MultiSelect
            {...valuesCtl}
            w={280}
            searchable
            data={Array.from(new Set([...(field?.options ?? []), ...values.map(String)]))}
            value={values.map(String)}
            onChange={(vs) => patch({ values: vs.length ? vs : undefined })}
          />
        );
      if (type === 'number')
        return (
          <TagsInput
            {...valuesCtl}
            w={280}
            placeholder="Type a number, press Enter"
            value={values.map(String)}
            onChange={(vs) => {
              const nums = vs.map(Number).filter((n) => Number.isFinite(n));
              patch({ values: nums.length ? nums : undefined });
            }}
          />
        );
      return (
        <TagsInput
          {...valuesCtl}
          w={280}
          placeholder="Type a value, press Enter"
          value={values.map(String)}
          onChange={(vs) => patch({ values: vs.length ? vs : undefined })}
        />
      );
    case 'pair': {
      const setEnd = (i: 0 | 1, v: AttributeValue | undefined) => {
        const next: (AttributeValue | null)[] = [values[0] ?? null, values[1] ?? null];
        next[i] = v ?? null;
        patch({ values: next.every((x) => x === null) ? undefined : next });
      };
      const low = values[0];
      const high = values[1];
      const toCtl = { ...fromCtl, id: `${fromCtl.id}-to`, label: 'To', description: undefined, error: fromCtl.error ? ' ' : undefined };
      if (type === 'date' || type === 'timestamp')
        return (
          <Group gap="xs" align="flex-start">
            <DateInput {...fromCtl} w={150} valueFormat="YYYY-MM-DD" clearable clearButtonProps={{ 'aria-label': 'Clear the start date' }} value={typeof low === 'string' ? low : null} onChange={(d) => setEnd(0, d ?? undefined)} />
            <DateInput {...toCtl} w={150} valueFormat="YYYY-MM-DD" clearable clearButtonProps={{ 'aria-label': 'Clear the end date' }} value={typeof high === 'string' ? high : null} onChange={(d) => setEnd(1, d ?? undefined)} />
          </Group>
        );
      return (
        <Group gap="xs" align="flex-start">
          <NumberInput {...fromCtl} w={120} thousandSeparator="," value={typeof low === 'number' ? low : ''} onChange={(v) => setEnd(0, numberOrUndefined(v))} />
          <NumberInput {...toCtl} w={120} thousandSeparator="," value={typeof high === 'number' ? high : ''} onChange={(v) => setEnd(1, numberOrUndefined(v))} />
        </Group>
      );
    }
    case 'single':
      if (type === 'number')
        return (
          <NumberInput
            {...valueCtl}
            w={160}
            thousandSeparator=","
            value={typeof node.value === 'number' ? node.value : ''}
            onChange={(v) => patch({ value: numberOrUndefined(v) })}
          />
        );
      if (type === 'boolean')
        return (
          <Select
            {...valueCtl}
            w={120}
            data={[
              { value: 'true', label: 'true' },
              { value: 'false', label: 'false' },
            ]}
            value={typeof node.value === 'boolean' ? String(node.value) : null}
            onChange={(v) => patch({ value: v === null ? undefined : v === 'true' })}
          />
        );
      if (type === 'date' || type === 'timestamp')
        return (
          <DateInput
            {...valueCtl}
            label="Date"
            w={160}
            valueFormat="YYYY-MM-DD"
            clearable
            clearButtonProps={{ 'aria-label': 'Clear the date' }}
            value={typeof node.value === 'string' ? node.value : null}
            onChange={(d) => patch({ value: d ?? undefined })}
          />
        );
      if (type === 'enum')
        return (
          <Select
            {...valueCtl}
            w={200}
            data={field?.options ?? []}
            value={typeof node.value === 'string' ? node.value : null}
            onChange={(v) => patch({ value: v ?? undefined })}
          />
        );
      return (
        <TextInput
          {...valueCtl}
          w={220}
          value={node.value === undefined || node.value === null ? '' : String(node.value)}
          onChange={(e) => patch({ value: e.currentTarget.value === '' ? undefined : e.currentTarget.value })}
        />
      );
  }
}

// -------------------------------------------------------------------------------------------
// Recency, consent, page view, form submit
// -------------------------------------------------------------------------------------------

interface RecencyLike {
  type: 'recency';
  of: string;
  operator: string;
  days?: number | null;
}

export function RecencyEditor({ node, path, schema }: LeafProps<RecencyLike>) {
  const ptr = toPointer(path);
  const patch = usePatch(path);
  const ofs = schema?.recency?.of ?? [...RECENCY_OF];
  const ops = schema?.recency?.operators ?? [...RECENCY_OPERATORS];
  const daysCtl = useControl(`${ptr}/days`, 'Days');
  return (
    <Group align="flex-start" gap="xs">
      <Select
        {...useControl(`${ptr}/of`, 'What')}
        w={200}
        allowDeselect={false}
        data={ofs.map((o) => ({ value: o, label: label(RECENCY_OF_LABELS, o) }))}
        value={node.of || null}
        onChange={(v) => v && patch({ of: v })}
      />
      <Select
        {...useControl(`${ptr}/operator`, 'When')}
        w={220}
        allowDeselect={false}
        data={ops.map((o) => ({ value: o, label: label(RECENCY_OPERATOR_LABELS, o) }))}
        value={node.operator || null}
        onChange={(v) => v && patch(v === 'never' ? { operator: v, days: undefined } : { operator: v })}
      />
      {node.operator !== 'never' && (
        <NumberInput
          {...daysCtl}
          w={140}
          min={1}
          allowDecimal={false}
          allowNegative={false}
          suffix={node.operator === 'moreThanDaysAgo' ? ' days ago' : ' days'}
          value={typeof node.days === 'number' ? node.days : ''}
          onChange={(v) => patch({ days: numberOrUndefined(v) })}
        />
      )}
    </Group>
  );
}

interface ConsentLike {
  type: 'consent';
  channel: string;
  status: string;
}

export function ConsentEditor({ node, path, schema }: LeafProps<ConsentLike>) {
  const ptr = toPointer(path);
  const patch = usePatch(path);
  const channels = Array.from(new Set([...(schema?.consentChannels ?? ['email', 'sms']), ...(node.channel ? [node.channel] : [])]));
  const statuses = schema?.consentStatuses?.length ? schema.consentStatuses : [...CONSENT_STATUSES];
  return (
    <Group align="flex-start" gap="xs">
      <Select
        {...useControl(`${ptr}/channel`, 'Consent channel')}
        w={180}
        allowDeselect={false}
        data={channels}
        value={node.channel || null}
        onChange={(v) => v && patch({ channel: v })}
      />
      <Select
        {...useControl(`${ptr}/status`, 'Status')}
        w={200}
        allowDeselect={false}
        data={statuses.map((s) => ({ value: s, label: label(CONSENT_STATUS_LABELS, s) }))}
        value={node.status || null}
        onChange={(v) => v && patch({ status: v })}
      />
    </Group>
  );
}

function CountAndWindow({ ptr, node, patch, what }: { ptr: string; node: { atLeast?: number; withinDays?: number }; patch: (p: Record<string, unknown>) => void; what: string }) {
  return (
    <>
      <NumberInput
        {...useControl(`${ptr}/atLeast`, 'At least')}
        w={120}
        min={1}
        allowDecimal={false}
        allowNegative={false}
        placeholder="1"
        suffix=" times"
        aria-label={`${what}: at least how many times`}
        value={typeof node.atLeast === 'number' ? node.atLeast : ''}
        onChange={(v) => patch({ atLeast: numberOrUndefined(v) })}
      />
      <NumberInput
        {...useControl(`${ptr}/withinDays`, 'Within')}
        w={150}
        min={1}
        allowDecimal={false}
        allowNegative={false}
        placeholder="any time"
        suffix=" days"
        aria-label={`${what}: within the last how many days`}
        value={typeof node.withinDays === 'number' ? node.withinDays : ''}
        onChange={(v) => patch({ withinDays: numberOrUndefined(v) })}
      />
    </>
  );
}

interface PageViewLike {
  type: 'pageView';
  urlContains?: string;
  withinDays?: number;
  atLeast?: number;
}

export function PageViewEditor({ node, path }: LeafProps<PageViewLike>) {
  const ptr = toPointer(path);
  const patch = usePatch(path);
  return (
    <Group align="flex-start" gap="xs">
      <TextInput
        {...useControl(`${ptr}/urlContains`, 'URL contains')}
        w={240}
        placeholder="any page, e.g. /pricing"
        value={node.urlContains ?? ''}
        onChange={(e) => patch({ urlContains: e.currentTarget.value === '' ? undefined : e.currentTarget.value })}
      />
      <CountAndWindow ptr={ptr} node={node} patch={patch} what="Page views" />
    </Group>
  );
}

interface FormSubmitLike {
  type: 'formSubmit';
  form?: string;
  withinDays?: number;
  atLeast?: number;
}

const ANY_FORM = '\u0000any';

export function FormSubmitEditor({ node, path, schema }: LeafProps<FormSubmitLike>) {
  const ptr = toPointer(path);
  const patch = usePatch(path);
  const forms = schema?.forms ?? [];
  const data = [
    { value: ANY_FORM, label: 'Any form' },
    ...forms.map((f) => ({ value: f.id, label: f.name })),
    ...(node.form && !forms.some((f) => f.id === node.form) ? [{ value: node.form, label: node.form }] : []),
  ];
  return (
    <Group align="flex-start" gap="xs">
      <Select
        {...useControl(`${ptr}/form`, 'Form')}
        w={240}
        searchable
        allowDeselect={false}
        data={data}
        value={node.form ?? ANY_FORM}
        onChange={(v) => patch({ form: !v || v === ANY_FORM ? undefined : v })}
      />
      <CountAndWindow ptr={ptr} node={node} patch={patch} what="Form submissions" />
    </Group>
  );
}

export function UnknownEditor({ node }: { node: Node }): ReactNode {
  return (
    <Text size="sm" c="dimmed">
      This condition (<code>{node.type}</code>) is kept as it is; the builder cannot edit it.
    </Text>
  );
}
