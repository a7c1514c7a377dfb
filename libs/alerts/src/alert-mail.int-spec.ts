import { cliActor, IxfImporter, RouteServerService, type Actor } from '@ixora/domain';
import { loadConfig } from '@ixora/config';
import type { RouteServerReader } from '@ixora/looking-glass';
import { Mailer } from '@ixora/mail';
import {
  buildIxfExport,
  createTestDatabase,
  TestClock,
  type TestDatabase,
  LAB_BOGON_ASN_REASON,
} from '@ixora/testing';
import { AlertDeliverer } from './alert.deliverer.js';
import { AlertMonitor } from './alert.monitor.js';
import { AlertSettingsService } from './alert-settings.service.js';
import { birdSession } from './testing/bird.fixtures.js';
import { SmtpReceiver } from './testing/smtp-receiver.js';

// Alert mail through `@ixora/mail` to a local SMTP server: what arrives at the staff's and the
// member's NOC addresses (its typed one and the PeeringDB contact it chose), retried when the relay
// refuses; without SMTP_URL the mail waits in the outbox.

const MEMBER = 64496;

/** The Subject header, its RFC 2047 encoded words (Q encoding, as nodemailer writes them) decoded. */
function subjectOf(message: string): string {
  const header = /^Subject: ([^\r\n]*(?:\r?\n[ \t][^\r\n]*)*)/m.exec(message)?.[1] ?? '';
  return header
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?UTF-8\?Q\?(.*?)\?=/gi, (_, text: string) =>
      Buffer.from(
        text
          .replace(/_/g, ' ')
          .replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))),
        'latin1',
      ).toString('utf8'),
    )
    .trim();
}
const V4 = `AS${MEMBER}_v4_1`;
const admin: Actor = cliActor('test');

