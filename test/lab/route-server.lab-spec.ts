import { describeLargeCommunity, filterReason, renderRouteServerConfig } from '@ixora/bird-config';
import { BirdClient, type BirdRoute } from '@ixora/bird-client';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { LabRoute } from './bird-route.parser.js';
import { Lab, waitFor } from './lab.js';
import { describeLab } from './lab-environment.js';
import {
  acceptedScenarios,
  blackholeNextHop,
  buildRouteServerModel,
  exchangeRouterSpecs,
  m1Announcements,
  filteredScenarios,
  member,
  members,
  reasonCommunity,
  routeServer,
  rpkiCommunity,
  type LabMember,
} from './lab-exchange.js';
import { memberSessionV4, memberSessionV6 } from './member-router.config.js';

// ixora's generated route-server config in a real BIRD, with member routers announcing crafted
// routes (DESIGN §7 and §9): what each member receives, and what the route server filtered and why.

/** The members whose received routes the scenarios check. */
const receivers = ['m2', 'm3'] as const;
type Receiver = (typeof receivers)[number] | 'm5';

function family(prefix: string): 'ipv4' | 'ipv6' {
  return prefix.includes(':') ? 'ipv6' : 'ipv4';
}

function isReasonCommunity(community: string): boolean {
  return community.startsWith(`${routeServer.asn}:1101:`);
}

function countByFamily(m: LabMember, wanted: 'ipv4' | 'ipv6'): number {
  return m.announcements.filter((a) => family(a.prefix) === wanted).length;
}

