import { contactsSchema, companiesSchema } from './__fixtures__/schemas';
import { contractExample } from './__fixtures__/definitions';
import { changeField, changeOperator, convertSubject, countComplete, diagnose, familiesFor, saveCheck } from './model';
import { findField } from './schema';
import type { AttributeNode, Definition } from './types';

const ctx = { schema: contactsSchema, contactsSchema };
const def = (...conditions: unknown[]): Definition => ({ subject: 'contacts', where: { type: 'and', conditions: conditions as never } });

describe('diagnostics', () => {
  it('has none for the contract example', () => {
    expect(diagnose(contractExample, ctx)).toEqual([]);
    expect(countComplete(contractExample.where, ctx)).toBe(5);
  });

  it('names each problem with a code and a pointer at the control', () => {
    expect(
      diagnose(
        def(
          { type: 'attribute', field: 'country', operator: 'equals' },
          { type: 'attribute', field: 'score', operator: 'between', values: [5, 1] },
          { type: 'attribute', field: 'lifecycleStage', operator: 'in', values: [] },
          { type: 'attribute', field: 'nope', operator: 'equals', value: 'x' },
          { type: 'attribute', field: 'country', operator: 'gt', value: 'x' },
          { type: 'recency', of: 'activity', operator: 'withinLastDays', days: 1.5 },
          { type: 'pageView', atLeast: 0 },
          { type: 'or', conditions: [] },
          { type: 'mystery' },
        ),
        ctx,
      ),
    ).toEqual([
      { pointer: '/where/conditions/0/value', code: 'missing_value', message: 'Enter a value.' },
      { pointer: '/where/conditions/1/values', code: 'invalid_range', message: 'The lower end is above the upper end.' },
      { pointer: '/where/conditions/2/values', code: 'missing_value', message: 'Choose at least one value.' },
      { pointer: '/where/conditions/3/field', code: 'unknown_field', message: 'The field “nope” does not exist.' },
      { pointer: '/where/conditions/4/operator', code: 'operator_not_allowed', message: '“gt” cannot be used with this field.' },
      { pointer: '/where/conditions/5/days', code: 'not_positive', message: 'Enter a whole number of days, at least 1.' },
      { pointer: '/where/conditions/6/atLeast', code: 'not_positive', message: 'Enter a whole number, at least 1.' },
      { pointer: '/where/conditions/7', code: 'empty_group', message: 'This group has no conditions yet.' },
      { pointer: '/where/conditions/8', code: 'unknown_type', message: 'This condition type (“mystery”) is not supported by the builder.' },
    ]);
  });

  it('uses the contacts schema inside people', () => {
    const d: Definition = {
      subject: 'companies',
      where: { type: 'and', conditions: [{ type: 'people', atLeast: 1, where: { type: 'and', conditions: [{ type: 'attribute', field: 'lifecycleStage', operator: 'in', values: ['lead'] }] } }] },
    };
    const c = { schema: companiesSchema, contactsSchema };
    expect(diagnose(d, c)).toEqual([]);
    expect(countComplete(d.where, c)).toBe(1);
    expect(countComplete({ type: 'people', where: { type: 'and', conditions: [] } }, c)).toBe(0);
  });
});

describe('save check', () => {
  it('explains why saving is not possible', () => {
    expect(saveCheck('', contractExample, ctx)).toEqual({ ok: false, code: 'name_missing', reason: 'Give the segment a name.' });
    expect(saveCheck('A', def(), ctx)).toEqual({ ok: false, code: 'no_complete_condition', reason: 'Add at least one complete condition.' });
    expect(saveCheck('A', def({ type: 'attribute', field: 'country', operator: 'equals' }), ctx).reason).toBe('Add at least one complete condition.');
    expect(saveCheck('A', def({ type: 'pageView' }, { type: 'and', conditions: [] }), ctx)).toEqual({ ok: false, code: 'empty_group', reason: 'Remove or fill 1 empty group.' });
    expect(saveCheck('A', def({ type: 'pageView' }, { type: 'recency', of: 'activity', operator: 'never' }, { type: 'consent', channel: 'email', status: '' }, { type: 'attribute', field: 'country', operator: 'in' }), ctx)).toEqual({
      ok: false,
      code: 'incomplete_conditions',
      reason: 'Complete or remove 2 incomplete conditions.',
    });
    expect(saveCheck('A', contractExample, ctx, 1)).toEqual({ ok: false, code: 'server_errors', reason: 'Fix 1 problem shown in the builder.' });
    expect(saveCheck('A', contractExample, ctx)).toEqual({ ok: true });
  });
});

