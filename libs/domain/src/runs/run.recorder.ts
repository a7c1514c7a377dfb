import os from 'node:os';
import type { DataSource } from 'typeorm';
import { systemClock, type Clock } from '@ixora/config';
import { RunRecord, type RunStatus } from '../entities/run-record.entity.js';

/** Heartbeats come every 30 s, as for jobs; five missed ones mean the process is gone. */
export const RUN_HEARTBEAT_MS = 30_000;
export const RUN_STALE_AFTER_MS = 5 * RUN_HEARTBEAT_MS;
/** The error of a run whose process stopped beating (killed, crashed, machine down). */
export const RUN_ABANDONED_ERROR = 'process ended without finishing';

export interface RunRecordOptions {
  readonly clock?: Clock;
  readonly heartbeatMs?: number;
}

/** One run record being written: it beats on its own until `finish` or `fail`. */
export interface RunHandle {
  readonly id: string;
  /** Tells the sweep this process still works on the run (the timer does this every half minute). */
  heartbeat(): Promise<void>;
  /** Ends the run; `status` defaults to succeeded (a build whose config BIRD rejected ends failed, with its output). */
  finish(
    counts?: Record<string, number>,
    outcome?: { status?: Exclude<RunStatus, 'running'>; error?: string | null },
  ): Promise<void>;
  fail(error: string, counts?: Record<string, number>): Promise<void>;
}

const thisProcess = (): string => `${os.hostname()}/${process.pid}`;

/**
 * Starts the run record of a sync, refresh, import, build or deploy (every kind writes its runs
 * through this). The record says `running` and beats until `finish` or `fail`; if the process is
 * killed first, `failStaleRuns` marks it failed once the beats have stopped.
 */
export async function recordRun(
  dataSource: DataSource,
  kind: string,
  options: RunRecordOptions = {},
): Promise<RunHandle> {
  const clock = options.clock ?? systemClock;
  const runs = dataSource.getRepository(RunRecord);
  const startedAt = clock.now();
  const run = await runs.save(
    runs.create({ kind, status: 'running', startedAt, heartbeatAt: startedAt, process: thisProcess() }),
  );
  const id = run.id;
  const heartbeat = async (): Promise<void> => {
    await runs.update({ id, status: 'running' }, { heartbeatAt: clock.now() });
  };
  const timer = setInterval(
    () => void heartbeat().catch(() => undefined),
    options.heartbeatMs ?? RUN_HEARTBEAT_MS,
  );
  // A beat alone must not keep a finished CLI command alive.
  timer.unref();
  const end = async (
    status: Exclude<RunStatus, 'running'>,
    counts: Record<string, number> | undefined,
    error: string | null,
  ): Promise<void> => {
    clearInterval(timer);
    const now = clock.now();
    await runs.update(
      { id },
      { status, finishedAt: now, heartbeatAt: now, error, ...(counts ? { counts } : {}) },
    );
  };
  return {
    id,
    heartbeat,
    finish: (counts, outcome = {}) => end(outcome.status ?? 'succeeded', counts, outcome.error ?? null),
    fail: (error, counts) => end('failed', counts, error),
  };
}

/** How a run that did its work ends: counts, status (default succeeded) and error. */
export interface RunOutcome {
  readonly counts?: Record<string, number>;
  readonly status?: Exclude<RunStatus, 'running'>;
  readonly error?: string | null;
}

export interface WithRunRecordOptions<T> extends RunRecordOptions {
  /** The outcome recorded from the work's result (default: succeeded, no counts). */
  readonly outcome?: (result: T) => RunOutcome;
  /** Counts recorded when the work throws (default: none). */
  readonly failedCounts?: () => Record<string, number>;
}

/**
 * Does `work` inside a run record of `kind`: started before it, finished with the outcome of its
 * result, or failed with the message of what it threw (which is rethrown). The one way IRR,
 * RPKI, PeeringDB, IX-F and config runs are recorded.
 */
export async function withRunRecord<T>(
  dataSource: DataSource,
  kind: string,
  work: (run: RunHandle) => Promise<T>,
  options: WithRunRecordOptions<T> = {},
): Promise<T> {
  const run = await recordRun(dataSource, kind, options);
  let result: T;
  try {
    result = await work(run);
  } catch (error) {
    await run.fail(error instanceof Error ? error.message : String(error), options.failedCounts?.());
    throw error;
  }
  const outcome = options.outcome?.(result) ?? {};
  await run.finish(outcome.counts, { status: outcome.status, error: outcome.error ?? null });
  return result;
}

/**
 * Marks running runs whose heartbeat is older than `staleAfterMs` as failed: their process ended
 * without finishing them. Returns the ids it failed. Workers call it with the job sweep.
 */
export async function failStaleRuns(
  dataSource: DataSource,
  options: { clock?: Clock; staleAfterMs?: number } = {},
): Promise<string[]> {
  const now = (options.clock ?? systemClock).now();
  const cutoff = new Date(now.getTime() - (options.staleAfterMs ?? RUN_STALE_AFTER_MS));
  const [rows] = await dataSource.query<[{ id: string }[], number]>(
    `UPDATE run_record SET status = 'failed', finished_at = $1, error = $2
      WHERE status = 'running' AND heartbeat_at < $3
      RETURNING id`,
    [now, RUN_ABANDONED_ERROR, cutoff],
  );
  return rows.map((r) => r.id);
}
