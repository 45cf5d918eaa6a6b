// Debian's Chromium for the browser tests, found once. CI always runs them (.ci/run installs it);
// a developer without it is told how to get it, and those suites skip.
import path from 'node:path';
import { describe } from 'vitest';
import { chromiumPath } from './chromium-launch.ts';
import { REPOSITORY_ROOT } from './temporary-index.ts';

export { launchChromium } from './chromium-launch.ts';

/** Where the browser tests save their screenshots. */
export const ARTIFACTS = path.join(REPOSITORY_ROOT, 'test-artifacts');

/** Whether browser tests run here: with Chromium, or under CI=true, where its absence is a failure. */
export const BROWSER_TESTS_RUN = Boolean(chromiumPath()) || process.env.CI === 'true';

/** `describe` where the browser tests run, else `describe.skip` with a line saying how to run them. */
export function browserSuite(name: string): typeof describe | typeof describe.skip {
  if (BROWSER_TESTS_RUN) return describe;
  process.stderr.write(`${name} skipped: install Debian's Chromium and CJK fonts to run them (apt-get install -y chromium fonts-noto-cjk).\n`);
  return describe.skip;
}
