// The chat page and the embedded widget after six answers, in headless Chromium (Debian's, via
// playwright-core), at a phone (360×740) and a desktop (1280×800) size: the input stays on screen,
// chat and timeline never overlap, an opened source card is inside the panel's visible area, and
// every answer can be rated from the keyboard. Screenshots go to test-artifacts/.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { buildBundle } from '../../scripts/build-bundles.mjs';
import { WIDGET_BUNDLE, WIDGET_ENTRY } from '../../src/paths.ts';
import { ARTIFACTS, BROWSER_TESTS_RUN, browserSuite, launchChromium } from '../support/chromium.ts';
import { chatChunk, startFakeOpenAIServer } from '../support/fake-openai-server.ts';
import { temporaryDirectory } from '../support/temporary-index.ts';
import { sharedTestIndex, startTestServer, type TestServer } from '../support/test-server.ts';

const TOKEN = 'layout-test-owner-token-0123456789';
const QUESTIONS = {
  zh: [
    '新质生产力的显著特点是什么？',
    '为什么说新质生产力本身就是绿色生产力？',
    '如何因地制宜发展新质生产力？',
    '新质生产力的核心标志是什么？',
    '发展新质生产力要处理好哪些关系？',
    '科技创新和产业创新是什么关系？',
  ],
  en: [
    'What defines new quality productive forces?',
    'Why are new quality productive forces green productive forces?',
    'How should each place develop new quality productive forces?',
    'What is the core hallmark of new quality productive forces?',
    'What role does talent play?',
    'How do technological and industrial innovation relate?',
  ],
};
const SIZES = [
  { width: 360, height: 740 },
  { width: 1280, height: 800 },
];

const browserDescribe = browserSuite('Layout browser tests');

let browser: Browser;
let server: TestServer;
let removeData: () => Promise<void> = async () => undefined;
const closers: Array<() => Promise<void>> = [];

beforeAll(async () => {
  if (!BROWSER_TESTS_RUN) return;
  await buildBundle({ entry: WIDGET_ENTRY, outfile: WIDGET_BUNDLE });
  await mkdir(ARTIFACTS, { recursive: true });
  const data = await temporaryDirectory();
  removeData = data.remove;
  server = await startTestServer({ ANALYTICS: 'true', DATA_DIR: path.join(data.path, 'data'), ADMIN_TOKEN: TOKEN });
  browser = await launchChromium();
}, 120_000);
afterEach(async () => {
  while (closers.length > 0) await closers.pop()!();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await removeData();
  await (await sharedTestIndex()).remove();
});

async function newPage(viewport: { width: number; height: number }): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport });
  closers.push(() => context.close());
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return { page, errors };
}

type Box = { x: number; y: number; width: number; height: number };
async function box(locator: Locator): Promise<Box> {
  const found = await locator.boundingBox();
  if (!found) throw new Error('the element is not rendered');
  return found;
}
const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const inside = (inner: Box, outer: Box) =>
  inner.x >= outer.x - 1 &&
  inner.y >= outer.y - 1 &&
  inner.x + inner.width <= outer.x + outer.width + 1 &&
  inner.y + inner.height <= outer.y + outer.height + 1;

/** Whether the input's placeholder, put in as text, fits its box without scrolling: what a reader sees of it uncut. */
function placeholderFits(page: Page): Promise<boolean> {
  return page.locator('textarea').evaluate((area: HTMLTextAreaElement) => {
    const typed = area.value;
    area.value = area.placeholder;
    const fits = area.scrollHeight <= area.clientHeight;
    area.value = typed;
    return fits;
  });
}

/** Asks each question in turn, waiting for each answer to finish (its tools appear with the final event). */
async function askAll(page: Page, questions: readonly string[]): Promise<void> {
  const input = page.locator('textarea');
  for (const [index, question] of questions.entries()) {
    await input.fill(question);
    await input.press('Enter');
    await expect.poll(() => page.locator('.message.assistant .tools').count(), { timeout: 20_000 }).toBe(index + 1);
  }
}

/** What every size must show after six answers: the input on screen, and the newest answer in the log's view. */
async function expectInputAndNewestAnswerInView(page: Page, viewport: { width: number; height: number }): Promise<void> {
  const input = await box(page.locator('textarea'));
  expect(input.y).toBeGreaterThanOrEqual(0);
  expect(input.y + input.height).toBeLessThanOrEqual(viewport.height);
  expect(input.x + input.width).toBeLessThanOrEqual(viewport.width);
  const log = await box(page.locator('.log'));
  const newest = await box(page.locator('.message.assistant').last());
  // The end of the newest answer (its tools) is in the log's visible area.
  expect(newest.y + newest.height).toBeLessThanOrEqual(log.y + log.height + 1);
  expect(newest.y + newest.height).toBeGreaterThan(log.y);
}

