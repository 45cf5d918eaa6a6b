import http from 'node:http';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { sharedTestIndex, startTestServer, type TestServer } from '../support/test-server.ts';

const servers: TestServer[] = [];
afterEach(async () => {
  while (servers.length > 0) await servers.pop()!.close();
});
afterAll(async () => (await sharedTestIndex()).remove());

async function serve(environment: Record<string, string> = {}) {
  const server = await startTestServer(environment);
  servers.push(server);
  return server;
}

/** A request with headers fetch will not let a caller set (Host), as any non-browser client can send them. */
function raw(url: string, options: { method?: string; headers?: Record<string, string>; body?: unknown } = {}) {
  return new Promise<{ status: number; body: any }>((resolve, reject) => {
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    const outgoing = http.request(
      url,
      { method: options.method ?? 'GET', headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...options.headers } },
      (response) => {
        let text = '';
        response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
        response.once('end', () => resolve({ status: response.statusCode!, body: text.startsWith('{') ? JSON.parse(text) : text }));
      },
    );
    outgoing.once('error', reject);
    outgoing.end(body);
  });
}

const SEARCH = { method: 'POST', body: { query: '创新' } };

describe('the app’s own origin', () => {
  it('comes from the address the server listens on, never from the Host header', async () => {
    const { baseURL } = await serve();
    const port = new URL(baseURL).port;
    // Origin equal to a forged Host: refused, as any other site.
    const forged = await raw(`${baseURL}/api/search`, { ...SEARCH, headers: { host: `attacker.example:${port}`, origin: `http://attacker.example:${port}` } });
    expect(forged.status).toBe(403);
    expect(forged.body.error.code).toBe('forbidden_origin');
    // The listening address, and localhost beside a loopback one, are the app's own.
    for (const origin of [`http://127.0.0.1:${port}`, `http://localhost:${port}`])
      expect((await raw(`${baseURL}/api/search`, { ...SEARCH, headers: { origin } })).status).toBe(200);
    // The OpenAPI document names the server by its own origin too.
    expect((await raw(`${baseURL}/openapi.json`, { headers: { host: 'attacker.example' } })).body.servers).toEqual([{ url: `http://127.0.0.1:${port}` }]);
  });

  it('is PUBLIC_URL’s when set', async () => {
    const { baseURL } = await serve({ PUBLIC_URL: 'https://speeches.example/chat' });
    const port = new URL(baseURL).port;
    expect((await raw(`${baseURL}/api/search`, { ...SEARCH, headers: { origin: 'https://speeches.example' } })).status).toBe(200);
    const listening = await raw(`${baseURL}/api/search`, { ...SEARCH, headers: { origin: `http://127.0.0.1:${port}` } });
    expect(listening.status).toBe(403);
    expect(listening.body.error.message).toBe(`this site (http://127.0.0.1:${port}) is not allowed to use the API: add it to ALLOWED_ORIGINS on the server`);
  });
});

describe('with API_KEYS set', () => {
  const keys = { API_KEYS: 'key-one,key-two', ALLOWED_ORIGINS: 'https://allowed.example' };

  it('needs a key whatever the Origin and Host say', async () => {
    const { baseURL } = await serve(keys);
    const port = new URL(baseURL).port;
    // Refused, each: a forged origin as another site's (403), the rest for want of a key (401).
    const attempts: Array<[Record<string, string>, number]> = [
      [{ host: `attacker.example:${port}`, origin: `http://attacker.example:${port}` }, 403],
      [{ origin: `http://127.0.0.1:${port}` }, 401],
      [{ origin: 'https://allowed.example' }, 401],
      [{}, 401],
    ];
    for (const [headers, status] of attempts) {
      const response = await raw(`${baseURL}/api/search`, { ...SEARCH, headers });
      expect({ headers, status: response.status }).toEqual({ headers, status });
    }
    expect((await raw(`${baseURL}/api/search`, { ...SEARCH, headers: { origin: 'https://allowed.example', authorization: 'Bearer key-two' } })).status).toBe(
      200,
    );
  });

  it('keeps the pages that show excerpts as private as the API, and leaves health and the widget script open', async () => {
    const { baseURL } = await serve(keys);
    const id = encodeURIComponent('new-quality-productive-forces-3');
    for (const route of [`/s/${id}`, `/api/sources/${id}`, '/api/sources', '/']) {
      const without = await raw(`${baseURL}${route}`);
      expect({ route, status: without.status, code: without.body.error?.code }).toEqual({ route, status: 401, code: 'unauthorized' });
      expect({ route, status: (await raw(`${baseURL}${route}`, { headers: { authorization: 'Bearer key-one' } })).status }).toEqual({ route, status: 200 });
    }
    for (const route of ['/healthz', '/readyz', '/widget.js', '/openapi.json'])
      expect({ route, status: (await raw(`${baseURL}${route}`)).status }).toEqual({ route, status: 200 });
  });

  it('counts wrong and missing keys against the rate limit, and not the right ones', async () => {
    const { baseURL } = await serve({ ...keys, RATE_LIMIT_PER_MINUTE: '5' });
    const right = [];
    for (let attempt = 0; attempt < 8; attempt++) right.push((await raw(`${baseURL}/api/sources`, { headers: { authorization: 'Bearer key-one' } })).status);
    expect(right).toEqual(Array(8).fill(200));
    const guesses = [];
    for (let attempt = 0; attempt < 8; attempt++)
      guesses.push((await raw(`${baseURL}/api/sources`, { headers: attempt % 2 ? { authorization: `Bearer guess-${attempt}` } : {} })).status);
    expect(guesses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
    const limited = await raw(`${baseURL}/s/x`, { headers: { authorization: 'Bearer guess' } });
    expect(limited.status).toBe(429);
    expect(limited.body.error.message).toBe('too many requests with a missing or wrong API key: the limit is 5 a minute; try again shortly');
  });
});
