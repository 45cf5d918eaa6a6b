// Debian's Chromium, found once and launched with the flags every browser run here uses. Without vitest, so
// that the benches launch it the same way as the tests.
import { execFileSync } from 'node:child_process';
import { type Browser, chromium } from 'playwright-core';

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

let found: { path: string | undefined } | undefined;

/** Where Debian's Chromium is installed, or undefined; looked up on first use. */
export function chromiumPath(): string | undefined {
  found ??= { path: lookUpChromium() };
  return found.path;
}

function lookUpChromium(): string | undefined {
  try {
    return execFileSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Launches Chromium headless; where it is missing, throws saying how to install it. */
export async function launchChromium(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error('Chromium is not installed: .ci/run installs it with apt-get install -y chromium fonts-noto-cjk');
  return chromium.launch({ executablePath, args: CHROMIUM_FLAGS });
}
