import { describe, expect, it, vi } from 'vitest';
import { ApiRequestError } from './errors';
import { createPbxApi } from './http-api';

const session = {
  role: 'admin',
  token: 'tok',
  expiresAt: '2030-01-01T00:00:00.000Z',
  admin: { id: 1, email: 'boss@example.com' },
  company: { id: 7, name: 'Acme' },
};

function fakeFetch(status: number, body?: unknown, headers: Record<string, string> = {}) {
  return vi.fn<typeof fetch>(
    async () =>
      new Response(body === undefined ? null : JSON.stringify(body), {
        status,
        headers: { 'content-type': 'application/json', ...headers },
      }),
  );
}

describe('createPbxApi', () => {
  it('posts JSON to /api/v1 and parses the answer with the shared schema', async () => {
    const fetch = fakeFetch(200, session);
    const api = createPbxApi('http://127.0.0.1:8080', undefined, fetch);
    const answer = await api.signInAdmin({ email: 'boss@example.com', password: 'pw' });
    expect(answer.company.name).toBe('Acme');
    const [url, init] = fetch.mock.calls[0]!;
    expect(url).toBe('http://127.0.0.1:8080/api/v1/auth/admin');
    expect(init).toMatchObject({
      method: 'POST',
      body: '{"email":"boss@example.com","password":"pw"}',
    });
    expect((init!.headers as Record<string, string>).authorization).toBeUndefined();
  });

  it('sends an announcement recording as the WAV file itself (audio/wav), and restores by DELETE', async () => {
    const slot = { language: 'ru', sentence: 'no-answer', custom: true, durationMs: 1500 };
    const put = fakeFetch(200, slot);
    const wav = new Uint8Array([82, 73, 70, 70]).buffer;
    const api = createPbxApi('https://pbx.test', 'tok', put);
    expect(await api.replaceAnnouncement({ language: 'ru', sentence: 'no-answer' }, wav)).toEqual(
      slot,
    );
    const [url, init] = put.mock.calls[0]!;
    expect(url).toBe('https://pbx.test/api/v1/admin/announcements/ru/no-answer');
    expect(init).toMatchObject({ method: 'PUT', body: wav });
    expect((init!.headers as Record<string, string>)['content-type']).toBe('audio/wav');
    const remove = fakeFetch(204);
    await createPbxApi('https://pbx.test', 'tok', remove).restoreAnnouncement({
      language: 'en',
      sentence: 'absent-until',
    });
    expect(remove.mock.calls[0]![0]).toBe(
      'https://pbx.test/api/v1/admin/announcements/en/absent-until',
    );
    expect(remove.mock.calls[0]![1]).toMatchObject({ method: 'DELETE' });
  });

  it('sends the bearer token and the query; a 204 resolves empty', async () => {
    const list = fakeFetch(200, { items: [], total: 0 });
    await createPbxApi('https://pbx.test', 'tok', list).listEmployees({
      search: 'ol ga',
      offset: 50,
    });
    const [url, init] = list.mock.calls[0]!;
    expect(url).toBe('https://pbx.test/api/v1/admin/employees?search=ol+ga&offset=50');
    expect((init!.headers as Record<string, string>).authorization).toBe('Bearer tok');
    const del = fakeFetch(204);
    await expect(createPbxApi('https://pbx.test', 'tok', del).dropDevice(3, 'a/b')).resolves.toBe(
      undefined,
    );
    expect(del.mock.calls[0]![0]).toBe('https://pbx.test/api/v1/admin/employees/3/devices/a%2Fb');
    expect(del.mock.calls[0]![1]!.method).toBe('DELETE');
  });

  it('turns an error body into an ApiRequestError with fields and Retry-After', async () => {
    const fetch = fakeFetch(
      429,
      { error: 'too-many-attempts', message: 'slow down' },
      { 'retry-after': '120' },
    );
    const error = await createPbxApi('https://pbx.test', undefined, fetch)
      .signInAdmin({ email: 'a@b.c', password: 'x' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiRequestError);
    expect(error).toMatchObject({ status: 429, code: 'too-many-attempts', retryAfterS: 120 });

    const bad = fakeFetch(400, {
      error: 'bad-request',
      message: 'invalid',
      fields: [{ path: 'channels', message: 'must be at most 10' }],
    });
    await expect(
      createPbxApi('https://pbx.test', 't', bad).updateSipNumber(1, { channels: 11 }),
    ).rejects.toMatchObject({
      status: 400,
      code: 'bad-request',
      fields: [{ path: 'channels', message: 'must be at most 10' }],
    });
  });

  it('tells this PBX (401 with its error body) from another server by GET /auth/session', async () => {
    const pbx = fakeFetch(401, {
      error: 'unauthorized',
      message: 'sign in first: no bearer token',
    });
    expect(await createPbxApi('http://127.0.0.1:8080', undefined, pbx).isThisPbx()).toBe(true);
    expect(pbx.mock.calls[0]![0]).toBe('http://127.0.0.1:8080/api/v1/auth/session');
    const others = [
      fakeFetch(401, { message: 'Unauthorized' }),
      fakeFetch(404, { error: 'not-found', message: 'no' }),
      fakeFetch(200, { error: 'unauthorized' }),
      vi.fn<typeof fetch>(async () => new Response('<html>401</html>', { status: 401 })),
      vi.fn<typeof fetch>(async () => Promise.reject(new TypeError('Failed to fetch'))),
    ];
    for (const other of others) {
      expect(await createPbxApi('http://10.0.0.5:8080', undefined, other).isThisPbx()).toBe(false);
    }
  });

  it('reports a network failure, a non-JSON error and an answer that breaks the contract', async () => {
    const down = vi.fn<typeof fetch>(async () => {
      throw new TypeError('Failed to fetch');
    });
    await expect(createPbxApi('https://pbx.test', 't', down).me()).rejects.toMatchObject({
      status: 0,
      code: 'network',
    });
    const html = vi.fn<typeof fetch>(async () => new Response('<h1>502</h1>', { status: 502 }));
    await expect(createPbxApi('https://pbx.test', 't', html).me()).rejects.toMatchObject({
      status: 502,
      code: 'internal',
    });
    const wrong = fakeFetch(200, { sipNumber: 42 });
    await expect(createPbxApi('https://pbx.test', 't', wrong).me()).rejects.toMatchObject({
      code: 'bad-response',
    });
  });

  it('reaches the region and caller-ID routes and parses their answers', async () => {
    const found = [
      { name: 'Санкт-Петербург', en: 'Saint Petersburg' },
      { name: 'Ленинградская область', en: 'Leningrad Oblast' },
    ];
    const regions = fakeFetch(200, found);
    await expect(createPbxApi('https://pbx.test', 't', regions).regions('peter')).resolves.toEqual(
      found,
    );
    expect(regions.mock.calls[0]![0]).toBe('https://pbx.test/api/v1/regions?search=peter');

    const rule = {
      id: 5,
      region: 'Saint Petersburg',
      numbers: ['+78123090000'],
      codes: ['812'],
      numberRegions: [],
      effect: 'allow',
      createdAt: '2030-01-01T00:00:00.000Z',
    };
    const add = fakeFetch(201, rule);
    const body = {
      region: 'Saint Petersburg',
      numbers: ['+78123090000'],
      effect: 'allow' as const,
    };
    await expect(
      createPbxApi('https://pbx.test', 't', add).addRegionRule(3, body),
    ).resolves.toEqual(rule);
    expect(add.mock.calls[0]![0]).toBe('https://pbx.test/api/v1/admin/employees/3/region-rules');
    expect(add.mock.calls[0]![1]).toMatchObject({ method: 'POST', body: JSON.stringify(body) });

    const list = fakeFetch(200, [rule]);
    await expect(
      createPbxApi('https://pbx.test', 't', list).listRegionRules(3),
    ).resolves.toHaveLength(1);
    const del = fakeFetch(204);
    await createPbxApi('https://pbx.test', 't', del).deleteRegionRule(3, 5);
    expect(del.mock.calls[0]![0]).toBe('https://pbx.test/api/v1/admin/employees/3/region-rules/5');
    expect(del.mock.calls[0]![1]!.method).toBe('DELETE');

    const result = {
      client: { number: '+78121234567', regions: ['Saint Petersburg'] },
      number: '+78123090000',
      reason: { kind: 'familiar', at: Date.parse('2026-11-20T10:00:00Z') },
      refusal: null,
      explanation: 'familiar: last answered call on 2026-11-20',
    };
    const check = fakeFetch(200, result);
    await expect(
      createPbxApi('https://pbx.test', 't', check).checkCallerId(3, { client: '8 812 123-45-67' }),
    ).resolves.toEqual(result);
    expect(check.mock.calls[0]![0]).toBe(
      'https://pbx.test/api/v1/admin/employees/3/caller-id-check',
    );
    const broken = fakeFetch(200, { ...result, number: 42 });
    await expect(
      createPbxApi('https://pbx.test', 't', broken).checkCallerId(3, { client: '1' }),
    ).rejects.toMatchObject({ code: 'bad-response' });
  });
});
