// Debian's Chromium for the browser tests, found once. CI always runs them (.ci/run installs it);
// a developer without it is told how to get it, and those suites skip.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { describe } from 'vitest';
import { REPOSITORY_ROOT } from './temporary-index.ts';

/** Where the browser tests save their screenshots. */
export const ARTIFACTS = path.join(REPOSITORY_ROOT, 'test-artifacts');

const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Debian's Chromium, or undefined where it is not installed. */
function chromiumPath(): string | undefined {
  try {
    return execFileSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

const CHROMIUM = chromiumPath();

/** Whether browser tests run here: with Chromium, or under CI=true, where its absence is a failure. */
export const BROWSER_TESTS_RUN = Boolean(CHROMIUM) || process.env.CI === 'true';

/** `describe` where the browser tests run, else `describe.skip` with a line saying how to run them. */
export function browserSuite(name: string): typeof describe | typeof describe.skip {
  if (BROWSER_TESTS_RUN) return describe;
  process.stderr.write(`${name} skipped: install Debian's Chromium and CJK fonts to run them (apt-get install -y chromium fonts-noto-cjk).\n`);
  return describe.skip;
}

export async function launchChromium(): Promise<Browser> {
  if (!CHROMIUM) throw new Error('Chromium is not installed: .ci/run installs it with apt-get install -y chromium fonts-noto-cjk');
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
}
