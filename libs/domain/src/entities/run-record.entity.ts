import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const RUN_STATUSES = ['running', 'succeeded', 'partial', 'failed'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** Every sync and job: started, finished, counts, error. Written through `recordRun`. */
@Entity()
export class RunRecord {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: string;
  @Column({ type: 'text' }) kind: string;
  @Column({ type: 'timestamptz', default: () => 'now()' }) startedAt: Date;
  @Column({ type: 'timestamptz', nullable: true }) finishedAt: Date | null;
  @Column({ type: 'text', default: 'running' }) status: RunStatus;
  @Column({ type: 'jsonb', default: () => "'{}'" }) counts: Record<string, number>;
  @Column({ type: 'text', nullable: true }) error: string | null;
  /** Written every half minute while the run's process works; a stale one means the process died. */
  @Column({ type: 'timestamptz', default: () => 'now()' }) heartbeatAt: Date;
  /** `host/pid` of the process doing the run. */
  @Column({ type: 'text', nullable: true }) process: string | null;
}
