import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { IxoraError, invalidValue } from '@ixora/errors';
import {
  parseBirdProtocols,
  parseNeighborAddresses,
  parseRouteCounts,
  type LabProtocol,
  type LabRouteCounts,
} from './bird-protocol.parser.js';
import { parseBirdRoutes, type LabRoute } from './bird-route.parser.js';
import { runCommand, runCommandSyncQuietly } from './command.runner.js';

/**
 * A small exchange on one machine (DESIGN §9): one network namespace per router, all joined by a
 * Linux bridge that lives in a namespace of its own, so nothing touches the host's network. Each
 * router runs its own BIRD with its own control socket in a per-run temp directory.
 *
 * Single-hop eBGP between 127.x addresses fails in BIRD ("Invalid next hop"), hence real
 * interfaces on a shared LAN. The documentation prefixes (RFC 5737, RFC 3849) exist only inside
 * the namespaces.
 */
export const peeringLanV4 = { prefix: '192.0.2.0/24', length: 24 } as const;
export const peeringLanV6 = { prefix: '2001:db8::/64', length: 64 } as const;

export const labNamePrefix = 'ixora-lab-';
const ownerFile = 'owner.pid';
const bridge = 'br0';
/** BIRD 2.0.12 hangs on a control-socket line longer than this. */
const maxBirdCommandBytes = 512;
const keptOutputLines = 200;

export interface LabRouterSpec {
  /** Short name used in messages and for the temp directory, e.g. `rs` or `m1`. */
  readonly name: string;
  /** Address on the peering LAN (192.0.2.0/24). */
  readonly ipv4: string;
  /** Address on the peering LAN (2001:db8::/64). */
  readonly ipv6: string;
  /** Complete BIRD 2 configuration. */
  readonly config: string;
}

export interface WaitOptions {
  readonly timeoutMs?: number;
  readonly intervalMs?: number;
}

/** Polls `probe` until it returns something other than undefined/false; the deadline error says what was awaited. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  options: WaitOptions = {},
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const intervalMs = options.intervalMs ?? 250;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const why = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new IxoraError('internal', `lab: gave up waiting ${timeoutMs} ms for ${what}${why}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

export class LabRouter {
  private readonly output: string[] = [];
  private exit: string | undefined;

  constructor(
    readonly name: string,
    readonly namespace: string,
    readonly ipv4: string,
    readonly ipv6: string,
    readonly dir: string,
    private readonly child: ChildProcess,
  ) {
    const keep = (chunk: Buffer): void => {
      this.output.push(
        ...chunk
          .toString('utf8')
          .split('\n')
          .filter((line) => line !== ''),
      );
      this.output.splice(0, Math.max(0, this.output.length - keptOutputLines));
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.on('exit', (code, signal) => {
      this.exit = `exited (${signal ?? String(code)})`;
    });
  }

  get socketPath(): string {
    return path.join(this.dir, 'bird.ctl');
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get isRunning(): boolean {
    return this.exit === undefined;
  }

  /** The last lines BIRD logged to stderr, for failure messages. */
  recentOutput(): string {
    return this.output.join('\n');
  }

  /** One control-socket command, e.g. `show route all`; returns what birdc printed. */
  async birdc(command: string): Promise<string> {
    if (Buffer.byteLength(command) > maxBirdCommandBytes) {
      throw invalidValue(
        'birdc command',
        command.slice(0, 60) + '…',
        `is longer than ${maxBirdCommandBytes} bytes`,
      );
    }
    if (this.exit)
      throw new IxoraError('internal', `lab: BIRD of ${this.name} ${this.exit}:\n${this.recentOutput()}`);
    try {
      const { stdout } = await runCommand('birdc', ['-s', this.socketPath, ...command.trim().split(/\s+/)]);
      return stdout;
    } catch (error) {
      // birdc exits 1 on BIRD's error reply 8001 to `show route for X`: an empty answer, not a failure.
      const stdout = error instanceof IxoraError ? error.details['stdout'] : undefined;
      if (typeof stdout === 'string' && /^Network not found$/m.test(stdout)) return '';
      throw error;
    }
  }

  /** `show route <query> all`, e.g. `routes('protocol m1_v4')` or `routes('filtered')`. */
  async routes(query = ''): Promise<LabRoute[]> {
    return parseBirdRoutes(await this.birdc(`show route ${query} all`));
  }

  async protocols(): Promise<LabProtocol[]> {
    return parseBirdProtocols(await this.birdc('show protocols'));
  }

  async protocol(name: string): Promise<LabProtocol | undefined> {
    return (await this.protocols()).find((protocol) => protocol.name === name);
  }

  /** The BGP protocol whose neighbor is `address`, whatever the config named it. */
  async protocolFor(address: string): Promise<string> {
    const name = parseNeighborAddresses(await this.birdc('show protocols all')).get(address);
    if (!name) throw invalidValue('neighbor address', address, `has no BGP protocol on ${this.name}`);
    return name;
  }

  async routeCounts(protocol: string): Promise<LabRouteCounts> {
    return parseRouteCounts(await this.birdc(`show protocols all ${protocol}`));
  }

  async stop(): Promise<void> {
    if (this.exit) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGTERM');
    const killTimer = setTimeout(() => this.child.kill('SIGKILL'), 3_000);
    await exited;
    clearTimeout(killTimer);
  }
}

