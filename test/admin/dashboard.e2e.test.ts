// The owner's dashboard in headless Chromium (Debian's, via playwright-core): sign-in, the figures
// from real answers and feedback, the uPlot chart, the period selector and CSV export, in Chinese
// and English, at a desktop and a phone width. Screenshots go to test-artifacts/.
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { buildBundle } from '../../scripts/build-bundles.mjs';
import { ADMIN_BUNDLE, ADMIN_ENTRY } from '../../src/paths.ts';
import { ARTIFACTS, BROWSER_TESTS_RUN, browserSuite, launchChromium } from '../support/chromium.ts';
import { temporaryDirectory } from '../support/temporary-index.ts';
import { postJson, sharedTestIndex, startTestServer, type TestServer } from '../support/test-server.ts';

const TOKEN = 'dashboard-owner-token-0123456789';
const COVERED = '新质生产力的显著特点是什么？';
const NOT_COVERED = '1998年世界杯冠军是谁？';
const COMMENT = '没有回答我的问题';

const browserDescribe = browserSuite('Dashboard browser tests');

let browser: Browser;
let server: TestServer;
const closers: Array<() => Promise<void>> = [];

beforeAll(async () => {
  if (!BROWSER_TESTS_RUN) return;
  await buildBundle({ entry: ADMIN_ENTRY, outfile: ADMIN_BUNDLE });
  await mkdir(ARTIFACTS, { recursive: true });
  const data = await temporaryDirectory();
  server = await startTestServer({ ANALYTICS: 'true', DATA_DIR: path.join(data.path, 'data'), ADMIN_TOKEN: TOKEN });
  closers.push(data.remove);
  // Real answers and feedback: the dashboard shows what they recorded.
  const ask = async (question: string) =>
    ((await (await postJson(`${server.baseURL}/api/chat`, { messages: [{ role: 'user', content: question }], stream: false })).json()) as { id: string }).id;
  await ask(COVERED);
  await ask(COVERED);
  const gap = await ask(NOT_COVERED);
  expect((await postJson(`${server.baseURL}/api/feedback`, { answerId: gap, rating: 'down', comment: COMMENT })).status).toBe(204);
  browser = await launchChromium();
}, 120_000);
afterEach(async () => {
  while (closers.length > 1) await closers.pop()!();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  while (closers.length > 0) await closers.pop()!();
  await (await sharedTestIndex()).remove();
});

async function signedInPage(language: 'zh' | 'en', viewport = { width: 1280, height: 800 }): Promise<{ page: Page; requests: string[]; errors: string[] }> {
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  closers.push(() => context.close());
  const page = await context.newPage();
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${server.baseURL}/admin?lang=${language}`);
  await page.locator('#token').fill(TOKEN);
  await page.keyboard.press('Enter');
  await page.locator('#total-questions .value').waitFor();
  return { page, requests, errors };
}

browserDescribe("the owner's dashboard", () => {
  it('turns a wrong token away, then signs in with the right one; the session cookie is not readable by script', async () => {
    const context = await browser.newContext();
    closers.push(() => context.close());
    const page = await context.newPage();
    await page.goto(`${server.baseURL}/admin`);
    await page.getByLabel('管理令牌').fill('wrong-token-0123456789');
    await page.getByRole('button', { name: '登录' }).click();
    expect(await page.getByRole('alert').innerText()).toBe('令牌不正确。');
    expect(await page.locator('#dashboard').count()).toBe(0);
    await page.getByLabel('管理令牌').fill(TOKEN);
    await page.getByRole('button', { name: '登录' }).click();
    await page.locator('#total-questions .value').waitFor();
    expect(await page.evaluate('document.cookie')).toBe('');
  });

  it('shows questions, coverage, gaps, unhelpful answers with comments and cited speeches, in Chinese, with a chart and nothing from another origin', async () => {
    const { page, requests, errors } = await signedInPage('zh');
    expect(await page.locator('#total-questions .value').innerText()).toBe('3');
    expect(await page.locator('#total-not-covered .value').innerText()).toBe('1');
    expect(await page.locator('#total-unhelpful .value').innerText()).toBe('1');
    expect(await page.locator('#top-questions tbody tr').first().innerText()).toMatch(new RegExp(`${COVERED}\\s+2`, 'u'));
    expect(await page.locator('#gaps tbody').innerText()).toContain(NOT_COVERED);
    expect(await page.locator('#unhelpful tbody').innerText()).toContain(COMMENT);
    expect(await page.locator('#top-speeches tbody tr').count()).toBeGreaterThan(0);
    expect(await page.locator('#top-speeches-title').innerText()).toBe('被引用最多的讲话');
    // uPlot drew the chart into a canvas of the panel's width.
    const canvas = await page.locator('#per-day-chart canvas').boundingBox();
    expect(canvas!.width).toBeGreaterThan(600);
    expect(canvas!.height).toBeGreaterThan(150);
    expect(await page.locator('#per-day-chart .u-legend').innerText()).toContain('资料未涵盖');
    await page.screenshot({ path: path.join(ARTIFACTS, 'admin-dashboard-zh.png'), fullPage: true });
    expect(requests.every((url) => url.startsWith(server.baseURL))).toBe(true);
    expect(errors).toEqual([]);
  });

  it('in English: the period selector reloads the figures and the exports follow it; CSV downloads hold the questions and feedback', async () => {
    const { page } = await signedInPage('en');
    expect(await page.locator('#gaps-title').innerText()).toBe('Questions the collection does not cover (content gaps)');
    const reloaded = page.waitForResponse((response) => response.url().includes('/admin/api/report?days=7'));
    await page.getByLabel('Period').selectOption('7');
    await reloaded;
    await expect.poll(() => page.locator('#export-questions').getAttribute('href')).toBe('/admin/export/questions.csv?days=7');
    expect(page.url()).toMatch(/days=7/u);
    expect(await page.locator('#total-questions .value').innerText()).toBe('3');
    // The chart counts UTC days: hovering the newest bar names its day as the tables do, not an hour.
    const plot = await page.locator('#per-day-chart .u-over').boundingBox();
    await page.mouse.move(plot!.x + plot!.width - 5, plot!.y + plot!.height / 2);
    const legendDay = page.locator('#per-day-chart .u-legend .u-series').first().locator('.u-value');
    await expect.poll(() => legendDay.innerText()).toBe(new Date().toISOString().slice(0, 10));
    await page.mouse.move(0, 0);
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#export-feedback').click()]);
    expect(download.suggestedFilename()).toMatch(/^speechcite-feedback-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/u);
    const csv = await readFile((await download.path())!, 'utf8');
    expect(csv).toContain(COMMENT);
    expect(csv).toContain(NOT_COVERED);
    await page.screenshot({ path: path.join(ARTIFACTS, 'admin-dashboard-en.png'), fullPage: true });
    // Signing out ends the session: the data is no longer reachable.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.locator('#token').waitFor();
    expect((await page.request.get(`${server.baseURL}/admin/api/report`)).status()).toBe(401);
  });

  it('fits a 360 px phone: nothing wider than the screen', async () => {
    const { page } = await signedInPage('zh', { width: 360, height: 740 });
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    const canvas = await page.locator('#per-day-chart canvas').boundingBox();
    expect(canvas!.x + canvas!.width).toBeLessThanOrEqual(360);
    await page.screenshot({ path: path.join(ARTIFACTS, 'admin-dashboard-360.png'), fullPage: true });
  });
});
