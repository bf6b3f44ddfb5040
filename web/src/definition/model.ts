/**
 * Pure functions over the definition JSON: factories for new conditions, operator and
 * field changes that keep the value shape consistent, client-side diagnostics with codes,
 * and conversion between subjects. No React here.
 */
import { toPointer } from './path';
import {
  COMPANY_PREFIX,
  findField,
  isCompanyField,
  operatorsFor,
  valueShape,
  type Schema,
  type SchemaField,
} from './schema';
import {
  isGroup,
  isNot,
  isObject,
  type AttributeNode,
  type AttributeValue,
  type Definition,
  type Family,
  type GroupNode,
  type Node,
  type Path,
  type Subject,
} from './types';

export const KNOWN_TYPES = new Set([
  'and',
  'or',
  'not',
  'attribute',
  'recency',
  'consent',
  'pageView',
  'formSubmit',
  'people',
]);

export function emptyGroup(type: 'and' | 'or' = 'and'): GroupNode {
  return { type, conditions: [] };
}

export function emptyDefinition(subject: Subject): Definition {
  return { subject, where: emptyGroup() };
}

/** Families offered by the "Add condition" menu for a subject (narrowed by the schema's `nodeTypes`). */
export function familiesFor(subject: Subject, schema?: Schema): Family[] {
  const f: Family[] =
    subject === 'companies'
      ? ['attribute', 'recency', 'people']
      : ['attribute', 'companyAttribute', 'recency', 'consent', 'pageView', 'formSubmit'];
  return f.filter((family) => {
    if (family === 'companyAttribute') return !schema || schema.fields.some((x) => isCompanyField(x.name));
    if (family === 'recency' && schema?.recency && schema.recency.of.length === 0) return false;
    if (subject === 'companies' && family === 'recency' && schema && !schema.recency) return false;
    return !schema?.nodeTypes || schema.nodeTypes.includes(family);
  });
}

export const FAMILY_LABELS: Record<Family, string> = {
  attribute: 'Attribute',
  companyAttribute: 'Company attribute',
  recency: 'Recency',
  consent: 'Consent',
  pageView: 'Page view',
  formSubmit: 'Form submit',
  people: 'People at the company',
};

/**
 * A fresh condition of a family. It names a field/kind but no value yet, so the preview
 * skips it (and reports it as ignored) until the marketer types one.
 */
export function newCondition(family: Family, schema?: Schema): Node {
  switch (family) {
    case 'attribute':
    case 'companyAttribute': {
      const wantCompany = family === 'companyAttribute';
      const field = schema?.fields.find((f) => isCompanyField(f.name) === wantCompany) ?? schema?.fields[0];
      const node: AttributeNode = { type: 'attribute', field: field?.name ?? '', operator: '' };
      node.operator = operatorsFor(field)[0] ?? '';
      return withShape(node, node.operator);
    }
    case 'recency':
      return { type: 'recency', of: schema?.recency?.of[0] ?? 'activity', operator: 'withinLastDays' };
    case 'consent':
      return {
        type: 'consent',
        channel: schema?.consentChannels?.[0] ?? 'email',
        status: schema?.consentStatuses?.[0] ?? 'granted',
      };
    case 'pageView':
      return { type: 'pageView' };
    case 'formSubmit':
      return { type: 'formSubmit' };
    case 'people':
      return { type: 'people', atLeast: 1, where: emptyGroup() };
  }
}

/** Keeps what can be kept of an attribute's value when its operator changes shape. */
function withShape(node: AttributeNode, operator: string): AttributeNode {
  const { value, values, ...rest } = node;
  const out: AttributeNode = { ...rest, operator };
  const first: AttributeValue | undefined =
    value !== undefined && value !== null ? value : values && values.length > 0 ? values[0] : undefined;
  switch (valueShape(operator)) {
    case 'none':
      return out;
    case 'list':
      if (values && values.length > 0) out.values = values;
      else if (first !== undefined && first !== '') out.values = [first];
      return out;
    case 'pair':
      if (values && values.length === 2) out.values = values;
      return out;
    case 'days':
      if (typeof first === 'number') out.value = first;
      return out;
    case 'single':
      // A number of days is not a comparable value of the field itself.
      if (first !== undefined && valueShape(node.operator) !== 'days') out.value = first;
      return out;
  }
}

