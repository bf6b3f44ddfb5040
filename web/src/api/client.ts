/**
 * The HTTP client of the UI. Every call is same-origin and authenticated by the session
 * cookie set by `POST /api/session`; a 401 anywhere (except the login call itself) hands
 * control to the registered unauthorized handler, which sends the user to the login page.
 */
import type { Definition, Subject } from '../definition/types';
import type { Schema } from '../definition/schema';

export interface FieldError {
  /** JSON pointer relative to the request body (`/definition/where/conditions/0/value`). */
  pointer: string;
  code: string;
  message: string;
}

/** An RFC 9457 problem answer, or a network failure (status 0). */
export class ApiError extends Error {
  readonly status: number;
  readonly code?: string;
  readonly title: string;
  readonly detail?: string;
  readonly errors: FieldError[];

  constructor(status: number, body: Partial<{ title: string; detail: string; code: string; errors: FieldError[] }>) {
    super(body.detail || body.title || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.title = body.title ?? `HTTP ${status}`;
    this.detail = body.detail;
    this.code = body.code;
    this.errors = Array.isArray(body.errors) ? body.errors : [];
  }
}

export function isAbortError(e: unknown): boolean {
  return e instanceof DOMException ? e.name === 'AbortError' : (e as { name?: string })?.name === 'AbortError';
}

let onUnauthorized: () => void = () => {};

/** Registers what happens when the API answers 401 (the app navigates to the login page). */
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

export type Fetch = typeof fetch;

export interface RequestOptions {
  method?: string;
  body?: unknown;
  signal?: AbortSignal;
  /** Don't treat 401 as "session expired" (the login call). */
  allowUnauthorized?: boolean;
  headers?: Record<string, string>;
  fetchImpl?: Fetch;
}

export async function request<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const f = opts.fetchImpl ?? fetch;
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json', ...opts.headers };
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  let res: Response;
  try {
    res = await f(path, {
      method: opts.method ?? 'GET',
      credentials: 'same-origin',
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      signal: opts.signal,
    });
  } catch (e) {
    if (isAbortError(e)) throw e;
    throw new ApiError(0, { title: 'The service cannot be reached', detail: 'Check your connection and try again.' });
  }
  if (res.status === 401 && !opts.allowUnauthorized) onUnauthorized();
  if (!res.ok) {
    let body: Record<string, unknown> = {};
    try {
      body = (await res.json()) as Record<string, unknown>;
    } catch {
      /* not JSON */
    }
    throw new ApiError(res.status, body as never);
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

// ---------------------------------------------------------------------------------------
// Shapes of the API
// ---------------------------------------------------------------------------------------

export interface ContactMember {
  id: string | number;
  email: string;
  name?: string | null;
}
export interface CompanyMember {
  id: string | number;
  domain: string;
  name?: string | null;
}
export type Member = ContactMember | CompanyMember;

export interface PreviewResult {
  count: number;
  asOf: string;
  members: Member[];
  /** Pointers (relative to the definition) of the incomplete conditions that were skipped. */
  ignored: string[];
}

export interface Segment {
  id: string | number;
  name: string;
  description?: string | null;
  subject: Subject;
  definition: Definition;
  createdAt: string;
  updatedAt: string;
  lastCount?: number | null;
  lastCountAsOf?: string | null;
}

export interface SegmentInput {
  name: string;
  description?: string;
  definition: Definition;
}

export interface MembersPage {
  count: number;
  asOf: string;
  members: Member[];
  next: string | null;
}

const seg = (id: string | number) => `/api/segments/${encodeURIComponent(String(id))}`;

export const api = {
  login: (token: string) =>
    request<void>('/api/session', { method: 'POST', body: { token }, allowUnauthorized: true }),
  logout: () => request<void>('/api/session', { method: 'DELETE', allowUnauthorized: true }),
  schema: (subject: Subject, signal?: AbortSignal) =>
    request<Schema>(`/api/schema/${subject}`, { signal }),
  /**
   * `builder` names the live builder asking: the service cancels that builder's older preview
   * still running when a newer one arrives, so superseded counts stop costing server time.
   */
  preview: (definition: Definition, signal?: AbortSignal, limit?: number, builder?: string) =>
    request<PreviewResult>('/api/segments/preview', {
      method: 'POST',
      body: limit === undefined ? { definition } : { definition, limit },
      signal,
      headers: builder ? { 'X-Segments-Preview': builder } : undefined,
    }),
  /** The builder went away: stop its preview on the server (fire and forget). */
  cancelPreview: (builder: string) =>
    request<void>(`/api/segments/preview/${encodeURIComponent(builder)}`, { method: 'DELETE' }).catch(() => undefined),
  listSegments: (signal?: AbortSignal) => request<Segment[]>('/api/segments', { signal }),
  getSegment: (id: string | number, signal?: AbortSignal) => request<Segment>(seg(id), { signal }),
  createSegment: (input: SegmentInput) => request<Segment>('/api/segments', { method: 'POST', body: input }),
  updateSegment: (id: string | number, input: SegmentInput) =>
    request<Segment>(seg(id), { method: 'PUT', body: input }),
  deleteSegment: (id: string | number) => request<void>(seg(id), { method: 'DELETE' }),
  members: (id: string | number, after: string | null, limit = 50, signal?: AbortSignal) => {
    const q = new URLSearchParams({ limit: String(limit) });
    if (after) q.set('after', after);
    return request<MembersPage>(`${seg(id)}/members?${q}`, { signal });
  },
  membersCsvUrl: (id: string | number) => `${seg(id)}/members.csv`,
};

/** Maps validation errors of a preview/save body to pointers relative to the definition. */
export function definitionErrors(err: unknown): FieldError[] {
  if (!(err instanceof ApiError)) return [];
  return err.errors
    .filter((e) => typeof e.pointer === 'string' && (e.pointer === '/definition' || e.pointer.startsWith('/definition/')))
    .map((e) => ({ ...e, pointer: e.pointer.slice('/definition'.length) }));
}