browserDescribe('the chat page after six answers', () => {
  for (const viewport of SIZES) {
    it(`at ${viewport.width}×${viewport.height}: the input stays on screen, the timeline never overlaps the chat, one timeline row per speech`, async () => {
      const { page, errors } = await newPage(viewport);
      await page.goto(`${server.baseURL}/`);
      expect(await placeholderFits(page)).toBe(true);
      await askAll(page, QUESTIONS.zh);
      await expectInputAndNewestAnswerInView(page, viewport);
      // The page itself has not grown: the conversation scrolls inside its card.
      expect(await page.evaluate<number>('window.scrollY')).toBe(0);
      expect(overlaps(await box(page.locator('#chat')), await box(page.locator('#timeline')))).toBe(false);
      // Open the folded timeline on a phone: it takes room below the chat, still without overlap, and the input stays.
      if (viewport.width < 760) await page.locator('#timeline summary').click();
      const rows = page.locator('#timeline li');
      const texts = await rows.allInnerTexts();
      expect(new Set(texts).size).toBe(texts.length);
      const { sources } = (await (await fetch(`${server.baseURL}/api/sources`)).json()) as { sources: Array<{ date: string; occasion: string }> };
      expect(texts).toHaveLength(new Set(sources.map((source) => `${source.date} ${source.occasion}`)).size);
      expect(texts.some((text) => /[2-9] 段摘录/u.test(text))).toBe(true);
      expect(overlaps(await box(page.locator('#chat')), await box(page.locator('#timeline')))).toBe(false);
      await expectInputAndNewestAnswerInView(page, viewport);
      await page.screenshot({ path: path.join(ARTIFACTS, `chat-page-six-answers-${viewport.width}.png`) });
      expect(errors).toEqual([]);
    }, 180_000);
  }

  it('rates an answer from the keyboard, with a comment, and the owner sees it', async () => {
    const { page } = await newPage({ width: 1280, height: 800 });
    await page.goto(`${server.baseURL}/`);
    await askAll(page, ['1998年世界杯冠军是谁？']);
    const unhelpful = page.getByRole('button', { name: '没帮助' }).last();
    await unhelpful.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => unhelpful.getAttribute('aria-pressed')).toBe('true');
    // The comment field takes the focus at once; Enter sends it.
    const focusedLabel = () =>
      page.evaluate(() => {
        let active = document.activeElement;
        while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
        return active?.getAttribute('aria-label');
      });
    expect(await focusedLabel()).toBe('补充说明（可选）');
    await page.keyboard.type('摘录里没有体育内容');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('status').last().innerText()).toBe('谢谢反馈');
    // The rating and then the comment are sent; the status reads the same after each, and answers are
    // recorded in batches, so the owner's report is read until the comment has arrived.
    const unhelpfulAnswers = async () =>
      (
        (await (await fetch(`${server.baseURL}/admin/api/report?days=7`, { headers: { authorization: `Bearer ${TOKEN}` } })).json()) as {
          unhelpful: Array<{ question: string; comment: string }>;
        }
      ).unhelpful;
    await expect
      .poll(unhelpfulAnswers, { timeout: 10_000 })
      .toContainEqual(expect.objectContaining({ question: '1998年世界杯冠军是谁？', comment: '摘录里没有体育内容' }));
  }, 60_000);
});

browserDescribe('the placeholders', () => {
  it('fit their box uncut in Chinese and English, on the page and in the widget, at both sizes', async () => {
    // The widget in Chinese needs a Chinese host page: /demo is English. It is served from the app's own
    // origin, which the app admits.
    const chineseHost = `${server.baseURL}/zh-host`;
    for (const viewport of SIZES) {
      const { page } = await newPage(viewport);
      await page.route(chineseHost, (route) =>
        route.fulfill({
          contentType: 'text/html; charset=utf-8',
          body: '<!doctype html><html lang="zh-CN"><head><meta name="viewport" content="width=device-width, initial-scale=1"></head><body><script src="/widget.js" defer></script></body></html>',
        }),
      );
      for (const address of ['/', '/?lang=en']) {
        await page.goto(`${server.baseURL}${address}`);
        expect({ address, viewport, fits: await placeholderFits(page) }).toEqual({ address, viewport, fits: true });
      }
      for (const [address, open] of [
        [`${server.baseURL}/demo`, 'Open the chat'],
        [chineseHost, '打开问答'],
      ] as const) {
        await page.goto(address);
        await page.getByRole('button', { name: open }).click();
        // The service's placeholder replaces the built-in one once /api/site has answered.
        await expect.poll(() => page.locator('textarea').getAttribute('placeholder')).toMatch(/新质生产力|new quality/u);
        expect({ address, viewport, fits: await placeholderFits(page) }).toEqual({ address, viewport, fits: true });
      }
    }
  }, 60_000);
});

