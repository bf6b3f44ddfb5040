import fc from 'fast-check';
import { contactsSchema, companiesSchema } from './__fixtures__/schemas';
import { contractExample, oneOfEach } from './__fixtures__/definitions';
import { createEditorState, editorReducer, nodePaths, type EditorAction, type EditorState } from './editor';
import { getAt, toPointer } from './path';
import { isNot, type Definition, type Node } from './types';

const SEED = 424242;
const reduce = (s: EditorState, ...actions: EditorAction[]) => actions.reduce(editorReducer, s);
const json = (d: unknown) => JSON.stringify(d);

describe('builder state ↔ definition JSON round trip', () => {
  for (const [name, def] of Object.entries({ contractExample, ...oneOfEach })) {
    it(`is lossless for ${name}`, () => {
      const wire = json(def);
      const state = createEditorState(JSON.parse(wire) as Definition);
      // The builder state *is* the definition: same JSON, same key order, no UI ids inside.
      expect(json(state.definition)).toBe(wire);
      expect(wire).not.toMatch(/"k\d+"/);
      expect(Object.keys(state.keys)).toEqual(nodePaths(state.definition).map(toPointer));
    });
  }

  it('keeps unknown fields when a known node is edited', () => {
    const s = reduce(createEditorState(oneOfEach.extrasAndUnknown!), {
      type: 'patch',
      path: ['where', 'conditions', 0],
      patch: { value: 'x' },
    });
    expect(s.definition).toEqual({
      subject: 'contacts',
      version: 1,
      where: {
        type: 'and',
        label: 'kept',
        conditions: [
          { type: 'attribute', field: 'email', operator: 'endsWith', value: 'x', note: { x: [1, null] } },
          { type: 'futureThing', payload: { a: 1 } },
        ],
      },
    });
  });

  it('NOT toggled twice and a move undone restore the exact JSON', () => {
    const s0 = createEditorState(contractExample);
    const s1 = reduce(
      s0,
      { type: 'toggleNot', path: ['where', 'conditions', 1] },
      { type: 'toggleNot', path: ['where', 'conditions', 1] },
      { type: 'move', path: ['where', 'conditions', 0], delta: 1 },
      { type: 'move', path: ['where', 'conditions', 1], delta: -1 },
    );
    expect(json(s1.definition)).toBe(json(contractExample));
    expect(s1.keys).toEqual(s0.keys);
  });
});