export class Lab {
  private readonly routersByName = new Map<string, LabRouter>();
  private readonly namespaces: string[] = [];
  private isStopped = false;

  private constructor(
    readonly id: string,
    readonly dir: string,
    private readonly reaper: ChildProcess,
  ) {}

  get lanNamespace(): string {
    return `${labNamePrefix}${this.id}-lan`;
  }

  get routers(): readonly LabRouter[] {
    return [...this.routersByName.values()];
  }

  router(name: string): LabRouter {
    const router = this.routersByName.get(name);
    if (!router)
      throw invalidValue('router', name, `is not in this lab (${[...this.routersByName.keys()].join(', ')})`);
    return router;
  }

  /**
   * Builds the LAN, checks every config with `bird -p`, starts every BIRD and waits until each
   * control socket answers. On any failure everything created so far is removed again.
   */
  static async start(routers: readonly LabRouterSpec[]): Promise<Lab> {
    checkSpecs(routers);
    await removeLeftoverLabs();
    const id = randomBytes(4).toString('hex');
    const dir = path.join(os.tmpdir(), `${labNamePrefix}${id}`);
    // The directory appears with its owner file already inside, so a concurrent run's leftover
    // sweep never sees it ownerless.
    const staging = mkdtempSync(path.join(os.tmpdir(), `${labNamePrefix}staging-`));
    writeFileSync(path.join(staging, ownerFile), String(process.pid));
    renameSync(staging, dir);
    const lab = new Lab(id, dir, startReaper(id, dir));
    try {
      await lab.createLan();
      for (const [index, spec] of routers.entries()) await lab.createRouter(index + 1, spec);
      await Promise.all(lab.routers.map((router) => waitForSocket(router)));
      return lab;
    } catch (error) {
      await lab.stop();
      throw error;
    }
  }

  /** Waits until every listed protocol of `router` is up and Established. */
  async waitForEstablished(
    routerName: string,
    protocols: readonly string[],
    options?: WaitOptions,
  ): Promise<void> {
    const router = this.router(routerName);
    await waitFor(
      `${routerName}: ${protocols.join(', ')} Established`,
      async () => {
        const states = await router.protocols();
        return protocols.every((name) =>
          states.some((p) => p.name === name && p.info.startsWith('Established')),
        );
      },
      options,
    ).catch(async (error: unknown) => {
      const states = await router.protocols().catch(() => []);
      const summary = states.map((p) => `${p.name}=${p.state}/${p.info}`).join(' ');
      throw new IxoraError(
        'internal',
        `${(error as Error).message}; now: ${summary}\n${router.recentOutput()}`,
      );
    });
  }

  /** Stops every BIRD, deletes every namespace (which removes the veths and the bridge) and the temp dir. */
  async stop(): Promise<void> {
    if (this.isStopped) return;
    this.isStopped = true;
    await Promise.all(this.routers.map((router) => router.stop()));
    for (const namespace of [...this.namespaces].reverse()) removeNamespaceSync(namespace);
    rmSync(this.dir, { recursive: true, force: true });
    this.reaper.stdin?.end();
  }

  private async createLan(): Promise<void> {
    const lan = this.lanNamespace;
    await ip('netns', 'add', lan);
    this.namespaces.push(lan);
    // Snooping off: without an MLD querier the bridge could drop IPv6 neighbour discovery.
    await ip('-n', lan, 'link', 'add', bridge, 'type', 'bridge', 'mcast_snooping', '0');
    await ip('-n', lan, 'link', 'set', bridge, 'up');
  }

