import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { CONFIG_VARIABLES } from '@ixora/config';
import { AgentReader } from '@ixora/looking-glass';
import { createTestDatabase, type TestDatabase } from '@ixora/testing';

/**
 * The production install of docs/install.md, as far as it runs without root and systemd: build the
 * release archive, install it under a temporary root, then start the commands of the installed
 * systemd units (their ExecStart, WorkingDirectory and EnvironmentFile, the paths moved under that
 * root) against the test PostgreSQL and a real BIRD.
 */
const run = promisify(execFile);
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const UNITS = ['ixora-serve.service', 'ixora-worker.service', 'ixora-agent.service'] as const;
const AGENT_TOKEN = 'install-test-agent-token-0123456789';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** The [Service] settings of a unit file (the last value of a key wins, as in systemd). */
function serviceSettings(unitText: string): Map<string, string> {
  const settings = new Map<string, string>();
  let section = '';
  for (const line of unitText.split('\n')) {
    const header = /^\[(.+)\]$/.exec(line.trim());
    if (header) section = header[1]!;
    else if (section === 'Service' && /^[A-Za-z]+=/.test(line)) {
      const at = line.indexOf('=');
      settings.set(line.slice(0, at), line.slice(at + 1));
    }
  }
  return settings;
}

/** An EnvironmentFile: VARIABLE=value lines, # comments. */
function parseEnvironmentFile(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
    if (match) env[match[1]!] = match[2]!;
  }
  return env;
}

/** Sets (or adds) VARIABLE=value in an env file, as an operator editing it would. */
function setVariables(text: string, values: Record<string, string>): string {
  let out = text;
  for (const [name, value] of Object.entries(values)) {
    const line = new RegExp(`^#?${name}=.*$`, 'm');
    out = line.test(out) ? out.replace(line, `${name}=${value}`) : `${out}${name}=${value}\n`;
  }
  return out;
}

interface Started {
  readonly child: ChildProcess;
  output(): string;
  waitFor(pattern: RegExp, timeoutMs: number): Promise<void>;
  stop(): Promise<number | null>;
}