browserDescribe('an answer while it streams', () => {
  it('keeps the end of the text streamed so far in view on a phone, before the answer has finished', async () => {
    // Many cited sentences, then the model stalls: what the reader sees is the answer still streaming,
    // with none of what happens once it is done (its tools, the last scroll).
    const sentences = Array.from(
      { length: 24 },
      (_, index) => `第${index + 1}点，新质生产力的显著特点是创新，既包括技术和业态模式层面的创新，也包括管理和制度层面的创新[1]。`,
    );
    const fake = await startFakeOpenAIServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write(chatChunk({ role: 'assistant', content: '' }));
      for (const sentence of sentences) response.write(chatChunk({ content: sentence }));
      response.write(chatChunk({ content: '此外' }));
    });
    closers.push(fake.close);
    const streaming = await startTestServer({ OPENAI_BASE_URL: fake.baseURL });
    closers.push(streaming.close);
    const viewport = { width: 360, height: 740 };
    const { page, errors } = await newPage(viewport);
    await page.goto(`${streaming.baseURL}/`);
    await page.locator('textarea').fill(QUESTIONS.zh[0]!);
    await page.locator('textarea').press('Enter');
    const text = page.locator('.message.assistant .text').last();
    await expect.poll(() => text.innerText(), { timeout: 20_000 }).toContain('第24点');
    expect(await page.locator('.message.assistant .tools').count()).toBe(0);
    const log = page.locator('.log');
    // The answer is taller than the log, so only scrolling as it grows can show its end.
    expect(await log.evaluate((element) => element.scrollHeight > 2 * element.clientHeight)).toBe(true);
    const view = await box(log);
    const written = await box(text);
    expect(written.y + written.height).toBeLessThanOrEqual(view.y + view.height + 1);
    expect(written.y + written.height).toBeGreaterThan(view.y);
    expect(inside(await box(page.locator('textarea')), { x: 0, y: 0, ...viewport })).toBe(true);
    expect(errors).toEqual([]);
  }, 60_000);
});

browserDescribe('the embedded widget after six answers', () => {
  for (const viewport of SIZES) {
    it(`at ${viewport.width}×${viewport.height}: the input stays on screen and an opened source card is inside the panel's visible area`, async () => {
      const { page, errors } = await newPage(viewport);
      await page.goto(`${server.baseURL}/demo`);
      await page.getByRole('button', { name: 'Open the chat' }).click();
      expect(await placeholderFits(page)).toBe(true);
      await askAll(page, QUESTIONS.en);
      await expectInputAndNewestAnswerInView(page, viewport);
      // Open a source of the newest answer, and then one of the first answer.
      for (const answer of [page.locator('.message.assistant').last(), page.locator('.message.assistant').first()]) {
        const chip = answer.locator('.chip').first();
        await chip.scrollIntoViewIfNeeded();
        await chip.click();
        const card = answer.locator('.card');
        await card.waitFor();
        const log = await box(page.locator('.log'));
        const opened = await box(card);
        // The card's top is in view, and all of it when it fits.
        expect(opened.y).toBeGreaterThanOrEqual(log.y - 1);
        if (opened.height <= log.height) expect(inside(opened, log)).toBe(true);
        expect(inside(await box(page.locator('textarea')), { x: 0, y: 0, ...viewport })).toBe(true);
      }
      await page.screenshot({ path: path.join(ARTIFACTS, `widget-six-answers-${viewport.width}.png`) });
      // Feedback from the keyboard in the widget too.
      const helpful = page.getByRole('button', { name: 'Helpful', exact: true }).last();
      await helpful.focus();
      await page.keyboard.press('Space');
      await expect.poll(() => helpful.getAttribute('aria-pressed')).toBe('true');
      await expect.poll(() => page.getByRole('status').last().innerText()).toBe('Thanks for the feedback');
      expect(errors).toEqual([]);
    }, 180_000);
  }
});