describe('alert mail', () => {
  let db: TestDatabase;
  let smtp: SmtpReceiver;
  const clock = new TestClock();
  let protocols = [birdSession(V4, { asn: MEMBER })];
  const reader = (): RouteServerReader => ({
    target: 'test',
    status: () => Promise.reject(new Error('not read by alerts')),
    protocols: () => Promise.resolve(protocols),
    routes: () => (async function* () {})(),
    close: () => Promise.resolve(),
  });

  beforeAll(async () => {
    db = await createTestDatabase();
    smtp = await SmtpReceiver.start();
    await new IxfImporter(db.dataSource).import(admin, JSON.stringify(buildIxfExport({ members: 2 })), {
      allowBogonAsn: LAB_BOGON_ASN_REASON,
    });
    await new RouteServerService(db.dataSource).add(admin, {
      name: 'rs1',
      asn: 64510,
      routerId: '192.0.2.1',
      ipv4Address: '192.0.2.1',
    });
    // The member's PeeringDB network and its NOC contact, as a sync leaves them.
    const now = clock.now();
    await db.dataSource.query(
      `INSERT INTO peeringdb_net (id, status, created, updated, data, org_id, asn, name)
       VALUES (9001, 'ok', $1, $1, '{}', 1, $2, 'Network 0')`,
      [now, MEMBER],
    );
    await db.dataSource.query(
      `INSERT INTO peeringdb_poc (id, status, created, updated, data, net_id, role, visible, name, email)
       VALUES (7001, 'ok', $1, $1, '{}', 9001, 'NOC', 'Public', 'NOC desk', 'noc-desk@network0.example.net'),
              (7002, 'ok', $1, $1, '{}', 9001, 'Sales', 'Public', 'Sales', 'sales@network0.example.net')`,
      [now],
    );
  });
  afterAll(async () => {
    await smtp?.close();
    await db?.drop();
  });

  it("offers the member's own PeeringDB contacts, and refuses another network's", async () => {
    const settings = new AlertSettingsService(db.dataSource);
    const before = await settings.getSubscription(admin, MEMBER);
    expect(before.availablePocs.map((poc) => poc.email)).toEqual([
      'noc-desk@network0.example.net',
      'sales@network0.example.net',
    ]);
    await expect(
      settings.putSubscription(admin, 64497, { kinds: ['session_down'], peeringDbPocIds: [7001] }),
    ).rejects.toThrow(/peeringDbPocIds: 7001 is not a PeeringDB contact with an e-mail address of AS64497/);
    await expect(settings.putSubscription(admin, MEMBER, { kinds: ['session_gone'] })).rejects.toThrow(
      /kinds: "session_gone" is not an alert event/,
    );
    await settings.putSubscription(admin, MEMBER, {
      kinds: ['session_down'],
      emails: ['ops@network0.example.net'],
      peeringDbPocIds: [7001],
    });
  });

  it('mails the alert, with what to do, to staff and to the NOC addresses; retries a refusing relay', async () => {
    const config = loadConfig(
      { SMTP_URL: smtp.url, MAIL_FROM: 'ixora@ixp.example.net', ALERT_EMAILS: 'staff@ixp.example.net' },
      '/',
    );
    const monitor = new AlertMonitor(db.dataSource, config, { clock, createReader: reader });
    const mailer = new Mailer(db.dataSource, config, clock);
    const deliverer = new AlertDeliverer(db.dataSource, { clock, mailer, firstRetryMs: 10_000 });
    try {
      await monitor.poll();
      protocols = [
        birdSession(V4, { asn: MEMBER, state: 'start', bgpState: 'Active', lastError: 'Hold timer expired' }),
      ];
      const opened = await monitor.poll();
      expect(opened.opened.map((alert) => alert.kind)).toEqual(['session_down']);
      expect(opened.deliveriesQueued).toBe(3);
      smtp.refusals = 1;
      await deliverer.deliverDue();
      const [refused] = await db.dataSource.query<{ status: string; last_error: string }[]>(
        `SELECT status, last_error FROM alert_delivery WHERE last_error IS NOT NULL`,
      );
      expect(refused).toMatchObject({ status: 'pending', last_error: expect.stringMatching(/451/) });
      clock.advance(10_000);
      await deliverer.deliverDue();
      const byRecipient = new Map(smtp.arrived.map((mail) => [mail.recipients.join(','), mail.message]));
      expect([...byRecipient.keys()].sort()).toEqual([
        'noc-desk@network0.example.net',
        'ops@network0.example.net',
        'staff@ixp.example.net',
      ]);
      const message = byRecipient.get('ops@network0.example.net')!;
      expect(subjectOf(message)).toMatch(
        /^\[ixora\] ALERT: Example Network 0 .* \(AS64496\): IPv4 session AS64496_v4_1 .* is down \(Active\)$/,
      );
      expect(message).toContain('Hold timer expired');
      expect(message).toContain("What to do: Check your router's BGP session");
      const statuses = await db.dataSource.query<{ status: string }[]>(
        `SELECT DISTINCT status FROM alert_delivery`,
      );
      expect(statuses).toEqual([{ status: 'sent' }]);

      protocols = [birdSession(V4, { asn: MEMBER })];
      expect((await monitor.poll()).resolved).toHaveLength(1);
      await deliverer.deliverDue();
      const resolved = smtp.arrived.slice(3).map((mail) => mail.message);
      expect(resolved).toHaveLength(3);
      expect(subjectOf(resolved[0]!)).toMatch(/^\[ixora\] RESOLVED: /);
      expect(resolved[0]).toContain('is established again');
    } finally {
      mailer.onModuleDestroy();
    }
  });

  it('without SMTP_URL the mail waits in the outbox, and the delivery counts as sent', async () => {
    const config = loadConfig({ ALERT_EMAILS: 'staff@ixp.example.net' }, '/');
    const monitor = new AlertMonitor(db.dataSource, config, { clock, createReader: reader });
    const deliverer = new AlertDeliverer(db.dataSource, {
      clock,
      mailer: new Mailer(db.dataSource, config, clock),
    });
    protocols = [
      birdSession(V4, {
        asn: MEMBER,
        state: 'start',
        bgpState: 'Connect',
        lastError: 'Socket: Connection refused',
      }),
    ];
    await monitor.poll();
    await deliverer.deliverDue();
    const outbox = await db.dataSource.query<{ recipient: string; subject: string }[]>(
      `SELECT recipient, subject FROM mail_outbox ORDER BY recipient`,
    );
    expect(outbox.map((mail) => mail.recipient)).toEqual([
      'noc-desk@network0.example.net',
      'ops@network0.example.net',
      'staff@ixp.example.net',
    ]);
    expect(outbox[0]!.subject).toMatch(/^\[ixora\] ALERT: /);
  });
});