describe('operator and field changes keep the value shape valid', () => {
  const country = findField(contactsSchema, 'country');
  const base: AttributeNode = { type: 'attribute', field: 'country', operator: 'equals', value: 'DE' };

  it('single → list → single → none', () => {
    const list = changeOperator(base, 'in');
    expect(list).toEqual({ type: 'attribute', field: 'country', operator: 'in', values: ['DE'] });
    expect(changeOperator(list, 'contains')).toEqual({ type: 'attribute', field: 'country', operator: 'contains', value: 'DE' });
    expect(changeOperator(list, 'isSet')).toEqual({ type: 'attribute', field: 'country', operator: 'isSet' });
    expect(changeOperator(base, 'equals')).toBe(base);
  });

  it('days never become a date and ranges need two ends', () => {
    const days: AttributeNode = { type: 'attribute', field: 'createdAt', operator: 'withinLastDays', value: 7 };
    expect(changeOperator(days, 'before')).toEqual({ type: 'attribute', field: 'createdAt', operator: 'before' });
    expect(changeOperator(days, 'moreThanDaysAgo')).toEqual({ type: 'attribute', field: 'createdAt', operator: 'moreThanDaysAgo', value: 7 });
    expect(changeOperator({ type: 'attribute', field: 'score', operator: 'gt', value: 3 }, 'between')).toEqual({ type: 'attribute', field: 'score', operator: 'between' });
  });

  it('a new field drops the value and keeps a supported operator', () => {
    expect(changeField(base, findField(contactsSchema, 'email'), 'email')).toEqual({ type: 'attribute', field: 'email', operator: 'equals' });
    expect(changeField(base, findField(contactsSchema, 'lifecycleStage'), 'lifecycleStage')).toEqual({ type: 'attribute', field: 'lifecycleStage', operator: 'in' });
    expect(changeField(base, country, 'country')).toBe(base);
  });
});

describe('subjects', () => {
  it('offers the families of each subject', () => {
    expect(familiesFor('contacts', contactsSchema)).toEqual(['attribute', 'companyAttribute', 'recency', 'consent', 'pageView', 'formSubmit']);
    expect(familiesFor('companies', companiesSchema)).toEqual(['attribute', 'recency', 'people']);
    expect(familiesFor('contacts', { ...contactsSchema, nodeTypes: ['and', 'or', 'not', 'attribute', 'consent'] })).toEqual(['attribute', 'companyAttribute', 'consent']);
    expect(familiesFor('companies', { ...companiesSchema, recency: undefined })).toEqual(['attribute', 'people']);
  });

  it('drops conditions the other subject cannot use, and groups they leave empty', () => {
    const d = def(
      { type: 'attribute', field: 'lifecycleStage', operator: 'in', values: ['lead'] },
      { type: 'or', conditions: [{ type: 'pageView' }, { type: 'not', condition: { type: 'consent', channel: 'email', status: 'granted' } }] },
      { type: 'recency', of: 'created', operator: 'never' },
      { type: 'attribute', field: 'country', operator: 'isSet' },
    );
    expect(convertSubject(d, 'companies', companiesSchema, contactsSchema)).toEqual({
      definition: { subject: 'companies', where: { type: 'and', conditions: [{ type: 'recency', of: 'created', operator: 'never' }, { type: 'attribute', field: 'country', operator: 'isSet' }] } },
      dropped: ['/where/conditions/0', '/where/conditions/1/conditions/0', '/where/conditions/1/conditions/1/condition'],
    });
    expect(convertSubject(d, 'contacts').definition).toBe(d);
  });
});
