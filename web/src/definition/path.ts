/**
 * Path-addressed, structurally shared immutable updates on plain JSON, and
 * RFC 6901 JSON pointers (the form the API uses for `ignored` and validation errors).
 *
 * Every update copies only the objects and arrays on the path; everything else is
 * shared with the previous version, so React can compare by identity.
 */
import type { Path } from './types';

export class PathError extends Error {
  constructor(
    readonly code: 'path_not_found' | 'not_an_array' | 'index_out_of_range',
    readonly path: Path,
  ) {
    super(`${code} at ${toPointer(path)}`);
    this.name = 'PathError';
  }
}

export function toPointer(path: Path): string {
  return path.map((s) => '/' + String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

/** Parses a JSON pointer; numeric segments become numbers (array indexes). */
export function fromPointer(pointer: string): (string | number)[] {
  if (pointer === '' || pointer === '/') return pointer === '' ? [] : [''];
  if (!pointer.startsWith('/')) throw new Error(`not a JSON pointer: ${pointer}`);
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^(0|[1-9][0-9]*)$/.test(s) ? Number(s) : s));
}

export function pathEquals(a: Path, b: Path): boolean {
  return a.length === b.length && a.every((s, i) => String(s) === String(b[i]));
}

export function isPrefix(prefix: Path, path: Path): boolean {
  return prefix.length <= path.length && prefix.every((s, i) => String(s) === String(path[i]));
}

export function getAt(root: unknown, path: Path): unknown {
  let cur: unknown = root;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[seg];
  }
  return cur;
}

function copyContainer(c: unknown, path: Path): Record<string | number, unknown> {
  if (Array.isArray(c)) return c.slice() as unknown as Record<number, unknown>;
  if (c !== null && typeof c === 'object') return { ...(c as Record<string, unknown>) };
  throw new PathError('path_not_found', path);
}

/** Replaces the value at `path` with `fn(old)`. Returns `root` itself when nothing changes. */
export function updateAt<T>(root: T, path: Path, fn: (old: unknown) => unknown): T {
  if (path.length === 0) return fn(root) as T;
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  const container = root as unknown as Record<string | number, unknown>;
  if (container === null || typeof container !== 'object') throw new PathError('path_not_found', path);
  const old = container[head];
  const next = updateAt(old, rest, fn);
  if (Object.is(old, next)) return root;
  const copy = copyContainer(container, path);
  copy[head] = next;
  return copy as unknown as T;
}

export function setAt<T>(root: T, path: Path, value: unknown): T {
  return updateAt(root, path, () => value);
}

/** Merges `patch` into the object at `path`; keys whose patch value is `undefined` are removed. */
export function patchAt<T>(root: T, path: Path, patch: Record<string, unknown>): T {
  return updateAt(root, path, (old) => {
    const next: Record<string, unknown> = { ...(old as Record<string, unknown>) };
    let changed = false;
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined) {
        if (k in next) {
          delete next[k];
          changed = true;
        }
      } else if (!Object.is(next[k], v)) {
        next[k] = v;
        changed = true;
      }
    }
    return changed ? next : old;
  });
}

function arrayAt(root: unknown, path: Path): unknown[] {
  const arr = getAt(root, path);
  if (!Array.isArray(arr)) throw new PathError('not_an_array', path);
  return arr;
}

/** Inserts `value` at index `index` of the array at `arrayPath` (index = length appends). */
export function insertAt<T>(root: T, arrayPath: Path, index: number, value: unknown): T {
  const arr = arrayAt(root, arrayPath);
  if (index < 0 || index > arr.length) throw new PathError('index_out_of_range', [...arrayPath, index]);
  return setAt(root, arrayPath, [...arr.slice(0, index), value, ...arr.slice(index)]);
}

/** Removes the array element addressed by `path` (its last segment is the index). */
export function removeAt<T>(root: T, path: Path): T {
  const arrayPath = path.slice(0, -1);
  const index = Number(path[path.length - 1]);
  const arr = arrayAt(root, arrayPath);
  if (!(index >= 0 && index < arr.length)) throw new PathError('index_out_of_range', path);
  return setAt(root, arrayPath, [...arr.slice(0, index), ...arr.slice(index + 1)]);
}

