import fc from 'fast-check';
import {
  fromPointer,
  getAt,
  insertAt,
  moveWithin,
  patchAt,
  PathError,
  remapInsert,
  remapMove,
  remapRemove,
  remapUnwrap,
  remapWrap,
  removeAt,
  setAt,
  toPointer,
  updateAt,
} from './path';

const SEED = 20240601;

describe('JSON pointers', () => {
  it('encodes ~ and / per RFC 6901 and parses indexes as numbers', () => {
    expect(toPointer(['where', 'conditions', 0, 'a/b~c'])).toBe('/where/conditions/0/a~1b~0c');
    expect(fromPointer('/where/conditions/0/a~1b~0c')).toEqual(['where', 'conditions', 0, 'a/b~c']);
    expect(fromPointer('')).toEqual([]);
    expect(fromPointer('/where/01')).toEqual(['where', '01']);
  });

  it('round-trips any path', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string(), fc.nat({ max: 1000 }))), (segments) => {
        const path = segments.map((s) => (typeof s === 'string' && /^(0|[1-9][0-9]*)$/.test(s) ? Number(s) : s));
        expect(fromPointer(toPointer(path))).toEqual(path);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});

describe('immutable path-addressed updates', () => {
  const doc = { a: { b: [1, { c: 2 }, 3] }, d: { e: 4 } };

  it('copies only the objects on the path and shares the rest', () => {
    const next = setAt(doc, ['a', 'b', 1, 'c'], 9);
    expect(next).toEqual({ a: { b: [1, { c: 9 }, 3] }, d: { e: 4 } });
    expect(doc.a.b[1]).toEqual({ c: 2 });
    expect(next.d).toBe(doc.d);
    expect(next.a).not.toBe(doc.a);
  });

  it('returns the same root when nothing changes', () => {
    expect(updateAt(doc, ['d', 'e'], (v) => v)).toBe(doc);
    expect(patchAt(doc, ['d'], { e: 4 })).toBe(doc);
  });

  it('patch removes keys whose value is undefined', () => {
    expect(patchAt({ n: { x: 1, y: 2 } }, ['n'], { x: undefined, z: 3 })).toEqual({ n: { y: 2, z: 3 } });
  });

  it('inserts, removes and moves array elements', () => {
    expect(insertAt(doc, ['a', 'b'], 0, 0).a.b).toEqual([0, 1, { c: 2 }, 3]);
    expect(insertAt(doc, ['a', 'b'], 3, 4).a.b).toEqual([1, { c: 2 }, 3, 4]);
    expect(removeAt(doc, ['a', 'b', 1]).a.b).toEqual([1, 3]);
    expect(moveWithin(doc, ['a', 'b'], 0, 2).a.b).toEqual([{ c: 2 }, 3, 1]);
    expect(moveWithin(doc, ['a', 'b'], 2, 0).a.b).toEqual([3, 1, { c: 2 }]);
  });

  it('reports bad paths with codes', () => {
    expect(() => removeAt(doc, ['a', 'b', 7])).toThrow(PathError);
    try {
      insertAt(doc, ['d'], 0, 1);
    } catch (e) {
      expect((e as PathError).code).toBe('not_an_array');
      expect((e as PathError).message).toBe('not_an_array at /d');
    }
  });
});

describe('path remaps follow the nodes', () => {
  // Property: after an edit, the element found at remap(oldPath) is the element that was at oldPath.
  const arb = fc.record({
    items: fc.array(fc.nat(), { minLength: 1, maxLength: 8 }),
    i: fc.nat(),
    j: fc.nat(),
  });

  it('for moves', () => {
    fc.assert(
      fc.property(arb, ({ items, i, j }) => {
        const doc = { list: items.map((v, k) => ({ id: k, v })) };
        const from = i % items.length;
        const to = j % items.length;
        const next = moveWithin(doc, ['list'], from, to);
        const remap = remapMove(['list'], from, to);
        doc.list.forEach((item, k) => expect(getAt(next, remap(['list', k, 'id'])!)).toBe(item.id));
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('for removals and insertions', () => {
    fc.assert(
      fc.property(arb, ({ items, i }) => {
        const doc = { list: items.map((v, k) => ({ id: k, v })) };
        const at = i % items.length;
        const removed = removeAt(doc, ['list', at]);
        const r = remapRemove(['list', at]);
        doc.list.forEach((item, k) => {
          const p = r(['list', k]);
          if (k === at) expect(p).toBeNull();
          else expect(getAt(removed, p!)).toBe(item);
        });
        const inserted = insertAt(doc, ['list'], at, { id: -1 });
        const ri = remapInsert(['list', at]);
        doc.list.forEach((item, k) => expect(getAt(inserted, ri(['list', k])!)).toBe(item));
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('for wrapping and unwrapping', () => {
    expect(remapWrap(['where', 'conditions', 1], ['condition'])(['where', 'conditions', 1, 'field'])).toEqual([
      'where', 'conditions', 1, 'condition', 'field',
    ]);
    expect(remapWrap(['where', 'conditions', 1], ['condition'])(['where', 'conditions', 10])).toEqual(['where', 'conditions', 10]);
    expect(remapWrap(['where', 'conditions', 1], ['condition'])(['where', 'conditions', 1])).toEqual(['where', 'conditions', 1]);
    const u = remapUnwrap(['where'], ['condition']);
    expect(u(['where', 'condition', 'conditions', 0])).toEqual(['where', 'conditions', 0]);
    expect(u(['where'])).toEqual(['where']);
    expect(u(['where', 'condition'])).toBeNull();
  });
});
