import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { createTwoFilesPatch } from 'diff';
import { DataSource } from 'typeorm';
import {
  parseRtrEndpoint,
  renderRouteServerConfig,
  validateWithBird,
  type RouteServerConfigModel,
} from '@ixora/bird-config';
import { IXORA_CONFIG, type IxoraConfig } from '@ixora/config';
import { invalidValue, IxoraError, notFound } from '@ixora/errors';
import { ConfigVersion } from '../entities/config-version.entity.js';
import { RouteServer } from '../entities/route-server.entity.js';
import type { Page, PageRequest } from '../repositories/page.js';
import { withRunRecord } from '../runs/run.recorder.js';
import { requireAdmin, type Actor } from '../services/actor.js';
import { writeAudit } from '../services/audit.writer.js';
import { parseId } from '../services/validate.js';
import type { BuildWarning } from './member-irr.resolver.js';
import { buildRouteServerConfig, type RouteServerConfigInput } from './route-server-config.builder.js';
import { deployTargetOf, type DeployTarget } from './deploy-target.js';
import {
  DEFAULT_LEASE_TIMEOUT_MS,
  DEFAULT_LEASE_TTL_MS,
  readDeployLease,
  withDeployLease,
  type DeployLeaseState,
} from './deploy-lease.js';
import { establishedSessions, waitForSessionsUp } from './session-settle.js';
import { RouteServerConfigRepository } from './route-server-config.repository.js';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

export interface ConfigBuildResult {
  readonly version: ConfigVersion;
  /** Where the rendered text was written. */
  readonly path: string;
  readonly isValid: boolean;
  /** What the build worked around (also stored on the version); empty when nothing was. */
  readonly warnings: readonly BuildWarning[];
}

export interface ConfigDeployResult {
  readonly version: ConfigVersion;
  readonly path: string;
  readonly message: string;
  /** Sessions re-evaluated with `reload in` because their inputs changed (docs/adr/0009). */
  readonly reloadedSessions: readonly string[];
  /** How many sessions were established before the deploy, and so were waited for after it. */
  readonly sessionsWaitedFor: number;
}

/** What a deploy reports while it runs: the CLI prints it, a job turns it into progress. */
export type DeployProgress =
  | {
      readonly phase: 'waiting_for_lease';
      readonly waitedMs: number;
      readonly timeoutMs: number;
      readonly heldBy: DeployLeaseState | null;
    }
  | { readonly phase: 'deploying'; readonly versionId: number }
  | {
      readonly phase: 'waiting_for_sessions';
      readonly waitedMs: number;
      readonly timeoutMs: number;
      readonly pending: readonly string[];
    };

export interface DeployOptions {
  /** How long to wait for the deploy of a route server of the same LAN; default 15 minutes. */
  readonly leaseTimeoutMs?: number;
  /** How long to wait for the sessions to be established again after the deploy; default 5 minutes. */
  readonly settleTimeoutMs?: number;
  /** Lifetime of an unrenewed lease (a crashed holder's lapses after it); default 2 minutes. */
  readonly leaseTtlMs?: number;
  /** How often to look at the lease and at BIRD's sessions; default 2 s. */
  readonly pollMs?: number;
  readonly onProgress?: (progress: DeployProgress) => void;
  /**
   * The version the caller checked (the route impact guard): a deploy that finds a newer build
   * once it holds the lease stops instead of deploying what was not checked.
   */
  readonly expectedVersionId?: number;
}

/** Both texts of a console diff together; about a 100-member config each. */
export const MAX_VERSION_DIFF_BYTES = 8 * 1024 * 1024;
const DEFAULT_SETTLE_TIMEOUT_MS = 5 * 60_000;
const DEFAULT_POLL_MS = 2_000;

/**
 * Config generation for one RouteServer — load, build, render, validate with `bird -p`, store a
 * ConfigVersion — and safe deploy: a config BIRD rejects is never deployed, and a failed deploy
 * restores the previous file so BIRD keeps running on it.
 */
