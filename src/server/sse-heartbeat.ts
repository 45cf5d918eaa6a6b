// An SSE comment after every stretch of silence on an answer stream, so that proxies, load
// balancers and clients with read timeouts keep the connection while the model thinks.
import type { Response } from 'express';

export class SseHeartbeat {
  private timer: NodeJS.Timeout | undefined;

  /** @param intervalMs silence before a comment is sent, ms (SSE_HEARTBEAT_MS). */
  constructor(
    private readonly response: Response,
    private readonly intervalMs: number,
  ) {
    this.touch();
  }

  /** Call after each write: the silence starts again. */
  touch(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      if (this.response.writableEnded || this.response.destroyed) return;
      // A comment line: every SSE parser, the OpenAI SDK's included, skips it.
      this.response.write(': heartbeat\n\n');
      this.touch();
    }, this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearTimeout(this.timer);
  }
}