describe('editor actions', () => {
  const start = createEditorState({ subject: 'contacts', where: { type: 'and', conditions: [] } });

  it('adds conditions of each family with the schema defaults and no value', () => {
    const s = reduce(
      start,
      { type: 'addCondition', group: ['where'], family: 'attribute', schema: contactsSchema },
      { type: 'addCondition', group: ['where'], family: 'companyAttribute', schema: contactsSchema },
      { type: 'addCondition', group: ['where'], family: 'recency', schema: contactsSchema },
      { type: 'addCondition', group: ['where'], family: 'consent', schema: contactsSchema },
      { type: 'addCondition', group: ['where'], family: 'pageView', schema: contactsSchema },
      { type: 'addCondition', group: ['where'], family: 'formSubmit', schema: contactsSchema },
      { type: 'addGroup', group: ['where'] },
    );
    expect(s.definition.where).toEqual({
      type: 'and',
      conditions: [
        { type: 'attribute', field: 'country', operator: 'equals' },
        { type: 'attribute', field: 'company.industry', operator: 'equals' },
        { type: 'recency', of: 'activity', operator: 'withinLastDays' },
        { type: 'consent', channel: 'email', status: 'granted' },
        { type: 'pageView' },
        { type: 'formSubmit' },
        { type: 'and', conditions: [] },
      ],
    });
    expect(s.keys).toEqual({
      '/where': 'k1',
      '/where/conditions/0': 'k2',
      '/where/conditions/1': 'k3',
      '/where/conditions/2': 'k4',
      '/where/conditions/3': 'k5',
      '/where/conditions/4': 'k6',
      '/where/conditions/5': 'k7',
      '/where/conditions/6': 'k8',
    });
  });

  it('adds a people node with a nested group for companies', () => {
    const s = reduce(
      createEditorState({ subject: 'companies', where: { type: 'and', conditions: [] } }),
      { type: 'addCondition', group: ['where'], family: 'people', schema: companiesSchema },
      { type: 'addCondition', group: ['where', 'conditions', 0, 'where'], family: 'pageView', schema: contactsSchema },
    );
    expect(s.definition.where).toEqual({
      type: 'and',
      conditions: [{ type: 'people', atLeast: 1, where: { type: 'and', conditions: [{ type: 'pageView' }] } }],
    });
  });

  it('keys follow nodes through moves, removals and NOT wrapping', () => {
    const s0 = createEditorState(contractExample);
    const k = (s: EditorState, p: string) => s.keys[p];
    const consentKey = k(s0, '/where/conditions/2');
    const orKey = k(s0, '/where/conditions/3');
    const s1 = reduce(s0, { type: 'move', path: ['where', 'conditions', 2], delta: -1 });
    expect(k(s1, '/where/conditions/1')).toBe(consentKey);
    const s2 = reduce(s1, { type: 'remove', path: ['where', 'conditions', 0] });
    expect(k(s2, '/where/conditions/0')).toBe(consentKey);
    expect(k(s2, '/where/conditions/2')).toBe(orKey);
    const s3 = reduce(s2, { type: 'toggleNot', path: ['where', 'conditions', 0] });
    // The row keeps its key when NOT is toggled (no remount, focus stays on the switch).
    expect(k(s3, '/where/conditions/0')).toBe(consentKey);
    expect(k(s3, '/where/conditions/0/condition')).toBe('k9');
    expect(s3.definition.where).toMatchObject({
      conditions: [{ type: 'not', condition: { type: 'consent', channel: 'email', status: 'granted' } }, { type: 'pageView' }, { type: 'or' }],
    });
  });

  it('moves are bounded and removing the root clears it', () => {
    const s0 = createEditorState(contractExample);
    expect(reduce(s0, { type: 'move', path: ['where', 'conditions', 0], delta: -1 })).toBe(s0);
    expect(reduce(s0, { type: 'move', path: ['where', 'conditions', 3], delta: 1 })).toBe(s0);
    expect(reduce(s0, { type: 'remove', path: ['where'] }).definition.where).toEqual({ type: 'and', conditions: [] });
  });

  it('switches AND/OR per group and wraps a lone condition in a group', () => {
    const s = reduce(createEditorState(oneOfEach.consent!), { type: 'wrapInGroup', path: ['where'] }, { type: 'setGroupType', path: ['where'], groupType: 'or' });
    expect(s.definition.where).toEqual({ type: 'or', conditions: [{ type: 'consent', channel: 'email', status: 'unknown' }] });
  });

  it('switching subject drops what the other subject cannot use', () => {
    const s = reduce(createEditorState(contractExample), {
      type: 'setSubject',
      subject: 'companies',
      schema: companiesSchema,
      sourceSchema: contactsSchema,
    });
    expect(s.definition).toEqual({ subject: 'companies', where: { type: 'and', conditions: [{ type: 'attribute', field: 'country', operator: 'equals', value: 'DE' }] } });
  });
});