/** Configs may hold sessions' MD5 keys: owner and group (BIRD's) only, whatever the umask. */
const PRIVATE_FILE_MODE = 0o640;
const PRIVATE_DIR_MODE = 0o750;

/**
 * Writes a built config 0640 into a folder created 0750. ixora's own `builds/` folder is set to
 * 0750 even when it already existed (older versions made it 0755); a folder given with `--out`
 * is the operator's and keeps its mode.
 */
async function writePrivateConfig(file: string, text: string, options: { isOwnDir: boolean }): Promise<void> {
  const dir = path.dirname(file);
  await mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (options.isOwnDir) await chmod(dir, PRIVATE_DIR_MODE);
  await writeFile(file, text, { mode: PRIVATE_FILE_MODE });
  // `mode` applies only to a new file; one written over keeps its old mode otherwise.
  await chmod(file, PRIVATE_FILE_MODE);
}

@Injectable()
export class RouteServerConfigService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(IXORA_CONFIG) private readonly config: IxoraConfig,
  ) {}

  private rpkiSource(): RouteServerConfigInput['rpki'] {
    if (this.config.rpkiMode === 'rtr') {
      const { rtrHost, rtrPort } = parseRtrEndpoint(this.config.rpkiRtrHost ?? '');
      return { mode: 'rtr', host: rtrHost, port: rtrPort };
    }
    return { mode: 'static' };
  }

  /** The policy model the next build would render (load and build, no render). */
  async buildModel(routeServerName: string): Promise<{
    model: RouteServerConfigModel;
    routeServer: RouteServer;
    warnings: BuildWarning[];
  }> {
    const repository = new RouteServerConfigRepository(this.dataSource.manager);
    const routeServer = await repository.findRouteServer(routeServerName);
    const input = await repository.load(routeServer, this.rpkiSource());
    const { model, warnings } = buildRouteServerConfig(input);
    return { model, routeServer, warnings };
  }

  /** Renders the config the next build would produce, without storing it. */
  async render(routeServerName: string): Promise<{
    text: string;
    model: RouteServerConfigModel;
    routeServerId: number;
    buildMs: number;
    warnings: BuildWarning[];
  }> {
    const started = performance.now();
    const { model, routeServer, warnings } = await this.buildModel(routeServerName);
    const text = renderRouteServerConfig(model);
    return {
      text,
      model,
      routeServerId: routeServer.id,
      buildMs: Math.round(performance.now() - started),
      warnings,
    };
  }

  /** The policy model a ConfigVersion was rendered from; null for versions built before ixora kept it. */
  async storedModel(versionId: number): Promise<RouteServerConfigModel | null> {
    const rows = await this.dataSource.query<{ model_gzip: Buffer | null }[]>(
      `SELECT model_gzip FROM config_version WHERE id = $1`,
      [versionId],
    );
    const packed = rows[0]?.model_gzip;
    if (!packed) return null;
    return JSON.parse((await gunzipAsync(packed)).toString('utf8')) as RouteServerConfigModel;
  }

  /**
   * Builds and stores a ConfigVersion. One member's unusable data never fails the build: it comes
   * back (and is stored) as warnings. With `strict`, warnings are fatal: nothing is stored, so
   * nothing new can be deployed, and the error carries the warnings (`details.warnings`).
   */
  async build(
    actor: Actor,
    routeServerName: string,
    options: { out?: string; strict?: boolean } = {},
  ): Promise<ConfigBuildResult> {
    requireAdmin(actor);
    const build = await withRunRecord(
      this.dataSource,
      'config_build',
      async () => {
        const { text, model, routeServerId, buildMs, warnings } = await this.render(routeServerName);
        if (options.strict && warnings.length > 0) {
          throw new IxoraError(
            'validation_failed',
            `${warnings.length} warning(s) and --strict: no config version stored for ${routeServerName} (${warnings[0]!.message}${warnings.length > 1 ? '; …' : ''})`,
            { field: 'strict', value: true, warnings },
          );
        }
        const validation = await validateWithBird(text, { birdBinary: this.config.birdBinary });
        const modelGzip = await gzipAsync(JSON.stringify(model));
        const version = await this.dataSource.transaction(async (tx) => {
          const saved = await tx.save(
            tx.create(ConfigVersion, {
              routeServerId,
              text,
              sha256: createHash('sha256').update(text).digest('hex'),
              sizeBytes: Buffer.byteLength(text),
              buildMs,
              validationStatus: validation.ok ? 'valid' : 'invalid',
              validationOutput: validation.output || (validation.ok ? 'Configuration OK' : ''),
              warnings,
              modelGzip,
            }),
          );
          await writeAudit(tx, actor, 'config.build', 'config_version', saved.id, null, {
            ...saved,
            text: `[${saved.sizeBytes} bytes]`,
            modelGzip: `[${modelGzip.length} bytes]`,
          });
          return saved;
        });
        const buildsDir = path.join(this.config.birdConfigDir, 'builds');
        const file = options.out ?? path.join(buildsDir, `${routeServerName}-${version.id}.conf`);
        await writePrivateConfig(file, text, { isOwnDir: options.out === undefined });
        return { version, path: file, isValid: validation.ok, warnings, buildMs, output: validation.output };
      },
      {
        outcome: (done) => ({
          counts: {
            configVersionId: done.version.id,
            sizeBytes: done.version.sizeBytes,
            buildMs: done.buildMs,
            warnings: done.warnings.length,
          },
          status: done.isValid ? 'succeeded' : 'failed',
          error: done.isValid ? null : done.output,
        }),
      },
    );
    return { version: build.version, path: build.path, isValid: build.isValid, warnings: build.warnings };
  }

  /** The ConfigVersions of a route server, newest first (the text is fetched one at a time). */
  async versions(
    actor: Actor,
    routeServerName: string,
    page: PageRequest,
  ): Promise<Page<Omit<ConfigVersion, 'text'>>> {
    requireAdmin(actor);
    const routeServer = await new RouteServerConfigRepository(this.dataSource.manager).findRouteServer(
      routeServerName,
    );
    const [items, total] = await this.dataSource.manager.findAndCount(ConfigVersion, {
      where: { routeServerId: routeServer.id },
      select: {
        id: true,
        routeServerId: true,
        sha256: true,
        sizeBytes: true,
        builtAt: true,
        buildMs: true,
        validationStatus: true,
        validationOutput: true,
        deployStatus: true,
        deployedAt: true,
        deployOutput: true,
        warnings: true,
        reloadedSessions: true,
        rollbackOfId: true,
      },
      order: { id: 'DESC' },
      take: page.limit,
      skip: page.offset,
    });
    return { items, total, ...page };
  }

  async version(actor: Actor, routeServerName: string, idInput: unknown): Promise<ConfigVersion> {
    requireAdmin(actor);
    const id = parseId(idInput);
    const routeServer = await new RouteServerConfigRepository(this.dataSource.manager).findRouteServer(
      routeServerName,
    );
    const version = await this.dataSource.manager.findOneBy(ConfigVersion, {
      id,
      routeServerId: routeServer.id,
    });
    if (!version) throw notFound(`config version of ${routeServerName}`, id);
    return version;
  }

  /**
   * A unified diff between two of a route server's versions (`from` → `to`), for the console.
   * Refused past {@link MAX_VERSION_DIFF_BYTES} of text: the line diff of two 1,000-member configs
   * would hold a request for minutes (`config diff` works on any size).
   */
  async versionDiff(
    actor: Actor,
    routeServerName: string,
    fromInput: unknown,
    toInput: unknown,
  ): Promise<{ from: ConfigVersion; to: ConfigVersion; diff: string; isChanged: boolean }> {
    const from = await this.version(actor, routeServerName, parseId(fromInput, 'from'));
    const to = await this.version(actor, routeServerName, parseId(toInput, 'to'));
    if (from.sizeBytes + to.sizeBytes > MAX_VERSION_DIFF_BYTES)
      throw invalidValue(
        'to',
        to.id,
        `and version ${from.id} are too large to compare here (${from.sizeBytes + to.sizeBytes} bytes); compare the files of \`ixora config build --out\``,
      );
    const diff = createTwoFilesPatch(
      `${routeServerName}.conf (version ${from.id})`,
      `${routeServerName}.conf (version ${to.id})`,
      from.text,
      to.text,
      undefined,
      undefined,
      { context: 3 },
    );
    return { from, to, diff, isChanged: from.sha256 !== to.sha256 };
  }

  /** A unified diff of what the next build changes against the deployed config. */
  async diff(
    routeServerName: string,
  ): Promise<{ diff: string; deployedVersionId: number | null; isChanged: boolean }> {
    const { text, routeServerId } = await this.render(routeServerName);
    const deployed = await new RouteServerConfigRepository(this.dataSource.manager).deployedVersion(
      routeServerId,
    );
    const before = deployed?.text ?? '';
    const diff = createTwoFilesPatch(
      deployed ? `${routeServerName}.conf (deployed, version ${deployed.id})` : '/dev/null',
      `${routeServerName}.conf (next build)`,
      before,
      text,
      undefined,
      undefined,
      { context: 3 },
    );
    return { diff, deployedVersionId: deployed?.id ?? null, isChanged: before !== text };
  }

  /**
   * Deploys the newest ConfigVersion: writes it atomically into BIRD_CONFIG_DIR, then asks BIRD
   * `configure check` and `configure`, then `reload in` on the sessions whose inputs changed
   * (docs/adr/0009), recorded on the version. Any failure restores the previous file (BIRD keeps running
   * on its current config, which a rejected `configure` never replaces) and is recorded. A route
   * server reached through an agent gets the same steps from its agent (agent-config.client.ts).
   * Commands and jobs deploy through `@ixora/route-impact`'s `RouteImpactService.deploy` (and
   * `.rollback`), which check the route impact first; this method is their last step.
   * Route servers of one peering LAN deploy one at a time, each until its sessions are back up
   * (docs/adr/0021).
   */
  async deploy(
    actor: Actor,
    routeServerName: string,
    options: DeployOptions = {},
  ): Promise<ConfigDeployResult> {
    requireAdmin(actor);
    const repository = new RouteServerConfigRepository(this.dataSource.manager);
    const routeServer = await repository.findRouteServer(routeServerName);
    const target = deployTargetOf(routeServer, this.config);
    return this.underLease(actor, routeServer, options, async () => {
      // Chosen once the lease is ours: a deploy that waited deploys the newest build of its time.
      const version = await repository.latestVersion(routeServer.id);
      if (!version)
        throw new IxoraError(
          'invalid_value',
          `route server ${routeServerName} has no built config: run \`ixora config build --rs ${routeServerName}\``,
          { field: 'rs', value: routeServerName },
        );
      if (version.validationStatus !== 'valid') {
        throw new IxoraError(
          'invalid_value',
          `config version ${version.id} of ${routeServerName} failed validation and is never deployed: ${version.validationOutput.split('\n')[0]}`,
          { field: 'rs', value: routeServerName },
        );
      }
      if (options.expectedVersionId !== undefined && version.id !== options.expectedVersionId)
        throw new IxoraError(
          'conflict',
          `config version ${version.id} of ${routeServerName} was built while this deploy of version ${options.expectedVersionId} waited its turn; nothing was deployed: deploy again to deploy the newest`,
          { field: 'rs', value: routeServerName },
        );
      return this.deployVersion(actor, routeServer, version, target, options);
    });
  }

  /**
   * The earlier version `config rollback --to` names, checked: it exists, belongs to this route
   * server and passed validation. The API checks it before queueing the rollback job.
   */
  async rollbackTarget(actor: Actor, routeServerName: string, toInput: unknown): Promise<ConfigVersion> {
    requireAdmin(actor);
    const id = parseId(toInput, 'to');
    const routeServer = await new RouteServerConfigRepository(this.dataSource.manager).findRouteServer(
      routeServerName,
    );
    const version = await this.dataSource.manager.findOneBy(ConfigVersion, { id });
    if (!version)
      throw new IxoraError('not_found', `to: config version ${id} not found`, { field: 'to', value: id });
    if (version.routeServerId !== routeServer.id) {
      const owner = await this.dataSource.manager.findOneBy(RouteServer, { id: version.routeServerId });
      throw invalidValue(
        'to',
        id,
        `is a config version of route server ${owner?.name ?? '?'}, not of ${routeServerName}`,
      );
    }
    if (version.validationStatus !== 'valid')
      throw invalidValue(
        'to',
        id,
        `failed validation and is never deployed: ${version.validationOutput.split('\n')[0]}`,
      );
    return version;
  }

  /**
   * Deploys an earlier ConfigVersion again through the same path as `deploy`: its text is checked
   * with `bird -p` again (this BIRD may be newer than the one that built it), stored as a new
   * version that names the one it copies (`rollbackOfId`, so the history shows the rollback), then
   * deployed under the LAN's lease with configure check, configure and the reloads of the sessions
   * whose inputs changed.
   */
  async rollback(
    actor: Actor,
    routeServerName: string,
    toInput: unknown,
    options: DeployOptions = {},
  ): Promise<ConfigDeployResult & { readonly rollbackOfId: number }> {
    const source = await this.rollbackTarget(actor, routeServerName, toInput);
    const routeServer = await new RouteServerConfigRepository(this.dataSource.manager).findRouteServer(
      routeServerName,
    );
    const target = deployTargetOf(routeServer, this.config);
    const validation = await validateWithBird(source.text, { birdBinary: this.config.birdBinary });
    if (!validation.ok)
      throw invalidValue(
        'to',
        source.id,
        `is rejected by this BIRD now and is never deployed: ${validation.output.split('\n')[0]}`,
      );
    const result = await this.underLease(actor, routeServer, options, async () => {
      const copy = await this.dataSource.transaction(async (tx) => {
        const saved = await tx.save(
          tx.create(ConfigVersion, {
            routeServerId: routeServer.id,
            text: source.text,
            sha256: source.sha256,
            sizeBytes: source.sizeBytes,
            buildMs: 0,
            validationStatus: 'valid',
            validationOutput: validation.output || 'Configuration OK',
            warnings: source.warnings,
            rollbackOfId: source.id,
          }),
        );
        // The policy model too, so the route impact of what follows is measured from this version.
        await tx.query(
          `UPDATE config_version SET model_gzip = (SELECT model_gzip FROM config_version WHERE id = $2) WHERE id = $1`,
          [saved.id, source.id],
        );
        await writeAudit(tx, actor, 'config.rollback', 'config_version', saved.id, null, {
          routeServer: routeServerName,
          rollbackOfId: source.id,
          sha256: source.sha256,
        });
        return saved;
      });
      return this.deployVersion(actor, routeServer, copy, target, options);
    });
    return { ...result, rollbackOfId: source.id };
  }

  /** The deploy holding the lease of the route server's peering LAN now, if any. */
  async deployLease(actor: Actor, routeServerName: string): Promise<DeployLeaseState | null> {
    requireAdmin(actor);
    const routeServer = await new RouteServerConfigRepository(this.dataSource.manager).findRouteServer(
      routeServerName,
    );
    return readDeployLease(this.dataSource, routeServer.peeringLanId);
  }

  /** Runs `work` holding the deploy lease of the route server's peering LAN (docs/adr/0021). */
  private underLease<T>(
    actor: Actor,
    routeServer: RouteServer,
    options: DeployOptions,
    work: () => Promise<T>,
  ): Promise<T> {
    const timeoutMs = options.leaseTimeoutMs ?? DEFAULT_LEASE_TIMEOUT_MS;
    return withDeployLease(
      this.dataSource,
      {
        peeringLanId: routeServer.peeringLanId,
        routeServerId: routeServer.id,
        routeServerName: routeServer.name,
        actorLabel: actor.label,
        ttlMs: options.leaseTtlMs ?? DEFAULT_LEASE_TTL_MS,
        timeoutMs,
        pollMs: options.pollMs ?? DEFAULT_POLL_MS,
        onWait: ({ waitedMs, heldBy }) =>
          options.onProgress?.({ phase: 'waiting_for_lease', waitedMs, timeoutMs, heldBy }),
      },
      work,
    );
  }

  /**
   * The deploy itself, with the lease held: notes the established sessions, applies the config,
   * records the outcome on the version, then waits until those sessions are established again.
   */
  private async deployVersion(
    actor: Actor,
    routeServer: RouteServer,
    version: ConfigVersion,
    target: DeployTarget,
    options: DeployOptions,
  ): Promise<ConfigDeployResult> {
    const routeServerName = routeServer.name;
    options.onProgress?.({ phase: 'deploying', versionId: version.id });
    const establishedBefore = await target.protocols().then(establishedSessions, () => new Set<string>());
    const outcome = await withRunRecord(
      this.dataSource,
      'config_deploy',
      async () => {
        const outcome = await target.apply(version.text);
        const { message } = outcome;
        const isDeployed = outcome.isApplied;
        await this.dataSource.transaction(async (tx) => {
          await tx.update(
            ConfigVersion,
            { id: version.id },
            {
              deployStatus: isDeployed ? 'deployed' : 'failed',
              deployedAt: isDeployed ? new Date() : null,
              deployOutput: message,
              reloadedSessions: isDeployed ? [...outcome.reloadedSessions] : null,
            },
          );
          await writeAudit(
            tx,
            actor,
            isDeployed ? 'config.deploy' : 'config.deploy_failed',
            'config_version',
            version.id,
            null,
            {
              routeServer: routeServerName,
              message,
              reloadedSessions: outcome.reloadedSessions,
              ...(version.rollbackOfId !== null ? { rollbackOfId: version.rollbackOfId } : {}),
            },
          );
        });
        return outcome;
      },
      {
        outcome: (done) => ({
          counts: { configVersionId: version.id, reloadedSessions: done.reloadedSessions.length },
          status: done.isApplied ? 'succeeded' : 'failed',
          error: done.isApplied ? null : done.message,
        }),
      },
    );
    const { message } = outcome;
    if (!outcome.isApplied)
      throw new IxoraError(
        'upstream_failed',
        `${message} (the previous config is back in ${target.description}; BIRD keeps running on it)`,
        { field: 'rs', value: routeServerName },
      );
    const settleTimeoutMs = options.settleTimeoutMs ?? DEFAULT_SETTLE_TIMEOUT_MS;
    const notBackUp = await waitForSessionsUp(() => target.protocols(), establishedBefore, {
      timeoutMs: settleTimeoutMs,
      pollMs: options.pollMs ?? DEFAULT_POLL_MS,
      onWait: ({ waitedMs, pending }) =>
        options.onProgress?.({
          phase: 'waiting_for_sessions',
          waitedMs,
          timeoutMs: settleTimeoutMs,
          pending,
        }),
    });
    if (notBackUp.length > 0)
      throw new IxoraError(
        'upstream_failed',
        `config version ${version.id} is deployed on ${routeServerName}, but ${notBackUp.length} session(s) established ` +
          `before it were not established again within ${Math.round(settleTimeoutMs / 1000)} s: ${notBackUp.join(', ')}`,
        { field: 'rs', value: routeServerName, sessionsNotBackUp: notBackUp },
      );
    const reloadedSessions = [...outcome.reloadedSessions];
    return {
      version: { ...version, deployStatus: 'deployed', reloadedSessions },
      path: target.description,
      message,
      reloadedSessions,
      sessionsWaitedFor: establishedBefore.size,
    };
  }
}
