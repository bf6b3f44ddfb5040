import { ApiError, type PreviewResult } from '../api/client';
import type { Definition } from '../definition/types';
import { LivePreview, PREVIEW_DEBOUNCE_MS } from './livePreview';

interface Call {
  definition: Definition;
  signal: AbortSignal;
  resolve: (r: PreviewResult) => void;
  reject: (e: unknown) => void;
}

function harness() {
  const calls: Call[] = [];
  const fetcher = (definition: Definition, signal: AbortSignal) =>
    new Promise<PreviewResult>((resolve, reject) => {
      calls.push({ definition, signal, resolve, reject });
      signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
    });
  const preview = new LivePreview(fetcher);
  return { calls, preview };
}

const def = (value: string): Definition => ({
  subject: 'contacts',
  where: { type: 'and', conditions: [{ type: 'attribute', field: 'country', operator: 'equals', value }] },
});
const result = (count: number): PreviewResult => ({ count, asOf: '2024-05-01T00:00:00Z', members: [], ignored: [] });
const flush = () => new Promise<void>((r) => queueMicrotask(r)).then(() => undefined);

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('live preview', () => {
  it('debounces within the 300–400 ms contract', () => {
    expect(PREVIEW_DEBOUNCE_MS).toBeGreaterThanOrEqual(300);
    expect(PREVIEW_DEBOUNCE_MS).toBeLessThanOrEqual(400);
  });

  it('asks once, 350 ms after the last of a burst of edits', () => {
    const { calls, preview } = harness();
    preview.update(def('D'));
    vi.advanceTimersByTime(200);
    preview.update(def('DE'));
    vi.advanceTimersByTime(349);
    expect(calls).toHaveLength(0);
    expect(preview.getState().pending).toBe(true);
    vi.advanceTimersByTime(1);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.definition).toEqual(def('DE'));
  });

  it('aborts the superseded request as soon as the definition changes', async () => {
    const { calls, preview } = harness();
    preview.update(def('A'));
    vi.advanceTimersByTime(350);
    expect(calls[0]!.signal.aborted).toBe(false);
    preview.update(def('AB'));
    expect(calls[0]!.signal.aborted).toBe(true);
    vi.advanceTimersByTime(350);
    expect(calls).toHaveLength(2);
    calls[1]!.resolve(result(7));
    await flush();
    expect(preview.getState()).toMatchObject({ result: { count: 7 }, pending: false, stale: false, shownSeq: 2 });
  });

  it('never lets an older answer overwrite a newer one, even if the server ignores the abort', async () => {
    const calls: Call[] = [];
    const preview = new LivePreview((definition, signal) => new Promise((resolve, reject) => calls.push({ definition, signal, resolve, reject })));
    preview.update(def('A'));
    vi.advanceTimersByTime(350);
    preview.update(def('B'));
    vi.advanceTimersByTime(350);
    calls[1]!.resolve(result(2));
    await flush();
    calls[0]!.resolve(result(1)); // arrives late
    await flush();
    expect(preview.getState().result?.count).toBe(2);
    expect(preview.getState().shownSeq).toBe(2);
  });

  it('keeps the previous number, marked stale, while the next one loads', async () => {
    const { calls, preview } = harness();
    preview.update(def('A'), { immediate: true });
    calls[0]!.resolve(result(12345));
    await flush();
    preview.update(def('AB'));
    expect(preview.getState()).toMatchObject({ result: { count: 12345 }, pending: true, stale: true });
  });

  it('shows errors inline with pointers relative to the definition, keeping the last count', async () => {
    const { calls, preview } = harness();
    preview.update(def('A'), { immediate: true });
    calls[0]!.resolve(result(3));
    await flush();
    preview.update(def('B'), { immediate: true });
    calls[1]!.reject(
      new ApiError(400, {
        title: 'Invalid definition',
        code: 'definition_invalid',
        errors: [{ pointer: '/definition/where/conditions/0/value', code: 'wrong_value_type', message: 'Expected a number.' }],
      }),
    );
    await flush();
    const s = preview.getState();
    expect(s.result?.count).toBe(3);
    expect(s.pending).toBe(false);
    expect(s.error?.code).toBe('definition_invalid');
    expect(s.fieldErrors).toEqual([{ pointer: '/where/conditions/0/value', code: 'wrong_value_type', message: 'Expected a number.' }]);
  });

  it('does not ask again for an unchanged definition, and dispose aborts', () => {
    const { calls, preview } = harness();
    preview.update(def('A'));
    preview.update(def('A'));
    vi.advanceTimersByTime(350);
    expect(calls).toHaveLength(1);
    preview.dispose();
    expect(calls[0]!.signal.aborted).toBe(true);
  });
});
