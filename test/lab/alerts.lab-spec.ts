import { AlertMonitor, type AlertPollResult } from '@ixora/alerts';
import { loadConfig } from '@ixora/config';
import { cliActor, IxfImporter, RouteServerService } from '@ixora/domain';
import {
  buildIxfExport,
  createTestDatabase,
  TestClock,
  type TestDatabase,
  LAB_BOGON_ASN_REASON,
} from '@ixora/testing';
import { Lab, waitFor } from './lab.js';
import { describeLab } from './lab-environment.js';
import { exchangeRouterSpecs, m4MaxPrefixesV4, member, routeServer } from './lab-exchange.js';
import { memberSessionV4, memberSessionV6 } from './member-router.config.js';

// The worker's alerts on the lab's route server (ixora's generated config in a real BIRD): a member
// router stops its session (alert), starts it again (resolved); the member over its max-prefix
// limit is shut by the route server (alert); m1's filtered routes give alerts with the fix.

describeLab(
  'alerts from a real BIRD',
  () => {
    let lab: Lab;
    let db: TestDatabase;
    let monitor: AlertMonitor;
    const clock = new TestClock();
    const operator = cliActor('lab');
    const m2 = member('m2');
    const m4 = member('m4');
    let m2Protocol: string;
    let first: AlertPollResult;

    beforeAll(async () => {
      lab = await Lab.start(exchangeRouterSpecs());
      await lab.waitForEstablished('m2', [memberSessionV4, memberSessionV6], { timeoutMs: 45_000 });
      const rs = lab.router('rs');
      m2Protocol = await rs.protocolFor(m2.ipv4);
      const m4Protocol = await rs.protocolFor(m4.ipv4);
      await waitFor(`rs to shut ${m4Protocol} over its limit`, async () => {
        const p = await rs.protocol(m4Protocol);
        return p && !p.info.startsWith('Established') && /limit/i.test(p.info) ? p : undefined;
      });
      db = await createTestDatabase();
      // The exchange's peering LAN (192.0.2.0/24, 2001:db8::/64, as in the lab) and its route server.
      await new IxfImporter(db.dataSource).import(operator, JSON.stringify(buildIxfExport({ members: 1 })), {
        allowBogonAsn: LAB_BOGON_ASN_REASON,
      });
      await new RouteServerService(db.dataSource).add(operator, {
        name: 'lab-rs1',
        asn: routeServer.asn,
        routerId: routeServer.ipv4,
        ipv4Address: routeServer.ipv4,
        socketPath: rs.socketPath,
      });
      monitor = new AlertMonitor(db.dataSource, loadConfig({}, '/'), { clock });
      first = await monitor.poll();
    }, 180_000);

    afterAll(async () => {
      await db?.drop();
      await lab?.stop();
    }, 30_000);

    it('reads the route server (nothing unreachable)', () => {
      expect(first.unreachable).toEqual([]);
    });

    it('max-prefix limit hit: the session the route server shut is one alert, with what to do', async () => {
      const hits = first.opened.filter((alert) => alert.kind === 'max_prefix_hit');
      expect(hits.map((alert) => alert.asn)).toEqual([m4.asn]);
      expect(hits[0]!.title).toContain(`shut by its max-prefix limit of ${m4MaxPrefixesV4}`);
      expect(hits[0]!.advice).toMatch(/ask the exchange for a higher limit/);
      // The session BIRD shut is not also reported as merely down.
      expect(first.opened.filter((alert) => alert.kind === 'session_down' && alert.asn === m4.asn)).toEqual(
        [],
      );
      expect((await monitor.poll()).opened).toEqual([]);
    });

    it('newly filtered routes of m1 open alerts naming the reason and the fix', () => {
      const filtered = first.opened.filter((alert) => alert.kind === 'routes_filtered');
      const irr = filtered.find(
        (alert) => alert.details.reason === 'irr_prefix' && alert.asn === member('m1').asn,
      );
      expect(irr?.advice).toMatch(/^No route6? object for \S+ with origin AS\d+/);
    });

    it('session down: a member router disables its session, one alert; enables it, the alert resolves', async () => {
      const rs = lab.router('rs');
      await lab.router('m2').birdc(`disable ${memberSessionV4}`);
      await waitFor(`rs to see ${m2Protocol} down`, async () => {
        const p = await rs.protocol(m2Protocol);
        return p && !p.info.startsWith('Established') ? p : undefined;
      });
      clock.advance(60_000);
      const down = await monitor.poll();
      expect(down.opened.map((alert) => [alert.kind, alert.key])).toEqual([
        ['session_down', `session_down:lab-rs1:${m2Protocol}`],
      ]);
      expect(down.opened[0]!.asn).toBe(m2.asn);
      clock.advance(60_000);
      expect((await monitor.poll()).opened).toEqual([]);

      await lab.router('m2').birdc(`enable ${memberSessionV4}`);
      await waitFor(
        `rs to see ${m2Protocol} established again`,
        async () => ((await rs.protocol(m2Protocol))?.info.startsWith('Established') ? true : undefined),
        { timeoutMs: 45_000 },
      );
      clock.advance(60_000);
      const back = await monitor.poll();
      expect(back.resolved.map((alert) => alert.key)).toEqual([`session_down:lab-rs1:${m2Protocol}`]);
      expect(back.opened).toEqual([]);
    }, 120_000);
  },
  { ci: process.env.CI === 'true' },
);
