// On the chat page, in Chromium: how long from pressing Enter until the first answer text shows,
// offline. Skipped (null) where no Chromium is installed.
import { pino } from 'pino';
import { loadConfig } from '../src/config/config.ts';
import { startServer } from '../src/server/start-server.ts';
import { buildBundle } from '../scripts/build-bundles.mjs';
import { WIDGET_BUNDLE, WIDGET_ENTRY } from '../src/paths.ts';
import { chromiumPath, launchChromium } from '../test/support/chromium-launch.ts';
import { percentile, round } from './stats.ts';

/** Runs in the page (a string, so that this Node-side file needs no DOM types). */
const IN_PAGE_TIMER = `new Promise((resolve) => {
  const root = document.querySelector('#chat').shadowRoot;
  const started = performance.now();
  const observer = new MutationObserver(() => {
    const text = root.querySelector('.message.assistant .text');
    if (text && text.textContent) { observer.disconnect(); resolve(performance.now() - started); }
  });
  observer.observe(root, { subtree: true, childList: true, characterData: true });
  root.querySelector('textarea').dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
})`;

export async function benchFirstAnswer(indexDir: string, runs: number) {
  if (!chromiumPath()) return null;
  await buildBundle({ entry: WIDGET_ENTRY, outfile: WIDGET_BUNDLE });
  const running = await startServer(
    loadConfig({ INDEX_DIR: indexDir, PORT: '0', EMBEDDER: 'local', OPENAI_API_KEY: '', OPENAI_BASE_URL: '', RATE_LIMIT_PER_MINUTE: '100000' }),
    { logger: pino({ level: 'silent' }), print: () => undefined },
  );
  await running.ready;
  const browser = await launchChromium();
  try {
    const times: number[] = [];
    for (let run = 0; run < runs + 1; run++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${running.url}/`);
      await page.getByRole('textbox').fill('新质生产力的显著特点是什么？');
      // Timed inside the page: from the key press to the first answer text in the DOM.
      const elapsed = (await page.evaluate(IN_PAGE_TIMER)) as number;
      if (run > 0) times.push(elapsed);
      await context.close();
    }
    return { runs, firstTextMs: { p50: round(percentile(times, 50)), max: round(Math.max(...times)) } };
  } finally {
    await browser.close();
    await running.close();
  }
}
