import { Inject, Injectable, Optional } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { RouteServerConfigModel } from '@ixora/bird-config';
import { IXORA_CONFIG, type IxoraConfig } from '@ixora/config';
import {
  Ixp,
  PeeringLan,
  requireAdmin,
  RouteServerConfigRepository,
  RouteServerConfigService,
  writeAudit,
  type Actor,
  type ConfigDeployResult,
  type ConfigVersion,
  type DeployOptions,
  type RouteServer,
} from '@ixora/domain';
import { IxoraError } from '@ixora/errors';
import { openRouteServerReader, readSnapshot, type RouteServerReader } from '@ixora/looking-glass';
import {
  computeRouteImpact,
  DEFAULT_IMPACT_GUARD_PERCENT,
  describeGuardViolations,
  guardViolations,
  type GuardViolation,
  type RouteImpact,
} from './route-impact.js';
import { RouteEvaluator } from './route.evaluator.js';
import { observedRoutesOf } from './snapshot.routes.js';

/** Makes the reader of a route server's BIRD; tests may provide their own under this token. */
export const ROUTE_SERVER_READER_FACTORY = Symbol('ROUTE_SERVER_READER_FACTORY');
export type RouteServerReaderFactory = (routeServer: RouteServer) => RouteServerReader;

const READ_TIMEOUT_MS = 120_000;

/** A route impact with what it compared and the guard's verdict. */
export interface RouteImpactReport extends RouteImpact {
  readonly routeServer: string;
  /** The deployed ConfigVersion (null: none deployed yet). */
  readonly deployedVersionId: number | null;
  /** The ConfigVersion compared; null: the next build (not stored). */
  readonly targetVersionId: number | null;
  /** When the routes were read from the route server. */
  readonly readAt: string;
  readonly evaluateMs: number;
  readonly thresholdPercent: number;
  /** Members and families past the threshold: a deploy of the target stops unless forced. */
  readonly violations: readonly GuardViolation[];
}

/**
 * The route impact of a config change (ADR 0020): every route the route server holds (read from
 * BIRD as the looking glass reads it, accepted and filtered) evaluated under the deployed model
 * and under the next one, and the deploy guard built on it.
 */
