// Keeps the server on the newest index without blocking it: a re-ingest runs in a child process
// (the ingest command, which publishes its build atomically), and a change of the index's `current`
// link is picked up, loaded with asynchronous reads, and swapped in whole.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import { currentBuildPath } from '../index/index-files.ts';
import { CHILD_NODE_ARGUMENTS, ownModule } from '../paths.ts';
import type { AnswerEngine } from '../setup/create-answerer.ts';
import type { EngineState } from './engine-state.ts';

const CLI = fileURLToPath(ownModule('cli/main'));

export interface ReloaderOptions {
  indexDir: string;
  state: EngineState;
  logger: Logger;
  /** Loads the current index and makes an engine for it. */
  loadEngine: () => Promise<AnswerEngine>;
  /** How often to look for a new build, ms. */
  pollMs: number;
  /** The environment a re-ingest runs with: the server's own, so that it builds with the same settings. */
  environment: NodeJS.ProcessEnv;
}

export class IndexReloader {
  private loadedBuild: string | undefined;
  /** The last build that could not be loaded: not tried again until another is published. */
  private refusedBuild: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private reloading: Promise<void> | undefined;
  private ingest: Promise<number> | undefined;

  constructor(private readonly options: ReloaderOptions) {}

  /** Records the build the server loaded at start and begins watching for newer ones. */
  async start(): Promise<void> {
    this.loadedBuild = await currentBuildPath(this.options.indexDir);
    this.timer = setInterval(() => void this.check(), this.options.pollMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Loads and swaps in the current build if it is not the one being served. */
  check(): Promise<void> {
    this.reloading ??= (async () => {
      let build: string | undefined;
      try {
        build = await currentBuildPath(this.options.indexDir);
        if (!build || build === this.loadedBuild || build === this.refusedBuild) return;
        const started = performance.now();
        const engine = await this.options.loadEngine();
        const previous = this.options.state.engine;
        this.options.state.ready(engine);
        // The old engine finishes the questions it has, then lets its retrieval thread go.
        void previous?.retriever.close();
        this.loadedBuild = build;
        this.options.logger.info(
          { build, loadMs: Math.round(performance.now() - started), chunks: engine.store.manifest.counts.chunks },
          'swapped in a new index',
        );
      } catch (error) {
        // Logged once per refused build (an unreadable `current` link counts as one), not on every poll.
        const refused = build ?? 'the current link';
        if (refused !== this.refusedBuild)
          this.options.logger.error({ err: error, build }, 'a new index could not be loaded; still serving the previous one until another build is published');
        this.refusedBuild = refused;
      } finally {
        this.reloading = undefined;
      }
    })();
    return this.reloading;
  }

  /** Rebuilds the index in a child process, then swaps it in; resolves with the child's exit code. */
  reingest(environment: NodeJS.ProcessEnv = this.options.environment): Promise<number> {
    this.ingest ??= new Promise<number>((resolve) => {
      const child = spawn(process.execPath, [...CHILD_NODE_ARGUMENTS, CLI, 'ingest'], { env: environment, stdio: ['ignore', 'ignore', 'pipe'] });
      let errors = '';
      child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
      child.once('exit', async (code) => {
        // A non-zero exit may still have published a build (files that did not parse are left out of it): check either way.
        await this.check();
        if (code !== 0)
          this.options.logger.error({ code, stderr: errors.slice(0, 2000) }, 're-ingest failed or left corpus files out; serving the newest published index');
        this.ingest = undefined;
        resolve(code ?? 1);
      });
    });
    return this.ingest;
  }
}
