import type { Definition } from '../types';

/** The contract's example, verbatim. */
export const contractExample: Definition = {
  subject: 'contacts',
  where: {
    type: 'and',
    conditions: [
      { type: 'attribute', field: 'country', operator: 'equals', value: 'DE' },
      { type: 'pageView', urlContains: '/pricing', withinDays: 30, atLeast: 3 },
      { type: 'consent', channel: 'email', status: 'granted' },
      {
        type: 'or',
        conditions: [
          { type: 'formSubmit', form: 'demo-request', withinDays: 90 },
          { type: 'not', condition: { type: 'recency', of: 'activity', operator: 'withinLastDays', days: 14 } },
        ],
      },
    ],
  },
};

/** One definition per node type (and per attribute value shape). */
export const oneOfEach: Record<string, Definition> = {
  and: { subject: 'contacts', where: { type: 'and', conditions: [] } },
  or: { subject: 'contacts', where: { type: 'or', conditions: [{ type: 'consent', channel: 'sms', status: 'denied' }] } },
  not: { subject: 'contacts', where: { type: 'not', condition: { type: 'pageView' } } },
  attributeSingle: { subject: 'contacts', where: { type: 'attribute', field: 'country', operator: 'equals', value: 'DE' } },
  attributeList: { subject: 'contacts', where: { type: 'attribute', field: 'lifecycleStage', operator: 'in', values: ['lead', 'mql'] } },
  attributePair: { subject: 'contacts', where: { type: 'attribute', field: 'score', operator: 'between', values: [10, 20] } },
  attributeNone: { subject: 'contacts', where: { type: 'attribute', field: 'country', operator: 'isNotSet' } },
  attributeDays: { subject: 'contacts', where: { type: 'attribute', field: 'createdAt', operator: 'withinLastDays', value: 7 } },
  attributeBoolean: { subject: 'contacts', where: { type: 'attribute', field: 'vip', operator: 'equals', value: false } },
  recency: { subject: 'contacts', where: { type: 'recency', of: 'pageView', operator: 'never' } },
  consent: { subject: 'contacts', where: { type: 'consent', channel: 'email', status: 'unknown' } },
  pageView: { subject: 'contacts', where: { type: 'pageView', urlContains: '/caf%C3%A9?x=1', withinDays: 1, atLeast: 1 } },
  formSubmit: { subject: 'contacts', where: { type: 'formSubmit' } },
  people: {
    subject: 'companies',
    where: {
      type: 'and',
      conditions: [
        { type: 'attribute', field: 'employeeCount', operator: 'gte', value: 50 },
        {
          type: 'people',
          atLeast: 2,
          where: { type: 'or', conditions: [{ type: 'attribute', field: 'country', operator: 'equals', value: 'DE' }, { type: 'pageView', urlContains: '/pricing' }] },
        },
      ],
    },
  },
  extrasAndUnknown: {
    subject: 'contacts',
    version: 1,
    where: {
      type: 'and',
      label: 'kept',
      conditions: [
        { type: 'attribute', field: 'email', operator: 'endsWith', value: '%_\\"😀', note: { x: [1, null] } },
        { type: 'futureThing', payload: { a: 1 } },
      ],
    },
  },
};