describe('production install: release archive, install.sh and the systemd units', () => {
  let tmp: string;
  let root: string;
  let archive: string;
  let db: TestDatabase;
  const started: Started[] = [];
  let birdPid: number | undefined;

  const installed = (p: string) => path.join(root, p);
  /** A path the units and the env file name, moved under the test root. */
  const underRoot = (value: string) => value.replace(/(^|\s|=)\/(opt|etc|var|run)\//g, `$1${root}/$2/`);

  /** Starts what a unit would start: its ExecStart with its EnvironmentFile, in its WorkingDirectory. */
  function startUnit(unit: string, rewrite: (argv: string[]) => string[] = (argv) => argv): Started {
    const settings = serviceSettings(readFileSync(installed(`etc/systemd/system/${unit}`), 'utf8'));
    const argv = rewrite(underRoot(settings.get('ExecStart')!).split(/\s+/));
    const env = parseEnvironmentFile(readFileSync(underRoot(settings.get('EnvironmentFile')!), 'utf8'));
    const child = spawn(argv[0]!, argv.slice(1), {
      cwd: underRoot(settings.get('WorkingDirectory') ?? '/'),
      // systemd starts services with its own small environment, not the caller's.
      env: { PATH: `${path.dirname(process.execPath)}:/usr/sbin:/usr/bin:/sbin:/bin`, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const handle: Started = {
      child,
      output: () => text,
      async waitFor(pattern, timeoutMs) {
        const deadline = Date.now() + timeoutMs;
        while (!pattern.test(text)) {
          if (child.exitCode !== null) throw new Error(`${unit} exited ${child.exitCode}: ${text}`);
          if (Date.now() > deadline) throw new Error(`${unit} did not print ${String(pattern)}: ${text}`);
          await new Promise((r) => setTimeout(r, 100));
        }
      },
      async stop() {
        if (child.exitCode === null) child.kill('SIGTERM');
        return exited;
      },
    };
    started.push(handle);
    return handle;
  }

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'ixora-install-'));
    root = path.join(tmp, 'root');
    await mkdir(root);
    const built = await run(
      path.join(REPO, 'packaging/build-tarball.sh'),
      ['--out', path.join(tmp, 'release')],
      {
        cwd: REPO,
        maxBuffer: 16 * 1024 * 1024,
      },
    );
    archive = built.stdout.trim().split('\n').pop()!;
    await run(path.join(REPO, 'packaging/install.sh'), ['--root', root, '--no-user', archive]);
    db = await createTestDatabase();
    // The processes below open their own connections (PGlite, in embedded runs, takes one at a time).
    await db.dataSource.destroy();
  }, 240_000);

  afterAll(async () => {
    for (const process of started) await process.stop();
    if (birdPid !== undefined) spawnSync('kill', [String(birdPid)]);
    await db?.drop();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('builds an archive holding the build, the templates and only production node_modules', () => {
    expect(path.basename(archive)).toMatch(/^ixora-\d+\.\d+\.\d+-linux-[a-z0-9]+\.tar\.gz$/);
    const app = installed('opt/ixora');
    for (const file of [
      'bin/ixora.js',
      'dist/apps/cli/src/main.js',
      'dist/migrations/index.js',
      'templates/bird',
      'templates/web',
      'docs/install.md',
      'packaging/install.sh',
      'node_modules/@nestjs/core',
      'node_modules/argon2',
    ])
      expect({ file, exists: existsSync(path.join(app, file)) }).toEqual({ file, exists: true });
    // Development tools stay out: a smaller install, and no test code shipped.
    for (const dev of ['jest', 'eslint', 'prettier', 'ts-jest', 'supertest'])
      expect({ dev, exists: existsSync(path.join(app, 'node_modules', dev)) }).toEqual({
        dev,
        exists: false,
      });
    expect(existsSync(path.join(app, 'dist/bench'))).toBe(false);
  });

  it('lays out settings, data and BIRD directories with private modes, and the units', async () => {
    const mode = (p: string) => (statSync(installed(p)).mode & 0o7777).toString(8);
    expect(mode('etc/ixora')).toBe('750');
    expect(mode('etc/ixora/ixora.env')).toBe('640');
    expect(mode('var/lib/ixora')).toBe('750');
    // setgid: configs written there get BIRD's group, so BIRD reads them and others do not.
    expect(mode('etc/bird/ixora')).toBe('2750');
    expect(await readFile(installed('etc/ixora/ixora.env'), 'utf8')).toBe(
      await readFile(path.join(REPO, 'packaging/ixora.env.example'), 'utf8'),
    );
    expect((await readdir(installed('etc/systemd/system'))).sort()).toEqual([...UNITS].sort());
    for (const unit of UNITS) {
      const settings = serviceSettings(await readFile(installed(`etc/systemd/system/${unit}`), 'utf8'));
      expect({
        unit,
        user: settings.get('User'),
        protectSystem: settings.get('ProtectSystem'),
        noNewPrivileges: settings.get('NoNewPrivileges'),
        privateTmp: settings.get('PrivateTmp'),
        environmentFile: settings.get('EnvironmentFile'),
        restart: settings.get('Restart'),
      }).toEqual({
        unit,
        user: 'ixora',
        protectSystem: 'strict',
        noNewPrivileges: 'yes',
        privateTmp: 'yes',
        environmentFile: '/etc/ixora/ixora.env',
        restart: 'on-failure',
      });
      expect(settings.get('ExecStart')).toMatch(/^\/opt\/ixora\/bin\/ixora\.js /);
    }
    expect(statSync(installed('usr/local/bin/ixora')).mode & 0o111).toBe(0o111);
  });

  it('lists every variable ixora reads in the env example and docs/install.md', async () => {
    const example = await readFile(path.join(REPO, 'packaging/ixora.env.example'), 'utf8');
    const docs = await readFile(path.join(REPO, 'docs/install.md'), 'utf8');
    const exampleNames = new Set(Object.keys(parseEnvironmentFile(example.replace(/^#(?=[A-Z])/gm, ''))));
    expect(CONFIG_VARIABLES.length).toBeGreaterThan(20);
    expect(CONFIG_VARIABLES.filter((name) => !exampleNames.has(name))).toEqual([]);
    expect(CONFIG_VARIABLES.filter((name) => !docs.includes(`| \`${name}\``))).toEqual([]);
    // The settings the example sets are all read by ixora (commented-out lines may document
    // settings of features merged in parallel, and Node's own NODE_EXTRA_CA_CERTS).
    const setNames = Object.keys(parseEnvironmentFile(example));
    expect(setNames.length).toBeGreaterThan(5);
    expect(setNames.filter((name) => !CONFIG_VARIABLES.includes(name))).toEqual([]);
  });

  it('an upgrade keeps the edited settings and the release before it', async () => {
    const edited = `${await readFile(installed('etc/ixora/ixora.env'), 'utf8')}# edited\n`;
    await writeFile(installed('etc/ixora/ixora.env'), edited);
    const { stdout } = await run(path.join(REPO, 'packaging/install.sh'), [
      '--root',
      root,
      '--no-user',
      archive,
    ]);
    expect(stdout).toMatch(/kept .*ixora\.env/);
    expect(await readFile(installed('etc/ixora/ixora.env'), 'utf8')).toBe(edited);
    expect(existsSync(installed('opt/ixora.previous/bin/ixora.js'))).toBe(true);
    const refused = spawnSync(path.join(REPO, 'packaging/install.sh'), ['--root', root, archive], {
      encoding: 'utf8',
    });
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/--no-user/);
  });

  it('the units pass systemd-analyze verify', async () => {
    const probe = spawnSync('systemd-analyze', ['--version']);
    if (probe.error) {
      console.log('systemd-analyze verify skipped: systemd-analyze is not installed');
      return;
    }
    // Verified where the release is (systemd checks that ExecStart exists and is executable).
    const dir = path.join(tmp, 'units');
    await mkdir(dir);
    for (const unit of UNITS) {
      const text = await readFile(installed(`etc/systemd/system/${unit}`), 'utf8');
      await writeFile(path.join(dir, unit), text.replaceAll('/opt/ixora/', `${root}/opt/ixora/`));
    }
    const verify = spawnSync('systemd-analyze', ['verify', ...UNITS.map((u) => path.join(dir, u))], {
      encoding: 'utf8',
    });
    // systemd-analyze exits 0 on settings it ignores: any message is a finding.
    expect({ status: verify.status, stderr: verify.stderr.trim() }).toEqual({ status: 0, stderr: '' });
  });

  it('the units start serve, worker and agent against PostgreSQL and BIRD with the env file', async () => {
    const port = await freePort();
    const agentPort = await freePort();
    const birdDir = path.join(tmp, 'bird');
    await mkdir(birdDir);
    const socket = path.join(birdDir, 'bird.ctl');
    // The operator's edits (docs/install.md): the database, the port, BIRD, the agent's token and
    // certificate. Paths stay those of a real install, under the test root.
    const envFile = installed('etc/ixora/ixora.env');
    await writeFile(
      envFile,
      setVariables(await readFile(envFile, 'utf8'), {
        DATABASE_URL: db.url,
        PORT: String(port),
        IXORA_DATA_DIR: '/var/lib/ixora',
        BIRD_CONFIG_DIR: '/etc/bird/ixora',
        BIRD_SOCKET: socket,
        AGENT_TOKEN,
        SCHEDULE_IRR_MINUTES: '0',
        SCHEDULE_PEERINGDB_MINUTES: '0',
      }).replace(/(=)\/(var|etc)\//g, `$1${root}/$2/`),
    );
    const cert = installed('etc/ixora/agent.crt');
    const key = installed('etc/ixora/agent.key');
    // A certificate made now, valid for a day: nothing here depends on the calendar.
    await run('openssl', [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      key,
      '-out',
      cert,
    ]);
    await chmod(key, 0o640);

    // Upgrades run the migrations with the installed command and the env file (as the wrapper
    // /usr/local/bin/ixora does on a real install, where it finds /etc/ixora/ixora.env).
    const env = parseEnvironmentFile(await readFile(envFile, 'utf8'));
    const migrate = await run(installed('opt/ixora/bin/ixora.js'), ['db', 'migrate'], {
      env: { PATH: `${path.dirname(process.execPath)}:/usr/bin:/bin`, ...env },
    });
    expect(migrate.stdout).toMatch(/database is up to date|applied \d+ migration/);

    // A real BIRD behind the control socket the agent serves.
    await writeFile(path.join(birdDir, 'bird.conf'), 'router id 192.0.2.1;\nprotocol device {}\n');
    const bird = spawnSync(
      'bird',
      ['-c', path.join(birdDir, 'bird.conf'), '-s', socket, '-P', path.join(birdDir, 'bird.pid')],
      { encoding: 'utf8' },
    );
    const hasBird = bird.error === undefined && bird.status === 0;
    if (hasBird) birdPid = Number(readFileSync(path.join(birdDir, 'bird.pid'), 'utf8'));
    else
      console.log(`agent checked without BIRD: bird did not start (${bird.error?.message ?? bird.stderr})`);

    const serve = startUnit('ixora-serve.service');
    const worker = startUnit('ixora-worker.service');
    const agent = startUnit('ixora-agent.service', (argv) =>
      argv.map((arg, i) => (argv[i - 1] === '--port' ? String(agentPort) : arg)),
    );

    await serve.waitFor(/ixora listening on http:\/\/127\.0\.0\.1:\d+/, 60_000);
    const live = await fetch(`http://127.0.0.1:${port}/health/live`);
    expect(live.status).toBe(200);
    // The web pages find their templates inside the release.
    expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(200);
    await worker.waitFor(/ixora worker \S+: handling .*config\.deploy/, 60_000);
    await agent.waitFor(/ixora agent serving .* on https:/, 60_000);
    const reader = new AgentReader(`https://127.0.0.1:${agentPort}`, {
      token: AGENT_TOKEN,
      ca: await readFile(cert, 'utf8'),
    });
    try {
      if (hasBird) expect((await reader.status()).routerId).toBe('192.0.2.1');
      const intruder = new AgentReader(`https://127.0.0.1:${agentPort}`, {
        token: 'not-the-agent-token-0123456789',
        ca: await readFile(cert, 'utf8'),
      });
      await expect(intruder.status()).rejects.toThrow(/HTTP 401/);
      await intruder.close();
    } finally {
      await reader.close();
    }

    // systemd stops a unit with SIGTERM; Restart=on-failure must not see a failure then.
    expect(await serve.stop()).toBe(0);
    expect(await worker.stop()).toBe(0);
    expect(await agent.stop()).toBe(0);
  }, 120_000);
});
