// Answer ids, POST /api/feedback and the owner's /admin over real HTTP, recording into SQLite in a
// temp dir (and once into a real PostgreSQL server, when there is one).
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { sqliteFile } from '../../src/analytics/analytics.ts';
import { POSTGRES_AVAILABLE, temporaryPostgresSchema } from '../support/postgres.ts';
import { temporaryDirectory } from '../support/temporary-index.ts';
import { postJson, readEventStream, readJson, sharedTestIndex, startTestServer, type TestServer } from '../support/test-server.ts';

const TOKEN = 'owner-token-0123456789abcdef';
const COVERED = '新质生产力的显著特点是什么？';
const NOT_COVERED = 'Who won the football world cup in 1998?';
const USER_AGENT = 'ReaderBrowser/9.9 (privacy-probe)';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});
afterAll(async () => {
  await (await sharedTestIndex()).remove();
});

async function recordingServer(environment: Record<string, string> = {}): Promise<TestServer & { dataDir: string }> {
  const directory = await temporaryDirectory();
  cleanups.push(directory.remove);
  const dataDir = path.join(directory.path, 'data');
  const server = await startTestServer({ ANALYTICS: 'true', DATA_DIR: dataDir, ADMIN_TOKEN: TOKEN, ...environment });
  cleanups.push(server.close);
  return { ...server, dataDir };
}

async function ask(server: TestServer, question: string): Promise<{ id: string }> {
  const response = await postJson(
    `${server.baseURL}/api/chat`,
    { messages: [{ role: 'user', content: question }], stream: false },
    { 'user-agent': USER_AGENT },
  );
  expect(response.status).toBe(200);
  return (await response.json()) as { id: string };
}

const bearer = { authorization: `Bearer ${TOKEN}` };

describe('answer ids and feedback', () => {
  it('every answer carries an id, in the JSON response and in the final event', async () => {
    const server = await recordingServer();
    const whole = await ask(server, COVERED);
    expect(whole.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/u);
    const events = await readEventStream(await postJson(`${server.baseURL}/api/chat`, { messages: [{ role: 'user', content: COVERED }] }));
    const final = events.find((event) => event.event === 'final');
    expect(final?.data.id).toMatch(/^[0-9a-f-]{36}$/u);
    expect(final?.data.id).not.toBe(whole.id);
  });

  it('takes thumbs up or down with a comment on an answer, and says clearly what is wrong with bad feedback', async () => {
    const server = await recordingServer();
    const { id } = await ask(server, COVERED);
    const good = await postJson(`${server.baseURL}/api/feedback`, { answerId: id, rating: 'down', comment: '  没有说到重点  ' });
    expect(good.status).toBe(204);

    const badRating = await postJson(`${server.baseURL}/api/feedback`, { answerId: id, rating: 'meh' });
    expect(badRating.status).toBe(400);
    expect((await readJson(badRating)).error.message).toMatch(/^invalid request body: rating: /u);
    const tooLong = await postJson(`${server.baseURL}/api/feedback`, { answerId: id, rating: 'up', comment: 'x'.repeat(501) });
    expect(tooLong.status).toBe(400);
    expect((await readJson(tooLong)).error.message).toBe('invalid request body: comment: must be at most 500 characters');
    const notAnId = await postJson(`${server.baseURL}/api/feedback`, { answerId: 'abc', rating: 'up' });
    expect((await readJson(notAnId)).error.message).toBe('invalid request body: answerId: must be the id of an answer, from its final event');
    const unknown = await postJson(`${server.baseURL}/api/feedback`, { answerId: '00000000-0000-4000-8000-000000000000', rating: 'up' });
    expect(unknown.status).toBe(404);
    expect((await readJson(unknown)).error.message).toMatch(/no answer has the id "00000000-0000-4000-8000-000000000000"/u);

    const report = await readJson(fetch(`${server.baseURL}/admin/api/report?days=7`, { headers: bearer }));
    expect(report.unhelpful).toEqual([expect.objectContaining({ answerId: id, question: COVERED, comment: '没有说到重点' })]);
  });

  it('rate-limits feedback on its own budget', async () => {
    const server = await recordingServer({ RATE_LIMIT_PER_MINUTE: '3' });
    const { id } = await ask(server, COVERED);
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 4; attempt++) statuses.push((await postJson(`${server.baseURL}/api/feedback`, { answerId: id, rating: 'up' })).status);
    expect(statuses).toEqual([204, 204, 204, 429]);
  });

  it('stores no IP address or user agent anywhere, and no question text with STORE_QUESTIONS=false', async () => {
    const server = await recordingServer({ STORE_QUESTIONS: 'false' });
    const { id } = await ask(server, COVERED);
    await postJson(`${server.baseURL}/api/feedback`, { answerId: id, rating: 'up' }, { 'user-agent': USER_AGENT });
    await server.analytics!.recorder.flush();
    const database = new Database(sqliteFile(server.dataDir), { readonly: true });
    const tables = (database.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>).map((row) => row.name);
    const everything = JSON.stringify(tables.map((table) => database.prepare(`SELECT * FROM ${table}`).all()));
    database.close();
    expect(everything).toContain(id);
    expect(everything).not.toContain('127.0.0.1');
    expect(everything).not.toContain('ReaderBrowser');
    expect(everything).not.toContain('新质生产力的显著特点');
    const report = await readJson(fetch(`${server.baseURL}/admin/api/report?days=7`, { headers: bearer }));
    expect(report.totals).toMatchObject({ questions: 1, helpful: 1 });
    expect(report.topQuestions).toEqual([]);
  });
});

