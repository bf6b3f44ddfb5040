import { act, fireEvent, screen, within } from '@testing-library/react';
import { useReducer } from 'react';
import type { FieldError } from '../../api/client';
import { contractExample } from '../../definition/__fixtures__/definitions';
import { companiesSchema, contactsSchema } from '../../definition/__fixtures__/schemas';
import { createEditorState, editorReducer } from '../../definition/editor';
import type { Definition } from '../../definition/types';
import { renderUi } from '../../test/render';
import { ConditionBuilder } from './ConditionBuilder';

let latest: Definition | null = null;

function Harness({ initial, serverErrors, ignored }: { initial: Definition; serverErrors?: FieldError[]; ignored?: string[] }) {
  const [state, dispatch] = useReducer(editorReducer, initial, createEditorState);
  latest = state.definition;
  const schema = initial.subject === 'companies' ? companiesSchema : contactsSchema;
  return <ConditionBuilder state={state} dispatch={dispatch} schema={schema} contactsSchema={contactsSchema} serverErrors={serverErrors} ignored={ignored} />;
}

const rows = () => screen.getAllByRole('group', { name: /^Condition: / });

describe('ConditionBuilder', () => {
  it('renders the saved definition as it is, NOT read naturally', () => {
    renderUi(<Harness initial={contractExample} />);
    expect(rows().map((r) => r.getAttribute('aria-label'))).toEqual([
      'Condition: attribute 1 of 4',
      'Condition: page view 2 of 4',
      'Condition: consent 3 of 4',
      'Condition: group 4 of 4',
      'Condition: form submit 1 of 2',
      'Condition: recency 2 of 2',
    ]);
    expect(screen.getAllByTestId('row-reading').map((e) => e.textContent)).toEqual([
      'Country is "DE"',
      'has viewed a page whose URL contains "/pricing" at least 3 times in the last 30 days',
      'email consent is granted',
      'has submitted the form "Demo request" in the last 90 days',
      'last activity was not within the last 14 days',
    ]);
    expect((screen.getByRole('switch', { name: 'Negate recency 2 of 2' }) as HTMLInputElement).checked).toBe(true);
    expect(latest).toBe(contractExample);
  });

  it('edits values in place, keeping the JSON exact', () => {
    renderUi(<Harness initial={contractExample} />);
    const url = within(rows()[1]!).getByLabelText('URL contains') as HTMLInputElement;
    fireEvent.change(url, { target: { value: '/pricing/enterprise' } });
    expect(latest!.where).toEqual({
      ...contractExample.where,
      conditions: [
        (contractExample.where as { conditions: unknown[] }).conditions[0],
        { type: 'pageView', urlContains: '/pricing/enterprise', withinDays: 30, atLeast: 3 },
        ...(contractExample.where as { conditions: unknown[] }).conditions.slice(2),
      ],
    });
    fireEvent.change(url, { target: { value: '' } });
    expect((latest!.where as { conditions: unknown[] }).conditions[1]).toEqual({ type: 'pageView', withinDays: 30, atLeast: 3 });
  });

  it('toggles NOT, moves and removes with buttons', () => {
    renderUi(<Harness initial={contractExample} />);
    fireEvent.click(screen.getByRole('switch', { name: 'Negate consent 3 of 4' }));
    expect((latest!.where as { conditions: unknown[] }).conditions[2]).toEqual({ type: 'not', condition: { type: 'consent', channel: 'email', status: 'granted' } });
    fireEvent.click(screen.getByRole('button', { name: 'Move attribute 1 of 4 down' }));
    expect((latest!.where as { conditions: { type: string }[] }).conditions.map((c) => c.type)).toEqual(['pageView', 'attribute', 'not', 'or']);
    expect((screen.getByRole('button', { name: 'Move page view 1 of 4 up' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Remove group 4 of 4' }));
    expect((latest!.where as { conditions: { type: string }[] }).conditions.map((c) => c.type)).toEqual(['pageView', 'attribute', 'not']);
  });

  it('adds a condition of a family from the menu', async () => {
    renderUi(<Harness initial={{ subject: 'contacts', where: { type: 'and', conditions: [] } }} />);
    expect(screen.getByText('No conditions yet: every contact matches. Add a condition to narrow it down.')).toBeTruthy();
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Add condition' })));
    // Mantine renders the menu in a portal; in happy-dom its transition leaves it "hidden".
    const item = await screen.findByRole('menuitem', { name: 'Consent', hidden: true });
    await act(async () => fireEvent.click(item));
    expect(latest!.where).toEqual({ type: 'and', conditions: [{ type: 'consent', channel: 'email', status: 'granted' }] });
    fireEvent.click(screen.getByRole('button', { name: 'Add group' }));
    expect(latest!.where).toEqual({ type: 'and', conditions: [{ type: 'consent', channel: 'email', status: 'granted' }, { type: 'and', conditions: [] }] });
  });

  it('shows a server validation error at the control its pointer names', () => {
    const serverErrors = [{ pointer: '/where/conditions/0/value', code: 'wrong_value_type', message: 'Expected one of the known countries.' }];
    renderUi(<Harness initial={contractExample} serverErrors={serverErrors} />);
    const value = within(rows()[0]!).getByLabelText('Value') as HTMLInputElement;
    expect(value.getAttribute('aria-invalid')).toBe('true');
    const describedBy = value.getAttribute('aria-describedby') ?? '';
    const texts = describedBy.split(' ').map((id) => document.getElementById(id)?.textContent);
    expect(texts).toContain('Expected one of the known countries.');
    expect(within(rows()[1]!).getByLabelText('URL contains').getAttribute('aria-invalid')).not.toBe('true');
  });

  it('marks incomplete and ignored conditions as skipped', () => {
    const def: Definition = {
      subject: 'contacts',
      where: { type: 'and', conditions: [{ type: 'attribute', field: 'country', operator: 'equals' }, { type: 'pageView' }, { type: 'formSubmit' }] },
    };
    renderUi(<Harness initial={def} ignored={['/where/conditions/2']} />);
    const badges = rows().map((r) => within(r).queryByTestId('skipped-badge')?.textContent ?? null);
    expect(badges).toEqual(['Incomplete: skipped in the count', null, 'Incomplete: skipped in the count']);
    expect(within(rows()[0]!).getByText('Enter a value.')).toBeTruthy();
  });

  it('nests a contacts builder inside people at the company', () => {
    const def: Definition = {
      subject: 'companies',
      where: { type: 'and', conditions: [{ type: 'people', atLeast: 2, where: { type: 'and', conditions: [{ type: 'pageView', urlContains: '/pricing' }] } }] },
    };
    renderUi(<Harness initial={def} />);
    expect((screen.getByLabelText('At least this many people at the company') as HTMLInputElement).value).toBe('2');
    expect(screen.getByRole('button', { name: 'Add condition about the people' })).toBeTruthy();
    fireEvent.change(screen.getByLabelText('URL contains'), { target: { value: '/docs' } });
    expect(latest!.where).toEqual({ type: 'and', conditions: [{ type: 'people', atLeast: 2, where: { type: 'and', conditions: [{ type: 'pageView', urlContains: '/docs' }] } }] });
  });
});
