// The answers in progress, so that a client going away cancels its upstream request and a
// shutdown can end every open stream with a terminal event; and the responses in progress, so that
// a drain can close each one's connection when it ends (Node keeps them alive through server.close()).
import type { ServerResponse } from 'node:http';
import { AppError } from '../errors.ts';

export class ActiveStreams {
  private readonly controllers = new Set<AbortController>();
  private readonly responses = new Set<ServerResponse>();
  private draining = false;
  /** Answers waiting for their turn, first come first served; one is let through per turn of the event loop. */
  private readonly waiting: Array<() => void> = [];
  private turnScheduled = false;
  private stopped = false;

  /** True from the start of a drain: no new answer starts, and every response closes its connection. */
  get isDraining(): boolean {
    return this.draining;
  }

  /** True once the answers in progress were cancelled by a shutdown (not by their clients). */
  get shuttingDown(): boolean {
    return this.stopped;
  }

  get size(): number {
    return this.controllers.size;
  }

  /** A cancellation for a new answer; during a drain, a 503 instead, for the client to ask again elsewhere. */
  open(): AbortController {
    if (this.draining) throw new AppError('shutting_down', 'the server is restarting; please ask again in a moment');
    const controller = new AbortController();
    this.controllers.add(controller);
    return controller;
  }

  /**
   * Relays an answer's events, each step of the answer taken on a turn of its own: between two steps
   * of any answers, the event loop reads sockets. Without it, 500 answers whose retrievals came back
   * together (a worker thread's replies arrive in one batch) composed back to back, and /healthz waited a second.
   */
  async *takingTurns<T>(events: AsyncIterable<T>): AsyncIterable<T> {
    const iterator = events[Symbol.asyncIterator]();
    try {
      while (true) {
        await this.turn();
        const next = await iterator.next();
        if (next.done) return;
        yield next.value;
      }
    } finally {
      await iterator.return?.();
    }
  }

  /** Resolves on a turn of the event loop of its own, after the ones asked for before it. */
  turn(): Promise<void> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      if (!this.turnScheduled) this.scheduleTurn();
    });
  }

  private scheduleTurn(): void {
    this.turnScheduled = true;
    // An immediate set from an immediate runs on the loop's next turn, after it has polled for I/O.
    setImmediate(() => {
      this.turnScheduled = false;
      this.waiting.shift()?.();
      if (this.waiting.length > 0) this.scheduleTurn();
    });
  }

  close(controller: AbortController): void {
    this.controllers.delete(controller);
  }

  /** Notes a response from its start; during a drain, it closes its connection. */
  track(response: ServerResponse): void {
    if (this.draining) {
      response.setHeader('connection', 'close');
      return;
    }
    this.responses.add(response);
    response.once('close', () => this.responses.delete(response));
  }

  /** Refuses new answers while the ones in progress run on; each response in progress closes its connection when it ends. */
  drain(): void {
    if (this.draining) return;
    this.draining = true;
    for (const response of this.responses) {
      if (!response.headersSent) response.setHeader('connection', 'close');
      else {
        // Its headers promised keep-alive; the socket is closed once the response has been written
        // (taken now: Node detaches it from the response as the response finishes).
        const socket = response.socket;
        response.once('finish', () => socket?.destroySoon());
      }
    }
    this.responses.clear();
  }

  /** Cancels every answer in progress; their streams then end with a shutting_down error event. */
  shutDown(): void {
    this.draining = true;
    this.stopped = true;
    for (const controller of this.controllers) controller.abort();
  }
}
