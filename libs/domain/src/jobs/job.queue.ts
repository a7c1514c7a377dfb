import { Inject, Injectable, Optional } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { IXORA_CLOCK, systemClock, type Clock } from '@ixora/config';
import { invalidValue, notFound } from '@ixora/errors';
import type { Page, PageRequest } from '../repositories/page.js';
import { requireAdmin, type Actor } from '../services/actor.js';
import { writeAudit } from '../services/audit.writer.js';
import { failStaleRuns } from '../runs/run.recorder.js';
import { parseBigintId } from '../services/validate.js';
import { Job } from './job.entity.js';

/** What a job may be: its kind and a check of its parameters (the API validates them first too). */
/** Heartbeats come every 30 s; five missed ones mean the worker is gone. */
export const JOB_HEARTBEAT_MS = 30_000;
const ABANDONED_AFTER_MS = 5 * JOB_HEARTBEAT_MS;

export const JOB_KINDS = [
  'irr.refresh',
  'rpki.refresh',
  'peeringdb.sync',
  'config.build',
  'config.deploy',
  'config.rollback',
] as const;
export type JobKind = (typeof JOB_KINDS)[number];

/**
 * The job table as a queue: `enqueue` from the API or CLI, `claim` by a worker with
 * `FOR UPDATE SKIP LOCKED` so several workers can run and each job runs exactly once.
 */
@Injectable()
export class JobQueue {
  private lastSweepMs = 0;

  constructor(
    private readonly dataSource: DataSource,
    @Optional() @Inject(IXORA_CLOCK) private readonly clock: Clock = systemClock,
  ) {}

  async enqueue(actor: Actor, kind: string, params: Record<string, unknown> = {}): Promise<Job> {
    requireAdmin(actor);
    if (!JOB_KINDS.includes(kind as JobKind))
      throw invalidValue('kind', kind, `must be one of ${JOB_KINDS.join(', ')}`);
    return this.dataSource.transaction(async (tx) => {
      const job = await tx.save(tx.create(Job, { kind, params, actor: { ...actor }, status: 'queued' }));
      await writeAudit(tx, actor, 'job.enqueue', 'job', job.id, null, { kind, params });
      return job;
    });
  }

  async get(actor: Actor, id: unknown): Promise<Job> {
    requireAdmin(actor);
    const job = await this.dataSource.manager.findOneBy(Job, { id: parseBigintId(id) });
    if (!job) throw notFound('job', id);
    return job;
  }

  async list(actor: Actor, page: PageRequest): Promise<Page<Job>> {
    requireAdmin(actor);
    const [items, total] = await this.dataSource.manager.findAndCount(Job, {
      order: { id: 'DESC' },
      take: page.limit,
      skip: page.offset,
    });
    return { items, total, ...page };
  }

  /** Takes the oldest queued job of the given kinds for this worker, or none. */
  async claim(worker: string, kinds: readonly string[]): Promise<Job | null> {
    if (kinds.length === 0) return null;
    // Workers poll every second; looking for abandoned jobs once per heartbeat period is enough.
    if (Date.now() - this.lastSweepMs >= JOB_HEARTBEAT_MS) {
      this.lastSweepMs = Date.now();
      await this.sweep();
    }
    // TypeORM answers an UPDATE … RETURNING with [rows, affected].
    const [rows] = await this.dataSource.query<[{ id: string }[], number]>(
      `UPDATE job SET status = 'running', started_at = now(), heartbeat_at = now(), worker = $1
        WHERE id = (SELECT id FROM job WHERE status = 'queued' AND kind = ANY($2::text[])
                     ORDER BY id FOR UPDATE SKIP LOCKED LIMIT 1)
        RETURNING id`,
      [worker, kinds],
    );
    const claimedId = rows[0]?.id;
    return claimedId === undefined ? null : this.dataSource.manager.findOneBy(Job, { id: claimedId });
  }

  async progress(id: string, done: number, total: number | null): Promise<void> {
    await this.dataSource.manager.update(Job, { id }, { progressDone: done, progressTotal: total });
  }

  async finish(id: string, outcome: { result: object } | { error: string }): Promise<void> {
    // Job times (claim, heartbeat, finish, the abandoned sweep) are all the database's clock, so
    // workers on machines whose clocks differ still agree on which job is abandoned.
    await this.dataSource.query(
      `UPDATE job SET status = $2, result = $3, error = $4, finished_at = now() WHERE id = $1`,
      [
        id,
        'result' in outcome ? 'succeeded' : 'failed',
        'result' in outcome ? JSON.stringify(outcome.result) : null,
        'error' in outcome ? outcome.error : null,
      ],
    );
  }

  /** Tells the queue this worker still runs the job. */
  async heartbeat(id: string): Promise<void> {
    await this.dataSource.query(`UPDATE job SET heartbeat_at = now() WHERE id = $1`, [id]);
  }

  /** Fails abandoned jobs and the run records whose process ended without finishing them. */
  async sweep(): Promise<void> {
    await this.failAbandoned();
    await failStaleRuns(this.dataSource, { clock: this.clock });
  }

  /**
   * A running job whose worker stopped sending heartbeats is failed, not run again: its handler
   * may have done part of its work (a deploy, say), so a person decides whether to queue it anew.
   */
  async failAbandoned(staleAfterMs = ABANDONED_AFTER_MS): Promise<number> {
    const [rows] = await this.dataSource.query<[{ id: string }[], number]>(
      `UPDATE job SET status = 'failed', finished_at = now(),
              error = 'the worker ' || coalesce(worker, '?') || ' stopped while running this job'
        WHERE status = 'running' AND heartbeat_at < now() - make_interval(secs => $1)
        RETURNING id`,
      [staleAfterMs / 1000],
    );
    return rows.length;
  }
}
