import { Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { AlertsModule } from '@ixora/alerts';
import {
  DomainModule,
  JobRunner,
  parseAsn,
  RouteServerConfigService,
  type ConfigDeployResult,
  type DeployOptions,
  type JobContext,
} from '@ixora/domain';
import { invalidValue } from '@ixora/errors';
import { ExchangeHealthModule } from '@ixora/exchange-health';
import { IrrModule, IrrRefreshService } from '@ixora/irr';
import { describeFailures, PeeringDbModule, PeeringDbSyncService } from '@ixora/peeringdb';
import { RouteImpactModule, RouteImpactService } from '@ixora/route-impact';
import { RpkiModule, RpkiSnapshotService } from '@ixora/rpki';

function optionalString(params: Record<string, unknown>, field: string): string | undefined {
  const value = params[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length === 0) throw invalidValue(field, value, 'must be text');
  return value;
}

function requiredString(params: Record<string, unknown>, field: string): string {
  const value = optionalString(params, field);
  if (value === undefined) throw invalidValue(field, undefined, 'is required');
  return value;
}

function forceOf(params: Record<string, unknown>): boolean {
  const force = params.force;
  if (force !== undefined && typeof force !== 'boolean')
    throw invalidValue('force', force, 'must be true or false');
  return force === true;
}

/**
 * A deploy's waits as job progress: seconds waited of the timeout, for the lease of the LAN and then
 * for the sessions to be established again; the job's status stays `running` meanwhile.
 */
function deployProgress(ctx: JobContext): DeployOptions {
  return {
    onProgress: (progress) => {
      if (progress.phase !== 'deploying')
        ctx.progress(Math.round(progress.waitedMs / 1000), Math.round(progress.timeoutMs / 1000));
    },
  };
}

function deployedResult(deployed: ConfigDeployResult): Record<string, unknown> {
  return {
    configVersionId: deployed.version.id,
    path: deployed.path,
    message: deployed.message,
    reloadedSessions: deployed.reloadedSessions,
    sessionsWaitedFor: deployed.sessionsWaitedFor,
  };
}

/**
 * The long operations as job handlers: the same services the CLI calls, with progress reported to
 * the job row, running as the person who queued the job.
 */
@Injectable()
export class JobHandlers implements OnModuleInit {
  constructor(
    private readonly runner: JobRunner,
    private readonly irr: IrrRefreshService,
    private readonly rpki: RpkiSnapshotService,
    private readonly peeringDb: PeeringDbSyncService,
    private readonly routeServerConfig: RouteServerConfigService,
    private readonly routeImpact: RouteImpactService,
  ) {}

  onModuleInit(): void {
    this.runner.register('irr.refresh', async (params, ctx) => {
      const asn = params.asn === undefined ? undefined : parseAsn(params.asn);
      const report = await this.irr.refresh(ctx.actor, {
        asn,
        onProgress: (p) => ctx.progress(p.done, p.total),
      });
      return {
        runId: report.runId,
        ok: report.ok,
        stale: report.stale,
        failed: report.failed,
        members: report.results.map((r) => ({ asn: r.asn, status: r.status, error: r.error ?? null })),
      };
    });
    this.runner.register('rpki.refresh', async (params, ctx) => {
      const result = await this.rpki.refresh(ctx.actor, {
        location: optionalString(params, 'location'),
        force: params.force === true,
        onProgress: (done, total) => ctx.progress(done, total),
      });
      return { ...result, rejected: result.rejected.slice(0, 100) };
    });
    this.runner.register('peeringdb.sync', async (params, ctx) => {
      const result = await this.peeringDb.sync({
        full: params.full === true,
        onProgress: (p) => ctx.progress(p.typeIndex + (p.phase === 'done' ? 1 : 0), p.typeCount),
      });
      if (result.status === 'partial') {
        // The job fails so that it shows; the run record keeps the counts of the types that synced.
        throw new Error(
          `peeringdb sync partial (run ${result.runId}): ${describeFailures(result.failures)}; the other types synced`,
        );
      }
      return {
        runId: result.runId,
        totals: result.totals,
        counts: result.counts,
        retries: result.retries.length,
      };
    });
    this.runner.register('config.build', async (params, ctx) => {
      const built = await this.routeServerConfig.build(ctx.actor, requiredString(params, 'rs'), {
        strict: params.strict === true,
      });
      const v = built.version;
      if (!built.isValid)
        throw new Error(`BIRD rejected config version ${v.id}: ${v.validationOutput.split('\n')[0]}`);
      return {
        configVersionId: v.id,
        sha256: v.sha256,
        sizeBytes: v.sizeBytes,
        buildMs: v.buildMs,
        path: built.path,
        warnings: built.warnings.map((w) => w.message),
      };
    });
    this.runner.register('config.deploy', async (params, ctx) => {
      // The route impact guard stops a deploy that would newly filter too many of a member's routes.
      const deployed = await this.routeImpact.deploy(ctx.actor, requiredString(params, 'rs'), {
        force: forceOf(params),
        ...deployProgress(ctx),
      });
      return { ...deployedResult(deployed), forcedPastGuard: deployed.impact?.violations ?? [] };
    });
    this.runner.register('config.rollback', async (params, ctx) => {
      const deployed = await this.routeImpact.rollback(ctx.actor, requiredString(params, 'rs'), params.to, {
        force: forceOf(params),
        ...deployProgress(ctx),
      });
      return {
        ...deployedResult(deployed),
        rollbackOfId: deployed.rollbackOfId,
        forcedPastGuard: deployed.impact?.violations ?? [],
      };
    });
  }
}

/**
 * Everything a worker runs; imported by `ixora worker` and by the API app (the in-process worker of
 * `ixora serve`). The alert monitor and deliverer and the exchange's daily summary are started by
 * the commands, beside the job runner.
 */
@Module({
  imports: [
    DomainModule,
    IrrModule,
    RpkiModule,
    PeeringDbModule,
    AlertsModule,
    RouteImpactModule,
    ExchangeHealthModule,
  ],
  providers: [JobHandlers],
})
export class WorkerModule {}
