/**
 * The segment definition contract (v1), exactly as stored and sent to the API.
 * The builder edits this JSON directly: there is no second model. Unknown fields on
 * known nodes and unknown node types are carried through untouched (lossless round trip).
 */

export type Subject = 'contacts' | 'companies';

export type AttributeValue = string | number | boolean;

export interface GroupNode {
  type: 'and' | 'or';
  conditions: Node[];
  [extra: string]: unknown;
}

export interface NotNode {
  type: 'not';
  condition: Node;
  [extra: string]: unknown;
}

export interface AttributeNode {
  type: 'attribute';
  field: string;
  operator: string;
  value?: AttributeValue | null;
  values?: AttributeValue[];
  [extra: string]: unknown;
}

export type RecencyOf = 'activity' | 'pageView' | 'formSubmit' | 'created';
export type RecencyOperator = 'withinLastDays' | 'moreThanDaysAgo' | 'never';

export interface RecencyNode {
  type: 'recency';
  of: string;
  operator: string;
  days?: number | null;
  [extra: string]: unknown;
}

export interface ConsentNode {
  type: 'consent';
  channel: string;
  status: string;
  [extra: string]: unknown;
}

export interface PageViewNode {
  type: 'pageView';
  urlContains?: string;
  withinDays?: number;
  atLeast?: number;
  [extra: string]: unknown;
}

export interface FormSubmitNode {
  type: 'formSubmit';
  form?: string;
  withinDays?: number;
  atLeast?: number;
  [extra: string]: unknown;
}

export interface PeopleNode {
  type: 'people';
  atLeast?: number;
  where: Node;
  [extra: string]: unknown;
}

/** A node whose type this UI does not know; shown read-only and preserved as is. */
export interface UnknownNode {
  type: string;
  [extra: string]: unknown;
}

export type KnownNode =
  | GroupNode
  | NotNode
  | AttributeNode
  | RecencyNode
  | ConsentNode
  | PageViewNode
  | FormSubmitNode
  | PeopleNode;

export type Node = KnownNode | UnknownNode;

export interface Definition {
  subject: Subject;
  where: Node;
  [extra: string]: unknown;
}

/** A path into the definition, e.g. ['where', 'conditions', 0, 'condition']. */
export type Path = readonly (string | number)[];

/** Families a marketer can add from the builder's "Add condition" menu. */
export type Family =
  | 'attribute'
  | 'companyAttribute'
  | 'recency'
  | 'consent'
  | 'pageView'
  | 'formSubmit'
  | 'people';

export const isGroup = (n: unknown): n is GroupNode =>
  isObject(n) && (n.type === 'and' || n.type === 'or') && Array.isArray(n.conditions);

export const isNot = (n: unknown): n is NotNode =>
  isObject(n) && n.type === 'not' && isObject(n.condition);

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
