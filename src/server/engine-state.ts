// The answer engine as the server sees it: absent while the index is being built, then swapped in whole.
import { AppError } from '../errors.ts';
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
      this.state === 'building' ? 'the search index is being built; try again in a few seconds' : 'the search index could not be built; the server log says why',
    );
  }
}
