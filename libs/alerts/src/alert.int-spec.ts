import type { BirdProtocolDetail, BirdRoute } from '@ixora/bird-client';
import { filterReason } from '@ixora/bird-config';
import { loadConfig } from '@ixora/config';
import { cliActor, IxfImporter, RouteServerService, type Actor } from '@ixora/domain';
import type { RouteServerReader } from '@ixora/looking-glass';
import {
  buildIxfExport,
  createTestDatabase,
  TestClock,
  type TestDatabase,
  LAB_BOGON_ASN_REASON,
} from '@ixora/testing';
import { AlertDeliverer } from './alert.deliverer.js';
import { AlertMonitor } from './alert.monitor.js';
import { AlertRepository } from './alert.repository.js';
import { AlertSettingsService } from './alert-settings.service.js';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyWebhook } from './webhook.signature.js';
import { birdFilteredRoute, birdSession } from './testing/bird.fixtures.js';
import { WebhookReceiver } from './testing/webhook-receiver.js';

// The worker's alerts on real PostgreSQL: polls of a route server whose BIRD answers are set per
// poll (the lab test drives a real BIRD), one alert per event across polls, deliveries queued per
// recipient and sent to a local webhook receiver (signature checked) with retries on the test clock.

const RS_ASN = 64510;
const MEMBER = 64496;
const OTHER = 64497;
const V4 = `AS${MEMBER}_v4_1`;
const OTHER_V4 = `AS${OTHER}_v4_1`;
const admin: Actor = cliActor('test');

/** What the fake BIRD answers this poll; `error` makes the route server unreachable. */
interface BirdState {
  protocols: BirdProtocolDetail[];
  filtered: BirdRoute[];
  error?: string;
}

function fakeReader(state: BirdState): RouteServerReader {
  return {
    target: 'test',
    status: () => Promise.reject(new Error('not read by alerts')),
    protocols: () =>
      state.error ? Promise.reject(new Error(state.error)) : Promise.resolve(state.protocols),
    routes: (read) => {
      const routes =
        read.kind === 'filtered' ? state.filtered.filter((route) => route.table === read.table) : [];
      return (async function* () {
        for (const route of routes) yield await Promise.resolve(route);
      })();
    },
    close: () => Promise.resolve(),
  };
}

