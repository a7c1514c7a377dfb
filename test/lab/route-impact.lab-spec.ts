import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { bgpProtocolName, filterReason, REASON_COMMUNITIES, type RpkiStateKey } from '@ixora/bird-config';
import { loadConfig, type IxoraConfig } from '@ixora/config';
import {
  cliActor,
  IxfImporter,
  JobRunner,
  RouteServer,
  RouteServerConfigService,
  RouteServerService,
} from '@ixora/domain';
import { isIxoraError } from '@ixora/errors';
import { IrrRefreshService } from '@ixora/irr';
import { BirdSocketReader, readSnapshot } from '@ixora/looking-glass';
import {
  computeRouteImpact,
  observedRoutesOf,
  RouteEvaluator,
  RouteImpactService,
  type ReceivedRoute,
  type RouteDecision,
} from '@ixora/route-impact';
import {
  expectFitsWidth,
  expectNoSeriousAxeViolations,
  IrrTestDatabase,
  LAB_BOGON_ASN_REASON,
  launchTestChromium,
  newRecordingPage,
  startIrrTestServer,
  TestClock,
  type IrrTestServer,
} from '@ixora/testing';
import supertest from 'supertest';
import { bearer, startApiTestApp, type ApiTestApp } from '../../apps/api/src/testing/api-test.app.js';
import { listenOnLoopback, signInStaffThroughForm } from '../../apps/api/src/web/web.browser-test.helper.js';
import {
  csrfOf,
  enrolmentSecretOf,
  postLogin,
  totpAt,
  WEB_ENV,
} from '../../apps/api/src/web/web.test-helper.js';
import type { LabRoute } from './bird-route.parser.js';
import { Lab, waitFor } from './lab.js';
import { describeLab } from './lab-environment.js';
import { labIxfExport } from './lab-ixf.js';
import {
  blackholeNextHop,
  buildRouteServerModel,
  exchangeRouterSpecs,
  members,
  routeServer,
} from './lab-exchange.js';
import { memberRouterSpec, memberSessionV4, memberSessionV6 } from './member-router.config.js';

// The route evaluator of @ixora/route-impact against BIRD itself (ADR 0020): every route the lab's
// members announce, through ixora's generated config in a real BIRD, and through the evaluator on
// the model that config was rendered from. The decision, the reason community and the RPKI-state
// community must be the same for each route. Then the deploy guard on ixora's whole path.

const RS_ASN = routeServer.asn;

/** `accepted valid` or `filtered 9 unknown`: a decision in the words both sides can be put in. */
function birdVerdict(route: LabRoute, isFiltered: boolean): string {
  const reason = route.largeCommunities.find((c) => c.startsWith(`${RS_ASN}:1101:`))?.split(':')[2];
  const rpki = route.largeCommunities.find((c) => c.startsWith(`${RS_ASN}:1000:`))?.split(':')[2];
  return isFiltered ? `filtered ${reason ?? '?'} rpki ${rpki ?? '-'}` : `accepted rpki ${rpki ?? '-'}`;
}

const RPKI_CODE: Record<RpkiStateKey, string> = { valid: '1', unknown: '2', not_checked: '3', invalid: '4' };

function evaluatorVerdict(decision: RouteDecision): string {
  return decision.isAccepted
    ? `accepted rpki ${RPKI_CODE[decision.rpkiState]}`
    : `filtered ${decision.code} rpki ${decision.rpkiState === null ? '-' : RPKI_CODE[decision.rpkiState]}`;
}

