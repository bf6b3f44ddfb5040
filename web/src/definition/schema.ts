/** The answer of `GET /api/schema/{subject}` and what the builder derives from it. */
import type { Subject } from './types';

export type FieldType = 'text' | 'number' | 'date' | 'timestamp' | 'boolean' | 'enum';

export interface SchemaField {
  name: string;
  label: string;
  type: FieldType;
  operators: string[];
  options?: string[];
}

export interface FormInfo {
  id: string;
  name: string;
}

export interface Schema {
  subject: Subject;
  fields: SchemaField[];
  forms?: FormInfo[];
  consentChannels?: string[];
  consentStatuses?: string[];
  recency?: { of: string[]; operators: string[] };
  /** Node types the subject accepts (e.g. `people` only for companies). */
  nodeTypes?: string[];
}

/** Operators by field type, from the contract; used when the schema lists none. */
export const OPERATORS_BY_TYPE: Record<FieldType, readonly string[]> = {
  text: ['equals', 'notEquals', 'contains', 'notContains', 'startsWith', 'endsWith', 'in', 'notIn', 'isSet', 'isNotSet'],
  number: ['equals', 'notEquals', 'gt', 'gte', 'lt', 'lte', 'between', 'isSet', 'isNotSet'],
  date: ['before', 'after', 'on', 'between', 'withinLastDays', 'moreThanDaysAgo', 'isSet', 'isNotSet'],
  timestamp: ['before', 'after', 'on', 'between', 'withinLastDays', 'moreThanDaysAgo', 'isSet', 'isNotSet'],
  boolean: ['equals', 'isSet', 'isNotSet'],
  enum: ['in', 'notIn', 'isSet', 'isNotSet'],
};

export const RECENCY_OF = ['activity', 'pageView', 'formSubmit', 'created'] as const;
export const RECENCY_OPERATORS = ['withinLastDays', 'moreThanDaysAgo', 'never'] as const;
export const CONSENT_STATUSES = ['granted', 'denied', 'unknown'] as const;

/** How the value of an attribute condition is shaped for an operator. */
export type ValueShape = 'none' | 'single' | 'pair' | 'list' | 'days';

export function valueShape(operator: string): ValueShape {
  switch (operator) {
    case 'isSet':
    case 'isNotSet':
      return 'none';
    case 'between':
      return 'pair';
    case 'in':
    case 'notIn':
      return 'list';
    case 'withinLastDays':
    case 'moreThanDaysAgo':
      return 'days';
    default:
      return 'single';
  }
}

export function operatorsFor(field: SchemaField | undefined): readonly string[] {
  if (!field) return [];
  return field.operators?.length ? field.operators : OPERATORS_BY_TYPE[field.type] ?? [];
}

export function findField(schema: Schema | undefined, name: string): SchemaField | undefined {
  return schema?.fields.find((f) => f.name === name);
}

export const COMPANY_PREFIX = 'company.';

export function isCompanyField(name: string): boolean {
  return name.startsWith(COMPANY_PREFIX);
}

/** Turns a field name into a readable label when the schema does not know it. */
export function humanize(name: string): string {
  const base = name.replace(/^company\./, '');
  const words = base
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase()
    .trim();
  const label = words.charAt(0).toUpperCase() + words.slice(1);
  return isCompanyField(name) ? `Company ${label.charAt(0).toLowerCase()}${label.slice(1)}` : label;
}