@Injectable()
export class RouteImpactService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(IXORA_CONFIG) private readonly config: IxoraConfig,
    private readonly configs: RouteServerConfigService,
    @Optional()
    @Inject(ROUTE_SERVER_READER_FACTORY)
    private readonly readerFactory?: RouteServerReaderFactory,
  ) {}

  /** What the next build would change for the routes the route server holds now. */
  async impactOfNextBuild(actor: Actor, routeServerName: string): Promise<RouteImpactReport> {
    requireAdmin(actor);
    const { model, routeServer } = await this.configs.buildModel(routeServerName);
    return this.compare(routeServer, model, null);
  }

  /** What deploying ConfigVersion `versionId` would change (the newest built one when undefined). */
  async impactOfVersion(
    actor: Actor,
    routeServerName: string,
    versionId?: number,
  ): Promise<RouteImpactReport> {
    requireAdmin(actor);
    const repository = new RouteServerConfigRepository(this.dataSource.manager);
    const routeServer = await repository.findRouteServer(routeServerName);
    const version =
      versionId === undefined
        ? await repository.latestVersion(routeServer.id)
        : await this.configs.version(actor, routeServerName, versionId);
    if (!version)
      throw new IxoraError(
        'invalid_value',
        `route server ${routeServerName} has no built config: run \`ixora config build --rs ${routeServerName}\``,
        { field: 'rs', value: routeServerName },
      );
    const model = await this.configs.storedModel(version.id);
    if (!model)
      throw new IxoraError(
        'invalid_value',
        `config version ${version.id} of ${routeServerName} was built before ixora kept the policy model of a build: build again to see its route impact`,
        { field: 'version', value: version.id },
      );
    return this.compare(routeServer, model, version.id);
  }

  /**
   * Deploys the newest ConfigVersion unless it would newly filter more than the exchange's
   * `impactGuardPercent` of any member's accepted routes in a family; with `force` it deploys all
   * the same and the audit record names what the guard found. The deploy then waits its turn on the
   * route server's peering LAN (docs/adr/0021); should a newer build appear meanwhile, it stops
   * rather than deploy a version the guard did not check.
   */
  async deploy(
    actor: Actor,
    routeServerName: string,
    options: { force?: boolean } & DeployOptions = {},
  ): Promise<ConfigDeployResult & { impact: RouteImpactReport | null }> {
    requireAdmin(actor);
    const repository = new RouteServerConfigRepository(this.dataSource.manager);
    const routeServer = await repository.findRouteServer(routeServerName);
    const latest = await repository.latestVersion(routeServer.id);
    // Nothing built or not valid: the deploy itself says so.
    const impact = await this.guard(actor, routeServerName, latest, options.force === true);
    const deployed = await this.configs.deploy(actor, routeServerName, {
      ...options,
      ...(latest ? { expectedVersionId: latest.id } : {}),
    });
    return { ...deployed, impact };
  }

  /**
   * Deploys an earlier ConfigVersion again (`config rollback`), behind the same guard as a deploy:
   * the routes it would newly filter are measured against the deployed config first.
   */
  async rollback(
    actor: Actor,
    routeServerName: string,
    toInput: unknown,
    options: { force?: boolean } & DeployOptions = {},
  ): Promise<ConfigDeployResult & { rollbackOfId: number; impact: RouteImpactReport | null }> {
    const target = await this.configs.rollbackTarget(actor, routeServerName, toInput);
    const impact = await this.guard(actor, routeServerName, target, options.force === true);
    const deployed = await this.configs.rollback(actor, routeServerName, target.id, options);
    return { ...deployed, impact };
  }

  /** The guard: throws when `version` would newly filter too much, unless forced (then audited). */
  private async guard(
    actor: Actor,
    routeServerName: string,
    version: ConfigVersion | null,
    force: boolean,
  ): Promise<RouteImpactReport | null> {
    const impact =
      version && version.validationStatus === 'valid' && (await this.configs.storedModel(version.id))
        ? await this.impactOfVersion(actor, routeServerName, version.id)
        : null;
    const violations = impact?.violations ?? [];
    if (violations.length > 0) {
      if (!force)
        throw new IxoraError(
          'conflict',
          `deploy of config version ${version!.id} to ${routeServerName} stopped: it would newly filter more than ${impact!.thresholdPercent} % of the accepted routes of ${describeGuardViolations(violations)}. See \`ixora config diff --rs ${routeServerName} --impact\`; deploy with --force to go ahead`,
          { field: 'force', value: false, violations },
        );
      await writeAudit(
        this.dataSource.manager,
        actor,
        'config.deploy_forced',
        'config_version',
        version!.id,
        null,
        { routeServer: routeServerName, thresholdPercent: impact!.thresholdPercent, violations },
      );
    }
    return impact;
  }

  private reader(routeServer: RouteServer): RouteServerReader {
    if (this.readerFactory) return this.readerFactory(routeServer);
    return openRouteServerReader(routeServer, {
      agentTokens: this.config.agentTokens,
      birdSocket: this.config.birdSocket,
      timeoutMs: READ_TIMEOUT_MS,
    });
  }

  private async thresholdPercent(routeServer: RouteServer): Promise<number> {
    const lan = await this.dataSource.manager.findOneBy(PeeringLan, { id: routeServer.peeringLanId });
    const ixp = lan ? await this.dataSource.manager.findOneBy(Ixp, { id: lan.ixpId }) : null;
    return ixp?.impactGuardPercent ?? DEFAULT_IMPACT_GUARD_PERCENT;
  }

  private async compare(
    routeServer: RouteServer,
    afterModel: RouteServerConfigModel,
    targetVersionId: number | null,
  ): Promise<RouteImpactReport> {
    const repository = new RouteServerConfigRepository(this.dataSource.manager);
    const deployed = await repository.deployedVersion(routeServer.id);
    const beforeModel = deployed ? await this.configs.storedModel(deployed.id) : null;
    const reader = this.reader(routeServer);
    let snapshot;
    try {
      snapshot = await readSnapshot(reader, { id: routeServer.name, asn: afterModel.routeServer.asn });
    } catch (error) {
      throw new IxoraError(
        'upstream_failed',
        `could not read the routes of ${routeServer.name}: ${(error as Error).message}`,
        { field: 'rs', value: routeServer.name },
        { cause: error },
      );
    } finally {
      await reader.close();
    }
    const started = performance.now();
    const before = beforeModel ? new RouteEvaluator(beforeModel) : null;
    const after = new RouteEvaluator(afterModel, before ? { shareWith: before } : {});
    // Accepted blackhole routes carry the next hop the deployed config gave them.
    const rewritten = beforeModel?.ixp ?? afterModel.ixp;
    const impact = computeRouteImpact(
      before,
      after,
      observedRoutesOf(snapshot, afterModel.routeServer.asn, {
        ipv4: rewritten.blackholeNextHopV4 ?? null,
        ipv6: rewritten.blackholeNextHopV6 ?? null,
      }),
    );
    const thresholdPercent = await this.thresholdPercent(routeServer);
    return {
      routeServer: routeServer.name,
      deployedVersionId: deployed?.id ?? null,
      targetVersionId,
      readAt: snapshot.readAt.toISOString(),
      evaluateMs: Math.round(performance.now() - started),
      thresholdPercent,
      violations: guardViolations(impact, thresholdPercent),
      ...impact,
    };
  }
}
