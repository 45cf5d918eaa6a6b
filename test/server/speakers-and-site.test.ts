// A corpus of several documents and speakers over real HTTP: bylines in citations, speaker questions
// and filters, the site's texts from the profile or from the corpus, and old `#` links redirected.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSpeakersCorpus } from '../support/speakers-corpus.ts';
import { postJson, readJson, startTestServer, type TestServer } from '../support/test-server.ts';
import { temporaryDirectory } from '../support/temporary-index.ts';

interface SourceBody {
  id: string;
  speaker?: string;
  byline?: string;
}

let server: TestServer;
const removals: Array<() => Promise<void>> = [];
beforeAll(async () => {
  const corpus = await temporaryDirectory();
  const index = await temporaryDirectory();
  removals.push(corpus.remove, index.remove);
  await writeSpeakersCorpus(corpus.path);
  server = await startTestServer({ CORPUS_DIR: corpus.path, INDEX_DIR: index.path });
}, 120_000);
afterAll(async () => {
  await server?.close();
  for (const remove of removals) await remove();
});

async function ask(
  content: string,
  filters?: Record<string, string>,
): Promise<{ answer: string; coverage: string; sources: SourceBody[]; citations: number[] }> {
  return readJson(postJson(`${server.baseURL}/api/chat`, { messages: [{ role: 'user', content }], stream: false, ...(filters ? { filters } : {}) }));
}

const cited = (answer: { sources: SourceBody[]; citations: number[] }) => answer.sources.filter((_source, index) => answer.citations.includes(index + 1));

describe('several speakers and documents', () => {
  it('lists each excerpt with its speaker, under a URL-safe id', async () => {
    const { sources } = await readJson(fetch(`${server.baseURL}/api/sources`));
    expect(sources.map((source: SourceBody) => `${source.id} ${source.speaker}`)).toEqual(
      expect.arrayContaining(['urban-transport-1 李华', 'rural-water-2 王芳', 'museums-1 李华']),
    );
    expect(sources.every((source: SourceBody) => !source.id.includes('#'))).toBe(true);
  });

  it('cites with the speaker and the document, and a Chinese speaker question cites only that speaker', async () => {
    const answer = await ask('李华讲了什么？');
    expect(answer.coverage).toBe('answered');
    expect(cited(answer).length).toBeGreaterThanOrEqual(2);
    for (const source of answer.sources) expect(source.byline).toMatch(/^李华 · 《(城市公共交通的发展|博物馆与公共文化)》$/u);
    expect(answer.answer).toContain('李华 · 《城市公共交通的发展》');
  });

  it('finds the speaker an English question names through the pinyin of the name', async () => {
    for (const question of ['What did Wang Fang say about water quality?', "Wang Fang's remarks on drinking water"]) {
      const answer = await ask(question);
      expect(answer.sources.length).toBeGreaterThan(0);
      expect(answer.sources.every((source) => source.speaker === '王芳')).toBe(true);
    }
  });

  it('a question naming a speaker on a topic keeps to that speaker', async () => {
    const answer = await ask('李华同志谈过博物馆吗？');
    expect(answer.sources[0]!.id).toBe('museums-1');
    expect(answer.sources.every((source) => source.speaker === '李华')).toBe(true);
  });

  it('filters by speaker and by document (id or title), and names the known values for an unknown one', async () => {
    const bySpeaker = await ask('要加强哪些工作？', { speaker: '王芳' });
    expect(bySpeaker.sources.every((source) => source.speaker === '王芳')).toBe(true);
    const byTitle = await ask('要加强哪些工作？', { document: '博物馆与公共文化' });
    expect(byTitle.sources.map((source) => source.id)).toEqual(['museums-1']);
    const search = await readJson(postJson(`${server.baseURL}/api/search`, { query: '规范停放', filters: { document: 'urban-transport' } }));
    expect(search.results.every((result: { id: string }) => result.id.startsWith('urban-transport-'))).toBe(true);

    const unknownSpeaker = await postJson(`${server.baseURL}/api/chat`, {
      messages: [{ role: 'user', content: '讲了什么' }],
      stream: false,
      filters: { speaker: '张三' },
    });
    expect(unknownSpeaker.status).toBe(400);
    expect((await readJson(unknownSpeaker)).error.message).toBe('filters.speaker: "张三" is not a speaker of this corpus; the speakers are "李华", "王芳"');
    const unknownDocument = await postJson(`${server.baseURL}/api/search`, { query: '水', filters: { document: 'nope' } });
    expect(unknownDocument.status).toBe(400);
    expect((await readJson(unknownDocument)).error.message).toMatch(/^filters\.document: "nope" is neither the id nor the title .*"urban-transport"/u);
  });

  it('derives the site title and subtitle from the corpus when there is no profile, and offers only starters it answers', async () => {
    const zh = await readJson(fetch(`${server.baseURL}/api/site`));
    expect(zh).toEqual({
      language: 'zh',
      title: '5 篇讲话 · 2023年11月—2025年1月',
      subtitle: '每个回答都注明出自哪次讲话、哪一天。',
      placeholder: '输入你的问题',
      starters: ['李华讲了什么？', '王芳讲了什么？'],
    });
    const en = await readJson(fetch(`${server.baseURL}/api/site?lang=en`));
    expect(en.title).toBe('5 speeches, November 2023 – January 2025');
    const page = await (await fetch(`${server.baseURL}/`)).text();
    expect(page).toContain('<title>5 篇讲话 · 2023年11月—2025年1月</title>');
    for (const starter of zh.starters) expect((await ask(starter)).coverage).toBe('answered');
  });
});

describe('old links with `#` in the id', () => {
  it('redirect, encoded, to the URL-safe id, keeping the marked range', async () => {
    const page = await fetch(`${server.baseURL}/s/urban-transport%232?hl=0-4`, { redirect: 'manual' });
    expect(page.status).toBe(301);
    expect(page.headers.get('location')).toBe('/s/urban-transport-2?hl=0-4');
    const api = await fetch(`${server.baseURL}/api/sources/urban-transport%232`, { redirect: 'manual' });
    expect(api.status).toBe(301);
    expect(api.headers.get('location')).toBe('/api/sources/urban-transport-2');
    expect((await readJson(fetch(`${server.baseURL}/api/sources/urban-transport%232`))).text).toMatch(/^共享单车/u);
  });

  it('pasted as is (the browser keeps the fragment), land on the document page, which links every excerpt', async () => {
    const response = await fetch(`${server.baseURL}/s/urban-transport`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<a href="/s/urban-transport-1" data-section="1">');
    expect(html).toContain('<a href="/s/urban-transport-2" data-section="2">');
    expect(html).toContain('<script src="/legacy-link.js"></script>');
    expect((await fetch(`${server.baseURL}/s/no-such-document`)).status).toBe(404);
  });
});
