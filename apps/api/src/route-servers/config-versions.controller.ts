import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { REASON_COMMUNITIES } from '@ixora/bird-config';
import { JobQueue, RouteServerConfigService, type Actor, type ConfigVersion, type Page } from '@ixora/domain';
import { RouteImpactService, type RouteImpactReport } from '@ixora/route-impact';
import { Authenticated, CurrentActor, Roles } from '../auth/auth.decorators.js';
import { idParam } from '../common/id-param.js';
import { mapPage, pageQuery, pageResponse, type PageQuery } from '../common/page.js';
import { toJobResponse } from '../jobs/jobs.mapper.js';
import { jobResponse, type JobResponse } from '../jobs/jobs.schemas.js';

const rsParams = z.object({
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/, 'is not a route-server name'),
});
const versionParams = rsParams.extend({ id: idParam });

const versionResponse = z.object({
  id: z.number().int(),
  sha256: z.string(),
  sizeBytes: z.number().int(),
  builtAt: z.string(),
  buildMs: z.number().int(),
  validationStatus: z.enum(['valid', 'invalid']),
  validationOutput: z.string(),
  deployStatus: z.enum(['deployed', 'failed']).nullable(),
  deployedAt: z.string().nullable(),
  deployOutput: z.string().nullable(),
  /** What the build worked around: a member whose IRR data cannot be used, named with the cause. */
  warnings: z.array(
    z.object({ asn: z.number().int(), member: z.string(), code: z.string(), message: z.string() }),
  ),
  /** BGP sessions the deploy re-evaluated with `reload in` because their inputs changed; null until deployed. */
  reloadedSessions: z.array(z.string()).nullable(),
  /** The earlier version this one deploys again (`config rollback`); null for a build. */
  rollbackOfId: z.number().int().nullable(),
});
const versionWithTextResponse = versionResponse.extend({ text: z.string() });
const diffResponse = z.object({
  deployedVersionId: z.number().int().nullable(),
  isChanged: z.boolean(),
  diff: z.string(),
});

const rollbackBody = z.strictObject({
  /** The config version to deploy again: one of this route server's, that passed validation. */
  to: z.union([z.number(), z.string()]),
  force: z.boolean().optional().describe('deploy even when the route impact guard would stop it; audited'),
});
const leaseResponse = z.object({
  /** The deploy holding the lease of this route server's peering LAN; null when none runs. */
  heldBy: z
    .object({ routeServer: z.string(), holder: z.string(), takenAt: z.string(), expiresAt: z.string() })
    .nullable(),
});

const reasonKey = z.enum(REASON_COMMUNITIES.map((reason) => reason.key) as [string, ...string[]]);
const routeChange = z.object({
  prefix: z.string(),
  protocol: z.string().describe('the BGP session (BIRD protocol) the route was received on'),
  asPath: z.array(z.number().int()),
  reason: reasonKey
    .nullable()
    .describe('why it is filtered: after the change (newly filtered), before it (newly accepted)'),
  code: z.number().int().nullable().describe('the reason code of the RS_ASN:1101:code community'),
});
const impactQuery = z.object({
  version: idParam
    .optional()
    .describe('a built ConfigVersion to compare with the deployed one; absent: the next build'),
});
const impactResponse = z.object({
  routeServer: z.string(),
  deployedVersionId: z.number().int().nullable(),
  targetVersionId: z.number().int().nullable().describe('null: the next build'),
  readAt: z.string().describe('when the routes were read from the route server'),
  routesEvaluated: z.number().int(),
  evaluateMs: z.number().int(),
  isBeforeObserved: z
    .boolean()
    .describe("the deployed version's model is not stored: BIRD's own decisions stand for it"),
  rpkiAssumedRoutes: z.number().int(),
  thresholdPercent: z.number().int(),
  members: z.array(
    z.object({
      memberAsn: z.number().int(),
      memberName: z.string().nullable(),
      family: z.enum(['ipv4', 'ipv6']),
      receivedRoutes: z.number().int(),
      acceptedBefore: z.number().int(),
      acceptedAfter: z.number().int(),
      newlyFilteredCount: z.number().int(),
      newlyAcceptedCount: z.number().int(),
      newlyFilteredShare: z.number(),
      newlyFilteredByReason: z.record(z.string(), z.number().int()),
      newlyFiltered: z.array(routeChange).describe('up to 1,000, by prefix'),
      newlyAccepted: z.array(routeChange).describe('up to 1,000, by prefix'),
    }),
  ),
  removedSessions: z.array(z.string()),
  maxPrefixExceeded: z.array(
    z.object({ protocol: z.string(), receivedRoutes: z.number().int(), maxPrefixes: z.number().int() }),
  ),
  violations: z
    .array(
      z.object({
        memberAsn: z.number().int(),
        memberName: z.string().nullable(),
        family: z.enum(['ipv4', 'ipv6']),
        acceptedBefore: z.number().int(),
        newlyFilteredCount: z.number().int(),
        newlyFilteredPercent: z.number(),
      }),
    )
    .describe('members and families past the threshold: a deploy stops unless forced'),
});

