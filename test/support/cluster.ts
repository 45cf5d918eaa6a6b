// A cluster on loopback for the cluster test and the cluster benchmark: redis-server, replicas of
// the compiled server (dist/server/main.js) sharing one INDEX_DIR, and nginx in front with the
// site configuration from deploy/nginx.conf. Each runs in a temporary folder, on ports of its own.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { request as httpRequest, type Agent } from 'node:http';
import { createServer } from 'node:net';
import path from 'node:path';
import { REPOSITORY_ROOT } from './temporary-index.ts';

export const SERVER_ENTRY = path.join(REPOSITORY_ROOT, 'dist', 'server', 'main.js');
export const CLI_ENTRY = path.join(REPOSITORY_ROOT, 'dist', 'cli', 'main.js');
export const NGINX_SITE = path.join(REPOSITORY_ROOT, 'deploy', 'nginx.conf');

/** The path of a program, or undefined where it is not installed. */
export function programPath(name: string): string | undefined {
  try {
    return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** A port nobody listens on now. */
export async function freePort(): Promise<number> {
  const probe = createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await sleep(50);
  }
  throw new Error(`${what} did not happen within ${timeoutMs} ms`);
}

/** A child process whose output is kept, for assertions on its log lines and for failure messages. */
export class Service {
  output = '';
  readonly exited: Promise<number | null>;

  constructor(
    readonly name: string,
    readonly child: ChildProcess,
  ) {
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Sends the signal and waits for the process to end. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    if (!this.running) return;
    this.child.kill(signal);
    await this.exited;
  }
}

export async function startRedis(directory: string, port: number): Promise<Service> {
  await mkdir(directory, { recursive: true });
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', directory], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const redis = new Service('redis', child);
  await waitFor('redis-server to accept connections', async () => redis.output.includes('Ready to accept connections'), 10_000);
  return redis;
}

export interface ReplicaOptions {
  port: number;
  environment: Record<string, string>;
}

/** Starts the compiled server and waits until /readyz answers 200. */
export async function startReplica(name: string, options: ReplicaOptions): Promise<Service> {
  const child = spawn(process.execPath, [SERVER_ENTRY], {
    cwd: REPOSITORY_ROOT,
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: String(options.port), ...options.environment },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const replica = new Service(name, child);
  const ready = waitFor(`${name} to be ready`, async () => (await fetch(`http://127.0.0.1:${options.port}/readyz`)).ok, 60_000);
  await Promise.race([ready, replica.exited.then((code) => Promise.reject(new Error(`${name} exited (${code}) before it was ready:\n${replica.output}`)))]);
  return replica;
}

/**
 * The site configuration from deploy/nginx.conf with this cluster's ports, inside a minimal main
 * configuration whose files are all in `directory`. `x-upstream` tells the test which replica answered.
 */
export async function startNginx(directory: string, port: number, replicaPorts: readonly number[], workerProcesses: number | 'auto' = 1): Promise<Service> {
  await mkdir(directory, { recursive: true });
  // nginx's workers run as an unprivileged user when the master is root; they write temporary files here.
  await chmod(directory, 0o777);
  const site = (await readFile(NGINX_SITE, 'utf8'))
    .replace(/^\s*server 127\.0\.0\.1:\d+ (.*);$/gmu, '')
    .replace(
      /upstream speechcite \{/u,
      `upstream speechcite {\n${replicaPorts.map((replicaPort) => `    server 127.0.0.1:${replicaPort} max_fails=1 fail_timeout=5s;`).join('\n')}`,
    )
    .replace(/listen 8080;/u, `listen 127.0.0.1:${port};`);
  await writeFile(path.join(directory, 'speechcite.conf'), site);
  const main = `daemon off;
worker_processes ${workerProcesses};
pid ${directory}/nginx.pid;
error_log ${directory}/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${directory}/client-body;
  proxy_temp_path ${directory}/proxy;
  fastcgi_temp_path ${directory}/fastcgi;
  uwsgi_temp_path ${directory}/uwsgi;
  scgi_temp_path ${directory}/scgi;
  add_header x-upstream $upstream_addr always;
  include ${directory}/speechcite.conf;
}
`;
  await writeFile(path.join(directory, 'nginx.conf'), main);
  const child = spawn('nginx', ['-p', directory, '-c', path.join(directory, 'nginx.conf'), '-e', path.join(directory, 'error.log')], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const nginx = new Service('nginx', child);
  const listening = waitFor('nginx to listen', async () => (await fetch(`http://127.0.0.1:${port}/healthz`)).ok, 10_000);
  await Promise.race([
    listening,
    nginx.exited.then(async (code) =>
      Promise.reject(new Error(`nginx exited (${code}):\n${nginx.output}\n${await readFile(path.join(directory, 'error.log'), 'utf8').catch(() => '')}`)),
    ),
  ]);
  return nginx;
}

export interface HttpResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** When the request was sent and when its answer ended (or failed), performance.now() ms. */
  startedAt: number;
  endedAt: number;
  /** A connection error, when there was no HTTP answer at all (status 0). */
  error?: string;
}

/**
 * One HTTP request from a chosen loopback address, so that a test can be many clients: Linux routes
 * the whole of 127.0.0.0/8 to loopback, and nginx sees each address as a different client.
 */
export function send(
  url: string,
  options: { method?: string; body?: unknown; from?: string; timeoutMs?: number; agent?: Agent; headers?: Record<string, string> } = {},
): Promise<HttpResult> {
  const startedAt = performance.now();
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve) => {
    const request = httpRequest(
      url,
      {
        method: options.method ?? (payload ? 'POST' : 'GET'),
        // A new connection each time unless an agent keeps one open.
        agent: options.agent ?? false,
        ...(options.from ? { localAddress: options.from } : {}),
        headers: { ...options.headers, ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}) },
        timeout: options.timeoutMs ?? 30_000,
      },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body, startedAt, endedAt: performance.now() }));
        response.on('error', (error) => resolve({ status: 0, headers: response.headers, body, startedAt, endedAt: performance.now(), error: error.message }));
      },
    );
    request.on('timeout', () => request.destroy(new Error('timed out')));
    request.on('error', (error) => resolve({ status: 0, headers: {}, body: '', startedAt, endedAt: performance.now(), error: error.message }));
    request.end(payload);
  });
}