describeLab(
  'the route evaluator decides every route as BIRD does',
  () => {
    let lab: Lab;
    const model = buildRouteServerModel();
    const evaluator = new RouteEvaluator(model);
    // m4 goes over its max-prefix limit (a session limit, not a route decision): BIRD keeps restarting it.
    const announcers = members.filter((m) => m.name !== 'm4');
    let accepted: LabRoute[] = [];
    let filtered: LabRoute[] = [];

    const sessionOf = (asn: number, family: 'ipv4' | 'ipv6') =>
      model.sessions.find((s) => s.memberAsn === asn && s.family === family)!;

    beforeAll(async () => {
      lab = await Lab.start(exchangeRouterSpecs());
      for (const m of announcers)
        await lab.waitForEstablished(m.name, [memberSessionV4, memberSessionV6], { timeoutMs: 45_000 });
      const rs = lab.router('rs');
      for (const m of announcers)
        for (const family of ['ipv4', 'ipv6'] as const) {
          const expected = m.announcements.filter(
            (a) => a.prefix.includes(':') === (family === 'ipv6'),
          ).length;
          const protocol = bgpProtocolName(sessionOf(m.asn, family));
          await waitFor(`rs to hold ${expected} ${family} routes of ${m.name}`, async () => {
            const counts = await rs.routeCounts(protocol);
            return counts.imported + counts.filtered === expected;
          });
        }
      accepted = await rs.routes('');
      filtered = await rs.routes('filtered');
    }, 150_000);

    afterAll(async () => {
      await lab?.stop();
    }, 30_000);

    it('for every announced route: accepted or filtered, the reason code and the RPKI state are the same', () => {
      const bird: string[] = [];
      const ours: string[] = [];
      for (const m of announcers) {
        for (const a of m.announcements) {
          const family = a.prefix.includes(':') ? 'ipv6' : 'ipv4';
          const session = sessionOf(m.asn, family);
          const protocol = bgpProtocolName(session);
          const route: ReceivedRoute = {
            prefix: a.prefix,
            asPath: a.asPath ?? [m.asn],
            nextHop: a.nextHop ?? (family === 'ipv4' ? m.ipv4 : m.ipv6),
            communities: a.communities ?? [],
          };
          const label = `${m.name} ${a.prefix}`;
          const held =
            accepted.find((r) => r.protocol === protocol && r.prefix === a.prefix) ??
            filtered.find((r) => r.protocol === protocol && r.prefix === a.prefix);
          const isFiltered = held !== undefined && !accepted.includes(held);
          bird.push(`${label}: ${held ? birdVerdict(held, isFiltered) : 'not held'}`);
          ours.push(`${label}: ${evaluatorVerdict(evaluator.evaluate(session.id, route)!)}`);
        }
      }
      expect(ours).toEqual(bird);
      expect(bird.length).toBeGreaterThan(40);
    });

    it('the routes cover every reason BIRD can tag on a session, in both families, and accepted routes of each RPKI state', () => {
      const codes = new Set(filtered.map((r) => birdVerdict(r, true).split(' ')[1]));
      // 65003 cannot reach BIRD over BGP: a session's channel carries only its own family.
      const reachable = REASON_COMMUNITIES.filter((r) => r.key !== 'address_family_mismatch');
      expect([...codes].sort()).toEqual(reachable.map((r) => String(r.code)).sort());
      expect(filtered.some((r) => r.prefix.includes(':'))).toBe(true);
      expect(accepted.some((r) => r.prefix.includes(':') && r.protocol.startsWith('AS'))).toBe(true);
      const acceptedStates = new Set(
        accepted.filter((r) => r.protocol.startsWith('AS')).map((r) => birdVerdict(r, false)),
      );
      expect([...acceptedStates].sort()).toEqual(['accepted rpki 1', 'accepted rpki 2', 'accepted rpki 3']);
    });

    it("read as the looking glass reads it, every route gets back BIRD's own decision, and an unchanged model changes nothing", async () => {
      const reader = new BirdSocketReader(lab.router('rs').socketPath, { timeoutMs: 30_000 });
      let snapshot;
      try {
        snapshot = await readSnapshot(reader, { id: routeServer.name, asn: RS_ASN });
      } finally {
        await reader.close();
      }
      const routes = [...observedRoutesOf(snapshot, RS_ASN, blackholeNextHop)];
      expect(routes.length).toBe(snapshot.routeCount + snapshot.filteredCount);
      const mismatches = routes
        .filter((route) => route.protocol.startsWith('AS'))
        .flatMap((route) => {
          const session = Number(route.protocol.split('_')[2]);
          const decision = evaluator.evaluate(session, route)!;
          const observed = route.observed.isAccepted ? 'accepted' : `filtered ${route.observed.code}`;
          const predicted = decision.isAccepted ? 'accepted' : `filtered ${decision.code}`;
          return observed === predicted
            ? []
            : [`${route.protocol} ${route.prefix}: BIRD ${observed}, evaluator ${predicted}`];
        });
      expect(mismatches).toEqual([]);
      const impact = computeRouteImpact(evaluator, evaluator, routes);
      expect(impact.members).toEqual([]);
      // The reconfigured data (a new ROA for m1, m5's first IRR expansion) newly accepts exactly those routes.
      const next = computeRouteImpact(
        evaluator,
        new RouteEvaluator(buildRouteServerModel('reconfigured')),
        routes,
      );
      expect(
        next.members.map((m) => [
          m.memberName,
          m.family,
          m.newlyAccepted.map((c) => `${c.prefix} was ${c.reason}`),
          m.newlyFilteredCount,
        ]),
      ).toEqual([
        ['m1', 'ipv4', ['185.18.0.0/24 was irr_prefix'], 0],
        ['m5', 'ipv4', ['185.50.0.0/24 was irr_origin'], 0],
      ]);
    });
  },
  { ci: process.env.CI === 'true' },
);