  private async createRouter(index: number, spec: LabRouterSpec): Promise<void> {
    const namespace = `${labNamePrefix}${this.id}-${index}`;
    const lanPort = `v${index}`;
    const dir = path.join(this.dir, spec.name);
    mkdirSync(dir, { recursive: true });
    const configPath = path.join(dir, 'bird.conf');
    writeFileSync(configPath, spec.config);
    await runCommand('bird', ['-p', '-c', configPath]).catch((error: unknown) => {
      throw new IxoraError(
        'validation_failed',
        `lab: BIRD rejects the config of ${spec.name}: ${(error as Error).message}`,
      );
    });

    await ip('netns', 'add', namespace);
    this.namespaces.push(namespace);
    const lan = this.lanNamespace;
    await ip('-n', namespace, 'link', 'add', 'eth0', 'type', 'veth', 'peer', 'name', lanPort, 'netns', lan);
    // No link-local address and no duplicate address detection: the addresses are usable at once,
    // and BGP runs over the LAN's global addresses only.
    await ip('-n', namespace, 'link', 'set', 'eth0', 'addrgenmode', 'none');
    await ip('-n', lan, 'link', 'set', lanPort, 'master', bridge, 'up');
    await ip('-n', namespace, 'link', 'set', 'lo', 'up');
    await ip('-n', namespace, 'address', 'add', `${spec.ipv4}/${peeringLanV4.length}`, 'dev', 'eth0');
    await ip(
      '-n',
      namespace,
      'address',
      'add',
      `${spec.ipv6}/${peeringLanV6.length}`,
      'dev',
      'eth0',
      'nodad',
    );
    await ip('-n', namespace, 'link', 'set', 'eth0', 'up');

    const child = spawn(
      'ip',
      ['netns', 'exec', namespace, 'bird', '-f', '-c', configPath, '-s', path.join(dir, 'bird.ctl')],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const router = new LabRouter(spec.name, namespace, spec.ipv4, spec.ipv6, dir, child);
    this.routersByName.set(spec.name, router);
  }
}

/**
 * Starts `lab-reaper.mjs`, which removes this lab when its stdin pipe closes: at `stop()`, or when
 * the test process dies in any way. It runs detached (its own process group, so a Ctrl-C of the
 * test run does not end it first) and unreferenced, so it never keeps Jest alive.
 */
function startReaper(id: string, dir: string): ChildProcess {
  const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'lab-reaper.mjs');
  const reaper = spawn(process.execPath, [script, id, dir], {
    detached: true,
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  reaper.unref();
  (reaper.stdin as (Writable & { unref?: () => void }) | null)?.unref?.();
  return reaper;
}

function checkSpecs(routers: readonly LabRouterSpec[]): void {
  const names = new Set<string>();
  for (const spec of routers) {
    if (!/^[a-z][a-z0-9-]{0,30}$/.test(spec.name))
      throw invalidValue('router name', spec.name, 'must be a short lowercase name');
    if (names.has(spec.name)) throw invalidValue('router name', spec.name, 'is used twice');
    names.add(spec.name);
  }
}

async function waitForSocket(router: LabRouter): Promise<void> {
  await waitFor(
    `the control socket of ${router.name}`,
    async () => {
      if (!router.isRunning)
        throw new IxoraError('internal', `BIRD of ${router.name} stopped:\n${router.recentOutput()}`);
      await router.birdc('show status');
      return true;
    },
    { timeoutMs: 15_000, intervalMs: 100 },
  );
}

async function ip(...args: string[]): Promise<void> {
  await runCommand('ip', args);
}

function removeNamespaceSync(namespace: string): void {
  // Deleting a namespace does not end the processes in it.
  const pids = runCommandSyncQuietly('ip', ['netns', 'pids', namespace])
    .split(/\s+/)
    .filter((pid) => /^\d+$/.test(pid));
  for (const pid of pids) killQuietly(Number(pid), 'SIGKILL');
  runCommandSyncQuietly('ip', ['netns', 'delete', namespace]);
}

function killQuietly(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes namespaces and temp dirs of earlier lab runs whose owning process is gone (a crash, a
 * SIGKILL). Labs of runs still alive — another test run at the same time — are left alone.
 */
export async function removeLeftoverLabs(): Promise<string[]> {
  const removed: string[] = [];
  const { stdout } = await runCommand('ip', ['netns', 'list']);
  const namespaces = stdout
    .split('\n')
    .map((line) => line.split(/\s+/)[0] ?? '')
    .filter((name) => name.startsWith(labNamePrefix));
  const runIds = new Set<string>();
  for (const name of namespaces) {
    const id = /^ixora-lab-([0-9a-f]+)-/.exec(name)?.[1];
    if (id) runIds.add(id);
  }
  for (const entry of readdirSync(os.tmpdir())) {
    const id = new RegExp(`^${labNamePrefix}([0-9a-f]+)$`).exec(entry)?.[1];
    if (id) runIds.add(id);
  }
  for (const id of runIds) {
    const dir = path.join(os.tmpdir(), `${labNamePrefix}${id}`);
    const ownerPath = path.join(dir, ownerFile);
    const owner = existsSync(ownerPath) ? Number(readFileSync(ownerPath, 'utf8')) : NaN;
    if (Number.isInteger(owner) && owner > 0 && isAlive(owner)) continue;
    for (const name of namespaces
      .filter((n) => n.startsWith(`${labNamePrefix}${id}-`))
      .sort()
      .reverse()) {
      removeNamespaceSync(name);
      removed.push(name);
    }
    rmSync(dir, { recursive: true, force: true });
  }
  return removed;
}