/** The i-th of many client addresses, 127.0.<1–250>.<1–250>: each its own client to the rate limit. */
export function clientAddress(index: number): string {
  return `127.0.${1 + (Math.floor(index / 250) % 250)}.${1 + (index % 250)}`;
}

/**
 * Keeps `concurrency` requests open until `durationMs` has passed, each from the next client address,
 * with bodies in turn from `requests`; `during` runs meanwhile (a fault to inject).
 */
export async function loadFor(
  durationMs: number,
  concurrency: number,
  requests: ReadonlyArray<{ url: string; body: unknown; headers?: Record<string, string> }>,
  firstAddress: number,
  during?: () => Promise<void>,
): Promise<{ results: HttpResult[]; outstandingAt: (time: number) => number }> {
  const results: HttpResult[] = [];
  let next = 0;
  const until = performance.now() + durationMs;
  const worker = async () => {
    while (performance.now() < until) {
      const { url, body, headers } = requests[next % requests.length]!;
      const address = clientAddress(firstAddress + next++);
      results.push(await send(url, { body, from: address, ...(headers ? { headers } : {}) }));
    }
  };
  const faults = during ? during() : Promise.resolve();
  await Promise.all([...Array.from({ length: concurrency }, worker), faults]);
  return {
    results,
    /** How many requests had been sent and not yet answered at that moment. */
    outstandingAt: (time) => results.filter((result) => result.startedAt <= time && result.endedAt > time).length,
  };
}