describe("the owner's dashboard", () => {
  it('does not exist without ADMIN_TOKEN', async () => {
    const server = await startTestServer();
    cleanups.push(server.close);
    for (const route of ['/admin', '/admin/api/report', '/admin/export/questions.csv', '/admin/assets/admin.js']) {
      expect((await fetch(`${server.baseURL}${route}`)).status, route).toBe(404);
    }
  });

  it('refuses a too-short token at start-up', async () => {
    await expect(startTestServer({ ADMIN_TOKEN: 'short' }, { ready: false })).rejects.toThrow(/ADMIN_TOKEN: must be at least 16 characters/u);
  });

  it('shows nothing without the token: a sign-in form, 401 for the data, and a session cookie only for the right token', async () => {
    const server = await recordingServer();
    const page = await fetch(`${server.baseURL}/admin`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('name="token"');
    expect(html).not.toContain('admin.js');
    for (const route of ['/admin/api/report', '/admin/export/questions.csv', '/admin/export/feedback.csv', '/admin/assets/admin.js']) {
      expect((await fetch(`${server.baseURL}${route}`)).status, route).toBe(401);
      expect((await fetch(`${server.baseURL}${route}`, { headers: { authorization: 'Bearer wrong-token-0123456789' } })).status, route).toBe(401);
    }
    const forged = await fetch(`${server.baseURL}/admin/api/report`, { headers: { cookie: `speechcite_admin=${Date.now() + 3_600_000}.forged` } });
    expect(forged.status).toBe(401);

    const form = (token: string) =>
      fetch(`${server.baseURL}/admin/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token }),
      });
    const wrong = await form('not-the-token-at-all');
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('set-cookie')).toBeNull();
    const right = await form(TOKEN);
    expect(right.status).toBe(303);
    const cookie = right.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^speechcite_admin=\d+\.[\w-]+;/u);
    expect(cookie).toMatch(/HttpOnly/u);
    expect(cookie).toMatch(/SameSite=Strict/u);
    expect(cookie).toMatch(/Path=\/admin/u);
    const session = cookie.split(';')[0]!;
    const signedIn = await fetch(`${server.baseURL}/admin`, { headers: { cookie: session } });
    expect(await signedIn.text()).toContain('/admin/assets/admin.js');
    expect((await fetch(`${server.baseURL}/admin/api/report`, { headers: { cookie: session } })).status).toBe(200);
    expect((await fetch(`${server.baseURL}/admin/api/report?days=3`, { headers: { cookie: session } })).status).toBe(400);
  });

  it('counts wrong tokens sent by the form, as a header or on the sign-in page alike, and past ten a minute refuses even the right one', async () => {
    const server = await recordingServer();
    const wrong = { authorization: 'Bearer wrong-token-0123456789' };
    const guesses = [
      () => fetch(`${server.baseURL}/admin`, { headers: wrong }),
      () => fetch(`${server.baseURL}/admin/api/report`, { headers: wrong }),
      () =>
        fetch(`${server.baseURL}/admin/login`, {
          method: 'POST',
          redirect: 'manual',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ token: 'not-the-token-at-all' }),
        }),
    ];
    const statuses: number[] = [];
    for (let guess = 0; guess < 10; guess++) statuses.push((await guesses[guess % guesses.length]!()).status);
    expect(statuses).toEqual(Array(10).fill(401));
    // A visitor who offers no token is not guessing: the sign-in form is still there for them.
    expect((await fetch(`${server.baseURL}/admin`)).status).toBe(200);
    for (const guess of guesses) {
      const refused = await guess();
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toMatch(/^\d+$/u);
    }
    const right = await fetch(`${server.baseURL}/admin/api/report`, { headers: bearer });
    expect(right.status).toBe(429);
    expect(((await right.json()) as { error: { message: string } }).error.message).toMatch(/too many sign-in attempts with a wrong token/u);
  });

  it('reports coverage, gaps and cited speeches from real answers, and exports them as CSV', async () => {
    const server = await recordingServer();
    await ask(server, COVERED);
    await ask(server, COVERED);
    await ask(server, NOT_COVERED);
    await ask(server, '=HYPERLINK("http://evil.example")');
    const report = await readJson(fetch(`${server.baseURL}/admin/api/report?days=30`, { headers: bearer }));
    expect(report.days).toBe(30);
    expect(report.perDay).toHaveLength(30);
    expect(report.totals.questions).toBe(4);
    expect(report.totals.answered).toBeGreaterThanOrEqual(2);
    expect(report.totals.notCovered).toBeGreaterThanOrEqual(1);
    expect(report.topQuestions[0]).toEqual({ question: COVERED, count: 2 });
    expect(report.gaps.map((gap: { question: string }) => gap.question)).toContain(NOT_COVERED);
    expect(report.topSpeeches.length).toBeGreaterThan(0);
    expect(report.topSpeeches[0].count).toBeGreaterThanOrEqual(2);

    const csv = await fetch(`${server.baseURL}/admin/export/questions.csv?days=7`, { headers: bearer });
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/u);
    expect(csv.headers.get('content-disposition')).toMatch(/^attachment; filename="?speechcite-questions-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv"?$/u);
    const text = await csv.text();
    const lines = text
      .replace(/^\uFEFF/u, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('answer_id,asked_at,question,language,coverage,rating');
    expect(lines).toHaveLength(5);
    expect(text).toContain(`,${COVERED},zh,`);
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"")"`);
  });
});

(POSTGRES_AVAILABLE ? describe : describe.skip)('recording into PostgreSQL', () => {
  it('answers, feedback and the report work the same with DATABASE_URL', async () => {
    const schema = await temporaryPostgresSchema();
    cleanups.push(schema.drop);
    const server = await recordingServer({ DATABASE_URL: schema.url });
    expect(server.analytics!.store.kind).toBe('postgres');
    const { id } = await ask(server, NOT_COVERED);
    expect((await postJson(`${server.baseURL}/api/feedback`, { answerId: id, rating: 'down', comment: 'not in the speeches' })).status).toBe(204);
    const report = await readJson(fetch(`${server.baseURL}/admin/api/report?days=7`, { headers: bearer }));
    expect(report.totals).toMatchObject({ questions: 1, unhelpful: 1 });
    expect(report.unhelpful[0]).toMatchObject({ answerId: id, question: NOT_COVERED, comment: 'not in the speeches' });
  });
});