// Random definitions for property tests.
const leaf: fc.Arbitrary<Node> = fc.oneof(
  fc.record({ type: fc.constant('attribute'), field: fc.constantFrom('country', 'score'), operator: fc.constantFrom('equals', 'isSet'), value: fc.oneof(fc.string(), fc.integer()) }),
  fc.record({ type: fc.constant('consent'), channel: fc.constantFrom('email', 'sms'), status: fc.constantFrom('granted', 'denied') }),
  fc.record({ type: fc.constant('pageView'), urlContains: fc.string(), atLeast: fc.integer({ min: 1, max: 9 }) }, { requiredKeys: ['type'] }),
  fc.record({ type: fc.constant('recency'), of: fc.constant('activity'), operator: fc.constant('never') }),
);
const { node: arbNode } = fc.letrec<{ node: Node; group: Node; not: Node }>((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('group'), tie('not')),
  group: fc.record({ type: fc.constantFrom('and', 'or'), conditions: fc.array(tie('node'), { maxLength: 4 }) }),
  not: fc.record({ type: fc.constant('not'), condition: tie('node') }),
}));
const arbDefinition = fc.record({ subject: fc.constant('contacts' as const), where: fc.record({ type: fc.constantFrom('and' as const, 'or' as const), conditions: fc.array(arbNode, { maxLength: 5 }) }) });

describe('properties (fixed seed)', () => {
  it('any definition round-trips through the wire and the editor unchanged', () => {
    fc.assert(
      fc.property(arbDefinition, (def) => {
        const wire = JSON.stringify(def);
        expect(JSON.stringify(createEditorState(JSON.parse(wire)).definition)).toBe(wire);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('after any sequence of actions every node has one distinct key and the JSON holds no key', () => {
    const arbAction = fc.record({ kind: fc.constantFrom('move', 'remove', 'not', 'add', 'group'), pick: fc.nat(), delta: fc.constantFrom(-1 as const, 1 as const) });
    fc.assert(
      fc.property(arbDefinition, fc.array(arbAction, { maxLength: 12 }), (def, actions) => {
        let s = createEditorState(def);
        for (const a of actions) {
          const paths = nodePaths(s.definition);
          const p = paths[a.pick % paths.length]!;
          const inArray = p[p.length - 2] === 'conditions';
          const groups = paths.filter((q) => {
            const t = (q.reduce<unknown>((n, seg) => (n as Record<string | number, unknown>)[seg], s.definition) as { type: string }).type;
            return t === 'and' || t === 'or';
          });
          if (a.kind === 'move' && inArray) s = editorReducer(s, { type: 'move', path: p, delta: a.delta });
          if (a.kind === 'remove' && inArray) s = editorReducer(s, { type: 'remove', path: p });
          if (a.kind === 'not') s = editorReducer(s, { type: 'toggleNot', path: p });
          if (a.kind === 'add' && groups.length) s = editorReducer(s, { type: 'addCondition', group: groups[a.pick % groups.length]!, family: 'pageView' });
          if (a.kind === 'group' && groups.length) s = editorReducer(s, { type: 'addGroup', group: groups[a.pick % groups.length]! });
          const pointers = nodePaths(s.definition).map(toPointer);
          expect(Object.keys(s.keys).sort()).toEqual([...pointers].sort());
          expect(new Set(Object.values(s.keys)).size).toBe(pointers.length);
        }
        expect(JSON.stringify(s.definition)).not.toMatch(/"k\d+"/);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('toggling NOT twice anywhere is the identity', () => {
    fc.assert(
      fc.property(arbDefinition, fc.nat(), (def, pick) => {
        const s0 = createEditorState(def);
        const paths = nodePaths(def);
        const p = paths[pick % paths.length]!;
        const n = getAt(def, p) as Node;
        // not(not(x)): the first toggle removes one NOT, the second removes the other.
        fc.pre(!(isNot(n) && isNot(n.condition)));
        const s2 = reduce(s0, { type: 'toggleNot', path: p }, { type: 'toggleNot', path: p });
        expect(s2.definition).toEqual(def);
        const ptr = toPointer(p);
        expect(s2.keys[ptr]).toBe(s0.keys[ptr]);
        // Only the node directly inside a toggled `not` may get a fresh key.
        const changed = Object.keys(s0.keys).filter((q) => s2.keys[q] !== s0.keys[q]);
        const wasNot = (getAt(def, p) as Node).type === 'not';
        expect(changed).toEqual(wasNot ? [ptr + '/condition'] : []);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});
