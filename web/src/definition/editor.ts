/**
 * The builder's state: the definition JSON itself plus UI-only keys in a side table
 * keyed by JSON pointer (stable React keys across moves, inserts and removals).
 * The keys never enter the definition. Every action is a pure function of the state.
 */
import {
  composeRemaps,
  fromPointer,
  getAt,
  identityRemap,
  insertAt,
  moveWithin,
  patchAt,
  remapInsert,
  remapMove,
  remapRemove,
  remapUnwrap,
  remapWrap,
  removeAt,
  setAt,
  toPointer,
  type PathRemap,
} from './path';
import { convertSubject, emptyGroup, newCondition } from './model';
import type { Schema } from './schema';
import { isGroup, isNot, isObject, type Definition, type Family, type Node, type Path, type Subject } from './types';

export interface EditorState {
  definition: Definition;
  /** pointer → stable UI key, for every node in the definition. */
  keys: Readonly<Record<string, string>>;
  /** Next key number; keys are `k1`, `k2`, … so tests are deterministic. */
  seq: number;
}

export type EditorAction =
  | { type: 'reset'; definition: Definition }
  | { type: 'addCondition'; group: Path; family: Family; schema?: Schema }
  | { type: 'addGroup'; group: Path }
  | { type: 'insert'; group: Path; node: Node; index?: number }
  | { type: 'remove'; path: Path }
  | { type: 'move'; path: Path; delta: -1 | 1 }
  | { type: 'toggleNot'; path: Path }
  | { type: 'setGroupType'; path: Path; groupType: 'and' | 'or' }
  | { type: 'wrapInGroup'; path: Path }
  | { type: 'patch'; path: Path; patch: Record<string, unknown> }
  | { type: 'replace'; path: Path; node: Node }
  | { type: 'setSubject'; subject: Subject; schema?: Schema; sourceSchema?: Schema };

/** Every node path in the definition, parents before children. */
export function nodePaths(definition: Definition): Path[] {
  const out: Path[] = [];
  const visit = (n: unknown, p: Path) => {
    if (!isObject(n)) return;
    out.push(p);
    if (isGroup(n)) n.conditions.forEach((c, i) => visit(c, [...p, 'conditions', i]));
    else if (isNot(n)) visit(n.condition, [...p, 'condition']);
    else if (n.type === 'people') visit(n.where, [...p, 'where']);
  };
  visit(definition.where, ['where']);
  return out;
}

function withKeys(definition: Definition, oldKeys: Readonly<Record<string, string>>, seq: number, remap: PathRemap): EditorState {
  const carried = new Map<string, string>();
  for (const [pointer, key] of Object.entries(oldKeys)) {
    const to = remap(fromPointer(pointer));
    if (to) carried.set(toPointer(to), key);
  }
  const keys: Record<string, string> = {};
  for (const p of nodePaths(definition)) {
    const ptr = toPointer(p);
    keys[ptr] = carried.get(ptr) ?? `k${++seq}`;
  }
  return { definition, keys, seq };
}

export function createEditorState(definition: Definition): EditorState {
  return withKeys(definition, {}, 0, identityRemap);
}

export function keyOf(state: EditorState, path: Path): string {
  return state.keys[toPointer(path)] ?? toPointer(path);
}

function groupAt(definition: Definition, path: Path) {
  const g = getAt(definition, path);
  if (!isGroup(g)) throw new Error(`no group at ${toPointer(path)}`);
  return g;
}

export function editorReducer(state: EditorState, action: EditorAction): EditorState {
  const d = state.definition;
  const commit = (definition: Definition, remap: PathRemap = identityRemap) =>
    definition === d ? state : withKeys(definition, state.keys, state.seq, remap);

  switch (action.type) {
    case 'reset':
      return withKeys(action.definition, {}, state.seq, identityRemap);
    case 'addCondition':
      return editorReducer(state, { type: 'insert', group: action.group, node: newCondition(action.family, action.schema) });
    case 'addGroup':
      return editorReducer(state, { type: 'insert', group: action.group, node: emptyGroup() });
    case 'insert': {
      const g = groupAt(d, action.group);
      const index = action.index ?? g.conditions.length;
      const arrayPath = [...action.group, 'conditions'];
      return commit(insertAt(d, arrayPath, index, action.node), remapInsert([...arrayPath, index]));
    }
    case 'remove': {
      const p = action.path;
      if (p[p.length - 2] === 'conditions') return commit(removeAt(d, p), remapRemove(p));
      // Not an array element (a group root, a people's `where`): clear it instead.
      return commit(setAt(d, p, emptyGroup()), (q) => (q.length > p.length && toPointer(q).startsWith(toPointer(p) + '/') ? null : q));
    }
    case 'move': {
      const p = action.path;
      if (p[p.length - 2] !== 'conditions') return state;
      const arrayPath = p.slice(0, -1);
      const from = Number(p[p.length - 1]);
      const to = from + action.delta;
      const arr = getAt(d, arrayPath) as unknown[];
      if (to < 0 || to >= arr.length) return state;
      return commit(moveWithin(d, arrayPath, from, to), remapMove(arrayPath, from, to));
    }
    case 'toggleNot': {
      const node = getAt(d, action.path);
      if (isNot(node)) return commit(setAt(d, action.path, node.condition), remapUnwrap(action.path, ['condition']));
      return commit(setAt(d, action.path, { type: 'not', condition: node }), remapWrap(action.path, ['condition']));
    }
    case 'setGroupType':
      return commit(patchAt(d, action.path, { type: action.groupType }));
    case 'wrapInGroup': {
      const node = getAt(d, action.path) as Node;
      return commit(
        setAt(d, action.path, { type: 'and', conditions: [node] }),
        remapWrap(action.path, ['conditions', 0]),
      );
    }
    case 'patch':
      return commit(patchAt(d, action.path, action.patch));
    case 'replace': {
      // Children of the replaced node keep their keys only if the node keeps its shape.
      const old = getAt(d, action.path);
      const sameShape = isObject(old) && old.type === action.node.type;
      const prefix = toPointer(action.path) + '/';
      return commit(setAt(d, action.path, action.node), sameShape ? identityRemap : (q) => (toPointer(q).startsWith(prefix) ? null : q));
    }
    case 'setSubject': {
      const { definition } = convertSubject(d, action.subject, action.schema, action.sourceSchema);
      return withKeys(definition, {}, state.seq, identityRemap);
    }
  }
}

export { composeRemaps };
