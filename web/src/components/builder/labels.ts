/** Words the builder shows for operators and enumerations of the contract. */

export const OPERATOR_LABELS: Record<string, string> = {
  equals: 'is',
  notEquals: 'is not',
  contains: 'contains',
  notContains: 'does not contain',
  startsWith: 'starts with',
  endsWith: 'ends with',
  in: 'is any of',
  notIn: 'is none of',
  isSet: 'is set',
  isNotSet: 'is not set',
  gt: 'is greater than',
  gte: 'is at least',
  lt: 'is less than',
  lte: 'is at most',
  between: 'is between',
  before: 'is before',
  after: 'is after',
  on: 'is on',
  withinLastDays: 'is within the last',
  moreThanDaysAgo: 'is more than … days ago',
};

export const RECENCY_OF_LABELS: Record<string, string> = {
  activity: 'Last activity',
  pageView: 'Last page view',
  formSubmit: 'Last form submission',
  created: 'Creation',
};

export const RECENCY_OPERATOR_LABELS: Record<string, string> = {
  withinLastDays: 'was within the last',
  moreThanDaysAgo: 'was more than … days ago',
  never: 'never happened',
};

export const CONSENT_STATUS_LABELS: Record<string, string> = {
  granted: 'granted',
  denied: 'denied',
  unknown: 'unknown (no record)',
};

export function label(map: Record<string, string>, key: string): string {
  return map[key] ?? key;
}