// The guard on ixora's whole path: IRR refresh, build, deploy against the lab's route server.
const admin = cliActor('lab');
const rs = { name: 'rs1', asn: 59900, ipv4: '192.0.2.1', ipv6: '2001:db8::1' } as const;
const guardMembers = [
  { name: 'm1', asn: 59901, ipv4: '192.0.2.11', ipv6: '2001:db8::11' },
  { name: 'm2', asn: 59902, ipv4: '192.0.2.12', ipv6: '2001:db8::12' },
] as const;
const m1Routes = Array.from({ length: 10 }, (_, i) => `185.1.${i}.0/24`);

function irrDatabase(routes: readonly string[]): IrrTestDatabase {
  const database = new IrrTestDatabase();
  for (const m of guardMembers) database.addAsSet(`AS-LAB${m.name.toUpperCase()}`, [`AS${m.asn}`], 'TEST');
  for (const prefix of routes) database.addRoute(prefix, guardMembers[0].asn, 'TEST');
  database.addRoute('185.2.0.0/24', guardMembers[1].asn, 'TEST');
  return database;
}

describeLab(
  'the route impact guard stops a deploy that filters too many of a member’s routes',
  () => {
    let lab: Lab;
    let api: ApiTestApp;
    let browser: Browser | undefined;
    let dir: string;
    let config: IxoraConfig;
    const irrServers: IrrTestServer[] = [];
    const clock = new TestClock();

    async function refreshAndBuild(routes: readonly string[]): Promise<number> {
      const server = await startIrrTestServer({ database: irrDatabase(routes) });
      irrServers.push(server);
      await new IrrRefreshService(api.db.dataSource, {
        ...config,
        irrHost: server.host,
        irrPort: server.port,
      }).refresh(admin);
      const built = await new RouteServerConfigService(api.db.dataSource, config).build(admin, rs.name);
      expect(built.isValid).toBe(true);
      return built.version.id;
    }

    const impacts = () =>
      new RouteImpactService(
        api.db.dataSource,
        config,
        new RouteServerConfigService(api.db.dataSource, config),
      );

    async function m2Receives(count: number): Promise<void> {
      await waitFor(
        `m2 to receive ${count} routes of m1`,
        async () => {
          const routes = await lab.router('m2').routes(`protocol ${memberSessionV4}`);
          return routes.filter((r) => r.prefix.startsWith('185.1.')).length === count;
        },
        { timeoutMs: 20_000 },
      );
    }

    beforeAll(async () => {
      dir = await mkdtemp(path.join(os.tmpdir(), 'ixora-lab-impact-'));
      // The console's deploy jobs write the config where the lab's BIRD is told to read it.
      api = await startApiTestApp({
        seed: false,
        clock,
        env: { ...WEB_ENV, BIRD_CONFIG_DIR: path.join(dir, 'etc') },
      });
      await new IxfImporter(api.db.dataSource).import(admin, JSON.stringify(labIxfExport(guardMembers)), {
        allowBogonAsn: LAB_BOGON_ASN_REASON,
      });
      await new RouteServerService(api.db.dataSource).add(admin, {
        name: rs.name,
        asn: rs.asn,
        routerId: rs.ipv4,
        ipv4Address: rs.ipv4,
      });
      config = { ...loadConfig({}, dir), birdConfigDir: path.join(dir, 'etc') };
      const first = await refreshAndBuild(m1Routes);
      const text = await new RouteServerConfigService(api.db.dataSource, config).version(
        admin,
        rs.name,
        first,
      );
      lab = await Lab.start([
        { name: 'rs', ipv4: rs.ipv4, ipv6: rs.ipv6, config: text.text },
        ...guardMembers.map((m) =>
          memberRouterSpec(
            m,
            rs,
            m.name === 'm1' ? m1Routes.map((prefix) => ({ prefix })) : [{ prefix: '185.2.0.0/24' }],
          ),
        ),
      ]);
      config = { ...config, birdSocket: lab.router('rs').socketPath };
      for (const m of guardMembers)
        await lab.waitForEstablished(m.name, [memberSessionV4], { timeoutMs: 45_000 });
      await m2Receives(10);
      // The baseline: what BIRD runs is deployed; nothing changes for any route.
      const baseline = await impacts().deploy(admin, rs.name);
      expect(baseline.impact?.members).toEqual([]);
    }, 240_000);

    afterAll(async () => {
      await browser?.close();
      await lab?.stop();
      for (const server of irrServers) await server.close();
      await api?.close();
      if (dir) await rm(dir, { recursive: true, force: true });
    }, 30_000);

    it('m1 loses half its route objects: diff --impact names the routes, deploy stops, the console deploys only when confirmed and is audited', async () => {
      await refreshAndBuild(m1Routes.slice(0, 5));
      const impact = await impacts().impactOfVersion(admin, rs.name);
      expect(impact.isBeforeObserved).toBe(false);
      expect(impact.members).toEqual([
        expect.objectContaining({
          memberAsn: 59901,
          family: 'ipv4',
          acceptedBefore: 10,
          newlyFilteredCount: 5,
          newlyFilteredByReason: { irr_prefix: 5 },
          newlyFiltered: m1Routes.slice(5).map((prefix) =>
            expect.objectContaining({
              prefix,
              reason: 'irr_prefix',
              code: filterReason('irr_prefix').code,
            }),
          ),
        }),
      ]);
      expect(impact.violations).toEqual([
        expect.objectContaining({ memberAsn: 59901, family: 'ipv4', newlyFilteredPercent: 50 }),
      ]);

      // The same through the API, staff only; the API reaches BIRD at the route server's socket.
      await api.db.dataSource
        .getRepository(RouteServer)
        .update({ name: rs.name }, { socketPath: lab.router('rs').socketPath });
      const byApi = await api.http
        .get(`/api/v1/route-servers/${rs.name}/config/impact`)
        .set(...bearer(api.users.admin))
        .expect(200);
      expect(byApi.body).toMatchObject({
        routeServer: rs.name,
        targetVersionId: null,
        thresholdPercent: 10,
        members: [{ memberAsn: 59901, family: 'ipv4', newlyFilteredCount: 5, acceptedBefore: 10 }],
        violations: [{ memberAsn: 59901, newlyFilteredPercent: 50 }],
      });
      const member = await api.addUser('noc@m1.example.net', 'member_admin', 59901);
      await api.http
        .get(`/api/v1/route-servers/${rs.name}/config/impact`)
        .set(...bearer(member))
        .expect(403);

      // The console's page: the member over the guard, its routes with the reason, a confirmation to go on.
      const staff = supertest.agent(api.app.getHttpServer() as Parameters<typeof supertest.agent>[0]);
      await postLogin(staff, api.users.admin.email, api.users.admin.password);
      const enrol = await staff.get('/account/two-factor').expect(200);
      await staff
        .post('/account/two-factor')
        .type('form')
        .send({ _csrf: csrfOf(enrol.text), code: await totpAt(enrolmentSecretOf(enrol.text), clock) })
        .expect(200);
      const consolePage = await staff.get(`/admin/route-servers/${rs.name}/impact`).expect(200);
      expect(consolePage.text).toContain('The route impact guard stops this deploy');
      expect(consolePage.text).toContain('AS59901 Lab member m1 ipv4: 5 of 10 accepted routes (50.0 %)');
      expect(consolePage.text).toContain(
        '<code>185.1.9.0/24</code>: prefix is not in the member&#x27;s IRR data (9)',
      );
      expect(consolePage.text).toMatch(/name="force" required/);

      const stopped = await impacts()
        .deploy(admin, rs.name)
        .catch((error: unknown) => error);
      expect(isIxoraError(stopped) && stopped.code).toBe('conflict');
      expect((stopped as Error).message).toMatch(
        /AS59901 Lab member m1 ipv4: 5 of 10 accepted routes \(50\.0 %\)/,
      );
      expect((stopped as Error).message).toMatch(/--force/);
      // The API's deploy (a config.deploy job) stops the same way without `force: true`.
      const job = await api.http
        .post('/api/v1/jobs')
        .set(...bearer(api.users.admin))
        .send({ kind: 'config.deploy', params: { rs: rs.name } })
        .expect(202);
      await api.app.get(JobRunner).drain();
      const failed = await api.http
        .get(`/api/v1/jobs/${job.body.id}`)
        .set(...bearer(api.users.admin))
        .expect(200);
      expect(failed.body).toMatchObject({ status: 'failed' });
      expect(failed.body.error).toMatch(/stopped: .*AS59901 Lab member m1 ipv4: 5 of 10 accepted routes/);
      await m2Receives(10);

      // The console in headless Chromium: staff see the member over the guard; a deploy without the
      // ticked confirmation is stopped (the job says why, nothing is deployed), a ticked one goes through.
      const deployedVersion = async (): Promise<number> => {
        const [row] = await api.db.dataSource.query(
          `SELECT id FROM config_version WHERE deploy_status = 'deployed' ORDER BY id DESC LIMIT 1`,
        );
        return Number(row.id);
      };
      const deployedBefore = await deployedVersion();
      const base = await listenOnLoopback(api);
      browser = await launchTestChromium();
      const page: Page = await newRecordingPage(browser, [base]);
      const operator = await api.addUser('noc@ix.example.net', 'admin');
      await signInStaffThroughForm(page, base, operator, clock);

      const impactUrl = `${base}/admin/route-servers/${rs.name}/impact`;
      await page.goto(impactUrl);
      const row = page.locator('table.data tbody tr', { hasText: 'AS59901 Lab member m1' });
      await expect(row.locator('td').allTextContents()).resolves.toEqual([
        'AS59901 Lab member m1',
        'IPv4',
        '10',
        '5',
        '50.0 %',
        '0',
      ]);
      await expect(page.getByRole('status').textContent()).resolves.toContain(
        'AS59901 Lab member m1 ipv4: 5 of 10 accepted routes (50.0 %)',
      );
      await expectNoSeriousAxeViolations(page);
      await expectFitsWidth(page, 360);
      await page.setViewportSize({ width: 1024, height: 768 });

      // Unticked: the browser holds the form back; with that check gone, the server still stops it.
      const confirm = page.getByRole('checkbox', { name: /deploy past the guard/ });
      await expect(
        confirm.evaluate((box) => (box as unknown as { checkValidity(): boolean }).checkValidity()),
      ).resolves.toBe(false);
      await confirm.evaluate((box) => box.removeAttribute('required'));
      await page.getByRole('button', { name: 'Deploy past the guard' }).click();
      await page.waitForURL(new RegExp(`/admin/route-servers/${rs.name}\\?job=[0-9]+$`));
      await expect(page.locator('main').textContent()).resolves.toContain(`config.deploy rs=${rs.name}`);
      await expect(page.locator('main').textContent()).resolves.not.toContain('force=true');
      expect(await api.app.get(JobRunner).drain()).toBe(1);
      await page.reload();
      const stoppedJob = new URL(page.url()).searchParams.get('job')!;
      const cells = page.locator('table.data tbody tr', { hasText: 'config.deploy' }).filter({
        has: page.locator('td:first-child', { hasText: new RegExp(`^${stoppedJob}$`) }),
      });
      await expect(cells.locator('td').allTextContents()).resolves.toEqual([
        stoppedJob,
        `config.deploy rs=${rs.name}`,
        'failed',
        '',
        expect.stringContaining(`by user:${operator.email}`),
        expect.stringMatching(/stopped: .*AS59901 Lab member m1 ipv4: 5 of 10 accepted routes \(50\.0 %\)/),
      ]);
      await expectNoSeriousAxeViolations(page);
      expect(await deployedVersion()).toBe(deployedBefore);
      await m2Receives(10);

      // Ticked: the job deploys past the guard and the audit log names who and what.
      await page.goto(impactUrl);
      await confirm.check();
      await page.getByRole('button', { name: 'Deploy past the guard' }).click();
      await page.waitForURL(new RegExp(`/admin/route-servers/${rs.name}\\?job=[0-9]+$`));
      await expect(page.locator('main').textContent()).resolves.toContain(
        `config.deploy rs=${rs.name} force=true`,
      );
      expect(await api.app.get(JobRunner).drain()).toBe(1);
      await page.reload();
      await expect(page.locator('tr', { hasText: 'force=true' }).textContent()).resolves.toMatch(/succeeded/);
      expect(await deployedVersion()).toBeGreaterThan(deployedBefore);
      await page.context().close();
      await m2Receives(5);
      const [audit] = await api.db.dataSource.query(
        `SELECT actor, after FROM audit_record WHERE action = 'config.deploy_forced'`,
      );
      expect(audit.actor).toBe(`user:${operator.email}`);
      expect(audit.after).toMatchObject({
        routeServer: rs.name,
        thresholdPercent: 10,
        violations: [expect.objectContaining({ memberAsn: 59901, newlyFilteredCount: 5 })],
      });
      // BIRD agrees with the prediction: the five routes are now filtered for the IRR prefix check.
      const held = await lab.router('rs').routes('filtered');
      expect(held.map((r) => r.prefix).sort()).toEqual(m1Routes.slice(5));
    });
  },
  { ci: process.env.CI === 'true' },
);
