import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type IxoraConfig } from '@ixora/config';
import { isIxoraError } from '@ixora/errors';
import { buildIxfExport, createTestDatabase, LAB_BOGON_ASN_REASON, type TestDatabase } from '@ixora/testing';
import {
  cliActor,
  ConfigVersion,
  IxfImporter,
  PrefixSet,
  RouteServerService,
  type Member,
} from '../index.js';
import { RouteServerConfigService, type DeployProgress } from './route-server-config.service.js';

const admin = cliActor('test');
const hasBird = spawnSync('bird', ['--version']).error === undefined;
const canRunBird =
  hasBird && process.getuid?.() === 0 && spawnSync('unshare', ['--version']).error === undefined;

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`condition not met within ${timeoutMs} ms`);
}

async function rejection(promise: Promise<unknown>): Promise<Error & { details?: Record<string, unknown> }> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

/**
 * Two route servers of one peering LAN (rs1 and rs2), each a real BIRD in its own network namespace
 * (no network: their sessions stay down, so a deploy has no session to wait for).
 */
(canRunBird ? describe : describe.skip)(
  'config rollback and the deploy lease of paired route servers',
  () => {
    let db: TestDatabase;
    let dir: string;
    let service: RouteServerConfigService;
    const birds = new Map<string, ChildProcess>();
    let lanId: number;
    let firstMember: Member;

    async function setPrefixes(prefixes: string[]): Promise<void> {
      await db.dataSource.manager.update(
        PrefixSet,
        { memberId: firstMember.id, family: 4 },
        { prefixes, aggregated: prefixes.map((p) => `${p}{24,24}`) },
      );
    }

    async function startBird(name: string, config: IxoraConfig): Promise<string> {
      const socket = path.join(dir, `${name}.ctl`);
      const file = path.join(config.birdConfigDir, `${name}.conf`);
      await service.build(admin, name);
      const latest = await db.dataSource.manager.findOneOrFail(ConfigVersion, {
        where: {
          routeServerId: (await db.dataSource.query(`SELECT id FROM route_server WHERE name = $1`, [name]))[0]
            .id,
        },
        order: { id: 'DESC' },
      });
      await writeFile(file, latest.text);
      // unshare runs bird in its own process (no --fork): signals reach BIRD itself.
      birds.set(
        name,
        spawn('unshare', ['--net', 'bird', '-f', '-c', file, '-s', socket], { stdio: 'ignore' }),
      );
      await waitFor(
        () =>
          stat(socket).then(
            () => true,
            () => false,
          ),
        15_000,
      );
      return socket;
    }

    beforeAll(async () => {
      db = await createTestDatabase();
      dir = await mkdtemp(path.join(os.tmpdir(), 'ixora-rollback-'));
      const config: IxoraConfig = { ...loadConfig({}, dir), birdConfigDir: path.join(dir, 'etc') };
      await mkdir(config.birdConfigDir, { recursive: true });
      service = new RouteServerConfigService(db.dataSource, config);
      await new IxfImporter(db.dataSource).import(admin, JSON.stringify(buildIxfExport({ members: 4 })), {
        allowBogonAsn: LAB_BOGON_ASN_REASON,
      });
      const routeServers = new RouteServerService(db.dataSource);
      for (const [name, last] of [
        ['rs1', 1],
        ['rs2', 2],
      ] as const)
        await routeServers.add(admin, {
          name,
          asn: 64511,
          routerId: `192.0.2.${last}`,
          ipv4Address: `192.0.2.${last}`,
          ipv6Address: `2001:db8::${last}`,
          socketPath: path.join(dir, `${name}.ctl`),
        });
      lanId = (await db.dataSource.query(`SELECT peering_lan_id FROM route_server WHERE name = 'rs1'`))[0]
        .peering_lan_id;
      [firstMember] = (await db.dataSource.manager.find<Member>('Member', {
        order: { asn: 'ASC' },
        take: 1,
      })) as [Member];
      await db.dataSource.manager.insert(PrefixSet, {
        memberId: firstMember.id,
        family: 4,
        asns: [firstMember.asn],
        prefixes: ['198.51.100.0/24'],
        aggregated: ['198.51.100.0/24{24,24}'],
        status: 'ok',
        source: 'RIPE',
        fetchedAt: new Date(),
      });
      await startBird('rs1', config);
      await startBird('rs2', config);
    }, 60_000);

    afterAll(async () => {
      for (const bird of birds.values()) bird.kill('SIGTERM');
      await db?.drop();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    describe('rollback', () => {
      let old: ConfigVersion;
      let current: ConfigVersion;

      beforeAll(async () => {
        old = (await service.build(admin, 'rs1')).version;
        await service.deploy(admin, 'rs1');
        await setPrefixes(['198.51.100.0/24', '203.0.113.0/24']);
        current = (await service.build(admin, 'rs1')).version;
        expect(current.text).not.toBe(old.text);
        await service.deploy(admin, 'rs1');
      });

      it('deploys the earlier text again as a new version that names it, and the history shows both deploys', async () => {
        const result = await service.rollback(admin, 'rs1', String(old.id), { pollMs: 50 });
        expect(result.rollbackOfId).toBe(old.id);
        expect(result.version.id).toBeGreaterThan(current.id);
        expect(result.message).toMatch(/Reconfigured/);
        expect(await readFile(path.join(dir, 'etc', 'rs1.conf'), 'utf8')).toBe(old.text);

        const history = await service.versions(admin, 'rs1', { limit: 10, offset: 0 });
        const [newest] = history.items;
        expect(newest).toMatchObject({
          id: result.version.id,
          rollbackOfId: old.id,
          sha256: old.sha256,
          deployStatus: 'deployed',
        });
        expect(history.items.find((v) => v.id === current.id)?.deployStatus).toBe('deployed');
        // What the next build changes is measured against the version rolled back to.
        expect((await service.diff('rs1')).deployedVersionId).toBe(result.version.id);
        const audit = await db.dataSource.query(
          `SELECT action, after FROM audit_record WHERE entity_type = 'config_version' AND entity_id = $1 ORDER BY id`,
          [String(result.version.id)],
        );
        expect(audit.map((a: { action: string }) => a.action)).toEqual(['config.rollback', 'config.deploy']);
        expect(audit[0].after).toMatchObject({ rollbackOfId: old.id, routeServer: 'rs1' });
      });

      it('names the field and the value for an unknown version, one of another route server, or no number', async () => {
        const unknown = await rejection(service.rollback(admin, 'rs1', 999999));
        expect(isIxoraError(unknown) && unknown.code).toBe('not_found');
        expect(unknown.message).toBe('to: config version 999999 not found');
        expect(unknown.details).toMatchObject({ field: 'to', value: 999999 });

        const rs2Version = (await service.build(admin, 'rs2')).version;
        const other = await rejection(service.rollback(admin, 'rs1', rs2Version.id));
        expect(isIxoraError(other) && other.code).toBe('invalid_value');
        expect(other.message).toBe(
          `to: ${rs2Version.id} is a config version of route server rs2, not of rs1`,
        );
        expect(other.details).toMatchObject({ field: 'to', value: rs2Version.id });

        const text = await rejection(service.rollback(admin, 'rs1', 'latest'));
        expect(text.message).toMatch(/^to: "latest" /);
      });

      it('never deploys a version BIRD rejected', async () => {
        const rs1 = (await db.dataSource.query(`SELECT id FROM route_server WHERE name = 'rs1'`))[0].id;
        const invalid = await db.dataSource.manager.save(
          db.dataSource.manager.create(ConfigVersion, {
            routeServerId: rs1,
            text: 'router id 192.0.2.1;\nprotocol bgp broken {\n',
            sha256: '1'.repeat(64),
            sizeBytes: 40,
            buildMs: 1,
            validationStatus: 'invalid',
            validationOutput: 'syntax error',
          }),
        );
        const refused = await rejection(service.rollback(admin, 'rs1', invalid.id));
        expect(refused.message).toMatch(
          new RegExp(`^to: ${invalid.id} failed validation and is never deployed`),
        );
        // One that passed validation once but that this BIRD rejects now is refused as well.
        await db.dataSource.manager.update(ConfigVersion, { id: invalid.id }, { validationStatus: 'valid' });
        const rejected = await rejection(service.rollback(admin, 'rs1', invalid.id));
        expect(rejected.message).toMatch(/is rejected by this BIRD now and is never deployed/);
        expect(await db.dataSource.manager.countBy(ConfigVersion, { rollbackOfId: invalid.id })).toBe(0);
      });
    });

    describe('deploy lease', () => {
      beforeAll(async () => {
        await service.build(admin, 'rs1');
        await service.build(admin, 'rs2');
      });

      it('the deploy of rs2 waits while rs1 is being deployed, and starts only after it has finished', async () => {
        const spans: Record<string, { start: number; end: number }> = {};
        const waits: Extract<DeployProgress, { phase: 'waiting_for_lease' }>[] = [];
        const rs1Bird = birds.get('rs1')!;
        let rs2Deploy: Promise<unknown> | undefined;
        // rs1's BIRD is stopped (SIGSTOP) while its deploy holds the lease, a slow BIRD for as long
        // as it takes rs2's deploy to report that it waits; then BIRD goes on.
        const rs1Deploy = service
          .deploy(admin, 'rs1', {
            pollMs: 20,
            onProgress: (progress) => {
              if (progress.phase !== 'deploying') return;
              spans.rs1 = { start: performance.now(), end: Infinity };
              rs1Bird.kill('SIGSTOP');
              rs2Deploy = service
                .deploy(admin, 'rs2', {
                  pollMs: 20,
                  onProgress: (p) => {
                    if (p.phase === 'waiting_for_lease') {
                      waits.push(p);
                      if (waits.length === 3) rs1Bird.kill('SIGCONT');
                    }
                    if (p.phase === 'deploying') spans.rs2 = { start: performance.now(), end: Infinity };
                  },
                })
                .then(() => (spans.rs2!.end = performance.now()));
            },
          })
          .then(() => (spans.rs1!.end = performance.now()));
        try {
          await rs1Deploy;
          await rs2Deploy;
        } finally {
          rs1Bird.kill('SIGCONT');
        }
        expect(waits.length).toBeGreaterThanOrEqual(3);
        expect(waits[0]!.heldBy).toMatchObject({
          routeServer: 'rs1',
          holder: expect.stringMatching(/^cli:test on /),
        });
        expect(spans.rs1!.end).toBeLessThanOrEqual(spans.rs2!.start);
        expect(await db.dataSource.query(`SELECT * FROM deploy_lease`)).toEqual([]);
      });

      it('two deploys started at the same moment run one after the other', async () => {
        const spans: Record<string, { start: number; end: number }> = {};
        const deploy = async (name: string): Promise<void> => {
          await service.deploy(admin, name, {
            pollMs: 20,
            onProgress: (progress) => {
              if (progress.phase === 'deploying') spans[name] = { start: performance.now(), end: Infinity };
            },
          });
          spans[name]!.end = performance.now();
        };
        for (let round = 0; round < 3; round++) {
          await Promise.all([deploy('rs1'), deploy('rs2')]);
          const [a, b] = [spans.rs1!, spans.rs2!].sort((x, y) => x.start - y.start);
          expect(a!.end).toBeLessThanOrEqual(b!.start);
        }
      });

      it('waits for a live lease and gives up after its timeout with a message naming the holder', async () => {
        await db.dataSource.query(
          `INSERT INTO deploy_lease (peering_lan_id, route_server_id, holder, taken_at, expires_at)
         SELECT $1, id, 'cli:alice on rs-host/4242', now(), now() + interval '1 hour' FROM route_server WHERE name = 'rs2'`,
          [lanId],
        );
        try {
          const error = await rejection(service.deploy(admin, 'rs1', { leaseTimeoutMs: 300, pollMs: 50 }));
          expect(isIxoraError(error) && error.code).toBe('conflict');
          expect(error.message).toMatch(
            /^rs1 was not deployed: the deploy of rs2 by cli:alice on rs-host\/4242 \(lease until .*\) still held the deploy lease of its peering LAN after 0 s/,
          );
          expect((await service.deployLease(admin, 'rs1'))?.holder).toBe('cli:alice on rs-host/4242');
        } finally {
          await db.dataSource.query(`DELETE FROM deploy_lease`);
        }
      });

      it('takes over the lease of a crashed holder once it has lapsed', async () => {
        await db.dataSource.query(
          `INSERT INTO deploy_lease (peering_lan_id, route_server_id, holder, taken_at, expires_at)
         SELECT $1, id, 'cli:crashed', now(), now() + interval '800 milliseconds' FROM route_server WHERE name = 'rs2'`,
          [lanId],
        );
        const waits: DeployProgress[] = [];
        const result = await service.deploy(admin, 'rs1', {
          pollMs: 50,
          onProgress: (p) => {
            if (p.phase === 'waiting_for_lease') waits.push(p);
          },
        });
        expect(result.message).toMatch(/Reconfigured/);
        expect(waits.length).toBeGreaterThan(0);
        expect(await db.dataSource.query(`SELECT * FROM deploy_lease`)).toEqual([]);
      });

      it('releases the lease when the deploy fails', async () => {
        const rs1 = (await db.dataSource.query(`SELECT id FROM route_server WHERE name = 'rs1'`))[0].id;
        const good = await readFile(path.join(dir, 'etc', 'rs1.conf'), 'utf8');
        const broken = `${good}\nprotocol bgp broken_one {\n  neighbor 192.0.2.250 as ;\n}\n`;
        await db.dataSource.manager.save(
          db.dataSource.manager.create(ConfigVersion, {
            routeServerId: rs1,
            text: broken,
            sha256: '0'.repeat(64),
            sizeBytes: broken.length,
            buildMs: 1,
            validationStatus: 'valid',
            validationOutput: 'pretend',
          }),
        );
        await expect(service.deploy(admin, 'rs1')).rejects.toThrow(/BIRD rejected the config/);
        expect(await db.dataSource.query(`SELECT * FROM deploy_lease`)).toEqual([]);
        await expect(service.deploy(admin, 'rs2', { leaseTimeoutMs: 1_000 })).resolves.toMatchObject({
          message: expect.stringMatching(/Reconfigured/),
        });
      });
    });
  },
);

if (!canRunBird) console.log('skipped: rollback and deploy-lease tests need `bird`, root and `unshare`');
