import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Actor } from '../services/actor.js';

export const JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** A long operation (IRR refresh, RPKI load, PeeringDB sync, config build or deploy) as a durable job. */
@Entity()
export class Job {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: string;
  @Column({ type: 'text' }) kind: string;
  @Column({ type: 'jsonb', default: () => "'{}'" }) params: Record<string, unknown>;
  @Column({ type: 'text', default: 'queued' }) status: JobStatus;
  @Column({ type: 'integer', default: 0 }) progressDone: number;
  @Column({ type: 'integer', nullable: true }) progressTotal: number | null;
  @Column({ type: 'jsonb', nullable: true }) result: object | null;
  @Column({ type: 'text', nullable: true }) error: string | null;
  /** Who queued it; the job runs as this actor, so audit records name the person. */
  @Column({ type: 'jsonb' }) actor: Actor;
  @Column({ type: 'text', nullable: true }) worker: string | null;
  @Column({ type: 'timestamptz', default: () => 'now()' }) createdAt: Date;
  @Column({ type: 'timestamptz', nullable: true }) startedAt: Date | null;
  /** Written every half minute while a worker runs the job; a stale one means the worker died. */
  @Column({ type: 'timestamptz', nullable: true }) heartbeatAt: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) finishedAt: Date | null;
}
