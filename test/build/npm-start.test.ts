// `npm start` runs the compiled server under npm: a SIGTERM sent to npm's own process (what a
// process manager or a container runtime signals) must reach the server, which drains and frees its port.
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPOSITORY_ROOT, temporaryDirectory } from '../support/temporary-index.ts';

/** A port nobody listens on now. */
async function freePort(): Promise<number> {
  const probe = createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

async function portAcceptsConnections(port: number): Promise<boolean> {
  const probe = createServer().listen(port, '127.0.0.1');
  const outcome = await Promise.race([once(probe, 'listening').then(() => false), once(probe, 'error').then(() => true)]);
  await new Promise((resolve) => probe.close(() => resolve(undefined)));
  return outcome;
}

async function waitUntilReady(url: string, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    const response = await fetch(`${url}/readyz`).catch(() => undefined);
    if (response?.ok) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the server at ${url} was not ready in time`);
}

let indexDir: Awaited<ReturnType<typeof temporaryDirectory>>;
let dataDir: Awaited<ReturnType<typeof temporaryDirectory>>;
beforeAll(async () => {
  indexDir = await temporaryDirectory();
  dataDir = await temporaryDirectory();
  // `npm start` builds first (prestart); the test compiles the server itself and skips npm's
  // pre-scripts, so that it does not rewrite the widget bundle other tests are serving.
  const build = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { cwd: REPOSITORY_ROOT, encoding: 'utf8' });
  expect(build.status, build.stdout + build.stderr).toBe(0);
}, 120_000);
afterAll(async () => {
  await indexDir.remove();
  await dataDir.remove();
});

describe('npm start', () => {
  it('passes SIGTERM to the server, which finishes and frees its port; the data folder is made on first start', async () => {
    const port = await freePort();
    const npm = spawn('npm', ['start', '--ignore-scripts'], {
      cwd: REPOSITORY_ROOT,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        INDEX_DIR: indexDir.path,
        DATA_DIR: path.join(dataDir.path, 'data'),
        DATABASE_URL: '',
        LOG_LEVEL: 'silent',
        OPENAI_API_KEY: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    npm.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    npm.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = once(npm, 'exit');
    try {
      await waitUntilReady(`http://127.0.0.1:${port}`, Date.now() + 90_000);
      expect(output).toContain('node dist/server/main.js');
      expect(existsSync(path.join(dataDir.path, 'data', 'analytics.sqlite'))).toBe(true);

      npm.kill('SIGTERM');
      await exited;
      expect(output).toContain('SIGTERM: finishing open requests');
      // npm has exited; had the server been left behind, it would still hold the port.
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(await portAcceptsConnections(port)).toBe(false);
    } finally {
      if (npm.exitCode === null) npm.kill('SIGKILL');
    }
  }, 120_000);
});
