import { Inject, Injectable, Logger, Optional, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { IXORA_CLOCK, IXORA_CONFIG, systemClock, type Clock, type IxoraConfig } from '@ixora/config';
import type { Actor } from '../services/actor.js';
import { Job } from './job.entity.js';

/** Scheduled jobs run as this actor, so run and audit records say nobody clicked. */
export const SCHEDULER_ACTOR: Actor = Object.freeze({
  label: 'scheduler',
  userId: null,
  role: 'admin',
  memberId: null,
});

/**
 * Queues the periodic refreshes (IRR, RPKI, PeeringDB) when their interval has passed since the
 * last one was queued, and never while one of the same kind is still queued or running. Every
 * worker may run a scheduler: an advisory lock lets one of them decide at a time.
 */
@Injectable()
export class JobScheduler implements OnApplicationShutdown {
  private readonly logger = new Logger('JobScheduler');
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(IXORA_CONFIG) private readonly config: IxoraConfig,
    @Optional() @Inject(IXORA_CLOCK) private readonly clock: Clock = systemClock,
  ) {}

  private intervals(): [kind: string, minutes: number][] {
    const m = this.config.scheduleMinutes;
    return (
      [
        ['irr.refresh', m.irr],
        ['rpki.refresh', m.rpki],
        ['peeringdb.sync', m.peeringdb],
      ] as [string, number][]
    ).filter(([, minutes]) => minutes > 0);
  }

  get isActive(): boolean {
    return this.intervals().length > 0;
  }

  /** Queues what is due; returns the kinds it queued. */
  async tick(now: Date = this.clock.now()): Promise<string[]> {
    const due = this.intervals();
    if (due.length === 0) return [];
    return this.dataSource.transaction(async (tx) => {
      const [lock] = await tx.query<{ locked: boolean }[]>(
        `SELECT pg_try_advisory_xact_lock(7447002) AS locked`,
      );
      if (!lock?.locked) return [];
      const queued: string[] = [];
      for (const [kind, minutes] of due) {
        const last = await tx.findOne(Job, { where: { kind }, order: { id: 'DESC' } });
        const isBusy = last?.status === 'queued' || last?.status === 'running';
        const isDue = !last || now.getTime() - last.createdAt.getTime() >= minutes * 60_000;
        if (isBusy || !isDue) continue;
        // Created at the scheduler's own time, so the next interval is measured on one clock.
        await tx.save(
          tx.create(Job, {
            kind,
            params: {},
            actor: { ...SCHEDULER_ACTOR },
            status: 'queued',
            createdAt: now,
          }),
        );
        queued.push(kind);
      }
      return queued;
    });
  }

  start(intervalMs = 60_000): void {
    if (this.timer || !this.isActive) return;
    const run = () =>
      void this.tick().catch((error: unknown) => this.logger.error(`scheduler: ${(error as Error).message}`));
    run();
    this.timer = setInterval(run, intervalMs);
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
