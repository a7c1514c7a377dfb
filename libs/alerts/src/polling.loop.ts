import type { Logger } from '@nestjs/common';

/**
 * Runs `work` now and then again `intervalMs` after each run ends (never two runs at once). A
 * failed run is logged and the loop goes on; `stop` waits for the run in progress.
 */
export class PollingLoop {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private isStopped = true;

  constructor(
    private readonly what: string,
    private readonly work: () => Promise<unknown>,
    private readonly logger: Logger,
  ) {}

  start(intervalMs: number): void {
    if (!this.isStopped) return;
    this.isStopped = false;
    const tick = (): void => {
      this.running = this.work()
        .catch((error: unknown) => this.logger.error(`${this.what}: ${(error as Error).message}`))
        .finally(() => {
          if (this.isStopped) return;
          this.timer = setTimeout(tick, intervalMs);
          this.timer.unref();
        });
    };
    tick();
  }

  async stop(): Promise<void> {
    this.isStopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }
}
