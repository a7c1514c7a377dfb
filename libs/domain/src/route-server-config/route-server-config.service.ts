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
import { applyBirdConfig } from '@ixora/bird-client';
import { IXORA_CONFIG, type IxoraConfig } from '@ixora/config';
import { IxoraError, notFound } from '@ixora/errors';
import { ConfigVersion } from '../entities/config-version.entity.js';
import type { Page, PageRequest } from '../repositories/page.js';
import { withRunRecord } from '../runs/run.recorder.js';
import { requireAdmin, type Actor } from '../services/actor.js';
import { writeAudit } from '../services/audit.writer.js';
import { parseId } from '../services/validate.js';
import type { BuildWarning } from './member-irr.resolver.js';
import { buildRouteServerConfig, type RouteServerConfigInput } from './route-server-config.builder.js';
import { deployThroughAgent } from './agent-config.client.js';
import { RouteServerConfigRepository } from './route-server-config.repository.js';
import type { RouteServer } from '../entities/route-server.entity.js';

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
}

const BIRD_SOCKET_TIMEOUT_MS = 120_000;

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
   * Commands and jobs deploy through `@ixora/route-impact`'s `GuardedDeployService`, which checks
   * the route impact first; this method is its last step.
   */
  async deploy(actor: Actor, routeServerName: string): Promise<ConfigDeployResult> {
    requireAdmin(actor);
    const repository = new RouteServerConfigRepository(this.dataSource.manager);
    const routeServer = await repository.findRouteServer(routeServerName);
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
        {
          field: 'rs',
          value: routeServerName,
        },
      );
    }
    let target: string;
    let perform: () => Promise<{
      isApplied: boolean;
      message: string;
      reloadedSessions: readonly string[];
    }>;
    if (routeServer.agentUrl) {
      const agentUrl = routeServer.agentUrl;
      const token = this.config.agentTokens.get(routeServerName);
      if (token === undefined)
        throw new IxoraError(
          'invalid_value',
          `route server ${routeServerName} is reached through an agent (${agentUrl}) but AGENT_TOKENS has no token for it`,
          { field: 'AGENT_TOKENS', value: undefined },
        );
      target = `${agentUrl} (${routeServerName}.conf beside its BIRD)`;
      perform = () =>
        deployThroughAgent({
          agentUrl,
          token,
          name: routeServerName,
          text: version.text,
          timeoutMs: BIRD_SOCKET_TIMEOUT_MS,
        });
    } else {
      const socket = routeServer.socketPath ?? this.config.birdSocket;
      if (!socket)
        throw new IxoraError(
          'invalid_value',
          `route server ${routeServerName} has no control socket: set --socket on the route server or BIRD_SOCKET`,
          { field: 'BIRD_SOCKET', value: undefined },
        );
      const file = path.join(this.config.birdConfigDir, `${routeServerName}.conf`);
      target = file;
      perform = async () => {
        await mkdir(this.config.birdConfigDir, { recursive: true, mode: PRIVATE_DIR_MODE });
        return applyBirdConfig(file, version.text, socket, { timeoutMs: BIRD_SOCKET_TIMEOUT_MS });
      };
    }
    const outcome = await withRunRecord(
      this.dataSource,
      'config_deploy',
      async () => {
        const outcome = await perform();
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
            { routeServer: routeServerName, message, reloadedSessions: outcome.reloadedSessions },
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
    const isDeployed = outcome.isApplied;
    if (!isDeployed)
      throw new IxoraError(
        'upstream_failed',
        `${message} (the previous config is back in ${target}; BIRD keeps running on it)`,
        { field: 'rs', value: routeServerName },
      );
    const reloadedSessions = [...outcome.reloadedSessions];
    return {
      version: { ...version, deployStatus: 'deployed', reloadedSessions },
      path: target,
      message,
      reloadedSessions,
    };
  }
}
