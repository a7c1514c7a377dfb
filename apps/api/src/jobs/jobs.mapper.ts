import type { Job } from '@ixora/domain';
import type { JobResponse } from './jobs.schemas.js';

export function toJobResponse(job: Job): JobResponse {
  return {
    id: job.id,
    kind: job.kind,
    params: job.params,
    status: job.status,
    progress: { done: job.progressDone, total: job.progressTotal },
    result: job.result as Record<string, unknown> | null,
    error: job.error,
    queuedBy: job.actor.label,
    createdAt: job.createdAt.toISOString(),
    startedAt: job.startedAt?.toISOString() ?? null,
    finishedAt: job.finishedAt?.toISOString() ?? null,
  };
}
