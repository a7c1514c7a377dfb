import { Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import {
  JobQueue,
  RouteServerConfigService,
  RouteServerService,
  type ConfigVersion,
  type Job,
} from '@ixora/domain';
import { isIxoraError } from '@ixora/errors';
import { RouteImpactService } from '@ixora/route-impact';
import { Public } from '../../auth/auth.decorators.js';
import { WebPages, type SignedInPage } from '../web-pages.js';
import { formField, type WebRequest, type WebResponse } from '../web.types.js';
import { routeImpactView } from './route-impact.view.js';

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;
const VERSIONS_SHOWN = 50;
const JOBS_SCANNED = 200;
const JOBS_SHOWN = 10;

const when = (date: Date | null): string =>
  date ? `${date.toISOString().replace('T', ' ').slice(0, 19)} UTC` : '';

function versionRow(v: Omit<ConfigVersion, 'text'>) {
  return {
    id: v.id,
    builtAt: when(v.builtAt),
    sha256: v.sha256.slice(0, 12),
    sizeBytes: v.sizeBytes,
    isValid: v.validationStatus === 'valid',
    validationOutput: v.validationOutput.split('\n')[0] ?? '',
    isDeployed: v.deployStatus === 'deployed',
    isDeployFailed: v.deployStatus === 'failed',
    deployedAt: when(v.deployedAt),
    deployOutput: v.deployOutput ?? '',
    warnings: v.warnings.map((w) => w.message),
    hasWarnings: v.warnings.length > 0,
    warningCount: v.warnings.length,
    isRollback: v.rollbackOfId !== null,
    rollbackOfId: v.rollbackOfId ?? 0,
    reloaded: (v.reloadedSessions ?? []).join(', '),
  };
}

/** The "go past the route impact guard" checkbox: only `force: true` when ticked. */
function forceOf(request: WebRequest): { force?: true } {
  return formField(request, 'force') === 'on' ? { force: true } : {};
}

/** Deploys and rollbacks report the seconds they waited (for their turn, then for the sessions). */
const WAITING_KINDS = new Set(['config.deploy', 'config.rollback']);

export function jobRow(job: Job) {
  const result = (job.result ?? {}) as Record<string, unknown>;
  const params = Object.entries(job.params)
    .map(([key, value]) => `${key}=${String(value)}`)
    .join(' ');
  return {
    id: job.id,
    kind: job.kind,
    params,
    status: job.status,
    isFailed: job.status === 'failed',
    progress:
      job.status !== 'running'
        ? ''
        : WAITING_KINDS.has(job.kind)
          ? job.progressTotal === null
            ? 'deploying'
            : `waiting: ${job.progressDone} s of ${job.progressTotal} s`
          : job.progressTotal !== null
            ? `${job.progressDone} of ${job.progressTotal}`
            : `${job.progressDone}`,
    outcome: job.error ?? (typeof result.message === 'string' ? result.message : ''),
    queuedBy: job.actor.label,
    createdAt: when(job.createdAt),
  };
}

/**
 * The console's route-server pages: `/admin/route-servers` (each route server, its newest and its
 * deployed config) and `/admin/route-servers/NAME` (its config versions with validation, deploy
 * result and warnings, the diff between two of them, and forms that queue a build, a deploy or a
 * rollback as jobs). Staff only; everyone else gets 404.
 */
@ApiExcludeController()
@Public()
@Controller('admin/route-servers')
export class RouteServerPagesController {
  constructor(
    private readonly web: WebPages,
    private readonly routeServers: RouteServerService,
    private readonly configs: RouteServerConfigService,
    private readonly jobs: JobQueue,
    private readonly impacts: RouteImpactService,
  ) {}

  @Get()
  async list(@Req() request: WebRequest, @Res() response: WebResponse): Promise<void> {
    const page = await this.web.staff(request, response);
    if (!page) return;
    const rows = [];
    for (const rs of await this.routeServers.list()) {
      const versions = await this.configs.versions(page.actor, rs.name, { limit: VERSIONS_SHOWN, offset: 0 });
      const newest = versions.items[0];
      const deployed = versions.items.find((v) => v.deployStatus === 'deployed');
      const lease = await this.configs.deployLease(page.actor, rs.name);
      rows.push({
        name: rs.name,
        href: `/admin/route-servers/${encodeURIComponent(rs.name)}`,
        asn: rs.asn,
        addresses: [rs.ipv4Address, rs.ipv6Address].filter((a) => a !== null).join(', '),
        reach: rs.agentUrl
          ? `agent ${rs.agentUrl}`
          : rs.socketPath
            ? `socket ${rs.socketPath}`
            : 'BIRD_SOCKET',
        newest: newest ? `${newest.id} (${when(newest.builtAt)}, ${newest.validationStatus})` : 'none built',
        deployed: deployed ? `${deployed.id} (${when(deployed.deployedAt)})` : 'none',
        lease: lease ? `deploying: ${lease.routeServer} by ${lease.holder}` : '',
      });
    }
    this.web.send(response, page, 'admin/route-servers', 'Route servers', {
      routeServers: rows,
      hasRouteServers: rows.length > 0,
    });
  }

  @Get(':name')
  async show(
    @Req() request: WebRequest,
    @Res() response: WebResponse,
    @Param('name') name: string,
    @Query('from') from?: string,
    @Query('to') to?: string,
    @Query('job') job?: string,
  ): Promise<void> {
    const page = await this.web.staff(request, response);
    if (!page) return;
    await this.sendDetail(response, page, name, { from, to, queuedJob: job });
  }

  /**
   * What deploying the newest build would change for the routes the route server holds, per member
   * and family, and the deploy form: past the route impact guard only with a ticked confirmation.
   * Reads every route from BIRD, so it is a page of its own, not part of the route server's page.
   */
  @Get(':name/impact')
  async impact(
    @Req() request: WebRequest,
    @Res() response: WebResponse,
    @Param('name') name: string,
  ): Promise<void> {
    const page = await this.web.staff(request, response);
    if (!page) return;
    if (!(await this.exists(name))) return this.web.notFound(response, page.context);
    let impact: ReturnType<typeof routeImpactView> | null = null;
    let error = '';
    try {
      impact = routeImpactView(await this.impacts.impactOfVersion(page.actor, name));
    } catch (caught) {
      if (!isIxoraError(caught) || caught.code === 'internal') throw caught;
      error = caught.message;
    }
    this.web.send(
      response,
      page,
      'admin/route-server-impact',
      `Route impact on ${name}`,
      {
        name,
        csrf: page.context.csrf,
        base: `/admin/route-servers/${encodeURIComponent(name)}`,
        impact,
        hasImpact: impact !== null,
        error,
        hasError: error !== '',
      },
      error === '' ? 200 : 400,
    );
  }

  @Post(':name/build')
  async build(
    @Req() request: WebRequest,
    @Res() response: WebResponse,
    @Param('name') name: string,
  ): Promise<void> {
    await this.queue(request, response, name, 'config.build', () => ({ rs: name }));
  }

  @Post(':name/deploy')
  async deploy(
    @Req() request: WebRequest,
    @Res() response: WebResponse,
    @Param('name') name: string,
  ): Promise<void> {
    await this.queue(request, response, name, 'config.deploy', () => ({ rs: name, ...forceOf(request) }));
  }

  /** Checks the chosen version at once (the page says what is wrong with it), then queues the job. */
  @Post(':name/rollback')
  async rollback(
    @Req() request: WebRequest,
    @Res() response: WebResponse,
    @Param('name') name: string,
  ): Promise<void> {
    await this.queue(request, response, name, 'config.rollback', async (actor) => {
      const version = await this.configs.rollbackTarget(actor, name, formField(request, 'to'));
      return { rs: name, to: version.id, ...forceOf(request) };
    });
  }

  private async queue(
    request: WebRequest,
    response: WebResponse,
    name: string,
    kind: 'config.build' | 'config.deploy' | 'config.rollback',
    params: (actor: SignedInPage['actor']) => Promise<Record<string, unknown>> | Record<string, unknown>,
  ): Promise<void> {
    const page = await this.web.staffForm(request, response);
    if (!page) return;
    if (!(await this.exists(name))) return this.web.notFound(response, page.context);
    let job: Job;
    try {
      job = await this.jobs.enqueue(page.actor, kind, await params(page.actor));
    } catch (error) {
      if (!isIxoraError(error) || error.code === 'internal') throw error;
      return this.sendDetail(response, page, name, { error: error.message }, 400);
    }
    response.redirect(303, `/admin/route-servers/${encodeURIComponent(name)}?job=${job.id}`);
  }

  private async exists(name: string): Promise<boolean> {
    if (!NAME.test(name)) return false;
    return (await this.routeServers.list()).some((rs) => rs.name === name);
  }

  private async sendDetail(
    response: WebResponse,
    page: SignedInPage,
    name: string,
    options: { from?: string; to?: string; queuedJob?: string; error?: string },
    status = 200,
  ): Promise<void> {
    if (!(await this.exists(name))) return this.web.notFound(response, page.context);
    const rs = await this.routeServers.getByName(name);
    const versions = await this.configs.versions(page.actor, name, { limit: VERSIONS_SHOWN, offset: 0 });
    const rows = versions.items.map(versionRow);
    const deployed = versions.items.find((v) => v.deployStatus === 'deployed');
    let diff: { title: string; lines: { kind: string; text: string }[]; isChanged: boolean } | null = null;
    let error = options.error ?? '';
    const fromId = options.from ?? String(versions.items[1]?.id ?? '');
    const toId = options.to ?? String(versions.items[0]?.id ?? '');
    if (options.from !== undefined && options.to !== undefined) {
      try {
        const result = await this.configs.versionDiff(page.actor, name, options.from, options.to);
        diff = {
          title: `Version ${result.from.id} → version ${result.to.id}`,
          isChanged: result.isChanged,
          lines: result.diff
            .split('\n')
            .slice(2)
            .map((text) => ({
              kind: text.startsWith('@@')
                ? 'hunk'
                : text.startsWith('+')
                  ? 'add'
                  : text.startsWith('-')
                    ? 'del'
                    : 'ctx',
              text,
            })),
        };
      } catch (caught) {
        if (!isIxoraError(caught)) throw caught;
        error = caught.message;
        status = 400;
      }
    }
    const jobs = (await this.jobs.list(page.actor, { limit: JOBS_SCANNED, offset: 0 })).items
      .filter((j) => j.kind.startsWith('config.') && j.params.rs === name)
      .slice(0, JOBS_SHOWN)
      .map(jobRow);
    const lease = await this.configs.deployLease(page.actor, name);
    const choices = (selected: string) =>
      versions.items.map((v) => ({
        id: v.id,
        label: `${v.id} · ${when(v.builtAt)}${v.deployStatus === 'deployed' ? ' · deployed' : ''}${v.validationStatus === 'invalid' ? ' · invalid' : ''}`,
        isSelected: String(v.id) === selected,
      }));
    this.web.send(
      response,
      page,
      'admin/route-server',
      `Route server ${name}`,
      {
        name,
        csrf: page.context.csrf,
        base: `/admin/route-servers/${encodeURIComponent(name)}`,
        asn: rs.asn,
        routerId: rs.routerId,
        addresses: [rs.ipv4Address, rs.ipv6Address].filter((a) => a !== null).join(', '),
        reach: rs.agentUrl
          ? `through its agent at ${rs.agentUrl}`
          : `control socket ${rs.socketPath ?? '(BIRD_SOCKET)'}`,
        deployed: deployed ? `version ${deployed.id}, ${when(deployed.deployedAt)}` : 'none yet',
        lease: lease
          ? `${lease.routeServer} is being deployed by ${lease.holder} (lease until ${when(lease.expiresAt)})`
          : '',
        hasLease: lease !== null,
        error,
        hasError: error !== '',
        queuedJob: options.queuedJob && /^[0-9]{1,18}$/.test(options.queuedJob) ? options.queuedJob : '',
        versions: rows,
        hasVersions: rows.length > 0,
        total: versions.total,
        rollbackChoices: versions.items
          .filter((v) => v.validationStatus === 'valid')
          .map((v) => ({
            id: v.id,
            label: `${v.id} · ${when(v.builtAt)} · ${v.sha256.slice(0, 12)}${v.deployStatus === 'deployed' ? ' · deployed' : ''}`,
          })),
        fromChoices: choices(fromId),
        toChoices: choices(toId),
        hasTwoVersions: versions.items.length >= 2,
        diff,
        hasDiff: diff !== null,
        jobs,
        hasJobs: jobs.length > 0,
      },
      status,
    );
  }
}
