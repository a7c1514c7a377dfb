import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fixedClock, loadConfig } from '@ixora/config';
import { cliActor, Member, PrefixSet } from '@ixora/domain';
import { createTestDatabase, type TestDatabase } from '@ixora/testing';
import { RpkiSnapshotService } from './rpki-snapshot.service.js';
import { writeVrpDocuments, type WrittenVrpDocuments } from './testing/vrp-documents.js';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');
const admin = cliActor('test');
const YEAR_MS = 365 * 86_400_000;

describe('RPKI snapshots in PostgreSQL', () => {
  let db: TestDatabase;
  let service: RpkiSnapshotService;
  let dir: string;
  let documents: WrittenVrpDocuments;

  beforeAll(async () => {
    db = await createTestDatabase();
    dir = await mkdtemp(path.join(os.tmpdir(), 'ixora-rpki-'));
    // Documents written an hour before the service's clock: what a validator run just left behind.
    const now = new Date();
    documents = await writeVrpDocuments(dir, now);
    service = new RpkiSnapshotService(
      db.dataSource,
      loadConfig({ RPKI_VRP_URL: documents.rpkiClient }, dir),
      fixedClock(now),
    );
  });
  afterAll(async () => {
    await db.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('loads the VRPs of RPKI_VRP_URL as the current snapshot, with a run record', async () => {
    const result = await service.refresh(admin);
    expect(result.format).toBe('rpki-client');
    expect(result.previousCount).toBeNull();
    const [row] = await db.dataSource.query(
      `SELECT count(*)::int AS n FROM vrp v JOIN rpki_snapshot s ON s.id = v.snapshot_id AND s.is_current`,
    );
    expect(row.n).toBe(result.vrpCount);
    expect(result.vrpCount).toBeGreaterThan(0);
    const [run] = await db.dataSource.query(
      `SELECT status, counts FROM run_record WHERE kind = 'rpki_refresh'`,
    );
    expect(run).toEqual({ status: 'succeeded', counts: expect.objectContaining({ vrps: result.vrpCount }) });
  });

  it('refuses to replace a good snapshot with an empty one unless forced, and keeps the current one', async () => {
    const emptyFile = path.join(dir, 'empty.json');
    const doc = JSON.parse(await readFile(documents.rpkiClient, 'utf8'));
    await writeFile(emptyFile, JSON.stringify({ ...doc, roas: [] }));
    const before = await db.dataSource.query(`SELECT id, vrp_count FROM rpki_snapshot WHERE is_current`);
    await expect(service.refresh(admin, { location: emptyFile, isOperatorLocation: true })).rejects.toThrow(
      /not loaded: .*current snapshot stays/,
    );
    expect(await db.dataSource.query(`SELECT id, vrp_count FROM rpki_snapshot WHERE is_current`)).toEqual(
      before,
    );
    const forced = await service.refresh(admin, {
      location: emptyFile,
      isOperatorLocation: true,
      force: true,
    });
    expect(forced.vrpCount).toBe(0);
    expect(forced.forcedReason).toBeDefined();
  });

  it('reads the other formats too', async () => {
    for (const [location, format] of [
      [documents.routinatorJsonext, 'routinator-jsonext'],
      [path.join(fixtures, 'ripe-validator.json'), 'ripe-validator'],
    ] as const) {
      const result = await service.refresh(admin, { location, isOperatorLocation: true, force: true });
      expect(result.vrpCount).toBeGreaterThan(0);
      expect(result.format).toBe(format);
    }
  });

  it('loads the same way a year from now: expiry is judged by the injected clock', async () => {
    const aYearAhead = new Date(Date.now() + YEAR_MS);
    const later = await mkdtemp(path.join(dir, 'later-'));
    const written = await writeVrpDocuments(later, aYearAhead);
    const config = loadConfig({ RPKI_VRP_URL: written.rpkiClient }, later);

    const then = await new RpkiSnapshotService(db.dataSource, config, fixedClock(aYearAhead)).refresh(admin, {
      force: true,
    });
    expect(then).toMatchObject({ vrpCount: 5, rejected: [] });

    // Three days after that build, the VRPs that expire two and three days after it are dropped.
    const threeDaysOn = new Date(aYearAhead.getTime() + 3 * 86_400_000);
    const after = await new RpkiSnapshotService(db.dataSource, config, fixedClock(threeDaysOn)).refresh(
      admin,
      {
        force: true,
      },
    );
    expect(after.vrpCount).toBe(3);
    expect(after.rejected.map((entry) => entry.field)).toEqual(['expires', 'expires']);
  });

  it('reports per member how many IRR prefixes are valid, invalid or unknown', async () => {
    await service.refresh(admin, { location: documents.rpkiClient, isOperatorLocation: true, force: true });
    const vrps = await service.currentVrps();
    const covered = vrps.find((v) => v.asn !== 0 && v.prefix.family === 4)!;
    const member = await db.dataSource.manager.save(
      db.dataSource.manager.create(Member, { asn: 64500, name: 'Coverage Test', asSets: [], policy: {} }),
    );
    await db.dataSource.manager.insert(PrefixSet, {
      memberId: member.id,
      family: 4,
      asns: [covered.asn],
      prefixes: [covered.prefix.toString(), '10.99.0.0/16'],
      aggregated: [],
      status: 'ok',
    });
    const other = await db.dataSource.manager.save(
      db.dataSource.manager.create(Member, { asn: 64501, name: 'Wrong Origin', asSets: [], policy: {} }),
    );
    await db.dataSource.manager.insert(PrefixSet, {
      memberId: other.id,
      family: 4,
      asns: [64501],
      prefixes: [covered.prefix.toString()],
      aggregated: [],
      status: 'stale',
    });
    const report = await service.report();
    expect(report.find((r) => r.asn === 64500)).toMatchObject({
      valid: 1,
      invalid: 0,
      unknown: 1,
      irrStatus: { v4: 'ok', v6: 'none' },
    });
    expect(report.find((r) => r.asn === 64501)).toMatchObject({
      valid: 0,
      invalid: 1,
      unknown: 0,
      irrStatus: { v4: 'stale' },
    });
    expect(await service.report(64501)).toHaveLength(1);
    await expect(service.report(64999)).rejects.toThrow(/asn: 64999 is not a member/);
  });
});
