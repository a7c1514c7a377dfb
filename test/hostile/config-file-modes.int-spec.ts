import { spawnSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '@ixora/config';
import { cliActor, IxfImporter, RouteServerConfigService, RouteServerService } from '@ixora/domain';
import { buildIxfExport, createTestDatabase, LAB_BOGON_ASN_REASON, type TestDatabase } from '@ixora/testing';

const mode = async (file: string): Promise<number> => (await stat(file)).mode & 0o777;

/** Built configs may hold MD5 keys: 0640 files in 0750 folders, also under a permissive umask. */
describe('built config files are not world-readable', () => {
  const admin = cliActor('test');
  const hasBird = !spawnSync('bird', ['--version']).error;
  let db: TestDatabase;
  let dir: string;
  let savedUmask: number;

  beforeAll(async () => {
    db = await createTestDatabase();
    dir = await mkdtemp(path.join(os.tmpdir(), 'ixora-hostile-modes-'));
    await new IxfImporter(db.dataSource).import(admin, JSON.stringify(buildIxfExport({ members: 2 })), {
      allowBogonAsn: LAB_BOGON_ASN_REASON,
    });
    await new RouteServerService(db.dataSource).add(admin, {
      name: 'rs1',
      asn: 64510,
      routerId: '192.0.2.1',
      ipv4Address: '192.0.2.1',
      ipv6Address: '2001:db8::1',
    });
    // A session with an MD5 key: the secret that must not be readable by everyone.
    await db.dataSource.query(
      `UPDATE route_server_session SET md5_password = 'hostile-md5-secret' WHERE id = (SELECT min(id) FROM route_server_session)`,
    );
    savedUmask = process.umask(0o000);
  });

  afterAll(async () => {
    process.umask(savedUmask);
    await rm(dir, { recursive: true, force: true });
    await db.drop();
  });

  it('writes builds/*.conf 0640 in a 0750 folder with umask 000, and tightens an old 0755 folder', async () => {
    if (!hasBird) {
      console.log('skipped: `bird` (Debian bird2) is not installed');
      return;
    }
    const birdConfigDir = path.join(dir, 'bird');
    const service = new RouteServerConfigService(db.dataSource, { ...loadConfig({}, dir), birdConfigDir });
    const first = await service.build(admin, 'rs1');
    expect(first.isValid).toBe(true);
    expect(first.path).toBe(path.join(birdConfigDir, 'builds', `rs1-${first.version.id}.conf`));
    expect(first.version.text).toContain('hostile-md5-secret');
    expect(await mode(first.path)).toBe(0o640);
    expect(await mode(path.join(birdConfigDir, 'builds'))).toBe(0o750);
    expect(await mode(birdConfigDir)).toBe(0o750);

    // A builds folder an older version left 0755 is tightened at the next build.
    await chmod(path.join(birdConfigDir, 'builds'), 0o755);
    const second = await service.build(admin, 'rs1');
    expect(await mode(path.join(birdConfigDir, 'builds'))).toBe(0o750);
    expect(await mode(second.path)).toBe(0o640);
  });

  it('writes --out files 0640, also over an existing world-readable file', async () => {
    if (!hasBird) {
      console.log('skipped: `bird` (Debian bird2) is not installed');
      return;
    }
    const out = path.join(dir, 'out', 'rs1.conf');
    await mkdir(path.dirname(out));
    await writeFile(out, 'old', { mode: 0o644 });
    const service = new RouteServerConfigService(db.dataSource, loadConfig({}, dir));
    const built = await service.build(admin, 'rs1', { out });
    expect(built.path).toBe(out);
    expect(await mode(out)).toBe(0o640);
  });
});