/** Moves element `from` to position `to` within the array at `arrayPath`. */
export function moveWithin<T>(root: T, arrayPath: Path, from: number, to: number): T {
  const arr = arrayAt(root, arrayPath);
  if (!(from >= 0 && from < arr.length)) throw new PathError('index_out_of_range', [...arrayPath, from]);
  if (!(to >= 0 && to < arr.length)) throw new PathError('index_out_of_range', [...arrayPath, to]);
  if (from === to) return root;
  const copy = arr.slice();
  const [item] = copy.splice(from, 1);
  copy.splice(to, 0, item);
  return setAt(root, arrayPath, copy);
}

/**
 * A function telling where the node that lived at an old path lives after an edit
 * (`null`: it was removed). Used to carry UI-only side data (React keys, open states)
 * across structural edits without ever storing it in the definition.
 */
export type PathRemap = (path: Path) => Path | null;

export const identityRemap: PathRemap = (p) => p;

/** Remap after removing `removed` (an array element). */
export function remapRemove(removed: Path): PathRemap {
  const arrayPath = removed.slice(0, -1);
  const index = Number(removed[removed.length - 1]);
  return (p) => {
    if (isPrefix(removed, p)) return null;
    if (isPrefix(arrayPath, p) && p.length > arrayPath.length) {
      const i = Number(p[arrayPath.length]);
      if (i > index) return [...arrayPath, i - 1, ...p.slice(arrayPath.length + 1)];
    }
    return p;
  };
}

/** Remap after inserting a new element at `inserted`. */
export function remapInsert(inserted: Path): PathRemap {
  const arrayPath = inserted.slice(0, -1);
  const index = Number(inserted[inserted.length - 1]);
  return (p) => {
    if (isPrefix(arrayPath, p) && p.length > arrayPath.length) {
      const i = Number(p[arrayPath.length]);
      if (i >= index) return [...arrayPath, i + 1, ...p.slice(arrayPath.length + 1)];
    }
    return p;
  };
}

/** Remap after moving element `from` to `to` in the array at `arrayPath`. */
export function remapMove(arrayPath: Path, from: number, to: number): PathRemap {
  return (p) => {
    if (!(isPrefix(arrayPath, p) && p.length > arrayPath.length)) return p;
    const i = Number(p[arrayPath.length]);
    let j = i;
    if (i === from) j = to;
    else if (from < to && i > from && i <= to) j = i - 1;
    else if (from > to && i >= to && i < from) j = i + 1;
    return j === i ? p : [...arrayPath, j, ...p.slice(arrayPath.length + 1)];
  };
}

/**
 * Remap after the node at `at` was wrapped, its content moving under `at + suffix`
 * (e.g. into a `not`). The wrapper keeps the position's side data (so a row keeps its
 * React key when NOT is toggled); the wrapped node itself starts fresh.
 */
export function remapWrap(at: Path, suffix: Path): PathRemap {
  return (p) => (isPrefix(at, p) && p.length > at.length ? [...at, ...suffix, ...p.slice(at.length)] : p);
}

/**
 * Remap after the node at `at + suffix` replaced its wrapper at `at` (e.g. a `not` removed).
 * The position keeps its side data; the unwrapped node's own entry is dropped.
 */
export function remapUnwrap(at: Path, suffix: Path): PathRemap {
  const inner = [...at, ...suffix];
  return (p) => {
    if (isPrefix(inner, p)) return p.length === inner.length ? null : [...at, ...p.slice(inner.length)];
    if (isPrefix(at, p) && p.length > at.length) return null; // other parts of the wrapper
    return p;
  };
}

export function composeRemaps(...remaps: PathRemap[]): PathRemap {
  return (p) => {
    let cur: Path | null = p;
    for (const r of remaps) {
      if (cur === null) return null;
      cur = r(cur);
    }
    return cur;
  };
}
