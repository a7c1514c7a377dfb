import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { AGENT_CONFIG_DIGEST_HEADER, AGENT_CONFIG_PATH, configDigest } from '@ixora/agent-protocol';
import { BirdClient } from '@ixora/bird-client';
import { loadConfig, type IxoraConfig } from '@ixora/config';
import {
  cliActor,
  ConfigVersion,
  deployThroughAgent,
  IxfImporter,
  RouteServerConfigService,
  RouteServerService,
} from '@ixora/domain';
import {
  buildIxfExport,
  createTestDatabase,
  startDemoBird,
  type DemoBird,
  type TestDatabase,
} from '@ixora/testing';
import { startAgent, type RunningAgent } from './agent.server.js';

const admin = cliActor('test');
const TOKEN = 'rs1-agent-token-0123456789';
const hasBird = spawnSync('bird', ['--version']).error === undefined;
const hasUnshare = spawnSync('unshare', ['--version']).error === undefined;

// The API builds and validates; the agent beside BIRD checks again, puts the file in place and
// reconfigures its BIRD. Here the "remote" BIRD runs in a network namespace of its own.
(hasBird && hasUnshare ? describe : describe.skip)('deploy through ixora agent to a running BIRD', () => {
  let db: TestDatabase;
  let dir: string;
  let bird: DemoBird;
  let agent: RunningAgent;
  let service: RouteServerConfigService;
  let agentConfigDir: string;

  const birdRouterId = async (): Promise<string> => {
    const client = await BirdClient.connect(bird.socket, { timeoutMs: 10_000 });
    try {
      return (await client.status()).routerId;
    } finally {
      await client.close();
    }
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    dir = await mkdtemp(path.join(os.tmpdir(), 'ixora-agent-deploy-'));
    agentConfigDir = path.join(dir, 'agent-etc');
    // BIRD starts on a config of its own; the deploy replaces it with rs1's.
    const initial = path.join(dir, 'initial.conf');
    await writeFile(initial, 'router id 198.51.100.99;\nprotocol device {}\n');
    const started = await startDemoBird('bird', initial, path.join(dir, 'bird.ctl'));
    if (!started) throw new Error('BIRD did not start in a network namespace');
    bird = started;
    agent = await startAgent({
      socketPath: bird.socket,
      token: TOKEN,
      host: '127.0.0.1',
      port: 0,
      configDir: agentConfigDir,
    });
    const config: IxoraConfig = {
      ...loadConfig({ AGENT_TOKENS: `rs1=${TOKEN}` }, dir),
      birdConfigDir: path.join(dir, 'api-etc'),
    };
    service = new RouteServerConfigService(db.dataSource, config);
    await new IxfImporter(db.dataSource).import(admin, JSON.stringify(buildIxfExport({ members: 4 })));
    await new RouteServerService(db.dataSource).add(admin, {
      name: 'rs1',
      asn: 64511,
      routerId: '192.0.2.1',
      ipv4Address: '192.0.2.1',
      ipv6Address: '2001:db8::1',
      agentUrl: agent.url,
    });
  });

  afterAll(async () => {
    await agent?.close();
    bird?.stop();
    await db?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('deploys the built config through the agent: the file beside BIRD, and BIRD running it', async () => {
    expect(await birdRouterId()).toBe('198.51.100.99');
    expect((await service.build(admin, 'rs1')).isValid).toBe(true);
    const result = await service.deploy(admin, 'rs1');
    expect(result.message).toMatch(/[Rr]econfigur/);
    expect(result.path).toContain(agent.url);
    expect(await readFile(path.join(agentConfigDir, 'rs1.conf'), 'utf8')).toBe(result.version.text);
    expect(await birdRouterId()).toBe('192.0.2.1');
    const [row] = await db.dataSource.query(`SELECT deploy_status FROM config_version WHERE id = $1`, [
      result.version.id,
    ]);
    expect(row.deploy_status).toBe('deployed');
  });

  it('refuses a config its own bird -p rejects, and BIRD keeps running the previous one', async () => {
    const file = path.join(agentConfigDir, 'rs1.conf');
    const good = await readFile(file, 'utf8');
    const broken = `${good}\nprotocol bgp broken_one {\n  neighbor 192.0.2.250 as ;\n}\n`;
    // A version that slipped past the API's validation (another BIRD version there, say).
    const version = await db.dataSource.manager.save(
      db.dataSource.manager.create(ConfigVersion, {
        routeServerId: (await db.dataSource.query(`SELECT id FROM route_server WHERE name = 'rs1'`))[0].id,
        text: broken,
        sha256: configDigest(broken),
        sizeBytes: broken.length,
        buildMs: 1,
        validationStatus: 'valid',
        validationOutput: 'pretend',
      }),
    );
    await expect(service.deploy(admin, 'rs1')).rejects.toThrow(/bird -p on the agent rejected the config/);
    expect(await readFile(file, 'utf8')).toBe(good);
    expect(await birdRouterId()).toBe('192.0.2.1');
    const [row] = await db.dataSource.query(`SELECT deploy_status FROM config_version WHERE id = $1`, [
      version.id,
    ]);
    expect(row.deploy_status).toBe('failed');
  });

  it('answers a wrong token, a body that does not match its digest and a bad name without touching BIRD', async () => {
    const text = 'router id 203.0.113.1;\nprotocol device {}\n';
    const wrongToken = await deployThroughAgent({
      agentUrl: agent.url,
      token: 'not-the-agent-token-0000',
      name: 'rs1',
      text,
      timeoutMs: 10_000,
    });
    expect(wrongToken).toEqual({
      isApplied: false,
      message: expect.stringMatching(/answered 401/),
      reloadedSessions: [],
    });

    const cut = await fetch(`${agent.url}${AGENT_CONFIG_PATH}/rs1`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${TOKEN}`, [AGENT_CONFIG_DIGEST_HEADER]: configDigest(text) },
      body: text.slice(0, 20),
    });
    expect(cut.status).toBe(400);
    expect(((await cut.json()) as { error: string }).error).toMatch(/does not match/);

    const badName = await fetch(`${agent.url}${AGENT_CONFIG_PATH}/..%2Fetc%2Fpasswd`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${TOKEN}`, [AGENT_CONFIG_DIGEST_HEADER]: configDigest(text) },
      body: text,
    });
    expect(badName.status).toBe(400);
    expect(await birdRouterId()).toBe('192.0.2.1');
  });

  it('still serves the looking-glass reads beside deploys', async () => {
    const status = await fetch(`${agent.url}/lg/v1/status`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(status.status).toBe(200);
    expect(((await status.json()) as { routerId: string }).routerId).toBe('192.0.2.1');
  });
});

if (!hasBird || !hasUnshare)
  console.log('skipped: deploy through the agent needs `bird` (Debian bird2) and `unshare` (util-linux)');
