import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import {
  buildIxfExport,
  createTestDatabase,
  isEmbeddedTestDatabase,
  type TestDatabase,
  LAB_BOGON_ASN_REASON,
} from '@ixora/testing';
import { ixora } from './run-cli.test-helper.js';

describe('ixora command line', () => {
  let db: TestDatabase;
  let dir: string;
  const savedUrl = process.env.DATABASE_URL;

  beforeAll(async () => {
    db = await createTestDatabase();
    // `db migrate` is tested on an empty database of its own; the rest use the migrated one.
    process.env.DATABASE_URL = db.url;
    dir = await mkdtemp(path.join(os.tmpdir(), 'ixora-cli-'));
  });
  afterAll(async () => {
    process.env.DATABASE_URL = savedUrl;
    await db.drop();
  });

  it('db migrate applies every migration once on an empty database', async () => {
    if (isEmbeddedTestDatabase()) {
      console.log(
        'skipped: the embedded test database has a single database (the embedded migration run is in libs/database)',
      );
      return;
    }
    const name = `${db.name}_empty`;
    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    const url = db.url.replace(`/${db.name}`, `/${name}`);
    process.env.DATABASE_URL = url;
    try {
      // Before migrating, serve refuses to start (instead of failing every request) and says what to do.
      const refused = await Promise.race([
        ixora('serve', '--host', '127.0.0.1'),
        new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error('serve started on an unmigrated database')), 30_000).unref(),
        ),
      ]);
      expect(refused.code).not.toBe(0);
      expect(refused.err).toMatch(/pending migrations: run `ixora db migrate` or `ixora serve --migrate`/);
      const first = await ixora('db', 'migrate', '--json');
      expect(first.code).toBe(0);
      expect(JSON.parse(first.out).applied.length).toBeGreaterThanOrEqual(4);
      const second = await ixora('db', 'migrate');
      expect(second.out).toMatch(/up to date/);
    } finally {
      process.env.DATABASE_URL = db.url;
      await admin.query(`DROP DATABASE "${name}" WITH (FORCE)`);
      await admin.end();
    }
  });

  it('serve says in one line why it cannot start when the database does not answer', async () => {
    process.env.DATABASE_URL = 'postgres://ixora:s3cret-password@127.0.0.1:9/ixora';
    try {
      const refused = await ixora('serve', '--host', '127.0.0.1');
      expect(refused.code).toBe(1);
      expect(refused.out).toBe('');
      expect(refused.err).toMatch(
        /^ixora: not ready: the database does not answer: .*127\.0\.0\.1:9.*\(check DATABASE_URL\)\n$/,
      );
      expect(refused.err).not.toContain('s3cret-password');
    } finally {
      process.env.DATABASE_URL = db.url;
    }
  });

  it('imports an IX-F file, adds a route server and lists its sessions', async () => {
    const file = path.join(dir, 'ixf.json');
    await writeFile(file, JSON.stringify(buildIxfExport({ members: 12 })));
    const imported = await ixora('import', 'ixf', file, '--json', '--allow-bogon-asn', LAB_BOGON_ASN_REASON);
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.out).members.created).toBe(12);

    const rs = await ixora(
      'rs',
      'add',
      '--name',
      'rs1',
      '--asn',
      'AS64510',
      '--router-id',
      '192.0.2.1',
      '--ipv4',
      '192.0.2.1',
      '--ipv6',
      '2001:db8::1',
    );
    expect(rs.code).toBe(0);
    expect(rs.out).toMatch(/added route server rs1 \(AS64510\) with \d+ session/);

    const sessions = JSON.parse((await ixora('session', 'list', '--asn', '64497', '--json')).out);
    expect(sessions.map((s: any) => s.family).sort()).toEqual([4, 6]);
    const disabled = await ixora('session', 'disable', String(sessions[0].id));
    expect(disabled.out).toMatch(/disabled/);
    const after = JSON.parse((await ixora('session', 'list', '--asn', '64497', '--json')).out);
    expect(after.find((s: any) => s.id === sessions[0].id).isEnabled).toBe(false);
    expect((await ixora('rs', 'list')).out).toMatch(/rs1\s+64510\s+192\.0\.2\.1/);
    const moved = await ixora('rs', 'set', 'rs1', '--socket', '/run/bird/rs1.ctl');
    expect(moved.out).toBe('route server rs1 is read through /run/bird/rs1.ctl\n');
    expect((await ixora('rs', 'set', 'rs1', '--default-socket')).out).toBe(
      'route server rs1 is read through BIRD_SOCKET\n',
    );
    const neither = await ixora('rs', 'set', 'rs1');
    expect(neither.code).not.toBe(0);
    expect(neither.err).toMatch(/exactly one of --socket PATH, --agent URL, --default-socket/);
    expect((await ixora('rs', 'set', 'rs1', '--agent', 'ftp://x')).err).toMatch(/agentUrl: "ftp:\/\/x"/);
  });

  it('adds, lists and shows members', async () => {
    const added = await ixora(
      'member',
      'add',
      '--asn',
      '4200000001',
      '--name',
      'Private Example',
      '--as-set',
      'RIPE::AS-PRIV, AS-OTHER',
      '--allow-bogon-asn',
      'a private-use ASN on the test exchange',
    );
    expect(added.code).toBe(0);
    const shown = JSON.parse((await ixora('member', 'show', 'AS4200000001', '--json')).out);
    expect(shown.member.asSets).toEqual(['RIPE::AS-PRIV', 'AS-OTHER']);
    const list = await ixora('member', 'list');
    expect(list.out.split('\n').filter((l) => /^\d/.test(l))).toHaveLength(13);
  });

  it('answers bad input with a one-line reason naming the field and value, and a non-zero exit', async () => {
    const bad = await ixora('member', 'add', '--asn', 'AS0', '--name', 'x');
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/^ixora: asn: "AS0" .+\n$/);
    const outside = await ixora(
      'rs',
      'add',
      '--name',
      'rs9',
      '--asn',
      '64511',
      '--router-id',
      '192.0.2.9',
      '--ipv4',
      '198.51.100.1',
    );
    expect(outside.err).toBe('ixora: ipv4Address: "198.51.100.1" is not inside any peering LAN prefix\n');
    const sameAsn = await ixora(
      'rs',
      'add',
      '--name',
      'rs8',
      '--asn',
      '64497',
      '--router-id',
      '192.0.2.8',
      '--ipv4',
      '192.0.2.8',
    );
    expect(sameAsn.err).toMatch(
      /^ixora: asn: 64497 is the ASN of member Example Network 1 .*; a route server needs an ASN of its own\n$/,
    );
    expect((await ixora('member', 'add', '--asn', '64510', '--name', 'x')).err).toBe(
      'ixora: asn: 64510 is the ASN of route server rs1\n',
    );
    const dup = await ixora('member', 'add', '--asn', '4200000001', '--name', 'again');
    expect(dup.err).toMatch(/already exists/);
    const usage = await ixora('member', 'add');
    expect(usage.code).not.toBe(0);
  });

  it('shows and sets the import policy of a member: effective values and where each comes from', async () => {
    expect((await ixora('policy', 'set', '--ixp', 'EX-IX', 'maxAsPathLength=40')).code).toBe(0);
    const set = await ixora(
      'policy',
      'set',
      '--asn',
      '64497',
      'irrAllowMoreSpecifics=true',
      'maxAsPathLength=20',
      '--json',
    );
    expect(set.code).toBe(0);
    const rows = JSON.parse(set.out) as { setting: string; value: unknown; from: string }[];
    expect(rows).toEqual(
      expect.arrayContaining([
        { setting: 'irrAllowMoreSpecifics', value: true, from: 'member' },
        { setting: 'maxAsPathLength', value: 20, from: 'member' },
        { setting: 'rpkiPolicy', value: 'reject-invalid', from: 'default' },
      ]),
    );
    expect(rows.find((row) => row.setting === 'maxPrefixV6')).toEqual({
      setting: 'maxPrefixV6',
      value: expect.any(Number),
      from: expect.stringMatching(/^(member|peeringdb|ixp)$/),
    });
    expect((await ixora('policy', 'set', '--asn', '64497', 'maxAsPathLength=inherit')).code).toBe(0);
    const shown = (await ixora('policy', 'show', '--asn', '64497')).out;
    expect(shown).toMatch(/maxAsPathLength\s+40\s+ixp/);
    expect(shown).toMatch(/enforceTransitFree\s+true\s+default/);
    expect(shown).not.toMatch(/inherit/);
    const ixpShown = (await ixora('policy', 'show', '--ixp', 'EX-IX')).out;
    expect(ixpShown).toMatch(/maxAsPathLength\s+40\s+ixp/);
    expect(ixpShown).toMatch(/irrAllowMoreSpecifics\s+false\s+default/);
    expect((await ixora('policy', 'set', '--ixp', 'EX-IX', 'maxAsPathLength=inherit')).code).toBe(0);
    const bad = await ixora('policy', 'set', '--asn', '64497', 'rpkiPolicy=yolo');
    expect(bad.err).toBe('ixora: policy.rpkiPolicy: "yolo" must be one of reject-invalid, tag-only, off\n');
    const both = await ixora('policy', 'show', '--asn', '64497', '--ixp', 'EX-IX');
    expect(both.err).toMatch(/exactly one of --ixp, --asn or --session/);
  });

  it('shows and sets the exchange-wide settings, audited', async () => {
    const shown = await ixora('ixp', 'show');
    expect(shown.code).toBe(0);
    expect(shown.out).toMatch(
      /transitFreeAsns\s+174,701,1299,2914,3257,3320,3356,5511,6453,6461,6762,6830,7018,12956\s/,
    );
    expect(shown.out).toMatch(/isGracefulShutdown\s+false\s+graceful shutdown/);
    const set = await ixora(
      'ixp',
      'set',
      '--ixp',
      'EX-IX',
      'transitFreeAsns=AS3356, 174',
      'isGracefulShutdown=true',
      'blackholeNextHopV6=2001:db8::66',
      '--json',
    );
    expect(set.code).toBe(0);
    expect(JSON.parse(set.out)).toMatchObject({
      shortname: 'EX-IX',
      transitFreeAsns: [174, 3356],
      isGracefulShutdown: true,
      blackholeNextHopV6: '2001:db8::66',
    });
    const back = await ixora(
      'ixp',
      'set',
      'transitFreeAsns=default',
      'isGracefulShutdown=false',
      'blackholeNextHopV6=',
    );
    expect(back.code).toBe(0);
    expect(back.out).toMatch(/blackholeNextHopV6\s+\(not set\)/);
    expect(back.out).toMatch(/transitFreeAsns\s+174,701,/);
    const bad = await ixora('ixp', 'set', 'blackholeNextHopV4=2001:db8::66');
    expect(bad.code).not.toBe(0);
    expect(bad.err).toBe('ixora: blackholeNextHopV4: "2001:db8::66" is not an IPv4 address\n');
    const unknown = await ixora('ixp', 'set', 'gshut=true');
    expect(unknown.err).toMatch(/^ixora: gshut: "true" is not an exchange-wide setting \(name, country/);
    const audits = await db.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_record WHERE action = 'ixp.settings'`,
    );
    expect(audits[0].n).toBe(2);
  });

  it('loads RPKI VRPs and reports coverage', async () => {
    // The RIPE validator export carries no expiry, so this fixture never goes stale.
    const file = path.resolve('libs/rpki/fixtures/ripe-validator.json');
    const loaded = await ixora('rpki', 'refresh', '--file', file, '--json');
    expect(loaded.code).toBe(0);
    expect(JSON.parse(loaded.out)).toMatchObject({ format: 'ripe-validator', previousCount: null });
    expect(JSON.parse(loaded.out).vrpCount).toBeGreaterThan(0);
    const report = JSON.parse((await ixora('rpki', 'report', '--asn', '64497', '--json')).out);
    expect(report).toEqual([
      expect.objectContaining({
        asn: 64497,
        valid: 0,
        invalid: 0,
        unknown: 0,
        irrStatus: { v4: 'none', v6: 'none' },
      }),
    ]);
    const both = await ixora('rpki', 'refresh', '--file', file, '--url', 'http://127.0.0.1:1/x');
    expect(both.err).toBe('ixora: --url: "http://127.0.0.1:1/x" cannot be combined with --file\n');
  });

  it('builds a route-server config validated by BIRD and prints its path', async () => {
    if (spawnSync('bird', ['--version']).error) {
      console.log('skipped: `bird` (Debian bird2) is not installed');
      return;
    }
    process.env.BIRD_CONFIG_DIR = path.join(dir, 'bird');
    try {
      const built = await ixora('config', 'build', '--rs', 'rs1');
      expect(built.code).toBe(0);
      const file = built.out.trim();
      expect(file).toMatch(new RegExp(`^${dir}/bird/builds/rs1-\\d+\\.conf$`));
      expect(await readFile(file, 'utf8')).toMatch(/^router id 192\.0\.2\.1;$/m);
      expect(built.err).toMatch(/valid/);
      const diff = await ixora('config', 'diff', '--rs', 'rs1');
      expect(diff.out).toMatch(/^\+\+\+ rs1\.conf \(next build\)/m);
      const deploy = await ixora('config', 'deploy', '--rs', 'rs1');
      expect(deploy.err).toMatch(/no control socket/);
      // The route impact reads the routes from BIRD: without a way to it, it says so.
      const impact = await ixora('config', 'diff', '--rs', 'rs1', '--impact');
      expect(impact.code).not.toBe(0);
      expect(impact.err).toMatch(/no control socket/);
    } finally {
      delete process.env.BIRD_CONFIG_DIR;
    }
  });

  it('runs queued jobs with ixora worker --once', async () => {
    const { JobQueue, cliActor } = await import('@ixora/domain');
    const queue = new JobQueue(db.dataSource);
    const location = path.resolve('libs/rpki/fixtures/ripe-validator.json');
    const job = await queue.enqueue(cliActor('test'), 'rpki.refresh', { location, force: true });
    // A job may read only RPKI_VRP_URL or a location staff listed.
    process.env.RPKI_VRP_LOCATIONS = location;
    const run = await ixora('worker', '--once').finally(() => delete process.env.RPKI_VRP_LOCATIONS);
    expect(run.out).toBe('ran 1 job(s)\n');
    const [row] = await db.dataSource.query(
      `SELECT status, result->>'format' AS format FROM job WHERE id = $1`,
      [job.id],
    );
    expect(row).toEqual({ status: 'succeeded', format: 'ripe-validator' });
  });

  it('adds a user with an API token shown once and round-trips the IX-F export', async () => {
    const user = JSON.parse(
      (await ixora('user', 'add', '--email', 'NOC@ix.example.net', '--role', 'admin', '--json')).out,
    );
    expect(user.email).toBe('noc@ix.example.net');
    // The secret is base64url and may itself hold '_': take all of it, not one split piece.
    const [, secret] = /^ixora_[0-9a-f]{12}_([A-Za-z0-9_-]{43})$/.exec(user.token) ?? [];
    expect(secret).toBeDefined();
    const [row] = await db.dataSource.query(`SELECT token_hash FROM api_token WHERE user_id = $1`, [user.id]);
    expect(row.token_hash).not.toContain(secret);
    // The only admin cannot be disabled; a second one can, and is enabled again.
    const only = await ixora('user', 'disable', 'noc@ix.example.net');
    expect(only.code).not.toBe(0);
    expect(only.err).toMatch(/noc@ix\.example\.net.*last enabled admin/);
    expect((await ixora('user', 'add', '--email', 'ops@ix.example.net', '--role', 'admin')).code).toBe(0);
    expect((await ixora('user', 'disable', 'OPS@ix.example.net')).out).toBe(
      'disabled user ops@ix.example.net\n',
    );
    const listed = JSON.parse((await ixora('user', 'list', '--json')).out) as Array<{
      email: string;
      isDisabled: boolean;
    }>;
    expect(listed.find((u) => u.email === 'ops@ix.example.net')?.isDisabled).toBe(true);
    expect((await ixora('user', 'enable', 'ops@ix.example.net')).out).toBe(
      'enabled user ops@ix.example.net\n',
    );
    expect((await ixora('user', 'disable', 'nobody@ix.example.net')).err).toMatch(
      /user "nobody@ix.example.net" not found/,
    );
    const out = path.join(dir, 'export.json');
    expect((await ixora('export', 'ixf', '--full', '--out', out)).code).toBe(0);
    const exported = JSON.parse(await readFile(out, 'utf8'));
    expect(exported.member_list).toHaveLength(13);
    const reimport = JSON.parse((await ixora('import', 'ixf', out, '--json')).out);
    expect(reimport.members).toEqual({ created: 0, updated: 0, deleted: 0, unchanged: 13 });
  });
});
