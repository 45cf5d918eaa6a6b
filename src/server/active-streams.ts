// The answers in progress, so that a client going away cancels its upstream request and a
// shutdown can end every open stream with a terminal event.
export class ActiveStreams {
  private readonly controllers = new Set<AbortController>();
  private closing = false;

  get shuttingDown(): boolean {
    return this.closing;
  }

  get size(): number {
    return this.controllers.size;
  }

  open(): AbortController {
    const controller = new AbortController();
    this.controllers.add(controller);
    return controller;
  }

  close(controller: AbortController): void {
    this.controllers.delete(controller);
  }

  /** Cancels every answer in progress; their streams then end with a shutting_down error event. */
  shutDown(): void {
    this.closing = true;
    for (const controller of this.controllers) controller.abort();
  }
}
