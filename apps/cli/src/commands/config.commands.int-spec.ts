import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  buildIxfExport,
  createTestDatabase,
  DOCUMENTATION_ASNS,
  IrrTestDatabase,
  ixpManagerAsMacro,
  startIrrTestServer,
  type IrrTestServer,
  type TestDatabase,
  LAB_BOGON_ASN_REASON,
} from '@ixora/testing';
import { ixora } from '../run-cli.test-helper.js';

const hasBird = spawnSync('bird', ['--version']).error === undefined;
if (!hasBird) console.warn('config build tests skipped: `bird` (Debian bird2) is not installed');

const MEMBERS = 8;

/**
 * IRR data for the IX-F factory's members, in public space (documentation prefixes are bogons the
 * route server filters anyway): member i registers 185.0.i.0/24 and 2a0b:(0x100+i)::/32 in RIPE,
 * and the AS-SET its as_macro names holds its ASN. Members whose as_macro is their ASN (IXP
 * Manager's export for members without an AS-SET) have no set at all.
 */
function memberRpsl(): string {
  const objects: string[] = [];
  DOCUMENTATION_ASNS.slice(0, MEMBERS).forEach((asn, i) => {
    const macro = ixpManagerAsMacro(asn, i).replace(/^RIPE::/, '');
    if (macro !== `AS${asn}`) objects.push(`as-set: ${macro}\nmembers: AS${asn}\nsource: RIPE`);
    objects.push(`route: 185.0.${i}.0/24\norigin: AS${asn}\nsource: RIPE`);
    objects.push(`route6: 2a0b:${(0x100 + i).toString(16)}::/32\norigin: AS${asn}\nsource: RIPE`);
  });
  return `${objects.join('\n\n')}\n`;
}

/** The config without the paragraphs (member sets, BGP protocols) of one member. */
function withoutMember(config: string, asn: number): string {
  return config
    .split('\n\n')
    .filter(
      (paragraph) =>
        !paragraph.startsWith(`# AS${asn}:`) &&
        !paragraph.startsWith(`protocol bgp AS${asn}_`) &&
        !paragraph.startsWith(`# ixora-session-inputs AS${asn}_`),
    )
    .join('\n\n');
}

function paragraphsOf(config: string, asn: number): string {
  return config
    .split('\n\n')
    .filter(
      (paragraph) =>
        paragraph.startsWith(`# AS${asn}:`) ||
        paragraph.startsWith(`protocol bgp AS${asn}_`) ||
        paragraph.startsWith(`# ixora-session-inputs AS${asn}_`),
    )
    .join('\n\n');
}

