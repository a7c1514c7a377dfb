import { Controller, Get, Inject, Optional, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { IXORA_CLOCK, systemClock, type Clock } from '@ixora/config';
import { DataSourcesService, JobQueue, type RunRecord } from '@ixora/domain';
import { Public } from '../../auth/auth.decorators.js';
import { jobRow } from '../admin-route-servers/route-server-pages.controller.js';
import { WebPages } from '../web-pages.js';
import type { WebRequest, WebResponse } from '../web.types.js';

const RUNS_SHOWN = 20;
const JOBS_SCANNED = 200;
const JOBS_SHOWN = 20;
const SOURCE_JOB_KINDS = ['peeringdb.sync', 'irr.refresh', 'rpki.refresh'] as const;
type SourceJobKind = (typeof SOURCE_JOB_KINDS)[number];

const SOURCE_NAMES: Record<string, string> = {
  peeringdb_sync: 'PeeringDB',
  irr_refresh: 'IRR',
  rpki_refresh: 'RPKI',
};

const when = (date: Date | null): string =>
  date ? `${date.toISOString().replace('T', ' ').slice(0, 19)} UTC` : '';

/** "3 h 20 min old" at the injected clock's time (never the calendar in tests). */
function ageOf(date: Date | null, now: Date): string {
  if (!date) return 'no data yet';
  const minutes = Math.max(0, Math.floor((now.getTime() - date.getTime()) / 60_000));
  if (minutes < 60) return `${minutes} min old`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${minutes % 60} min old`;
  return `${Math.floor(hours / 24)} days old`;
}

function runRow(run: RunRecord) {
  return {
    id: run.id,
    source: SOURCE_NAMES[run.kind] ?? run.kind,
    startedAt: when(run.startedAt),
    finishedAt: when(run.finishedAt),
    status: run.status,
    isBad: run.status === 'failed' || run.status === 'partial',
    counts: Object.entries(run.counts)
      .map(([key, value]) => `${key} ${value}`)
      .join(', '),
    error: run.error ?? '',
  };
}

/** The notices a redirect may name; anything else shows nothing. */
const QUEUED: Record<string, string> = {
  'peeringdb.sync': 'A PeeringDB sync was queued.',
  'irr.refresh': 'An IRR refresh was queued.',
  'rpki.refresh': 'An RPKI refresh was queued.',
};

/**
 * `/admin/sources`: how fresh PeeringDB, IRR and RPKI data are, what their last runs did (run
 * records, errors included), buttons that queue their refresh jobs, and those jobs with their
 * progress. Staff only; everyone else gets 404.
 */
@ApiExcludeController()
@Public()
@Controller('admin/sources')
export class SourcePagesController {
  constructor(
    private readonly web: WebPages,
    private readonly sources: DataSourcesService,
    private readonly jobs: JobQueue,
    @Optional() @Inject(IXORA_CLOCK) private readonly clock: Clock = systemClock,
  ) {}

  @Get()
  async show(
    @Req() request: WebRequest,
    @Res() response: WebResponse,
    @Query('queued') queued?: string,
  ): Promise<void> {
    const page = await this.web.staff(request, response);
    if (!page) return;
    const now = this.clock.now();
    const status = await this.sources.status(page.actor);
    const runs = await this.sources.recentRuns(page.actor, RUNS_SHOWN);
    const lastRun = (kind: string) => {
      const run = runs.find((r) => r.kind === kind);
      return run
        ? {
            hasRun: true,
            lastRun: `${run.status}, ${when(run.finishedAt ?? run.startedAt)}`,
            isBad: run.status === 'failed' || run.status === 'partial',
            error: run.error ?? '',
          }
        : { hasRun: false, lastRun: 'none recorded here', isBad: false, error: '' };
    };
    const irrStatuses = Object.entries(status.irr.prefixSetsByStatus)
      .map(([state, n]) => `${n} ${state}`)
      .join(', ');
    const sources = [
      {
        name: 'PeeringDB',
        action: 'peeringdb',
        button: 'Sync PeeringDB',
        asOf: when(status.peeringDb.syncedAt) || 'never synced',
        age: ageOf(status.peeringDb.syncedAt, now),
        detail: status.peeringDb.lastFullSyncAt
          ? `last full sync ${when(status.peeringDb.lastFullSyncAt)}`
          : 'no full sync yet',
        ...lastRun('peeringdb_sync'),
      },
      {
        name: 'IRR',
        action: 'irr',
        button: 'Refresh IRR',
        asOf: when(status.irr.oldestFetchedAt) || 'never fetched',
        age: ageOf(status.irr.oldestFetchedAt, now),
        detail: irrStatuses ? `oldest member's data shown; prefix sets: ${irrStatuses}` : 'no prefix set yet',
        ...lastRun('irr_refresh'),
      },
      {
        name: 'RPKI',
        action: 'rpki',
        button: 'Refresh RPKI',
        asOf: when(status.rpki.loadedAt) || 'never loaded',
        age: ageOf(status.rpki.loadedAt, now),
        detail: status.rpki.source
          ? `${status.rpki.vrpCount} VRPs from ${status.rpki.source}`
          : 'no VRPs loaded',
        ...lastRun('rpki_refresh'),
      },
    ];
    const jobs = (await this.jobs.list(page.actor, { limit: JOBS_SCANNED, offset: 0 })).items
      .filter((job) => (SOURCE_JOB_KINDS as readonly string[]).includes(job.kind))
      .slice(0, JOBS_SHOWN)
      .map(jobRow);
    this.web.send(response, page, 'admin/sources', 'Data sources', {
      csrf: page.context.csrf,
      notice: typeof queued === 'string' && Object.hasOwn(QUEUED, queued) ? QUEUED[queued]! : '',
      sources,
      runs: runs.map(runRow),
      hasRuns: runs.length > 0,
      jobs,
      hasJobs: jobs.length > 0,
    });
  }

  @Post('peeringdb')
  async peeringDb(@Req() request: WebRequest, @Res() response: WebResponse): Promise<void> {
    await this.queue(request, response, 'peeringdb.sync');
  }

  @Post('irr')
  async irr(@Req() request: WebRequest, @Res() response: WebResponse): Promise<void> {
    await this.queue(request, response, 'irr.refresh');
  }

  @Post('rpki')
  async rpki(@Req() request: WebRequest, @Res() response: WebResponse): Promise<void> {
    await this.queue(request, response, 'rpki.refresh');
  }

  private async queue(request: WebRequest, response: WebResponse, kind: SourceJobKind): Promise<void> {
    const page = await this.web.staffForm(request, response);
    if (!page) return;
    await this.jobs.enqueue(page.actor, kind, {});
    response.redirect(303, `/admin/sources?queued=${kind}`);
  }
}
