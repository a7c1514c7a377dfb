import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '@ixora/config';
import {
  cliActor,
  IxfImporter,
  PrefixSet,
  RouteServerConfigService,
  RouteServerService,
  type Member,
} from '@ixora/domain';
import { buildIxfExport, createTestDatabase, LAB_BOGON_ASN_REASON, type TestDatabase } from '@ixora/testing';
import { ixora } from '../run-cli.test-helper.js';

const canRunBird =
  spawnSync('bird', ['--version']).error === undefined &&
  process.getuid?.() === 0 &&
  spawnSync('unshare', ['--version']).error === undefined;
const operator = cliActor('test');

(canRunBird ? describe : describe.skip)('ixora config rollback, and deploy waiting for its turn', () => {
  let db: TestDatabase;
  let dir: string;
  let bird: ChildProcess;
  let oldId: number;
  let lanId: number;
  const saved = {
    DATABASE_URL: process.env.DATABASE_URL,
    BIRD_SOCKET: process.env.BIRD_SOCKET,
    BIRD_CONFIG_DIR: process.env.BIRD_CONFIG_DIR,
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    dir = await mkdtemp(path.join(os.tmpdir(), 'ixora-cli-rollback-'));
    const etc = path.join(dir, 'etc');
    await mkdir(etc, { recursive: true });
    const socket = path.join(dir, 'bird.ctl');
    process.env.DATABASE_URL = db.url;
    process.env.BIRD_SOCKET = socket;
    process.env.BIRD_CONFIG_DIR = etc;
    await new IxfImporter(db.dataSource).import(operator, JSON.stringify(buildIxfExport({ members: 3 })), {
      allowBogonAsn: LAB_BOGON_ASN_REASON,
    });
    const routeServers = new RouteServerService(db.dataSource);
    for (const [name, last] of [
      ['rs1', 1],
      ['rs2', 2],
    ] as const)
      await routeServers.add(operator, {
        name,
        asn: 64510,
        routerId: `192.0.2.${last}`,
        ipv4Address: `192.0.2.${last}`,
      });
    lanId = (await db.dataSource.query(`SELECT peering_lan_id FROM route_server WHERE name = 'rs1'`))[0]
      .peering_lan_id;
    const configs = new RouteServerConfigService(
      db.dataSource,
      loadConfig({ BIRD_SOCKET: socket, BIRD_CONFIG_DIR: etc }, dir),
    );
    const old = await configs.build(operator, 'rs1');
    oldId = old.version.id;
    await writeFile(path.join(etc, 'rs1.conf'), old.version.text);
    bird = spawn('unshare', ['--net', 'bird', '-f', '-c', path.join(etc, 'rs1.conf'), '-s', socket], {
      stdio: 'ignore',
    });
    for (
      let i = 0;
      i < 150 &&
      !(await stat(socket).then(
        () => true,
        () => false,
      ));
      i++
    )
      await new Promise((r) => setTimeout(r, 100));
    const [member] = await db.dataSource.manager.find<Member>('Member', { order: { asn: 'ASC' }, take: 1 });
    await db.dataSource.manager.insert(PrefixSet, {
      memberId: member!.id,
      family: 4,
      asns: [member!.asn],
      prefixes: ['198.51.100.0/24'],
      aggregated: ['198.51.100.0/24{24,24}'],
      status: 'ok',
      source: 'RIPE',
      fetchedAt: new Date(),
    });
    await configs.build(operator, 'rs1');
  }, 60_000);

  afterAll(async () => {
    bird?.kill('SIGTERM');
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    await db.drop();
    await rm(dir, { recursive: true, force: true });
  });

  const holdLease = (seconds: number) =>
    db.dataSource.query(
      `INSERT INTO deploy_lease (peering_lan_id, route_server_id, holder, taken_at, expires_at)
       SELECT $1, id, 'cli:alice on rs-host/4242', now(), now() + $2 * interval '1 second' FROM route_server WHERE name = 'rs2'`,
      [lanId, seconds],
    );

  it('deploy waits while the other route server of the LAN is being deployed, saying whose deploy it waits for', async () => {
    await holdLease(1);
    const deployed = await ixora('config', 'deploy', '--rs', 'rs1');
    expect(deployed.code).toBe(0);
    expect(deployed.err).toMatch(
      /^waiting for the deploy of rs2 by cli:alice on rs-host\/4242 to finish \(route servers of one LAN deploy one at a time\): 0 s of 900 s$/m,
    );
    expect(deployed.out).toMatch(/^deployed config version [0-9]+ to .*rs1\.conf: Reconfigured/m);
  });

  it('gives up after --lease-timeout with a one-line reason', async () => {
    await holdLease(3600);
    try {
      const refused = await ixora('config', 'deploy', '--rs', 'rs1', '--lease-timeout', '0');
      expect(refused.code).not.toBe(0);
      expect(refused.err).toMatch(
        /rs1 was not deployed: the deploy of rs2 by cli:alice on rs-host\/4242 \(lease until .*\) still held the deploy lease/,
      );
      const bad = await ixora('config', 'deploy', '--rs', 'rs1', '--lease-timeout', 'soon');
      expect(bad.err).toMatch(/lease-timeout: "soon" must be a whole number of seconds/);
    } finally {
      await db.dataSource.query(`DELETE FROM deploy_lease`);
    }
  });

  it('rolls back to an earlier version: its text is live again, stored as a new version naming it', async () => {
    const rolled = await ixora('config', 'rollback', '--rs', 'rs1', '--to', String(oldId), '--json');
    expect(rolled.code).toBe(0);
    const result = JSON.parse(rolled.out) as { id: number; rollbackOfId: number; message: string };
    expect(result).toMatchObject({ rollbackOfId: oldId, message: expect.stringMatching(/Reconfigured/) });
    expect(result.id).toBeGreaterThan(oldId);
    const [old] = await db.dataSource.query(`SELECT text FROM config_version WHERE id = $1`, [oldId]);
    expect(await readFile(path.join(dir, 'etc', 'rs1.conf'), 'utf8')).toBe(old.text);

    const unknown = await ixora('config', 'rollback', '--rs', 'rs1', '--to', '999999');
    expect(unknown.code).not.toBe(0);
    expect(unknown.err).toMatch(/to: config version 999999 not found/);
  });
});
