/**
 * Plain-English reading of a definition, shown under the builder, e.g.
 * `Contacts where Country is "DE" and has viewed a page whose URL contains "/pricing"
 *  at least 3 times in the last 30 days`.
 * Negation is folded into the phrase ("has not viewed…", "is none of…").
 */
import { INCOMPLETE_CODES, nodeDiagnostics, type SchemaContext } from './model';
import { findField, humanize, valueShape, type Schema } from './schema';
import { isGroup, isNot, type AttributeNode, type AttributeValue, type Definition, type Node } from './types';

export const INCOMPLETE_MARK = '(incomplete, skipped)';

const num = (n: number) => n.toLocaleString('en-US');

function times(n: number | undefined): string {
  return n !== undefined && n !== 1 ? ` at least ${num(n)} times` : '';
}

function days(n: unknown): string {
  return typeof n === 'number' ? `${num(n)} ${n === 1 ? 'day' : 'days'}` : '… days';
}

function window(withinDays: unknown): string {
  return typeof withinDays === 'number' ? ` in the last ${days(withinDays)}` : '';
}

function formatValue(v: AttributeValue | null | undefined, type: string | undefined): string {
  if (v === undefined || v === null || v === '') return '…';
  if (typeof v === 'number') return num(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (type === 'date' || type === 'timestamp') return v;
  return `"${v}"`;
}

const ATTRIBUTE_PHRASES: Record<string, [positive: string, negative: string]> = {
  equals: ['is', 'is not'],
  notEquals: ['is not', 'is'],
  contains: ['contains', 'does not contain'],
  notContains: ['does not contain', 'contains'],
  startsWith: ['starts with', 'does not start with'],
  endsWith: ['ends with', 'does not end with'],
  in: ['is any of', 'is none of'],
  notIn: ['is none of', 'is any of'],
  isSet: ['is set', 'is not set'],
  isNotSet: ['is not set', 'is set'],
  gt: ['is greater than', 'is not greater than'],
  gte: ['is at least', 'is not at least'],
  lt: ['is less than', 'is not less than'],
  lte: ['is at most', 'is not at most'],
  between: ['is between', 'is not between'],
  before: ['is before', 'is not before'],
  after: ['is after', 'is not after'],
  on: ['is on', 'is not on'],
  withinLastDays: ['is within the last', 'is not within the last'],
  moreThanDaysAgo: ['is more than', 'is not more than'],
};

function attributePhrase(n: AttributeNode, neg: boolean, schema?: Schema): string {
  const field = findField(schema, n.field);
  const label = field?.label ?? (n.field ? humanize(n.field) : 'Attribute');
  const phrases = ATTRIBUTE_PHRASES[n.operator];
  const verb = phrases ? phrases[neg ? 1 : 0] : neg ? `not ${n.operator}` : n.operator || '…';
  const type = field?.type;
  switch (valueShape(n.operator)) {
    case 'none':
      return `${label} ${verb}`;
    case 'days':
      return `${label} ${verb} ${days(n.value)}${n.operator === 'moreThanDaysAgo' ? ' ago' : ''}`;
    case 'pair': {
      const [lo, hi] = Array.isArray(n.values) ? n.values : [];
      return `${label} ${verb} ${formatValue(lo, type)} and ${formatValue(hi, type)}`;
    }
    case 'list': {
      const vs = Array.isArray(n.values) && n.values.length > 0 ? n.values.map((v) => formatValue(v, type)).join(', ') : '…';
      return `${label} ${verb} ${vs}`;
    }
    case 'single':
      return `${label} ${verb} ${formatValue(n.value, type)}`;
  }
}

const RECENCY_THINGS: Record<string, [last: string, happened: string, neverHappened: string]> = {
  activity: ['last activity', 'has been active', 'has never been active'],
  pageView: ['last page view', 'has viewed a page', 'has never viewed a page'],
  formSubmit: ['last form submission', 'has submitted a form', 'has never submitted a form'],
  created: ['creation', 'has a creation date', 'has no creation date'],
};

function recencyPhrase(n: { of?: unknown; operator?: unknown; days?: unknown }, neg: boolean): string {
  const of = String(n.of ?? '');
  const [last, happened, never] = RECENCY_THINGS[of] ?? [`last ${of || '…'}`, `has ${of}`, `has no ${of}`];
  const was = of === 'created' ? (neg ? 'was not created' : 'was created') : `${last} ${neg ? 'was not' : 'was'}`;
  switch (n.operator) {
    case 'withinLastDays':
      return `${was} within the last ${days(n.days)}`;
    case 'moreThanDaysAgo':
      return `${was} more than ${days(n.days)} ago`;
    case 'never':
      return neg ? happened : never;
    default:
      return `${was} …`;
  }
}

function formName(id: string, schema?: Schema): string {
  const f = schema?.forms?.find((x) => x.id === id);
  return `"${f?.name ?? id}"`;
}

interface Ctx extends SchemaContext {
  path: (string | number)[];
}

function phrase(node: Node, neg: boolean, ctx: Ctx, nested: boolean): string {
  if (isNot(node)) return phrase(node.condition, !neg, { ...ctx, path: [...ctx.path, 'condition'] }, nested);
  if (isGroup(node)) {
    if (node.conditions.length === 0) return neg ? 'not (empty group)' : '(empty group)';
    if (node.conditions.length === 1)
      return phrase(node.conditions[0]!, neg, { ...ctx, path: [...ctx.path, 'conditions', 0] }, nested);
    const joined = node.conditions
      .map((c, i) => phrase(c, false, { ...ctx, path: [...ctx.path, 'conditions', i] }, true))
      .join(node.type === 'and' ? ' and ' : ' or ');
    if (neg) return `not (${joined})`;
    return nested ? `(${joined})` : joined;
  }
  const incomplete =
    node.type !== 'people' && nodeDiagnostics(node, ctx.path, ctx.schema).some((d) => INCOMPLETE_CODES.has(d.code))
      ? ` ${INCOMPLETE_MARK}`
      : '';
  switch (node.type) {
    case 'attribute':
      return attributePhrase(node as AttributeNode, neg, ctx.schema) + incomplete;
    case 'recency':
      return recencyPhrase(node as { of?: unknown }, neg) + incomplete;
    case 'consent': {
      const n = node as { channel?: unknown; status?: unknown };
      return `${n.channel || '…'} consent ${neg ? 'is not' : 'is'} ${n.status || '…'}${incomplete}`;
    }
    case 'pageView': {
      const n = node as { urlContains?: string; withinDays?: number; atLeast?: number };
      const what = n.urlContains ? `a page whose URL contains "${n.urlContains}"` : 'any page';
      return `${neg ? 'has not viewed' : 'has viewed'} ${what}${times(n.atLeast)}${window(n.withinDays)}${incomplete}`;
    }
    case 'formSubmit': {
      const n = node as { form?: string; withinDays?: number; atLeast?: number };
      const what = n.form ? `the form ${formName(n.form, ctx.schema)}` : 'any form';
      return `${neg ? 'has not submitted' : 'has submitted'} ${what}${times(n.atLeast)}${window(n.withinDays)}${incomplete}`;
    }
    case 'people': {
      const n = node as { atLeast?: number; where?: Node };
      const k = n.atLeast ?? 1;
      const who = neg ? `has fewer than ${num(k)} ${k === 1 ? 'person' : 'people'}` : `has at least ${num(k)} ${k === 1 ? 'person' : 'people'}`;
      const where = n.where;
      const empty = !where || (isGroup(where) && where.conditions.length === 0);
      if (empty) return `${who} at the company`;
      const inner = phrase(
        where,
        false,
        { schema: ctx.contactsSchema, contactsSchema: ctx.contactsSchema, path: [...ctx.path, 'where'] },
        false,
      );
      return `${who} where (${inner})`;
    }
    default:
      return `unsupported condition "${node.type}"`;
  }
}

/** Reads one node (used for row labels, e.g. a negated condition's natural reading). */
export function summarizeNode(node: Node, ctx: SchemaContext = {}, path: (string | number)[] = ['where']): string {
  return phrase(node, false, { ...ctx, path }, false);
}

export function summarize(definition: Definition, ctx: SchemaContext = {}): string {
  const noun = definition.subject === 'companies' ? 'Companies' : 'Contacts';
  const where = definition.where;
  if (isGroup(where) && where.conditions.length === 0) return `All ${noun.toLowerCase()}`;
  return `${noun} where ${phrase(where, false, { ...ctx, path: ['where'] }, false)}`;
}