(hasBird ? describe : describe.skip)('ixora config build with real-world member data', () => {
  let db: TestDatabase;
  let server: IrrTestServer;
  let dir: string;
  let baseline = '';
  const saved = {
    DATABASE_URL: process.env.DATABASE_URL,
    IRR_HOST: process.env.IRR_HOST,
    IRR_SOURCES: process.env.IRR_SOURCES,
    BIRD_CONFIG_DIR: process.env.BIRD_CONFIG_DIR,
  };

  const versionCount = async (): Promise<number> =>
    Number((await db.dataSource.query(`SELECT count(*)::int AS n FROM config_version`))[0].n);

  beforeAll(async () => {
    db = await createTestDatabase();
    server = await startIrrTestServer({ database: IrrTestDatabase.fromRpsl(memberRpsl(), 'RIPE') });
    dir = await mkdtemp(path.join(os.tmpdir(), 'ixora-config-build-'));
    process.env.DATABASE_URL = db.url;
    process.env.IRR_HOST = server.address;
    delete process.env.IRR_SOURCES;
    process.env.BIRD_CONFIG_DIR = path.join(dir, 'bird');
  });

  afterAll(async () => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    await server.close();
    await db.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('imports an IXP Manager export whose as_macro is the ASN, expands that ASN and builds', async () => {
    const file = path.join(dir, 'ixf.json');
    await writeFile(file, JSON.stringify(buildIxfExport({ members: MEMBERS, asMacro: ixpManagerAsMacro })));
    expect((await ixora('import', 'ixf', file, '--allow-bogon-asn', LAB_BOGON_ASN_REASON)).code).toBe(0);
    const stored = await db.dataSource.query(`SELECT asn::int, as_sets FROM member ORDER BY asn LIMIT 3`);
    expect(stored).toEqual([
      { asn: 64496, as_sets: ['AS-EXAMPLE0'] },
      { asn: 64497, as_sets: ['AS64497'] },
      { asn: 64498, as_sets: ['RIPE::AS64498:AS-CUSTOMERS'] },
    ]);
    // By hand, in any case: stored as the canonical ASN.
    const added = await ixora(
      ...['member', 'add', '--asn', '65540', '--name', 'By Hand', '--as-set', 'as65540'],
      ...['--allow-bogon-asn', 'a hand-made test member'],
    );
    expect(added.code).toBe(0);
    const [byHand] = await db.dataSource.query(`SELECT as_sets FROM member WHERE asn = 65540`);
    expect(byHand.as_sets).toEqual(['AS65540']);

    expect(
      (
        await ixora(
          'rs',
          'add',
          '--name',
          'rs1',
          '--asn',
          '64510',
          '--router-id',
          '192.0.2.1',
          '--ipv4',
          '192.0.2.1',
          '--ipv6',
          '2001:db8::1',
        )
      ).code,
    ).toBe(0);
    const refresh = await ixora('irr', 'refresh');
    expect(refresh.code).toBe(0);
    // The ASN is looked up as bgpq4 does it: its route objects, no as-set query.
    expect(server.queries).toContain('!gAS64497');
    expect(server.queries.some((q) => /^![ia]\d?AS64497$/i.test(q))).toBe(false);

    const built = await ixora('config', 'build', '--rs', 'rs1');
    expect({ code: built.code, err: built.err }).toEqual({
      code: 0,
      err: expect.stringMatching(/, valid\n$/),
    });
    expect(built.err).not.toMatch(/warning/);
    baseline = await readFile(built.out.trim(), 'utf8');
    const member = paragraphsOf(baseline, 64497);
    expect(member).toContain('# AS64497: AS64497, IRR ok');
    expect(member).toMatch(/define AS64497_PREFIXES_V4 = \[\s*185\.0\.1\.0\/24\s*\]/);
    expect(member).toMatch(/define AS64497_PREFIXES_V6 = \[\s*2a0b:101::\/32\s*\]/);
  });

  it("builds with a warning when one member's stored AS-SET is unusable; the other members' filters are unchanged", async () => {
    await db.dataSource.query(`UPDATE member SET as_sets = '{"AS-BAD;DROP"}' WHERE asn = 64498`);
    const before = await versionCount();
    const built = await ixora('config', 'build', '--rs', 'rs1');
    expect(built.code).toBe(0);
    expect(built.err).toContain(
      'warning: AS64498 (Example Network 2 "Ltd" — Ωmega): asSets[0]: "AS-BAD;DROP" is not an RPSL as-set name',
    );
    expect(built.err).toMatch(/its sessions accept no routes through the IRR step\n/);
    expect(built.err).toMatch(/, valid, 1 warning\(s\)\n$/);
    const text = await readFile(built.out.trim(), 'utf8');
    // Everyone else's sets and sessions, byte for byte.
    expect(withoutMember(text, 64498)).toBe(withoutMember(baseline, 64498));
    const bad = paragraphsOf(text, 64498);
    expect(bad).toContain('# WARNING: AS64498 has no IRR data');
    expect(bad).not.toContain('185.0.2.0');
    expect(bad).not.toContain('AS-BAD');
    expect(paragraphsOf(baseline, 64498)).toContain('185.0.2.0/24');

    const [version] = await db.dataSource.query(
      `SELECT validation_status, warnings FROM config_version ORDER BY id DESC LIMIT 1`,
    );
    expect(await versionCount()).toBe(before + 1);
    expect(version.validation_status).toBe('valid');
    expect(version.warnings).toEqual([
      {
        asn: 64498,
        member: 'Example Network 2 "Ltd" — Ωmega',
        code: 'as_set_invalid',
        message: expect.stringContaining('"AS-BAD;DROP" is not an RPSL as-set name'),
      },
    ]);
  });

  it('names a member whose first expansion failed, and --strict makes warnings fatal and stores nothing', async () => {
    await db.dataSource.query(
      `UPDATE prefix_set SET status = 'failed', prefixes = '{}', aggregated = '{}', asns = '{}', fetched_at = NULL,
              error = 'IRR server 127.0.0.1:43 closed the connection'
        WHERE member_id = (SELECT id FROM member WHERE asn = 64500)`,
    );
    const built = await ixora('config', 'build', '--rs', 'rs1', '--json');
    expect(built.code).toBe(0);
    const result = JSON.parse(built.out);
    expect(result.validationStatus).toBe('valid');
    expect(result.warnings.map((w: { asn: number; code: string }) => [w.asn, w.code])).toEqual([
      [64498, 'as_set_invalid'],
      [64500, 'irr_failed'],
    ]);
    expect(result.warnings[1].message).toMatch(
      /^AS64500 \(.*\): the first IRR expansion failed \(IRR server 127\.0\.0\.1:43 closed the connection\); its sessions accept no routes through the IRR step$/,
    );
    const text = await readFile(result.path, 'utf8');
    expect(withoutMember(withoutMember(text, 64498), 64500)).toBe(
      withoutMember(withoutMember(baseline, 64498), 64500),
    );

    const before = await versionCount();
    const strict = await ixora('config', 'build', '--rs', 'rs1', '--strict');
    expect(strict.code).not.toBe(0);
    expect(strict.err).toContain('warning: AS64498 (');
    expect(strict.err).toContain('warning: AS64500 (');
    expect(strict.err).toMatch(/ixora: 2 warning\(s\) and --strict: no config version stored for rs1/);
    expect(await versionCount()).toBe(before);
  });
});
