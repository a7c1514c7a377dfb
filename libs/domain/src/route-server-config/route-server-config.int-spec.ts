import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { BirdClient } from '@ixora/bird-client';
import { loadConfig, type IxoraConfig } from '@ixora/config';
import { buildIxfExport, createTestDatabase, LAB_BOGON_ASN_REASON, type TestDatabase } from '@ixora/testing';
import {
  cliActor,
  ConfigVersion,
  IxfImporter,
  PrefixSet,
  RouteServerService,
  type Member,
} from '../index.js';
import { RouteServerConfigService } from './route-server-config.service.js';

const admin = cliActor('test');
const hasBird = spawnSync('bird', ['--version']).error === undefined;
const isRoot = process.getuid?.() === 0;
const hasUnshare = spawnSync('unshare', ['--version']).error === undefined;

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`condition not met within ${timeoutMs} ms`);
}

(hasBird ? describe : describe.skip)('route-server config build, diff and deploy', () => {
  let db: TestDatabase;
  let dir: string;
  let config: IxoraConfig;
  let service: RouteServerConfigService;

  beforeAll(async () => {
    db = await createTestDatabase();
    dir = await mkdtemp(path.join(os.tmpdir(), 'ixora-config-'));
    config = {
      ...loadConfig({}, dir),
      birdConfigDir: path.join(dir, 'etc'),
      birdSocket: path.join(dir, 'bird.ctl'),
    };
    service = new RouteServerConfigService(db.dataSource, config);
    await new IxfImporter(db.dataSource).import(admin, JSON.stringify(buildIxfExport({ members: 8 })), {
      allowBogonAsn: LAB_BOGON_ASN_REASON,
    });
    await new RouteServerService(db.dataSource).add(admin, {
      name: 'rs1',
      asn: 64511,
      routerId: '192.0.2.1',
      ipv4Address: '192.0.2.1',
      ipv6Address: '2001:db8::1',
    });
    // IRR data for one member, an empty expansion for another, none for the rest.
    const members = await db.dataSource.manager.find<Member>('Member', { order: { asn: 'ASC' } });
    const [first, second] = members as [Member, Member];
    await db.dataSource.manager.insert(PrefixSet, [
      {
        memberId: first.id,
        family: 4,
        asns: [first.asn, 64500],
        prefixes: ['198.51.100.0/24'],
        aggregated: ['198.51.100.0/24{24,24}'],
        status: 'ok',
        source: 'RIPE',
        fetchedAt: new Date(),
      },
      {
        memberId: first.id,
        family: 6,
        asns: [first.asn],
        prefixes: ['2001:db8:1000::/36'],
        aggregated: ['2001:db8:1000::/36{36,48}'],
        status: 'ok',
        source: 'RIPE',
        fetchedAt: new Date(),
      },
      {
        memberId: second.id,
        family: 4,
        asns: [],
        prefixes: [],
        aggregated: [],
        status: 'empty',
        source: 'RIPE',
      },
    ]);
  });
  afterAll(async () => {
    await db.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('builds a config BIRD accepts, stores the version and writes the file; the same input gives the same bytes', async () => {
    const first = await service.build(admin, 'rs1');
    expect(first.isValid).toBe(true);
    expect(first.version.validationStatus).toBe('valid');
    const text = await readFile(first.path, 'utf8');
    expect(text).toBe(first.version.text);
    expect(text).toContain('198.51.100.0/24');
    expect(first.version.sizeBytes).toBe(Buffer.byteLength(text));
    const second = await service.build(admin, 'rs1', { out: path.join(dir, 'again.conf') });
    expect(second.version.sha256).toBe(first.version.sha256);
    expect(second.version.id).toBeGreaterThan(first.version.id);
    const audit = await db.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_record WHERE action = 'config.build'`,
    );
    expect(audit[0].n).toBe(2);
    // The model the text was rendered from is kept beside it (route impact), not loaded with it.
    const model = await service.storedModel(first.version.id);
    expect(model?.routeServer.name).toBe('rs1');
    expect(model?.sessions.length).toBeGreaterThan(0);
    const loaded = await db.dataSource.manager.findOneByOrFail(ConfigVersion, { id: first.version.id });
    expect(loaded.modelGzip).toBeUndefined();
  });

  it('stores a config the validator rejects as invalid and never deploys it', async () => {
    const fakeBird = path.join(dir, 'rejecting-bird.sh');
    await writeFile(
      fakeBird,
      '#!/bin/sh\necho "bird: $3:1:1 syntax error, unexpected CF_SYM_UNDEFINED" >&2\nexit 1\n',
    );
    await chmod(fakeBird, 0o755);
    const rejecting = new RouteServerConfigService(db.dataSource, { ...config, birdBinary: fakeBird });
    const result = await rejecting.build(admin, 'rs1');
    expect(result.isValid).toBe(false);
    expect(result.version.validationOutput).toMatch(/syntax error/);
    await expect(service.deploy(admin, 'rs1')).rejects.toThrow(/failed validation and is never deployed/);
    await db.dataSource.manager.delete(ConfigVersion, { id: result.version.id });
  });

  it('points BIRD at the RTR cache of RPKI_RTR_HOST in rtr mode, IPv6 literals included', async () => {
    for (const [host, remote] of [
      ['[2001:db8::9]:3323', 'remote "2001:db8::9" port 3323;'],
      ['192.0.2.9', 'remote "192.0.2.9" port 323;'],
      ['rtr.example.net:8282', 'remote "rtr.example.net" port 8282;'],
    ]) {
      const rtr = new RouteServerConfigService(
        db.dataSource,
        loadConfig({ RPKI_MODE: 'rtr', RPKI_RTR_HOST: host }, dir),
      );
      expect((await rtr.render('rs1')).text).toContain(remote);
    }
  });

  it('diffs the next build against the deployed config', async () => {
    const none = await service.diff('rs1');
    expect(none.deployedVersionId).toBeNull();
    expect(none.isChanged).toBe(true);
    expect(none.diff).toMatch(/^\+router id 192\.0\.2\.1;$/m);
  });

  (isRoot && hasUnshare ? describe : describe.skip)(
    'deploy to a running BIRD (in its own network namespace)',
    () => {
      let bird: ChildProcess;

      beforeAll(async () => {
        const latest = await db.dataSource.manager.findOneOrFail(ConfigVersion, {
          where: {},
          order: { id: 'DESC' },
        });
        const etc = config.birdConfigDir;
        await import('node:fs/promises').then((fs) => fs.mkdir(etc, { recursive: true }));
        await writeFile(path.join(etc, 'rs1.conf'), latest.text);
        // A fresh network namespace has no routes: BIRD's BGP sessions cannot send a packet anywhere.
        bird = spawn(
          'unshare',
          ['--net', 'bird', '-f', '-c', path.join(etc, 'rs1.conf'), '-s', config.birdSocket!],
          { stdio: 'ignore' },
        );
        await waitFor(
          () =>
            stat(config.birdSocket!).then(
              () => true,
              () => false,
            ),
          15_000,
        );
      });
      afterAll(() => {
        bird?.kill('SIGTERM');
      });

      it('deploys the newest version with configure check and configure', async () => {
        const result = await service.deploy(admin, 'rs1');
        expect(result.message).toMatch(/[Rr]econfigur/);
        const [row] = await db.dataSource.query(`SELECT deploy_status FROM config_version WHERE id = $1`, [
          result.version.id,
        ]);
        expect(row.deploy_status).toBe('deployed');
        expect((await service.diff('rs1')).isChanged).toBe(false);
      });

      it('asks BIRD to reload exactly the sessions whose inputs changed, and records what it answered', async () => {
        const [first] = await db.dataSource.manager.find<Member>('Member', {
          order: { asn: 'ASC' },
          take: 1,
        });
        await db.dataSource.manager.update(
          PrefixSet,
          { memberId: first!.id, family: 4 },
          {
            prefixes: ['198.51.100.0/24', '203.0.113.0/24'],
            aggregated: ['198.51.100.0/24{24,24}', '203.0.113.0/24{24,24}'],
          },
        );
        await service.build(admin, 'rs1');
        const result = await service.deploy(admin, 'rs1');
        // The namespace has no network, so no session is up: BIRD says so and nothing is reloaded.
        const [protocol] = [
          ...result.version.text.matchAll(/^# ixora-session-inputs (AS[0-9]+_v4_[0-9]+) /gm),
        ]
          .map((m) => m[1]!)
          .filter((name) => name.startsWith(`AS${first!.asn}_`));
        expect(result.message).toContain(`not up, nothing to reload: ${protocol}`);
        expect(result.message).not.toMatch(/_v6_/);
        expect(result.reloadedSessions).toEqual([]);
        const [row] = await db.dataSource.query(
          `SELECT reloaded_sessions FROM config_version WHERE id = $1`,
          [result.version.id],
        );
        expect(row.reloaded_sessions).toEqual([]);
        // Nothing changed since: the next deploy asks for no reload at all.
        await service.build(admin, 'rs1');
        expect((await service.deploy(admin, 'rs1')).message).not.toMatch(/reload/);
      });

      it('restores the previous file when BIRD rejects a config, and BIRD keeps running on it', async () => {
        const file = path.join(config.birdConfigDir, 'rs1.conf');
        const good = await readFile(file, 'utf8');
        const client = await BirdClient.connect(config.birdSocket!, { timeoutMs: 10_000 });
        const protocolsBefore = (await client.protocols()).map((p) => p.name);
        await client.close();
        // A version that slipped past validation (e.g. a BIRD upgrade changed the grammar).
        const broken = `${good}\nprotocol bgp broken_one {\n  neighbor 192.0.2.250 as ;\n}\n`;
        const version = await db.dataSource.manager.save(
          db.dataSource.manager.create(ConfigVersion, {
            routeServerId: (await db.dataSource.query(`SELECT id FROM route_server WHERE name = 'rs1'`))[0]
              .id,
            text: broken,
            sha256: '0'.repeat(64),
            sizeBytes: broken.length,
            buildMs: 1,
            validationStatus: 'valid',
            validationOutput: 'pretend',
          }),
        );
        await expect(service.deploy(admin, 'rs1')).rejects.toThrow(
          /BIRD rejected the config.*previous config is back/,
        );
        expect(await readFile(file, 'utf8')).toBe(good);
        const after = await BirdClient.connect(config.birdSocket!, { timeoutMs: 10_000 });
        expect((await after.status()).routerId).toBe('192.0.2.1');
        expect((await after.protocols()).map((p) => p.name)).toEqual(protocolsBefore);
        await after.close();
        const [row] = await db.dataSource.query(
          `SELECT deploy_status, deploy_output FROM config_version WHERE id = $1`,
          [version.id],
        );
        expect(row.deploy_status).toBe('failed');
        expect(row.deploy_output).toMatch(/configure check/);
      });
    },
  );
});

if (!hasBird) console.log('skipped: route-server config build/deploy tests need `bird` (Debian bird2)');
