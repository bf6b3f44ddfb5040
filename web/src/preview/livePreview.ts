/**
 * The live count, outside React: debounces edits, aborts the superseded request and
 * never lets an older answer overwrite a newer one. While a new count loads, the previous
 * one stays (the view dims it).
 */
import { ApiError, definitionErrors, isAbortError, type FieldError, type PreviewResult } from '../api/client';
import type { Definition } from '../definition/types';

/** Quiet time after the last edit before asking the service; the contract wants 300–400 ms. */
export const PREVIEW_DEBOUNCE_MS = 350;

export type PreviewFetcher = (definition: Definition, signal: AbortSignal) => Promise<PreviewResult>;

export interface PreviewState {
  /** The last successful answer, kept while a newer one loads or after an error. */
  result: PreviewResult | null;
  /** An edit is waiting for the debounce or its request is in flight. */
  pending: boolean;
  /** The answer to `result` is for an older definition than the one being edited. */
  stale: boolean;
  /** The last request failed (not aborted). */
  error: ApiError | null;
  /** Validation errors of the current definition, pointers relative to the definition. */
  fieldErrors: FieldError[];
  /** Sequence number of the request whose answer is shown (for tests and diagnostics). */
  shownSeq: number;
}

export const initialPreviewState: PreviewState = {
  result: null,
  pending: false,
  stale: false,
  error: null,
  fieldErrors: [],
  shownSeq: 0,
};

export interface Scheduler {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const defaultScheduler: Scheduler = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>),
};

export class LivePreview {
  private state: PreviewState = initialPreviewState;
  private listeners = new Set<() => void>();
  private timer: unknown = null;
  private inFlight: AbortController | null = null;
  private seq = 0;
  private lastKey: string | null = null;
  private disposed = false;

  constructor(
    private readonly fetcher: PreviewFetcher,
    private readonly debounceMs = PREVIEW_DEBOUNCE_MS,
    private readonly scheduler: Scheduler = defaultScheduler,
  ) {}

  getState = (): PreviewState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private set(patch: Partial<PreviewState>) {
    this.state = { ...this.state, ...patch };
    this.listeners.forEach((l) => l());
  }

  /** Called on every edit; the request goes out `debounceMs` after the last call. */
  update(definition: Definition, { immediate = false } = {}): void {
    if (this.disposed) return;
    const key = JSON.stringify(definition);
    if (key === this.lastKey && (this.state.pending || this.state.result || this.state.error)) return;
    this.lastKey = key;
    if (this.timer !== null) this.scheduler.clearTimeout(this.timer);
    this.timer = null;
    // The answer in flight is for a definition that no longer exists: drop it now.
    this.inFlight?.abort();
    this.inFlight = null;
    this.set({ pending: true, stale: this.state.result !== null });
    if (immediate) this.fire(definition);
    else this.timer = this.scheduler.setTimeout(() => this.fire(definition), this.debounceMs);
  }

  /** Asks again for the current definition (after a retry click). */
  refresh(definition: Definition): void {
    this.lastKey = null;
    this.update(definition, { immediate: true });
  }

  private fire(definition: Definition) {
    this.timer = null;
    this.inFlight?.abort();
    const controller = new AbortController();
    this.inFlight = controller;
    const seq = ++this.seq;
    this.fetcher(definition, controller.signal).then(
      (result) => {
        if (seq !== this.seq || controller.signal.aborted || this.disposed) return; // superseded
        this.inFlight = null;
        this.set({ result, pending: false, stale: false, error: null, fieldErrors: [], shownSeq: seq });
      },
      (e: unknown) => {
        if (seq !== this.seq || isAbortError(e) || controller.signal.aborted || this.disposed) return;
        this.inFlight = null;
        const error = e instanceof ApiError ? e : new ApiError(0, { title: 'Counting failed', detail: String(e) });
        this.set({ pending: false, error, fieldErrors: definitionErrors(error), shownSeq: seq });
      },
    );
  }

  /** Stops any pending work; a later `update` starts afresh (React effects may re-run). */
  cancel(): void {
    if (this.timer !== null) this.scheduler.clearTimeout(this.timer);
    this.timer = null;
    this.inFlight?.abort();
    this.inFlight = null;
    this.lastKey = null;
    this.seq++;
    if (this.state.pending) this.set({ pending: false });
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer !== null) this.scheduler.clearTimeout(this.timer);
    this.inFlight?.abort();
    this.listeners.clear();
  }
}