export function changeOperator(node: AttributeNode, operator: string): AttributeNode {
  if (node.operator === operator) return node;
  return withShape(node, operator);
}

export function changeField(node: AttributeNode, field: SchemaField | undefined, name: string): AttributeNode {
  if (node.field === name) return node;
  const { value: _v, values: _vs, ...rest } = node;
  const ops = operatorsFor(field);
  const operator = ops.includes(node.operator) ? node.operator : (ops[0] ?? '');
  return { ...rest, field: name, operator };
}

// ---------------------------------------------------------------------------------------
// Diagnostics
// ---------------------------------------------------------------------------------------

/** The same codes the service uses for definition problems (see ProblemCode in segments-core). */
export type DiagnosticCode =
  | 'empty_group'
  | 'missing_field'
  | 'unknown_field'
  | 'missing_operator'
  | 'operator_not_allowed'
  | 'missing_value'
  | 'unexpected_value'
  | 'invalid_range'
  | 'not_positive'
  | 'unknown_type';

/** Codes meaning "not typed yet": the preview skips such a condition, saving refuses it. */
export const INCOMPLETE_CODES: ReadonlySet<DiagnosticCode> = new Set(['empty_group', 'missing_field', 'missing_operator', 'missing_value']);

export interface Diagnostic {
  /** JSON pointer relative to the definition (`/where/conditions/0`). */
  pointer: string;
  code: DiagnosticCode;
  message: string;
}

export interface SchemaContext {
  /** The schema of the definition's subject. */
  schema?: Schema;
  /** The contacts schema, for `people` nodes of a companies definition. */
  contactsSchema?: Schema;
}

const isBlank = (v: unknown) =>
  v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (typeof v === 'number' && !Number.isFinite(v));

const isPosInt = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 1;