describeLab(
  'route server with the generated config',
  () => {
    let lab: Lab;
    const received = new Map<Receiver, readonly LabRoute[]>();
    let rsAccepted: readonly LabRoute[] = [];
    let rsFiltered: readonly LabRoute[] = [];

    const at = (receiver: Receiver, prefix: string): LabRoute | undefined =>
      received.get(receiver)?.find((route) => route.prefix === prefix);
    const filteredAtRs = (prefix: string): LabRoute | undefined =>
      rsFiltered.find((route) => route.prefix === prefix);
    const acceptedAtRs = (prefix: string): LabRoute | undefined =>
      rsAccepted.find((route) => route.prefix === prefix);

    /** Every member session has delivered all its routes, and each receiver holds what the route server exports to it. */
    async function waitForConvergence(): Promise<void> {
      const rs = lab.router('rs');
      for (const m of members.filter((candidate) => candidate.name !== 'm4')) {
        for (const [wanted, address] of [
          ['ipv4', m.ipv4],
          ['ipv6', m.ipv6],
        ] as const) {
          const protocol = await rs.protocolFor(address);
          const expected = countByFamily(m, wanted);
          await waitFor(`rs to receive ${expected} ${wanted} routes from ${m.name}`, async () => {
            const counts = await rs.routeCounts(protocol);
            return counts.imported + counts.filtered === expected;
          });
        }
      }
      for (const name of [...receivers, 'm5'] as const) {
        const m = member(name);
        const router = lab.router(name);
        const pairs = [
          [await rs.protocolFor(m.ipv4), memberSessionV4],
          [await rs.protocolFor(m.ipv6), memberSessionV6],
        ] as const;
        let previous = '';
        await waitFor(
          `${name} to hold every route the route server exports to it`,
          async () => {
            const counts = await Promise.all(
              pairs.map(async ([rsSide, memberSide]) => [
                (await rs.routeCounts(rsSide)).exported,
                (await router.routeCounts(memberSide)).imported,
              ]),
            );
            const now = JSON.stringify(counts);
            const isSettled =
              counts.every(([exported, imported]) => exported === imported) && now === previous;
            previous = now;
            return isSettled;
          },
          { timeoutMs: 30_000, intervalMs: 500 },
        );
      }
    }

    beforeAll(async () => {
      lab = await Lab.start(exchangeRouterSpecs());
      for (const name of ['m1', 'm2', 'm3', 'm5'] as const) {
        await lab.waitForEstablished(name, [memberSessionV4, memberSessionV6], { timeoutMs: 45_000 });
      }
      await waitForConvergence();
      const rs = lab.router('rs');
      rsAccepted = await rs.routes('');
      rsFiltered = await rs.routes('filtered');
      for (const name of [...receivers, 'm5'] as const) {
        const router = lab.router(name);
        received.set(name, [
          ...(await router.routes(`protocol ${memberSessionV4}`)),
          ...(await router.routes(`protocol ${memberSessionV6}`)),
        ]);
      }
    }, 150_000);

    afterAll(async () => {
      await lab?.stop();
    }, 30_000);

    describe('accepted routes', () => {
      it.each(acceptedScenarios)('$title ($prefix) reaches every other member unchanged', (scenario) => {
        for (const name of receivers) {
          const route = at(name, scenario.prefix);
          expect(route).toBeDefined();
          expect(route?.asPath).toEqual(scenario.asPath ?? [member('m1').asn]);
          expect(route?.nextHop).toBe(
            family(scenario.prefix) === 'ipv4' ? member('m1').ipv4 : member('m1').ipv6,
          );
        }
        expect(filteredAtRs(scenario.prefix)).toBeUndefined();
      });

      it.each(acceptedScenarios)('$title ($prefix) is tagged RPKI $rpki at the route server', (scenario) => {
        expect(acceptedAtRs(scenario.prefix)?.largeCommunities).toContain(rpkiCommunity(scenario.rpki));
      });
    });

    describe('filtered routes', () => {
      it.each(filteredScenarios)(
        '$title ($prefix): kept as filtered with reason $reason, sent to nobody',
        (scenario) => {
          const route = filteredAtRs(scenario.prefix);
          expect(route).toBeDefined();
          // The import filter stops at the first failing step, so the route carries exactly one reason.
          expect(route?.largeCommunities.filter(isReasonCommunity)).toEqual([
            reasonCommunity(scenario.reason),
          ]);
          for (const name of receivers) expect(at(name, scenario.prefix)).toBeUndefined();
        },
      );
    });

    describe('announcement control', () => {
      it.each([
        ['large', m1Announcements.doNotAnnounceToM2Large.prefix],
        ['standard', m1Announcements.doNotAnnounceToM2Standard.prefix],
      ])('do-not-announce-to-peer (%s community) keeps the route from that peer only', (_kind, prefix) => {
        expect(at('m2', prefix)).toBeUndefined();
        expect(at('m3', prefix)).toBeDefined();
      });

      it.each([
        ['large', m1Announcements.onlyToM3Large.prefix],
        ['standard', m1Announcements.onlyToM3Standard.prefix],
      ])('announce-only-to-peer (%s communities) sends the route to that peer only', (_kind, prefix) => {
        expect(at('m3', prefix)).toBeDefined();
        expect(at('m2', prefix)).toBeUndefined();
      });

      it('do-not-announce-to-peer wins over announce-to-peer for the same peer', () => {
        const prefix = m1Announcements.onlyToM2ButNotToM2.prefix;
        expect(at('m2', prefix)).toBeUndefined();
        expect(at('m3', prefix)).toBeUndefined();
        expect(acceptedAtRs(prefix)).toBeDefined();
      });

      it('prepend-twice-to-peer (large) adds the member ASN twice towards that peer only', () => {
        const m1 = member('m1').asn;
        expect(at('m2', m1Announcements.prependTwiceToM2.prefix)?.asPath).toEqual([m1, m1, m1]);
        expect(at('m3', m1Announcements.prependTwiceToM2.prefix)?.asPath).toEqual([m1]);
      });

      it('prepend-once-to-peer (standard 65511:PEER) adds the member ASN once towards that peer only', () => {
        const m1 = member('m1').asn;
        expect(at('m2', m1Announcements.prependOnceToM2Standard.prefix)?.asPath).toEqual([m1, m1]);
        expect(at('m3', m1Announcements.prependOnceToM2Standard.prefix)?.asPath).toEqual([m1]);
      });

      it('strips control communities on export', () => {
        const controlLarge = (c: string): boolean =>
          /^(\d+):(0|1|101|102|103):\d+$/.test(c) && c.startsWith(`${routeServer.asn}:`);
        const controlStandard = (c: string): boolean =>
          c.startsWith('0:') || c.startsWith(`${routeServer.asn}:`) || /^6551[123]:/.test(c);
        for (const name of receivers) {
          const routes = received.get(name) ?? [];
          expect(routes.length).toBeGreaterThan(0);
          expect(routes.flatMap((r) => r.largeCommunities).filter(controlLarge)).toEqual([]);
          expect(routes.flatMap((r) => r.communities).filter(controlStandard)).toEqual([]);
        }
      });
    });

    it.each([
      ['v4', m1Announcements.blackhole.prefix, blackholeNextHop.ipv4],
      ['v6', m1Announcements.blackholeV6.prefix, blackholeNextHop.ipv6],
    ])(
      'accepts a blackhole request (RFC 7999, %s) for a prefix of the member and rewrites the next hop',
      (_family, prefix, nextHop) => {
        for (const name of receivers) {
          const route = at(name, prefix);
          expect(route).toBeDefined();
          expect(route?.nextHop).toBe(nextHop);
          expect(route?.communities).toContain('65535:666');
          // RFC 7999 §3.2: a blackhole route must not leave the receiving network.
          expect(route?.communities).toContain('65535:65281');
        }
      },
    );

    it('honours graceful shutdown (RFC 8326): local preference 0, community passed on', () => {
      const prefix = m1Announcements.gracefulShutdown.prefix;
      expect(acceptedAtRs(prefix)?.attributes['BGP.local_pref']).toBe('0');
      for (const name of receivers) expect(at(name, prefix)?.communities).toContain('65535:0');
    });

    it('tags every route it sends over a session in graceful shutdown with GRACEFUL_SHUTDOWN (RFC 8326)', () => {
      const prefix = acceptedScenarios[0]?.prefix ?? '';
      expect(at('m5', prefix)?.communities).toContain('65535:0');
      expect(at('m2', prefix)?.communities).not.toContain('65535:0');
      expect(received.get('m5')?.every((route) => route.communities.includes('65535:0'))).toBe(true);
    });

    it('tears down the session of a member over its max-prefix limit and passes none of its routes on', async () => {
      const rs = lab.router('rs');
      const protocol = await rs.protocolFor(member('m4').ipv4);
      const state = await waitFor(`rs to stop ${protocol} over its limit`, async () => {
        const p = await rs.protocol(protocol);
        return p && !p.info.startsWith('Established') && /limit/i.test(p.info) ? p : undefined;
      });
      expect(state.info).toMatch(/limit/i);
      for (const name of receivers) {
        const routes = await lab.router(name).routes(`protocol ${memberSessionV4}`);
        expect(routes.filter((r) => r.prefix.startsWith('185.40.'))).toEqual([]);
      }
    });

    it('accepts no route from a member whose IRR data is empty', () => {
      const route = filteredAtRs('185.50.0.0/24');
      expect(route).toBeDefined();
      const irrReasons = [reasonCommunity('irr_prefix'), reasonCommunity('irr_origin')];
      const reasons = route?.largeCommunities.filter(isReasonCommunity) ?? [];
      expect(reasons).toHaveLength(1);
      expect(irrReasons).toContain(reasons[0]);
      for (const name of receivers) expect(at(name, '185.50.0.0/24')).toBeUndefined();
    });

    describe('read through @ixora/bird-client, as the looking glass reads it', () => {
      let bird: BirdClient;

      beforeAll(async () => {
        bird = await BirdClient.connect(lab.router('rs').socketPath, { timeoutMs: 10_000 });
      });

      afterAll(() => bird?.close());

      it('finds every filtered route with its reason in words', async () => {
        const filtered: BirdRoute[] = [];
        for await (const route of bird.routes({ filtered: true, detail: true })) filtered.push(route);
        for (const scenario of filteredScenarios) {
          const route = filtered.find((candidate) => candidate.prefix === scenario.prefix);
          expect(route).toBeDefined();
          const words = (route?.bgp?.largeCommunities ?? []).map((c) =>
            describeLargeCommunity(routeServer.asn, c),
          );
          expect(words).toContain(filterReason(scenario.reason).words);
        }
        expect(filtered.map((route) => route.prefix).sort()).toEqual(
          rsFiltered.map((route) => route.prefix).sort(),
        );
      });

      it('reports the session over its max-prefix limit as down', async () => {
        const protocol = await lab.router('rs').protocolFor(member('m4').ipv4);
        const m4 = (await bird.protocols()).find((candidate) => candidate.name === protocol);
        expect(m4?.info).not.toBe('Established');
        expect(`${m4?.info ?? ''} ${m4?.infoDetail ?? ''}`).toMatch(/limit/i);
      });
    });

    it("scrubs the route server's own informational communities a member sent (step 1)", () => {
      const prefix = m1Announcements.forgedInformational.prefix;
      expect(filteredAtRs(prefix)).toBeUndefined();
      const ownCommunities = acceptedAtRs(prefix)?.largeCommunities.filter((c) =>
        c.startsWith(`${routeServer.asn}:`),
      );
      expect(ownCommunities).toEqual([rpkiCommunity('unknown')]);
    });

    it('mitigates path hiding (RFC 7947 §2.3.1): a peer the best route avoids gets the next best', () => {
      const prefix = m1Announcements.pathHiding.prefix;
      const m2 = member('m2');
      expect(acceptedAtRs(prefix)?.asPath).toEqual([member('m1').asn]);
      expect(at('m3', prefix)?.asPath).toEqual([m2.asn, m2.asn]);
      expect(at('m3', prefix)?.nextHop).toBe(m2.ipv4);
      expect(at('m2', prefix)?.asPath).toEqual([member('m1').asn]);
      expect(at('m5', prefix)?.asPath).toEqual([member('m1').asn]);
    });

    it("sends no member its own routes back and every receiver the other receiver's", () => {
      expect(at('m2', '185.20.0.0/24')).toBeUndefined();
      expect(at('m3', '185.20.0.0/24')?.asPath).toEqual([member('m2').asn]);
      expect(at('m2', '2a0b:3300::/32')?.asPath).toEqual([member('m3').asn]);
    });

    // Last, because it changes the route server's data; the snapshots above were taken before.
    describe('after a reconfiguration with new IRR and RPKI data, as a deploy does it', () => {
      let bird: BirdClient;
      let m1SessionSince: string | undefined;
      let m1Session: string;

      beforeAll(async () => {
        const rs = lab.router('rs');
        m1Session = await rs.protocolFor(member('m1').ipv4);
        bird = await BirdClient.connect(rs.socketPath, { timeoutMs: 10_000 });
        m1SessionSince = (await bird.protocols()).find((p) => p.name === m1Session)?.since;
        const next = path.join(rs.dir, 'bird.next.conf');
        writeFileSync(next, renderRouteServerConfig(buildRouteServerModel('reconfigured')));
        expect(await bird.configureCheck(next)).toMatchObject({ ok: true });
        expect(await bird.configure(next)).toMatchObject({ ok: true });
      }, 30_000);

      afterAll(() => bird?.close());

      it('re-runs the import filters on the stored routes: a route that became RPKI-valid is accepted', async () => {
        const prefix = m1Announcements.rpkiValidAfterReconfiguration.prefix;
        expect(filteredAtRs(prefix)?.largeCommunities.filter(isReasonCommunity)).toEqual([
          reasonCommunity('irr_prefix'),
        ]);
        const route = await waitFor(`${prefix} at m2 after the reconfiguration`, async () =>
          (await lab.router('m2').routes(`protocol ${memberSessionV4}`)).find((r) => r.prefix === prefix),
        );
        expect(route.asPath).toEqual([member('m1').asn]);
        expect(
          (await lab.router('rs').routes(`filtered protocol ${m1Session}`)).map((r) => r.prefix),
        ).not.toContain(prefix);
      });

      it('accepts the routes of a member once its IRR data arrives', async () => {
        const route = await waitFor('185.50.0.0/24 at m3 after the reconfiguration', async () =>
          (await lab.router('m3').routes(`protocol ${memberSessionV4}`)).find(
            (r) => r.prefix === '185.50.0.0/24',
          ),
        );
        expect(route.asPath).toEqual([member('m5').asn]);
      });

      it('keeps the member sessions up (the routes come from the stored Adj-RIB-In, no reset)', async () => {
        const m1 = (await bird.protocols()).find((p) => p.name === m1Session);
        expect(m1?.info).toBe('Established');
        expect(m1?.since).toBe(m1SessionSince);
      });
    });
  },
  { ci: process.env.CI === 'true' },
);
