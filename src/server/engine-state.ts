// The answer engine as the server sees it: absent while the index is being built, then swapped in
// whole, with the excerpt store that routes and pages read.
import { AppError } from '../errors.ts';
import type { ExcerptStore } from '../index/excerpt-store.ts';
import type { AnswerEngine } from '../setup/create-answerer.ts';

export type EngineStatus = 'building' | 'ready' | 'failed';

export class EngineState {
  private current: AnswerEngine | undefined;
  private state: EngineStatus = 'building';

  get status(): EngineStatus {
    return this.state;
  }

  get engine(): AnswerEngine | undefined {
    return this.current;
  }

  /** The excerpts, documents and manifest being served, or undefined before the first index is ready. */
  get store(): ExcerptStore | undefined {
    return this.current?.store;
  }

  /** Replaces the engine in one step, so a request sees either the old index or the new one. */
  ready(engine: AnswerEngine): void {
    this.current = engine;
    this.state = 'ready';
  }

  failed(): void {
    if (!this.current) this.state = 'failed';
  }

  /** The engine, or a 503 saying why there is none. */
  require(): AnswerEngine {
    if (this.current) return this.current;
    throw new AppError(
      'not_ready',
      this.state === 'building'
        ? 'the search index is being built; try again in a few seconds'
        : 'the search index could not be built; the server log says why',
    );
  }

  /** The excerpt store, or a 503 saying why there is none. */
  requireStore(): ExcerptStore {
    return this.require().store;
  }
}