/** Problems of one leaf node (not descending into children). */
export function nodeDiagnostics(node: Node, path: Path, schema?: Schema): Diagnostic[] {
  const out: Diagnostic[] = [];
  const at = (suffix: string, code: DiagnosticCode, message: string) =>
    out.push({ pointer: toPointer(path) + suffix, code, message });
  switch (node.type) {
    case 'and':
    case 'or':
      if (isGroup(node) && node.conditions.length === 0) at('', 'empty_group', 'This group has no conditions yet.');
      break;
    case 'attribute': {
      const n = node as AttributeNode;
      if (isBlank(n.field)) {
        at('/field', 'missing_field', 'Choose a field.');
        break;
      }
      const field = findField(schema, n.field);
      if (schema && !field) at('/field', 'unknown_field', `The field “${n.field}” does not exist.`);
      if (isBlank(n.operator)) {
        at('/operator', 'missing_operator', 'Choose how to compare.');
        break;
      }
      if (field && !operatorsFor(field).includes(n.operator))
        at('/operator', 'operator_not_allowed', `“${n.operator}” cannot be used with this field.`);
      const shape = valueShape(n.operator);
      if (shape === 'single' && isBlank(n.value)) at('/value', 'missing_value', 'Enter a value.');
      if (shape === 'days') {
        if (isBlank(n.value)) at('/value', 'missing_value', 'Enter a number of days.');
        else if (!isPosInt(n.value)) at('/value', 'not_positive', 'Enter a whole number of days, at least 1.');
      }
      if (shape === 'list' && (!Array.isArray(n.values) || n.values.filter((v) => !isBlank(v)).length === 0))
        at('/values', 'missing_value', 'Choose at least one value.');
      if (shape === 'pair') {
        const vs = Array.isArray(n.values) ? n.values : [];
        if (vs.length !== 2 || isBlank(vs[0]) || isBlank(vs[1])) at('/values', 'missing_value', 'Enter both ends of the range.');
        else if (compareValues(vs[0]!, vs[1]!) > 0) at('/values', 'invalid_range', 'The lower end is above the upper end.');
      }
      break;
    }
    case 'recency': {
      const n = node as { of?: unknown; operator?: unknown; days?: unknown };
      if (isBlank(n.of)) at('/of', 'missing_value', 'Choose what to look at.');
      if (isBlank(n.operator)) at('/operator', 'missing_operator', 'Choose how recent.');
      else if (n.operator === 'never') {
        if (n.days !== undefined && n.days !== null) at('/days', 'unexpected_value', '“never” takes no days.');
      } else {
        if (isBlank(n.days)) at('/days', 'missing_value', 'Enter a number of days.');
        else if (!isPosInt(n.days)) at('/days', 'not_positive', 'Enter a whole number of days, at least 1.');
      }
      break;
    }
    case 'consent': {
      const n = node as { channel?: unknown; status?: unknown };
      if (isBlank(n.channel)) at('/channel', 'missing_value', 'Choose a channel.');
      if (isBlank(n.status)) at('/status', 'missing_value', 'Choose a status.');
      break;
    }
    case 'pageView':
    case 'formSubmit': {
      const n = node as { withinDays?: unknown; atLeast?: unknown };
      if (n.withinDays !== undefined && !isPosInt(n.withinDays))
        at('/withinDays', 'not_positive', 'Enter a whole number of days, at least 1.');
      if (n.atLeast !== undefined && !isPosInt(n.atLeast)) at('/atLeast', 'not_positive', 'Enter a whole number, at least 1.');
      break;
    }
    case 'people': {
      const n = node as { atLeast?: unknown };
      if (n.atLeast !== undefined && !isPosInt(n.atLeast)) at('/atLeast', 'not_positive', 'Enter a whole number, at least 1.');
      break;
    }
    case 'not':
      break;
    default:
      at('', 'unknown_type', `This condition type (“${node.type}”) is not supported by the builder.`);
  }
  return out;
}

function compareValues(a: AttributeValue, b: AttributeValue): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

/** Walks every node with its path and the schema that applies there. */
export function walk(
  node: Node,
  path: Path,
  ctx: SchemaContext,
  visit: (node: Node, path: Path, schema: Schema | undefined) => void,
): void {
  visit(node, path, ctx.schema);
  if (isGroup(node)) node.conditions.forEach((c, i) => walk(c, [...path, 'conditions', i], ctx, visit));
  else if (isNot(node)) walk(node.condition, [...path, 'condition'], ctx, visit);
  else if (node.type === 'people' && isObject((node as { where?: unknown }).where))
    walk((node as { where: Node }).where, [...path, 'where'], { schema: ctx.contactsSchema, contactsSchema: ctx.contactsSchema }, visit);
}

export function diagnose(definition: Definition, ctx: SchemaContext = {}): Diagnostic[] {
  const out: Diagnostic[] = [];
  walk(definition.where, ['where'], ctx, (n, p, s) => out.push(...nodeDiagnostics(n, p, s)));
  return out;
}

/** Whether a leaf is complete (ignoring its descendants). Groups and `not` are never leaves. */
function leafComplete(node: Node, path: Path, schema?: Schema): boolean {
  return nodeDiagnostics(node, path, schema).length === 0;
}

/** Number of complete leaf conditions, where a `people` node counts if it and its `where` are complete. */
export function countComplete(node: Node, ctx: SchemaContext = {}, path: Path = ['where']): number {
  if (isGroup(node)) return node.conditions.reduce((s, c, i) => s + countComplete(c, ctx, [...path, 'conditions', i]), 0);
  if (isNot(node)) return countComplete(node.condition, ctx, [...path, 'condition']);
  if (node.type === 'people') {
    const where = (node as { where?: Node }).where;
    const inner = where ? countComplete(where, { schema: ctx.contactsSchema, contactsSchema: ctx.contactsSchema }, [...path, 'where']) : 0;
    return inner > 0 && leafComplete(node, path, ctx.schema) ? 1 : 0;
  }
  return leafComplete(node, path, ctx.schema) ? 1 : 0;
}

