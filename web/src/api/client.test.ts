import { api, ApiError, definitionErrors, request, setUnauthorizedHandler } from './client';

function fakeFetch(status: number, body?: unknown, contentType = 'application/problem+json') {
  const calls: { url: string; init: RequestInit }[] = [];
  const f = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'Content-Type': contentType } });
  }) as unknown as typeof fetch;
  return { f, calls };
}

describe('API client', () => {
  afterEach(() => setUnauthorizedHandler(() => {}));

  it('sends same-origin credentials and JSON', async () => {
    const { f, calls } = fakeFetch(200, { ok: 1 }, 'application/json');
    expect(await request('/api/x', { method: 'POST', body: { a: 1 }, fetchImpl: f })).toEqual({ ok: 1 });
    expect(calls[0]!.init.credentials).toBe('same-origin');
    expect(calls[0]!.init.body).toBe('{"a":1}');
    expect((calls[0]!.init.headers as Record<string, string>)['Content-Type']).toBe('application/json');
  });

  it('names the live builder so the service can cancel its superseded previews', async () => {
    const { f, calls } = fakeFetch(200, { count: 3, asOf: '2026-01-01T00:00:00Z', members: [], ignored: [] }, 'application/json');
    const original = globalThis.fetch;
    globalThis.fetch = f;
    try {
      await api.preview({ subject: 'contacts' }, undefined, undefined, 'builder-7');
      await api.cancelPreview('builder 7');
    } finally {
      globalThis.fetch = original;
    }
    expect(calls[0]!.url).toBe('/api/segments/preview');
    expect((calls[0]!.init.headers as Record<string, string>)['X-Segments-Preview']).toBe('builder-7');
    expect(calls[1]!.url).toBe('/api/segments/preview/builder%207');
    expect(calls[1]!.init.method).toBe('DELETE');
  });

  it('turns problem+json into an ApiError with field errors mapped to the definition', async () => {
    const problem = {
      title: 'Invalid definition',
      status: 400,
      code: 'definition_invalid',
      errors: [
        { pointer: '/definition/where/conditions/0/value', code: 'wrong_value_type', message: 'Expected a number.' },
        { pointer: '/name', code: 'missing_value', message: 'Name it.' },
      ],
    };
    const { f } = fakeFetch(400, problem);
    const err = (await request('/api/segments/preview', { method: 'POST', body: {}, fetchImpl: f }).catch((e: unknown) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(400);
    expect(err.code).toBe('definition_invalid');
    expect(definitionErrors(err)).toEqual([{ pointer: '/where/conditions/0/value', code: 'wrong_value_type', message: 'Expected a number.' }]);
  });

  it('sends the user to the login page on 401, except for the login call itself', async () => {
    const seen: string[] = [];
    setUnauthorizedHandler(() => seen.push('login'));
    const { f } = fakeFetch(401, { title: 'Unauthorized', status: 401 });
    await request('/api/segments', { fetchImpl: f }).catch(() => {});
    await request('/api/session', { method: 'POST', body: { token: 'x' }, allowUnauthorized: true, fetchImpl: f }).catch(() => {});
    expect(seen).toEqual(['login']);
  });

  it('builds the export link', () => {
    expect(api.membersCsvUrl('a b')).toBe('/api/segments/a%20b/members.csv');
  });
});