describe('alerts in PostgreSQL', () => {
  let db: TestDatabase;
  let receiver: WebhookReceiver;
  let monitor: AlertMonitor;
  let deliverer: AlertDeliverer;
  let settings: AlertSettingsService;
  let secret: string;
  const clock = new TestClock();
  const bird: BirdState = { protocols: [], filtered: [] };
  const healthy = (): BirdProtocolDetail[] => [
    birdSession(V4, { asn: MEMBER }),
    birdSession(OTHER_V4, { asn: OTHER }),
  ];

  const openAlerts = () => new AlertRepository(db.dataSource).list({ isOpenOnly: true });
  const deliveries = () =>
    db.dataSource.query<
      {
        id: string;
        alert_id: string;
        transition: string;
        channel: string;
        recipient: string;
        status: string;
        attempts: number;
        last_error: string | null;
        next_attempt_at: Date;
      }[]
    >(`SELECT id::text, alert_id::text, transition, channel, recipient, status, attempts, last_error, next_attempt_at
         FROM alert_delivery ORDER BY id`);

  beforeAll(async () => {
    db = await createTestDatabase();
    await new IxfImporter(db.dataSource).import(admin, JSON.stringify(buildIxfExport({ members: 4 })), {
      allowBogonAsn: LAB_BOGON_ASN_REASON,
    });
    await new RouteServerService(db.dataSource).add(admin, {
      name: 'rs1',
      asn: RS_ASN,
      routerId: '192.0.2.1',
      ipv4Address: '192.0.2.1',
      ipv6Address: '2001:db8::1',
    });
    receiver = await WebhookReceiver.start();
    const config = loadConfig({ ALERT_EMAILS: 'noc@ixp.example.net', ALERT_STALE_RPKI_HOURS: '6' }, '/');
    monitor = new AlertMonitor(db.dataSource, config, { clock, createReader: () => fakeReader(bird) });
    deliverer = new AlertDeliverer(db.dataSource, { clock, firstRetryMs: 30_000, maxAttempts: 4 });
    settings = new AlertSettingsService(db.dataSource);
    secret = (await settings.addWebhook(admin, { url: receiver.url })).secret;
    await settings.putSubscription(admin, MEMBER, {
      kinds: ['session_down', 'routes_filtered'],
      emails: ['NOC@network0.example.net'],
    });
  });
  afterAll(async () => {
    await receiver?.close();
    await db?.drop();
  });

  beforeEach(() => {
    bird.protocols = healthy();
    bird.filtered = [];
    delete bird.error;
  });

  it('a healthy route server opens nothing', async () => {
    const result = await monitor.poll();
    expect(result.opened).toEqual([]);
    expect(await openAlerts()).toEqual([]);
  });

  it('session down: one alert however many polls see it, delivered to staff and to the subscribed member', async () => {
    bird.protocols = [
      birdSession(V4, { asn: MEMBER, state: 'start', bgpState: 'Active', lastError: 'Hold timer expired' }),
      birdSession(OTHER_V4, { asn: OTHER }),
    ];
    const first = await monitor.poll();
    expect(first.opened.map((a) => a.key)).toEqual([`session_down:rs1:${V4}`]);
    clock.advance(60_000);
    const second = await monitor.poll();
    expect(second.opened).toEqual([]);
    expect(second.deliveriesQueued).toBe(0);
    const queued = await deliveries();
    expect(queued.map((d) => [d.transition, d.channel, d.recipient]).sort()).toEqual(
      [
        ['opened', 'email', 'noc@ixp.example.net'],
        ['opened', 'email', 'noc@network0.example.net'],
        ['opened', 'webhook', receiver.url],
      ].sort(),
    );
    const [alert] = await openAlerts();
    expect(alert?.title).toContain('is down (Active)');
    expect(alert?.asn).toBe(MEMBER);
  });

  it('signs each webhook (HMAC-SHA256 of timestamp and body) and the receiver can check it', async () => {
    const before = receiver.received.length;
    await deliverer.deliverDue();
    const hook = receiver.received[before]!;
    const nowS = Math.floor(clock.now().getTime() / 1000);
    expect(hook.headers[TIMESTAMP_HEADER]).toBe(String(nowS));
    const headers = {
      timestamp: hook.headers[TIMESTAMP_HEADER] as string,
      signature: hook.headers[SIGNATURE_HEADER] as string,
    };
    expect(verifyWebhook(secret, headers, hook.body, nowS)).toBe(true);
    expect(verifyWebhook(secret, headers, hook.body.replace('Active', 'Idle'), nowS)).toBe(false);
    expect(verifyWebhook('whsec_other', headers, hook.body, nowS)).toBe(false);
    expect(verifyWebhook(secret, headers, hook.body, nowS + 3600)).toBe(false);
    const payload = JSON.parse(hook.body);
    expect(payload).toMatchObject({
      transition: 'opened',
      attempt: 1,
      alert: { kind: 'session_down', asn: MEMBER },
    });
    expect(payload.alert.advice).toMatch(/Check your router's BGP session/);
    const webhook = (await deliveries()).find((d) => d.channel === 'webhook')!;
    expect(webhook).toMatchObject({ status: 'sent', attempts: 1, last_error: null });
    // No mailer in this process: the mails wait, with the reason, for a retry.
    const mail = (await deliveries()).find((d) => d.channel === 'email')!;
    expect(mail).toMatchObject({
      status: 'pending',
      attempts: 1,
      last_error: 'no mailer is configured in this process',
    });
  });

  it('session back: the alert resolves, and the resolution is delivered', async () => {
    const result = await monitor.poll();
    expect(result.resolved.map((a) => a.key)).toEqual([`session_down:rs1:${V4}`]);
    expect(await openAlerts()).toEqual([]);
    const before = receiver.received.length;
    await deliverer.deliverDue();
    const payload = JSON.parse(receiver.received[before]!.body);
    expect(payload).toMatchObject({ transition: 'resolved', alert: { kind: 'session_down' } });
    expect(payload.alert.resolvedAt).not.toBeNull();
  });

  it('retries a failing webhook with exponential backoff on the clock, then records it sent', async () => {
    await db.dataSource.query(`DELETE FROM alert_delivery`);
    bird.protocols = [
      birdSession(V4, {
        asn: MEMBER,
        state: 'start',
        bgpState: 'Connect',
        lastError: 'Socket: Connection refused',
      }),
    ];
    bird.protocols.push(birdSession(OTHER_V4, { asn: OTHER }));
    await monitor.poll();
    await db.dataSource.query(`DELETE FROM alert_delivery WHERE channel = 'email'`);
    receiver.statuses.push(500, 503);
    const before = receiver.received.length;
    const webhook = async () => (await deliveries()).find((d) => d.channel === 'webhook')!;

    expect(await deliverer.deliverDue()).toBe(1);
    expect(await webhook()).toMatchObject({
      status: 'pending',
      attempts: 1,
      last_error: 'HTTP 500: receiver is down for maintenance',
    });
    expect((await webhook()).next_attempt_at.getTime()).toBe(clock.now().getTime() + 30_000);
    expect(await deliverer.deliverDue()).toBe(0);
    clock.advance(30_000);
    expect(await deliverer.deliverDue()).toBe(1);
    expect(await webhook()).toMatchObject({
      status: 'pending',
      attempts: 2,
      last_error: expect.stringMatching(/^HTTP 503/),
    });
    clock.advance(59_000);
    expect(await deliverer.deliverDue()).toBe(0);
    clock.advance(1_000);
    expect(await deliverer.deliverDue()).toBe(1);
    expect(await webhook()).toMatchObject({ status: 'sent', attempts: 3, last_error: null });
    const attempts = receiver.received.slice(before).map((r) => JSON.parse(r.body).attempt);
    expect(attempts).toEqual([1, 2, 3]);
  });

  it('gives a delivery up as failed after its last attempt', async () => {
    await db.dataSource.query(
      `UPDATE alert_delivery SET status = 'pending', attempts = 0, next_attempt_at = $1`,
      [clock.now()],
    );
    receiver.statuses.push(500, 500, 500, 500);
    for (let i = 0; i < 4; i++) {
      await deliverer.deliverDue();
      clock.advance(3_600_000);
    }
    expect((await deliveries()).find((d) => d.channel === 'webhook')).toMatchObject({
      status: 'failed',
      attempts: 4,
    });
  });

  it('gives a delivery to a removed webhook up at once', async () => {
    const extra = await settings.addWebhook(admin, {
      url: 'http://127.0.0.1:9/gone',
      kinds: ['session_down'],
    });
    const [alert] = await openAlerts();
    await db.dataSource.query(
      `INSERT INTO alert_delivery (alert_id, transition, channel, recipient, webhook_id, next_attempt_at, created_at)
       VALUES ($1, 'opened', 'webhook', 'http://127.0.0.1:9/gone', $2, $3, $3)`,
      [alert!.id, extra.id, clock.now()],
    );
    await settings.removeWebhook(admin, extra.id);
    await deliverer.deliverDue();
    const [gone] = await db.dataSource.query<{ status: string; attempts: number; last_error: string }[]>(
      `SELECT status, attempts, last_error FROM alert_delivery WHERE recipient = 'http://127.0.0.1:9/gone'`,
    );
    expect(gone).toEqual({ status: 'failed', attempts: 1, last_error: 'the webhook was removed' });
  });

  it('keeps the alerts of a route server it cannot read, and resolves them once it reads it again', async () => {
    bird.error = 'connect ENOENT /run/bird/bird.ctl';
    const unreachable = await monitor.poll();
    expect(unreachable.unreachable).toEqual([
      { routeServer: 'rs1', error: 'connect ENOENT /run/bird/bird.ctl' },
    ]);
    expect(unreachable.resolved).toEqual([]);
    expect((await openAlerts()).map((a) => a.kind)).toEqual(['session_down']);
    delete bird.error;
    expect((await monitor.poll()).resolved.map((a) => a.kind)).toEqual(['session_down']);
  });

  it('max-prefix: a warning at 80 %, then the hit that shuts the session, each once', async () => {
    await db.dataSource.query(`DELETE FROM alert_delivery`);
    bird.protocols = [
      birdSession(V4, { asn: MEMBER }),
      birdSession(OTHER_V4, { asn: OTHER, imported: 85, limit: 100 }),
    ];
    expect((await monitor.poll()).opened.map((a) => a.kind)).toEqual(['max_prefix_warning']);
    expect((await monitor.poll()).opened).toEqual([]);
    bird.protocols = [
      birdSession(V4, { asn: MEMBER }),
      birdSession(OTHER_V4, {
        asn: OTHER,
        state: 'down',
        bgpState: 'Down',
        lastError: 'Receive limit exceeded',
      }),
    ];
    const hit = await monitor.poll();
    expect(hit.opened.map((a) => a.kind)).toEqual(['max_prefix_hit']);
    expect(hit.resolved.map((a) => a.kind)).toEqual(['max_prefix_warning']);
    expect(hit.opened[0]!.title).toContain('shut by its max-prefix limit');
    // AS64497 chose nothing: its alerts reach staff only.
    expect((await deliveries()).every((d) => d.recipient !== 'noc@network1.example.net')).toBe(true);
    bird.protocols = healthy();
    expect((await monitor.poll()).resolved.map((a) => a.kind)).toEqual(['max_prefix_hit']);
  });

  it('newly filtered routes: the reason in words and what the ROA allows, once per member and reason', async () => {
    const snapshot = await db.dataSource.query<{ id: number }[]>(
      `INSERT INTO rpki_snapshot (source, format, loaded_at, vrp_count, is_current) VALUES ('test', 'test', $1, 1, true) RETURNING id`,
      [clock.now()],
    );
    await db.dataSource.query(
      `INSERT INTO vrp (snapshot_id, prefix, max_length, asn, trust_anchor) VALUES ($1, '203.0.112.0/22', 23, $2, 'test')`,
      [snapshot[0]!.id, MEMBER],
    );
    const rpki = filterReason('rpki_invalid').code;
    bird.filtered = [birdFilteredRoute('203.0.113.0/24', rpki, { asn: MEMBER, rsAsn: RS_ASN })];
    const first = await monitor.poll();
    expect(first.opened.map((a) => a.kind)).toEqual(['routes_filtered']);
    expect(first.opened[0]!.text).toContain(filterReason('rpki_invalid').words);
    expect(first.opened[0]!.advice).toContain(
      'The ROA for 203.0.112.0/22 allows AS64496 up to /23, and you announce 203.0.113.0/24, a /24',
    );
    bird.filtered.push(birdFilteredRoute('203.0.113.128/25', rpki, { asn: MEMBER, rsAsn: RS_ASN }));
    expect((await monitor.poll()).opened).toEqual([]);
    const member = (await deliveries()).filter((d) => d.recipient === 'noc@network0.example.net');
    expect(member.map((d) => d.transition)).toEqual(['opened']);
    bird.filtered = [];
    expect((await monitor.poll()).resolved.map((a) => a.kind)).toEqual(['routes_filtered']);
  });

  it('stale data: RPKI older than ALERT_STALE_RPKI_HOURS opens, a fresh load resolves', async () => {
    clock.advance(7 * 3_600_000);
    const stale = await monitor.poll();
    expect(stale.opened.map((a) => a.key)).toEqual(['data_stale:rpki']);
    expect(stale.opened[0]!.advice).toContain('ixora rpki refresh');
    await db.dataSource.query(`UPDATE rpki_snapshot SET loaded_at = $1 WHERE is_current`, [clock.now()]);
    expect((await monitor.poll()).resolved.map((a) => a.key)).toEqual(['data_stale:rpki']);
  });

  it('stale data: IRR and PeeringDB past their thresholds', async () => {
    const [m] = await db.dataSource.query<{ id: number }[]>(`SELECT id FROM member WHERE asn = $1`, [MEMBER]);
    await db.dataSource.query(
      `INSERT INTO prefix_set (member_id, family, fetched_at, status) VALUES ($1, 4, $2, 'ok')`,
      [m!.id, new Date(clock.now().getTime() - 49 * 3_600_000)],
    );
    await db.dataSource.query(
      `INSERT INTO peeringdb_sync_state (object_type, last_synced_at) VALUES ('net', $1)`,
      [new Date(clock.now().getTime() - 73 * 3_600_000)],
    );
    const result = await monitor.poll();
    expect(result.opened.map((a) => a.key).sort()).toEqual(['data_stale:irr', 'data_stale:peeringdb']);
    expect(result.opened.find((a) => a.key === 'data_stale:irr')!.text).toContain(`AS${MEMBER}`);
  });

  it('a build with warnings, and a deploy that failed and was rolled back', async () => {
    const [rs] = await db.dataSource.query<{ id: number }[]>(
      `SELECT id FROM route_server WHERE name = 'rs1'`,
    );
    const insert = (warnings: unknown[], deployStatus: string | null, output: string | null) =>
      db.dataSource.query<{ id: number }[]>(
        `INSERT INTO config_version (route_server_id, text, sha256, size_bytes, build_ms, validation_status,
           validation_output, deploy_status, deploy_output, warnings)
         VALUES ($1, '', repeat('0', 64), 0, 1, 'valid', '', $2, $3, $4) RETURNING id`,
        [rs!.id, deployStatus, output, JSON.stringify(warnings)],
      );
    const [failed] = await insert([], 'failed', 'BIRD rejected the config: syntax error, line 12');
    await insert(
      [{ asn: OTHER, member: 'B', code: 'irr_missing', message: 'AS64497 has no IRR data yet' }],
      null,
      null,
    );
    const result = await monitor.poll();
    expect(result.opened.map((a) => a.kind).sort()).toEqual(['build_warnings', 'deploy_failed']);
    const deploy = result.opened.find((a) => a.kind === 'deploy_failed')!;
    expect(deploy.key).toBe(`deploy_failed:rs1:${failed!.id}`);
    expect(deploy.text).toContain('syntax error, line 12');
    expect(deploy.text).toContain('previous config was restored');
    await db.dataSource.query(`UPDATE config_version SET deploy_status = 'deployed' WHERE id = $1`, [
      failed!.id,
    ]);
    await insert([], null, null);
    expect((await monitor.poll()).resolved.map((a) => a.kind).sort()).toEqual([
      'build_warnings',
      'deploy_failed',
    ]);
  });
});