export interface SaveCheck {
  ok: boolean;
  /** Why saving is not possible, in words for the marketer. */
  reason?: string;
  code?: 'name_missing' | 'no_complete_condition' | 'incomplete_conditions' | 'empty_group' | 'server_errors';
}

export function saveCheck(
  name: string,
  definition: Definition,
  ctx: SchemaContext = {},
  serverErrorCount = 0,
): SaveCheck {
  if (name.trim() === '') return { ok: false, code: 'name_missing', reason: 'Give the segment a name.' };
  const diags = diagnose(definition, ctx);
  if (countComplete(definition.where, ctx) === 0)
    return { ok: false, code: 'no_complete_condition', reason: 'Add at least one complete condition.' };
  const empty = diags.filter((d) => d.code === 'empty_group').length;
  if (empty > 0)
    return { ok: false, code: 'empty_group', reason: `Remove or fill ${plural(empty, 'empty group')}.` };
  const incomplete = diags.length;
  if (incomplete > 0)
    return {
      ok: false,
      code: 'incomplete_conditions',
      reason: `Complete or remove ${plural(incomplete, 'incomplete condition')}.`,
    };
  if (serverErrorCount > 0)
    return { ok: false, code: 'server_errors', reason: `Fix ${plural(serverErrorCount, 'problem')} shown in the builder.` };
  return { ok: true };
}

export function plural(n: number, noun: string): string {
  return `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;
}

// ---------------------------------------------------------------------------------------
// Subjects
// ---------------------------------------------------------------------------------------

export interface SubjectConversion {
  definition: Definition;
  /** Pointers (in the old definition) of the conditions the new subject cannot use. */
  dropped: string[];
}

/**
 * Re-targets a definition to another subject, dropping every condition the new subject
 * cannot evaluate: behaviour of contacts (consent, page views, form submits) and `people`
 * nodes do not cross over, attributes survive only if the target schema has the field
 * with the same type. Groups left empty by the drop are removed too (the root stays).
 */
export function convertSubject(
  definition: Definition,
  to: Subject,
  targetSchema?: Schema,
  sourceSchema?: Schema,
): SubjectConversion {
  if (definition.subject === to) return { definition, dropped: [] };
  const dropped: string[] = [];
  const allowed = new Set(to === 'contacts' ? ['attribute', 'recency', 'consent', 'pageView', 'formSubmit'] : ['attribute', 'recency', 'people']);
  const keep = (node: Node, path: Path): Node | null => {
    if (isGroup(node)) {
      const kids: Node[] = [];
      node.conditions.forEach((c, i) => {
        const k = keep(c, [...path, 'conditions', i]);
        if (k) kids.push(k);
      });
      if (kids.length === 0 && node.conditions.length > 0 && path.length > 1) return null;
      return kids.length === node.conditions.length && kids.every((k, i) => k === node.conditions[i]) ? node : { ...node, conditions: kids };
    }
    if (isNot(node)) {
      const inner = keep(node.condition, [...path, 'condition']);
      return inner ? (inner === node.condition ? node : { ...node, condition: inner }) : null;
    }
    let ok = allowed.has(node.type);
    if (ok && node.type === 'attribute') {
      const a = node as AttributeNode;
      const target = findField(targetSchema, a.field);
      const source = findField(sourceSchema, a.field);
      ok = targetSchema ? !!target && (!source || source.type === target.type) : false;
    }
    if (ok && node.type === 'recency' && targetSchema?.recency) ok = targetSchema.recency.of.includes(String((node as { of?: unknown }).of));
    if (!ok) {
      dropped.push(toPointer(path));
      return null;
    }
    return node;
  };
  const where = keep(definition.where, ['where']) ?? emptyGroup();
  return { definition: { ...definition, subject: to, where }, dropped };
}

export { COMPANY_PREFIX };
