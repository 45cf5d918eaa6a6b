// What a reader of a corpus with several speakers and documents sees in Chromium: the site's title from
// the corpus profile, speakers and documents labelled in the timeline and in source cards, and an old
// `#` link taken to the excerpt it names.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildBundle } from '../../scripts/build-bundles.mjs';
import { WIDGET_BUNDLE, WIDGET_ENTRY } from '../../src/paths.ts';
import { BROWSER_TESTS_RUN, browserSuite, launchChromium } from '../support/chromium.ts';
import { writeSpeakersCorpus } from '../support/speakers-corpus.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { temporaryDirectory } from '../support/temporary-index.ts';

const PROFILE = {
  site: {
    title: { zh: '城乡建设讲话选', en: 'Speeches on towns and villages' },
    subtitle: { zh: '两位发言人的讲话摘录。', en: 'Excerpts from two speakers.' },
    placeholder: { zh: '问问交通、供水或博物馆', en: 'Ask about transport, water or museums' },
    starters: { zh: ['李华讲了什么？'], en: ['What did Wang Fang say?'] },
  },
};

const browserDescribe = browserSuite('Browser tests of several speakers');
let browser: Browser;
let server: TestServer;
const removals: Array<() => Promise<void>> = [];

beforeAll(async () => {
  if (!BROWSER_TESTS_RUN) return;
  await buildBundle({ entry: WIDGET_ENTRY, outfile: WIDGET_BUNDLE });
  const corpus = await temporaryDirectory();
  const index = await temporaryDirectory();
  removals.push(corpus.remove, index.remove);
  await writeSpeakersCorpus(corpus.path, PROFILE);
  server = await startTestServer({ CORPUS_DIR: corpus.path, INDEX_DIR: index.path });
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
  for (const remove of removals) await remove();
});

async function newPage(): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1200, height: 800 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return { page, errors };
}

browserDescribe('a corpus of several speakers and documents', () => {
  it('shows the profile’s title, placeholder and starters, and labels speakers in the timeline and the source cards', async () => {
    const { page, errors } = await newPage();
    await page.goto(`${server.baseURL}/`);
    expect(await page.title()).toBe('城乡建设讲话选');
    expect(await page.locator('header h1').innerText()).toBe('城乡建设讲话选');
    expect(await page.locator('header p').innerText()).toContain('两位发言人的讲话摘录。');
    await expect.poll(() => page.getByRole('textbox', { name: '你的问题' }).getAttribute('placeholder')).toBe('问问交通、供水或博物馆');

    // One row per speech, each with its count and who gave it in which document.
    const rows = page.locator('#timeline li');
    await expect.poll(() => rows.count()).toBe(5);
    const texts = await rows.allInnerTexts();
    expect(texts[0]).toMatch(/^2023年11月8日\s*1 段摘录\s*王芳 · 《农村供水保障》\s*在全省水利工作会议上的讲话$/u);
    expect(texts.filter((text) => text.includes('李华 · 《城市公共交通的发展》'))).toHaveLength(2);
    expect(texts.filter((text) => text.includes('李华 · 《博物馆与公共文化》'))).toHaveLength(1);

    await page.getByRole('button', { name: '李华讲了什么？' }).click();
    const chip = page.getByRole('button', { name: '来源 1' }).first();
    await chip.waitFor();
    await chip.click();
    await expect.poll(() => page.locator('.card .meta').first().innerText()).toMatch(/^\[1\] 李华 · 《(城市公共交通的发展|博物馆与公共文化)》 · \d{4}年/u);
    // The speeches the answer cites are all 李华's.
    const cited = await page.locator('#timeline li.cited').allInnerTexts();
    expect(cited.length).toBeGreaterThan(0);
    expect(cited.every((text) => text.includes('李华'))).toBe(true);
    expect(errors).toEqual([]);
  });

  it('shows the English title and starters on the English page', async () => {
    const { page } = await newPage();
    await page.goto(`${server.baseURL}/?lang=en`);
    expect(await page.title()).toBe('Speeches on towns and villages');
    await page.getByRole('button', { name: 'What did Wang Fang say?' }).waitFor();
  });

  it('takes an old link, pasted with its #, to the excerpt it names', async () => {
    const { page } = await newPage();
    await page.goto(`${server.baseURL}/s/urban-transport#2`);
    await page.waitForURL(/\/s\/urban-transport-2$/u);
    expect(await page.locator('#excerpt .text').innerText()).toMatch(/^共享单车要规范停放/u);
    expect(await page.locator('#excerpt .speaker').innerText()).toBe('李华');
    expect(await page.locator('header h1').innerText()).toBe('城乡建设讲话选');
    // And with the # sent encoded, the server redirects.
    await page.goto(`${server.baseURL}/s/urban-transport%231`);
    expect(new URL(page.url()).pathname).toBe('/s/urban-transport-1');
  });
});
