// End-to-end tests of the widget and the pages in headless Chromium (Debian's, driven by playwright-core).
import { mkdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { buildBundle } from '../../scripts/build-bundles.mjs';
import { WIDGET_BUNDLE, WIDGET_ENTRY } from '../../src/paths.ts';
import { chatResponse, chatChunk, sendJson, startFakeOpenAIServer, type FakeHandler, type FakeOpenAIServer } from '../support/fake-openai-server.ts';
import { ARTIFACTS, BROWSER_TESTS_RUN, browserSuite, launchChromium } from '../support/chromium.ts';
import { sharedTestIndex, startTestServer, type TestServer } from '../support/test-server.ts';

const QUESTION = '新质生产力的显著特点是什么？';

const browserDescribe = browserSuite('Browser tests');

let browser: Browser;
const closers: Array<() => Promise<void>> = [];

beforeAll(async () => {
  if (!BROWSER_TESTS_RUN) return;
  await buildBundle({ entry: WIDGET_ENTRY, outfile: WIDGET_BUNDLE });
  await mkdir(ARTIFACTS, { recursive: true });
  browser = await launchChromium();
}, 60_000);
afterEach(async () => {
  while (closers.length > 0) await closers.pop()!();
});
afterAll(async () => {
  await browser?.close();
  await (await sharedTestIndex()).remove();
});

async function app(environment: Record<string, string> = {}): Promise<TestServer> {
  const server = await startTestServer(environment);
  closers.push(server.close);
  return server;
}
async function fakeModel(handler: FakeHandler): Promise<FakeOpenAIServer> {
  const fake = await startFakeOpenAIServer(handler);
  closers.push(fake.close);
  return fake;
}

/** A page on another origin (another port); its body is made per request, so it can name an app started after it. */
async function hostSite(body: () => string): Promise<string> {
  const server: Server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(body());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function newPage(viewport = { width: 1200, height: 800 }): Promise<{ page: Page; requests: string[]; errors: string[] }> {
  const context = await browser.newContext({ viewport, permissions: ['clipboard-read', 'clipboard-write'] });
  closers.push(() => context.close());
  const page = await context.newPage();
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('pageerror', (error) => errors.push(error.message));
  return { page, requests, errors };
}

browserDescribe('the chat page', () => {
  it('streams an answer with citation chips and opens a source card with the date and occasion', async () => {
    const { baseURL } = await app();
    const { page, errors } = await newPage();
    await page.goto(`${baseURL}/`);
    await page.getByRole('textbox', { name: '你的问题' }).fill(QUESTION);
    await page.getByRole('button', { name: '发送' }).click();
    const chip = page.getByRole('button', { name: '来源 1' }).first();
    await chip.waitFor();
    await expect.poll(() => page.locator('.message.assistant .text').first().innerText()).toContain('「新质生产力的显著特点是创新');
    await chip.click();
    const card = page.locator('.card');
    await expect.poll(() => card.locator('.meta').innerText()).toBe('[1] 2024年1月31日 · 在二十届中央政治局第十一次集体学习时的讲话');
    expect(await card.locator('mark').innerText()).toBe('新质生产力的显著特点是创新，既包括技术和业态模式层面的创新，也包括管理和制度层面的创新。');
    expect(await card.getByRole('link').getAttribute('href')).toMatch(/\/s\/new-quality-productive-forces-3\?hl=\d+-\d+$/u);
    // The timeline lights up the speech the answer cites: one row, with its number of excerpts.
    expect(await page.locator('#timeline li.cited').allInnerTexts()).toEqual([
      expect.stringMatching(/^2024年1月31日\s*4 段摘录\s*在二十届中央政治局第十一次集体学习时的讲话$/u),
    ]);
    await page.screenshot({ path: path.join(ARTIFACTS, 'chat-page-zh.png') });
    // Copy gives the answer with a list of its sources and links to them.
    await page.getByRole('button', { name: '复制答案和来源' }).click();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toContain('「新质生产力的显著特点是创新');
    expect(copied).toMatch(
      /来源:\n\[1\] 2024年1月31日 在二十届中央政治局第十一次集体学习时的讲话 http:\/\/127\.0\.0\.1:\d+\/s\/new-quality-productive-forces-3$/u,
    );
    expect(errors).toEqual([]);
  });

  it('opens an excerpt from the timeline, and keeps the conversation across a reload', async () => {
    const { baseURL } = await app();
    const { page } = await newPage();
    await page.goto(`${baseURL}/`);
    await page.locator('#timeline li').first().getByRole('button').click();
    await expect.poll(() => page.locator('.card .meta').first().innerText()).toContain('2023年9月8日');
    await page.getByRole('button', { name: QUESTION }).click();
    await page.getByRole('button', { name: '来源 1' }).first().waitFor();
    await page.reload();
    await expect.poll(() => page.locator('.message.user').first().innerText()).toBe(QUESTION);
    expect(await page.getByRole('button', { name: '来源 1' }).count()).toBeGreaterThan(0);
  });

  it('serves a shareable excerpt page with the cited range marked', async () => {
    const { baseURL } = await app();
    const { page } = await newPage();
    await page.goto(`${baseURL}/s/${encodeURIComponent('new-quality-productive-forces#3')}?hl=211-255`);
    expect(await page.locator('#hl').innerText()).toBe('新质生产力的显著特点是创新，既包括技术和业态模式层面的创新，也包括管理和制度层面的创新。');
    expect(await page.locator('time').innerText()).toBe('2024-01-31');
  });
});

browserDescribe('the embedded widget', () => {
  /** A host origin, and an app that admits it (or not) serving the widget it embeds. */
  async function embedded(options: { allowHost: boolean; environment?: Record<string, string>; hostHead?: string; hostBody?: string; lang?: string }) {
    let api = '';
    const host = await hostSite(
      () =>
        `<!doctype html><html lang="${options.lang ?? 'en'}"><head>${options.hostHead ?? ''}</head><body>${options.hostBody ?? '<h1>Host</h1>'}<script src="${api}/widget.js" data-title="Ask the speeches" defer></script></body></html>`,
    );
    const server = await app({ ALLOWED_ORIGINS: options.allowHost ? host : 'https://someone-else.example', ...options.environment });
    api = server.baseURL;
    return { host, server };
  }

  async function askInWidget(page: Page, question: string) {
    await page.getByRole('button', { name: /Open the chat|打开问答/u }).click();
    await page.getByRole('textbox').fill(question);
    await page.keyboard.press('Enter');
  }

  it('answers on a page of an origin on ALLOWED_ORIGINS, in the page language, and its screenshot is saved', async () => {
    const { host } = await embedded({ allowHost: true });
    const { page, errors } = await newPage();
    await page.goto(host);
    await askInWidget(page, 'Why are new quality productive forces green productive forces?');
    await page.getByRole('button', { name: 'Source 1' }).first().waitFor();
    expect(await page.locator('.message.assistant .text').first().innerText()).toMatch(/^The excerpts address this/u);
    await page.getByRole('button', { name: 'Source 1' }).first().click();
    await expect.poll(() => page.locator('.card .date').innerText()).toBe('31 January 2024');
    await page.screenshot({ path: path.join(ARTIFACTS, 'widget-panel-en.png') });
    expect(errors).toEqual([]);
  });

  it('answers in Chinese on a Chinese page, and its screenshot is saved', async () => {
    const { host } = await embedded({ allowHost: true, lang: 'zh-CN' });
    const { page } = await newPage();
    await page.goto(host);
    await askInWidget(page, QUESTION);
    await page.getByRole('button', { name: '来源 1' }).first().click();
    await expect.poll(() => page.locator('.card .date').innerText()).toBe('2024年1月31日');
    await page.screenshot({ path: path.join(ARTIFACTS, 'widget-panel-zh.png') });
  });

  it('follows its data-* options: open on load, left, theme colour, title, placeholder and starters', async () => {
    let api = '';
    const host = await hostSite(
      () =>
        `<!doctype html><html lang="en"><body><script src="${api}/widget.js" data-open data-position="left" data-color="#123456" data-title="Reading room" data-placeholder="Type here" data-starters="What is green development?|What about 2025?" defer></script></body></html>`,
    );
    const server = await app({ ALLOWED_ORIGINS: host });
    api = server.baseURL;
    const { page } = await newPage();
    await page.goto(host);
    const dialog = page.getByRole('dialog', { name: 'Reading room' });
    await dialog.waitFor();
    expect((await dialog.boundingBox())!.x).toBeLessThan(100);
    expect(await page.locator('.header').evaluate((header) => getComputedStyle(header).backgroundColor)).toBe('rgb(18, 52, 86)');
    expect(await page.getByRole('textbox').getAttribute('placeholder')).toBe('Type here');
    expect(await page.locator('.starters button').allInnerTexts()).toEqual(['What is green development?', 'What about 2025?']);
  });

  it('shows a clear error in the panel on an origin that is not allowed', async () => {
    const { host } = await embedded({ allowHost: false });
    const { page } = await newPage();
    await page.goto(host);
    await askInWidget(page, QUESTION);
    await expect.poll(() => page.locator('.message.error').innerText()).toContain('this site may not be allowed to use it');
    expect(await page.getByRole('button', { name: 'Retry' }).count()).toBe(1);
  });

  it('renders hostile model output as inert text: nothing runs and nothing off the allowlist is fetched', async () => {
    const payload = [
      '新质生产力的显著特点是创新[1]。',
      '<img src=x onerror="window.__xss=1">',
      '<a href="javascript:window.__xss=2">click</a> [link](javascript:window.__xss=3)',
      '<svg onload="window.__xss=4"><script>window.__xss=5</script></svg>',
      '![tracker](https://tracker.example/pixel.png) <img src="https://tracker.example/x.png">',
    ].join('\n');
    const fake = await fakeModel((request, response) => chatResponse(request, response, payload));
    const { host, server } = await embedded({ allowHost: true, environment: { OPENAI_BASE_URL: fake.baseURL } });
    const { page, requests, errors } = await newPage();
    await page.goto(host);
    await askInWidget(page, QUESTION);
    await expect.poll(() => page.locator('.message.assistant .text').first().innerText()).toContain('<svg onload=');
    await page.getByRole('button', { name: 'Source 1' }).first().click();
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    const rendered = page.locator('.message.assistant').first();
    expect(await rendered.locator('img, svg, script, a[href^="javascript"]').count()).toBe(0);
    expect(await rendered.locator('[onerror], [onload], [onclick]').count()).toBe(0);
    const allowed = [host, server.baseURL];
    expect(requests.filter((url) => !allowed.some((origin) => url.startsWith(origin)))).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('is not restyled by the host page, and does not restyle it', async () => {
    const hostile =
      '<style>* { font-size: 40px !important; color: red !important; letter-spacing: 9px !important } button { display: none !important } div { visibility: hidden !important }</style>';
    const { host } = await embedded({ allowHost: true, hostHead: hostile, hostBody: '<p id="hosted">Host text</p>' });
    const { page } = await newPage();
    await page.goto(`${host}`);
    const hostStyleBefore = await page
      .locator('#hosted')
      .evaluate(
        (element) =>
          getComputedStyle(element).cssText ||
          JSON.stringify([getComputedStyle(element).fontSize, getComputedStyle(element).color, getComputedStyle(element).fontFamily]),
      );
    const launcher = page.getByRole('button', { name: 'Open the chat' });
    await launcher.waitFor({ state: 'visible' });
    await launcher.click();
    const styles = await page.locator('speechcite-chat').evaluate((host) => {
      const root = host.shadowRoot!;
      const heading = root.querySelector('h2')!;
      const send = root.querySelector('.composer button')!;
      return {
        headingSize: getComputedStyle(heading).fontSize,
        headingColor: getComputedStyle(heading).color,
        spacing: getComputedStyle(heading).letterSpacing,
        sendDisplay: getComputedStyle(send).display,
        panelVisibility: getComputedStyle(root.querySelector('.panel')!).visibility,
      };
    });
    expect(styles).toEqual({ headingSize: '16px', headingColor: 'rgb(255, 255, 255)', spacing: 'normal', sendDisplay: 'block', panelVisibility: 'visible' });
    const hostStyleAfter = await page
      .locator('#hosted')
      .evaluate(
        (element) =>
          getComputedStyle(element).cssText ||
          JSON.stringify([getComputedStyle(element).fontSize, getComputedStyle(element).color, getComputedStyle(element).fontFamily]),
      );
    expect(hostStyleAfter).toBe(hostStyleBefore);
    expect(await page.evaluate(() => document.styleSheets.length)).toBe(1);
  });

  it('is keyboard-operable, labelled for screen readers, and fits a 360 px screen', async () => {
    const { host } = await embedded({ allowHost: true });
    const { page } = await newPage({ width: 360, height: 740 });
    await page.goto(host);
    const launcher = page.getByRole('button', { name: 'Open the chat' });
    await launcher.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Ask the speeches' });
    await dialog.waitFor();
    expect(await launcher.getAttribute('aria-expanded')).toBe('true');
    const box = (await dialog.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(360);
    // Focus starts in the question box, and Tab and Shift+Tab never leave the open panel.
    const focused = () =>
      page.evaluate(() => {
        const inside = document.querySelector('speechcite-chat')!.shadowRoot!.activeElement;
        return inside ? (inside.getAttribute('aria-label') ?? inside.textContent ?? inside.tagName) : null;
      });
    expect(await focused()).toBe('Your question');
    const seen = new Set<string | null>();
    for (let step = 0; step < 10; step++) {
      await page.keyboard.press(step < 7 ? 'Tab' : 'Shift+Tab');
      seen.add(await focused());
    }
    expect(seen.has(null)).toBe(false);
    expect(seen).toContain('Close');
    await page.keyboard.press('Escape');
    expect(await dialog.isHidden()).toBe(true);
    expect(await launcher.getAttribute('aria-expanded')).toBe('false');
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('SPEECHCITE-CHAT');
  });

  it('stops generating on request, and retries after an error', async () => {
    let mode: 'slow' | 'fail' | 'ok' = 'slow';
    const fake = await fakeModel((request, response) => {
      if (mode === 'slow') {
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        // Only verified text is shown: one complete, cited sentence, then the model stalls.
        response.write(chatChunk({ role: 'assistant', content: '新质生产力的显著特点是创新[1]。它' }));
      } else if (mode === 'fail') sendJson(response, 503, { error: { message: 'overloaded' } });
      else chatResponse(request, response, '特点是创新[1]。');
    });
    const { host } = await embedded({ allowHost: true, environment: { OPENAI_BASE_URL: fake.baseURL } });
    const { page } = await newPage();
    await page.goto(host);
    await askInWidget(page, QUESTION);
    await expect.poll(() => page.locator('.message.assistant .text').first().innerText()).toContain('新质生产力的显著特点');
    await page.getByRole('button', { name: 'Stop generating' }).click();
    await expect.poll(() => page.locator('.message.assistant .text').first().innerText()).toContain('(stopped)');
    await expect.poll(() => fake.abortedRequests).toBe(1);

    mode = 'fail';
    await page.getByRole('textbox').fill('绿色发展');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.message.error').innerText()).toContain('the model server failed (503)');
    mode = 'ok';
    await page.getByRole('button', { name: 'Retry' }).click();
    await expect.poll(() => page.locator('.message.assistant .text').last().innerText()).toMatch(/^特点是创新1。\n\nSources:\n1 31 January 2024, 在二十届/u);
  });
});