function toImpactResponse(report: RouteImpactReport): z.output<typeof impactResponse> {
  return {
    routeServer: report.routeServer,
    deployedVersionId: report.deployedVersionId,
    targetVersionId: report.targetVersionId,
    readAt: report.readAt,
    routesEvaluated: report.routesEvaluated,
    evaluateMs: report.evaluateMs,
    isBeforeObserved: report.isBeforeObserved,
    rpkiAssumedRoutes: report.rpkiAssumedRoutes,
    thresholdPercent: report.thresholdPercent,
    members: report.members.map((m) => ({
      ...m,
      newlyFilteredByReason: { ...m.newlyFilteredByReason },
      newlyFiltered: m.newlyFiltered.map((c) => ({ ...c, asPath: [...c.asPath] })),
      newlyAccepted: m.newlyAccepted.map((c) => ({ ...c, asPath: [...c.asPath] })),
    })),
    removedSessions: [...report.removedSessions],
    maxPrefixExceeded: report.maxPrefixExceeded.map((s) => ({ ...s })),
    violations: report.violations.map((v) => ({ ...v })),
  };
}

type VersionResponse = z.output<typeof versionResponse>;

function toVersionResponse(v: Omit<ConfigVersion, 'text'>): VersionResponse {
  return {
    id: v.id,
    sha256: v.sha256,
    sizeBytes: v.sizeBytes,
    builtAt: v.builtAt.toISOString(),
    buildMs: v.buildMs,
    validationStatus: v.validationStatus,
    validationOutput: v.validationOutput,
    deployStatus: v.deployStatus,
    deployedAt: v.deployedAt?.toISOString() ?? null,
    deployOutput: v.deployOutput,
    warnings: v.warnings.map((w) => ({ asn: w.asn, member: w.member, code: w.code, message: w.message })),
    reloadedSessions: v.reloadedSessions ?? null,
    rollbackOfId: v.rollbackOfId ?? null,
  };
}

/** A route server's built configs (ConfigVersions) and what the next build would change; staff only. */
@ApiTags('route-servers')
@Authenticated()
@Roles('admin')
@Controller('route-servers/:name/config')
export class ConfigVersionsController {
  constructor(
    private readonly configs: RouteServerConfigService,
    private readonly jobs: JobQueue,
    private readonly impacts: RouteImpactService,
  ) {}

  @Get('versions')
  @ApiOkResponse({ standardSchema: pageResponse(versionResponse) })
  async list(
    @CurrentActor() actor: Actor,
    @Param({ schema: rsParams }) p: z.output<typeof rsParams>,
    @Query({ schema: pageQuery }) page: PageQuery,
  ): Promise<Page<VersionResponse>> {
    return mapPage(await this.configs.versions(actor, p.name, page), toVersionResponse);
  }

  @Get('versions/:id')
  @ApiOkResponse({ standardSchema: versionWithTextResponse })
  async get(
    @CurrentActor() actor: Actor,
    @Param({ schema: versionParams }) p: z.output<typeof versionParams>,
  ): Promise<z.output<typeof versionWithTextResponse>> {
    const version = await this.configs.version(actor, p.name, p.id);
    return { ...toVersionResponse(version), text: version.text };
  }

  /** Unified diff of the next build against the deployed config. */
  @Get('diff')
  @ApiOkResponse({ standardSchema: diffResponse })
  async diff(
    @Param({ schema: rsParams }) p: z.output<typeof rsParams>,
  ): Promise<z.output<typeof diffResponse>> {
    return this.configs.diff(p.name);
  }

  /**
   * Queues a rollback: the version is checked now (unknown, another route server's or never valid:
   * 400/404 naming `to`), then a `config.rollback` job deploys it again the way a deploy does (the
   * route impact guard first, `force` past it), waiting
   * its turn behind a deploy of the other route server of the LAN; follow it at `/api/v1/jobs/:id`.
   */
  @Post('rollback')
  @HttpCode(202)
  @ApiAcceptedResponse({ standardSchema: jobResponse })
  async rollback(
    @CurrentActor() actor: Actor,
    @Param({ schema: rsParams }) p: z.output<typeof rsParams>,
    @Body({ schema: rollbackBody }) body: z.output<typeof rollbackBody>,
  ): Promise<JobResponse> {
    const version = await this.configs.rollbackTarget(actor, p.name, body.to);
    return toJobResponse(
      await this.jobs.enqueue(actor, 'config.rollback', {
        rs: p.name,
        to: version.id,
        ...(body.force === undefined ? {} : { force: body.force }),
      }),
    );
  }

  /** Whether a deploy of this route server's peering LAN runs now, and whose. */
  @Get('lease')
  @ApiOkResponse({ standardSchema: leaseResponse })
  async lease(
    @CurrentActor() actor: Actor,
    @Param({ schema: rsParams }) p: z.output<typeof rsParams>,
  ): Promise<z.output<typeof leaseResponse>> {
    const heldBy = await this.configs.deployLease(actor, p.name);
    return {
      heldBy: heldBy && {
        routeServer: heldBy.routeServer,
        holder: heldBy.holder,
        takenAt: heldBy.takenAt.toISOString(),
        expiresAt: heldBy.expiresAt.toISOString(),
      },
    };
  }

  /**
   * Route impact: every route the route server holds, evaluated under the deployed config and the
   * next build (or `version`): per member and family the routes that would become filtered or
   * accepted, with reasons, and whether the deploy guard would stop the deploy.
   */
  @Get('impact')
  @ApiOkResponse({ standardSchema: impactResponse })
  async impact(
    @CurrentActor() actor: Actor,
    @Param({ schema: rsParams }) p: z.output<typeof rsParams>,
    @Query({ schema: impactQuery }) q: z.output<typeof impactQuery>,
  ): Promise<z.output<typeof impactResponse>> {
    return toImpactResponse(
      q.version === undefined
        ? await this.impacts.impactOfNextBuild(actor, p.name)
        : await this.impacts.impactOfVersion(actor, p.name, q.version),
    );
  }
}
