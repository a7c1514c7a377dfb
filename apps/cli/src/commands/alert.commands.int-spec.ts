import { createTestDatabase, type TestDatabase } from '@ixora/testing';
import { ixora } from '../run-cli.test-helper.js';

describe('ixora alert webhook add | list | remove, alert check | list', () => {
  let db: TestDatabase;
  const saved = { url: process.env.DATABASE_URL, stale: process.env.ALERT_STALE_RPKI_HOURS };

  beforeAll(async () => {
    db = await createTestDatabase();
    process.env.DATABASE_URL = db.url;
    process.env.ALERT_STALE_RPKI_HOURS = '6';
  });
  afterAll(async () => {
    for (const [name, value] of [
      ['DATABASE_URL', saved.url],
      ['ALERT_STALE_RPKI_HOURS', saved.stale],
    ] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await db.drop();
  });

  it('adds a webhook, prints its secret once, and never lists it', async () => {
    const added = await ixora(
      'alert',
      'webhook',
      'add',
      'https://hooks.example.net/ixora',
      '--events',
      'session_down,deploy_failed',
    );
    expect(added.code).toBe(0);
    const secret = /^secret: (whsec_\S+)$/m.exec(added.out)?.[1];
    expect(secret).toBeDefined();
    expect(added.out).toContain(
      'webhook 1: https://hooks.example.net/ixora (staff, deploy_failed,session_down)',
    );
    const list = await ixora('alert', 'webhook', 'list');
    expect(list.out).toContain('https://hooks.example.net/ixora');
    expect(list.out).not.toContain(secret!);
    const json = await ixora('alert', 'webhook', 'list', '--json');
    expect(json.out).not.toContain(secret!);
    expect(await ixora('alert', 'webhook', 'remove', '1')).toMatchObject({
      code: 0,
      out: 'webhook 1 removed\n',
    });
  });

  it('refuses plain HTTP off this machine and unknown events, naming the value', async () => {
    const http = await ixora('alert', 'webhook', 'add', 'http://hooks.example.net/ixora');
    expect(http.code).not.toBe(0);
    expect(http.err).toContain(
      'url: "http://hooks.example.net/ixora" must be an https:// URL (http:// only to 127.0.0.1, ::1 or localhost)',
    );
    const kind = await ixora('alert', 'webhook', 'add', 'https://hooks.example.net/x', '--events', 'flap');
    expect(kind.err).toContain('kinds: "flap" is not an alert event');
    expect((await ixora('alert', 'webhook', 'add', 'http://127.0.0.1:59999/hook')).code).toBe(0);
  });

  it('checks once by hand and lists what opened', async () => {
    await db.dataSource.query(
      `INSERT INTO rpki_snapshot (source, format, loaded_at, vrp_count, is_current)
       VALUES ('test', 'rpki-client', now() - interval '30 hours', 0, true)`,
    );
    const check = await ixora('alert', 'check');
    expect(check.code).toBe(0);
    expect(check.out).toMatch(/^opened   data_stale: RPKI data is 30 hours old \(threshold 6 h\)$/m);
    const list = await ixora('alert', 'list', '--open');
    expect(list.out).toMatch(/OPEN\s+data_stale/);
    expect((await ixora('alert', 'check')).out).toContain('0 opened, 0 resolved');
    // The staff webhook on 127.0.0.1:59999 (nothing listens) got the alert: the log shows the failed attempt.
    const log = await ixora('alert', 'deliveries');
    expect(log.out).toMatch(
      /opened\s+webhook\s+http:\/\/127\.0\.0\.1:59999\/hook\s+pending\s+1\s+\S+\s+fetch failed: connect ECONNREFUSED 127\.0\.0\.1:59999$/m,
    );
    expect((await ixora('alert', 'deliveries', '--alert', 'x')).err).toContain(
      '--alert: "x" is not an alert id',
    );
  });
});
