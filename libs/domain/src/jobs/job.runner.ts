import os from 'node:os';
import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { Actor } from '../services/actor.js';
import type { Job } from './job.entity.js';
import { JOB_HEARTBEAT_MS, JobQueue } from './job.queue.js';

export interface JobContext {
  /** The person who queued the job; handlers pass it on so audit records name them. */
  readonly actor: Actor;
  progress(done: number, total: number | null): void;
}

export type JobHandler = (params: Record<string, unknown>, context: JobContext) => Promise<object>;

const PROGRESS_WRITE_INTERVAL_MS = 1_000;

/**
 * Runs queued jobs in this process: `ixora worker`, and the in-process worker of `ixora serve`.
 * Handlers are registered by kind; a job of a kind this runner does not handle stays queued for
 * a worker that does. Progress is written at most once a second.
 */
@Injectable()
export class JobRunner implements OnApplicationShutdown {
  private readonly logger = new Logger('JobRunner');
  private readonly handlers = new Map<string, JobHandler>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private isStopped = true;
  readonly worker = `${os.hostname()}/${process.pid}`;

  constructor(private readonly queue: JobQueue) {}

  register(kind: string, handler: JobHandler): void {
    this.handlers.set(kind, handler);
  }

  get kinds(): string[] {
    return [...this.handlers.keys()].sort();
  }

  /** Polls for work every `intervalMs` until stopped. */
  start(intervalMs = 1_000): void {
    if (!this.isStopped) return;
    this.isStopped = false;
    const tick = () => {
      if (this.isStopped) return;
      this.running = this.drain()
        .then(() => undefined)
        .catch((error: unknown) => this.logger.error(`job loop: ${(error as Error).message}`))
        .finally(() => {
          if (!this.isStopped) this.timer = setTimeout(tick, intervalMs);
        });
    };
    tick();
  }

  async stop(): Promise<void> {
    this.isStopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  /** Runs queued jobs one after another until none is left; returns how many ran. */
  async drain(): Promise<number> {
    let count = 0;
    for (;;) {
      const job = await this.queue.claim(this.worker, this.kinds);
      if (!job) return count;
      await this.run(job);
      count++;
    }
  }

  private async run(job: Job): Promise<void> {
    const handler = this.handlers.get(job.kind)!;
    let lastWrite = 0;
    let pending: Promise<void> = Promise.resolve();
    const context: JobContext = {
      actor: job.actor,
      progress: (done, total) => {
        const now = Date.now();
        if (now - lastWrite < PROGRESS_WRITE_INTERVAL_MS && done !== total) return;
        lastWrite = now;
        pending = pending.then(() => this.queue.progress(job.id, done, total)).catch(() => undefined);
      },
    };
    const heartbeat = setInterval(
      () => void this.queue.heartbeat(job.id).catch(() => undefined),
      JOB_HEARTBEAT_MS,
    );
    try {
      const result = await handler(job.params, context);
      await pending;
      await this.queue.finish(job.id, { result });
    } catch (error) {
      await pending;
      await this.queue.finish(job.id, { error: (error as Error).message });
    } finally {
      clearInterval(heartbeat);
    }
  }
}
