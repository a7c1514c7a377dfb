import { filterReason } from '@ixora/bird-config';
import { RouteServer } from '@ixora/domain';
import { LookingGlassService, type LgLookupResponse, type LgRoutesResponse } from '@ixora/looking-glass';
import { startApiTestApp, type ApiTestApp } from '../../apps/api/src/testing/api-test.app.js';
import { Lab, waitFor } from './lab.js';
import { describeLab } from './lab-environment.js';
import {
  acceptedScenarios,
  m1Announcements,
  m4MaxPrefixesV4,
  exchangeRouterSpecs,
  filteredScenarios,
  member,
  routeServer,
} from './lab-exchange.js';
import { memberSessionV4, memberSessionV6 } from './member-router.config.js';

// The looking glass on the lab's route server (ixora's generated config in a real BIRD, member
// routers announcing the route-server scenarios): every route the policy filters shows up through
// `/api/lg/v1` with its reason in words, on m1's neighbor page and in a lookup.

describeLab(
  'looking glass on the lab route server',
  () => {
    let lab: Lab;
    let api: ApiTestApp;
    const m1 = member('m1');
    const neighborIds: string[] = [];
    // Every route m1 sends that the initial policy filters: the scenarios, and the route whose ROA
    // only a later reconfiguration adds (not in m1's IRR data until then).
    const expectedFiltered = new Map<string, string>([
      ...filteredScenarios.map((scenario) => [scenario.prefix, scenario.reason] as const),
      [m1Announcements.rpkiValidAfterReconfiguration.prefix, 'irr_prefix'],
    ]);

    beforeAll(async () => {
      lab = await Lab.start(exchangeRouterSpecs());
      await lab.waitForEstablished('m1', [memberSessionV4, memberSessionV6], { timeoutMs: 45_000 });
      const rs = lab.router('rs');
      for (const [isV6, address] of [
        [false, m1.ipv4],
        [true, m1.ipv6],
      ] as const) {
        const protocol = await rs.protocolFor(address);
        neighborIds.push(protocol);
        const expected = m1.announcements.filter((a) => a.prefix.includes(':') === isV6).length;
        await waitFor(`rs to hold m1's ${expected} ${isV6 ? 'IPv6' : 'IPv4'} routes`, async () => {
          const counts = await rs.routeCounts(protocol);
          return counts.imported + counts.filtered === expected;
        });
      }
      api = await startApiTestApp();
      await api.db.dataSource
        .getRepository(RouteServer)
        .update({ name: 'rs1' }, { socketPath: rs.socketPath, asn: routeServer.asn });
      await api.app.get(LookingGlassService).refresh();
    }, 180_000);

    afterAll(async () => {
      await api?.close();
      await lab?.stop();
    }, 30_000);

    it("lists m1's sessions with their filtered counts", async () => {
      const res = await api.http.get('/api/lg/v1/routeservers/rs1/neighbors').expect(200);
      const neighbors = (res.body as { neighbors: { id: string; asn: number; routes_filtered: number }[] })
        .neighbors;
      const m1Neighbors = neighbors.filter((n) => n.asn === m1.asn);
      expect(m1Neighbors.map((n) => n.id).sort()).toEqual([...neighborIds].sort());
      expect(m1Neighbors.reduce((sum, n) => sum + n.routes_filtered, 0)).toBe(expectedFiltered.size);
    });

    it("shows each session's max-prefix limit, and /metrics its use (received / limit)", async () => {
      const res = await api.http.get('/api/lg/v1/routeservers/rs1/neighbors').expect(200);
      type Neighbor = {
        id: string;
        asn: number;
        family?: string;
        routes_received: number;
        max_prefix_limit?: number;
      };
      const neighbors = (res.body as { neighbors: Neighbor[] }).neighbors;
      const m4 = member('m4');
      const m4v4 = neighbors.find((n) => n.asn === m4.asn && n.family === 'ipv4');
      expect(m4v4?.max_prefix_limit).toBe(m4MaxPrefixesV4);
      const m1v4 = neighbors.find((n) => n.asn === m1.asn && n.family === 'ipv4');
      expect(m1v4?.max_prefix_limit).toBeGreaterThan(0);

      const text = (await api.http.get('/metrics').expect(200)).text;
      const value = (name: string, n: Neighbor): number | undefined => {
        const line = text
          .split('\n')
          .find((l) => l.startsWith(`${name}{`) && l.includes(`session="${n.id}"`));
        return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
      };
      expect(value('ixora_session_max_prefix_limit', m4v4!)).toBe(m4MaxPrefixesV4);
      expect(value('ixora_session_routes_received', m1v4!)).toBe(m1v4!.routes_received);
      expect(value('ixora_session_max_prefix_use_ratio', m1v4!)).toBeCloseTo(
        m1v4!.routes_received / m1v4!.max_prefix_limit!,
        6,
      );
    });

    it.each(filteredScenarios)(
      '$title ($prefix) is filtered with reason $reason, in words',
      async (scenario) => {
        const reason = filterReason(scenario.reason);
        const lookup = (
          await api.http.get('/api/lg/v1/lookup/prefix').query({ q: scenario.prefix }).expect(200)
        ).body as LgLookupResponse;
        const route = lookup.filtered.routes.find((candidate) => candidate.network === scenario.prefix);
        expect(route?.reason).toEqual({ code: reason.code, key: scenario.reason, words: reason.words });
        expect(route?.neighbor_id).toMatch(new RegExp(`^AS${m1.asn}_`));
        expect(
          lookup.imported.routes.find((candidate) => candidate.network === scenario.prefix),
        ).toBeUndefined();
      },
    );

    it("m1's filtered pages hold every filtered scenario with its reason", async () => {
      const shown = new Map<string, string | undefined>();
      for (const id of neighborIds) {
        const res = await api.http
          .get(`/api/lg/v1/routeservers/rs1/neighbors/${id}/routes/filtered`)
          .query({ page_size: 250 })
          .expect(200);
        for (const route of (res.body as LgRoutesResponse).filtered ?? [])
          shown.set(route.network, route.reason?.key);
      }
      expect(Object.fromEntries(shown)).toEqual(Object.fromEntries(expectedFiltered));
    });

    it('a route with forged route-server communities is accepted without a reason (they are scrubbed)', async () => {
      const prefix = m1Announcements.forgedInformational.prefix;
      const lookup = (await api.http.get('/api/lg/v1/lookup/prefix').query({ q: prefix }).expect(200))
        .body as LgLookupResponse;
      expect(lookup.imported.routes.find((route) => route.network === prefix)?.reason).toBeUndefined();
      expect(lookup.filtered.routes.find((route) => route.network === prefix)).toBeUndefined();
    });

    it.each(acceptedScenarios)(
      '$title ($prefix) is accepted, without a reason, tagged RPKI $rpki',
      async (scenario) => {
        const lookup = (
          await api.http.get('/api/lg/v1/lookup/prefix').query({ q: scenario.prefix }).expect(200)
        ).body as LgLookupResponse;
        const route = lookup.imported.routes.find((candidate) => candidate.network === scenario.prefix);
        expect(route).toBeDefined();
        expect(route?.reason).toBeUndefined();
        expect(route?.community_meanings.map((m) => m.meaning)).toContain(
          scenario.rpki === 'valid'
            ? 'RPKI valid'
            : scenario.rpki === 'unknown'
              ? 'RPKI unknown (no covering ROA)'
              : 'RPKI not checked',
        );
      },
    );
  },
  { ci: process.env.CI === 'true' },
);
