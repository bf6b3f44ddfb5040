import { contactsSchema, companiesSchema } from './__fixtures__/schemas';
import { contractExample } from './__fixtures__/definitions';
import { summarize, summarizeNode } from './summary';
import type { Node } from './types';

const ctx = { schema: contactsSchema, contactsSchema };
const read = (node: Node) => summarizeNode(node, ctx);
const not = (condition: Node): Node => ({ type: 'not', condition });

describe('plain-English summary', () => {
  it('reads the contract example', () => {
    expect(summarize(contractExample, ctx)).toBe(
      'Contacts where Country is "DE" and has viewed a page whose URL contains "/pricing" at least 3 times in the last 30 days' +
        ' and email consent is granted and (has submitted the form "Demo request" in the last 90 days' +
        ' or last activity was not within the last 14 days)',
    );
  });

  it('reads an empty definition as the whole universe', () => {
    expect(summarize({ subject: 'contacts', where: { type: 'and', conditions: [] } })).toBe('All contacts');
    expect(summarize({ subject: 'companies', where: { type: 'or', conditions: [] } })).toBe('All companies');
  });

  it.each<[string, Node, string, string]>([
    ['text equals', { type: 'attribute', field: 'country', operator: 'equals', value: 'DE' }, 'Country is "DE"', 'Country is not "DE"'],
    ['text notEquals', { type: 'attribute', field: 'country', operator: 'notEquals', value: 'DE' }, 'Country is not "DE"', 'Country is "DE"'],
    ['contains', { type: 'attribute', field: 'email', operator: 'contains', value: '@acme' }, 'Email contains "@acme"', 'Email does not contain "@acme"'],
    ['startsWith', { type: 'attribute', field: 'email', operator: 'startsWith', value: 'a' }, 'Email starts with "a"', 'Email does not start with "a"'],
    ['endsWith', { type: 'attribute', field: 'email', operator: 'endsWith', value: '.de' }, 'Email ends with ".de"', 'Email does not end with ".de"'],
    ['enum in', { type: 'attribute', field: 'lifecycleStage', operator: 'in', values: ['lead', 'mql'] }, 'Lifecycle stage is any of "lead", "mql"', 'Lifecycle stage is none of "lead", "mql"'],
    ['notIn', { type: 'attribute', field: 'lifecycleStage', operator: 'notIn', values: ['customer'] }, 'Lifecycle stage is none of "customer"', 'Lifecycle stage is any of "customer"'],
    ['isSet', { type: 'attribute', field: 'country', operator: 'isSet' }, 'Country is set', 'Country is not set'],
    ['isNotSet', { type: 'attribute', field: 'country', operator: 'isNotSet' }, 'Country is not set', 'Country is set'],
    ['number gt', { type: 'attribute', field: 'score', operator: 'gt', value: 12345 }, 'Score is greater than 12,345', 'Score is not greater than 12,345'],
    ['number gte', { type: 'attribute', field: 'score', operator: 'gte', value: 5 }, 'Score is at least 5', 'Score is not at least 5'],
    ['number lt', { type: 'attribute', field: 'score', operator: 'lt', value: 5 }, 'Score is less than 5', 'Score is not less than 5'],
    ['number lte', { type: 'attribute', field: 'score', operator: 'lte', value: 5 }, 'Score is at most 5', 'Score is not at most 5'],
    ['between', { type: 'attribute', field: 'score', operator: 'between', values: [1000, 2000] }, 'Score is between 1,000 and 2,000', 'Score is not between 1,000 and 2,000'],
    ['date before', { type: 'attribute', field: 'createdAt', operator: 'before', value: '2024-01-31' }, 'Created is before 2024-01-31', 'Created is not before 2024-01-31'],
    ['date after', { type: 'attribute', field: 'createdAt', operator: 'after', value: '2024-01-31' }, 'Created is after 2024-01-31', 'Created is not after 2024-01-31'],
    ['date on', { type: 'attribute', field: 'createdAt', operator: 'on', value: '2024-01-31' }, 'Created is on 2024-01-31', 'Created is not on 2024-01-31'],
    ['withinLastDays', { type: 'attribute', field: 'createdAt', operator: 'withinLastDays', value: 1 }, 'Created is within the last 1 day', 'Created is not within the last 1 day'],
    ['moreThanDaysAgo', { type: 'attribute', field: 'createdAt', operator: 'moreThanDaysAgo', value: 90 }, 'Created is more than 90 days ago', 'Created is not more than 90 days ago'],
    ['boolean', { type: 'attribute', field: 'vip', operator: 'equals', value: true }, 'VIP is true', 'VIP is not true'],
    ['unknown field', { type: 'attribute', field: 'shoeSize', operator: 'equals', value: '42' }, 'Shoe size is "42"', 'Shoe size is not "42"'],
    ['company field', { type: 'attribute', field: 'company.industry', operator: 'equals', value: 'SaaS' }, 'Company industry is "SaaS"', 'Company industry is not "SaaS"'],
    ['recency activity within', { type: 'recency', of: 'activity', operator: 'withinLastDays', days: 14 }, 'last activity was within the last 14 days', 'last activity was not within the last 14 days'],
    ['recency page view more than', { type: 'recency', of: 'pageView', operator: 'moreThanDaysAgo', days: 30 }, 'last page view was more than 30 days ago', 'last page view was not more than 30 days ago'],
    ['recency form never', { type: 'recency', of: 'formSubmit', operator: 'never' }, 'has never submitted a form', 'has submitted a form'],
    ['recency created', { type: 'recency', of: 'created', operator: 'withinLastDays', days: 7 }, 'was created within the last 7 days', 'was not created within the last 7 days'],
    ['consent', { type: 'consent', channel: 'email', status: 'granted' }, 'email consent is granted', 'email consent is not granted'],
    ['page view, any', { type: 'pageView' }, 'has viewed any page', 'has not viewed any page'],
    ['page view, full', { type: 'pageView', urlContains: '/pricing', withinDays: 30, atLeast: 3 }, 'has viewed a page whose URL contains "/pricing" at least 3 times in the last 30 days', 'has not viewed a page whose URL contains "/pricing" at least 3 times in the last 30 days'],
    ['form submit, any', { type: 'formSubmit', withinDays: 1 }, 'has submitted any form in the last 1 day', 'has not submitted any form in the last 1 day'],
    ['form submit, named', { type: 'formSubmit', form: 'newsletter', atLeast: 2 }, 'has submitted the form "Newsletter" at least 2 times', 'has not submitted the form "Newsletter" at least 2 times'],
    ['form submit, unknown id', { type: 'formSubmit', form: 'gone' }, 'has submitted the form "gone"', 'has not submitted the form "gone"'],
    ['unknown node', { type: 'futureThing' }, 'unsupported condition "futureThing"', 'unsupported condition "futureThing"'],
  ])('%s', (_name, node, positive, negated) => {
    expect(read(node)).toBe(positive);
    expect(read(not(node))).toBe(negated);
    // Double negation cancels.
    expect(read(not(not(node)))).toBe(positive);
  });

  it('marks incomplete conditions as skipped', () => {
    expect(read({ type: 'attribute', field: 'country', operator: 'equals' })).toBe('Country is … (incomplete, skipped)');
    expect(read({ type: 'attribute', field: 'score', operator: 'between', values: [1] })).toBe('Score is between 1 and … (incomplete, skipped)');
    expect(read({ type: 'recency', of: 'activity', operator: 'withinLastDays' })).toBe('last activity was within the last … days (incomplete, skipped)');
    expect(read({ type: 'attribute', field: 'lifecycleStage', operator: 'in', values: [] })).toBe('Lifecycle stage is any of … (incomplete, skipped)');
  });

  it('parenthesizes nested groups and reads NOT on a group', () => {
    const def = {
      subject: 'contacts' as const,
      where: {
        type: 'or' as const,
        conditions: [
          { type: 'consent', channel: 'sms', status: 'granted' },
          not({ type: 'and', conditions: [{ type: 'pageView' }, { type: 'formSubmit' }] }),
          { type: 'and', conditions: [{ type: 'attribute', field: 'country', operator: 'in', values: ['DE', 'AT'] }, { type: 'or', conditions: [{ type: 'pageView', urlContains: 'a' }, { type: 'pageView', urlContains: 'b' }] }] },
          { type: 'and', conditions: [not({ type: 'consent', channel: 'email', status: 'denied' })] },
          { type: 'and', conditions: [] },
        ],
      },
    } as const;
    expect(summarize(def as never, ctx)).toBe(
      'Contacts where sms consent is granted or not (has viewed any page and has submitted any form)' +
        ' or (Country is any of "DE", "AT" and (has viewed a page whose URL contains "a" or has viewed a page whose URL contains "b"))' +
        ' or email consent is not denied or (empty group)',
    );
  });

  it('reads people at the company with the contacts schema inside', () => {
    const people: Node = {
      type: 'people',
      atLeast: 2,
      where: { type: 'and', conditions: [{ type: 'attribute', field: 'country', operator: 'equals', value: 'DE' }, not({ type: 'pageView', urlContains: '/pricing' })] },
    };
    const cctx = { schema: companiesSchema, contactsSchema };
    expect(summarize({ subject: 'companies', where: { type: 'and', conditions: [{ type: 'attribute', field: 'employeeCount', operator: 'gte', value: 1000 }, people] } }, cctx)).toBe(
      'Companies where Employees is at least 1,000 and has at least 2 people where (Country is "DE" and has not viewed a page whose URL contains "/pricing")',
    );
    expect(summarizeNode(not(people), cctx)).toBe(
      'has fewer than 2 people where (Country is "DE" and has not viewed a page whose URL contains "/pricing")',
    );
    expect(summarizeNode({ type: 'people', where: { type: 'and', conditions: [] } }, cctx)).toBe('has at least 1 person at the company');
  });
});
