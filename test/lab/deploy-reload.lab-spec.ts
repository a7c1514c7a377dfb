import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { BirdClient, type BirdProtocol } from '@ixora/bird-client';
import { loadConfig, type IxoraConfig } from '@ixora/config';
import {
  cliActor,
  IxfImporter,
  RouteServer,
  RouteServerConfigService,
  RouteServerService,
} from '@ixora/domain';
import { IrrRefreshService } from '@ixora/irr';
import {
  IrrTestDatabase,
  LAB_BOGON_ASN_REASON,
  startIrrTestServer,
  type IrrTestServer,
} from '@ixora/testing';
import { startAgent, type RunningAgent } from '../../apps/agent/src/agent.server.js';
import { bearer, startApiTestApp, type ApiTestApp } from '../../apps/api/src/testing/api-test.app.js';
import { Lab, waitFor } from './lab.js';
import { describeLab } from './lab-environment.js';
import { labIxfExport } from './lab-ixf.js';
import { memberRouterSpec, memberSessionV4 } from './member-router.config.js';

// A deployed change takes effect on the routes the route server already holds, without restarting
// any BGP session (docs/adr/0009). m1's route objects change inside one trie node of its prefix set
// (/23s under the same /20), the kind of change BIRD 2.0.12's own `configure` does not re-evaluate:
// only ixora's `reload in` of m1's session makes the new route reach m2 and m3 and the old one leave.

const admin = cliActor('lab');
const AGENT_TOKEN = 'lab-rs1-agent-token-0123456789';
const rs = { name: 'rs1', asn: 59900, ipv4: '192.0.2.1', ipv6: '2001:db8::1' } as const;
const members = [
  { name: 'm1', asn: 59901, ipv4: '192.0.2.11', ipv6: '2001:db8::11' },
  { name: 'm2', asn: 59902, ipv4: '192.0.2.12', ipv6: '2001:db8::12' },
  { name: 'm3', asn: 59903, ipv4: '192.0.2.13', ipv6: '2001:db8::13' },
] as const;
const kept = '185.1.0.0/23';
const first = '185.1.4.0/23';
const second = '185.1.8.0/23';

/** The IRR: every member's AS-SET holds its own ASN; m1 has route objects for `m1Routes`. */
function irrDatabase(m1Routes: readonly string[]): IrrTestDatabase {
  const database = new IrrTestDatabase();
  for (const m of members) database.addAsSet(`AS-LAB${m.name.toUpperCase()}`, [`AS${m.asn}`], 'TEST');
  for (const prefix of m1Routes) database.addRoute(prefix, members[0].asn, 'TEST');
  database.addRoute('185.2.0.0/24', members[1].asn, 'TEST');
  database.addRoute('185.3.0.0/24', members[2].asn, 'TEST');
  return database;
}

describeLab(
  'a deploy re-evaluates the routes already received, without restarting sessions',
  () => {
    let lab: Lab;
    let api: ApiTestApp;
    let dir: string;
    let config: IxoraConfig;
    let agent: RunningAgent | undefined;
    /** The version test 1 deployed: m1 with `kept` and `second`. */
    let secondVersionId = 0;
    const irrServers: IrrTestServer[] = [];

    /** irr refresh against an IRR holding `m1Routes` for m1, then config build. */
    async function refreshAndBuild(m1Routes: readonly string[]): Promise<string> {
      const server = await startIrrTestServer({ database: irrDatabase(m1Routes) });
      irrServers.push(server);
      const irrConfig = { ...config, irrHost: server.host, irrPort: server.port };
      const dataSource = api.db.dataSource;
      const report = await new IrrRefreshService(dataSource, irrConfig).refresh(admin);
      expect(report.results.map((r) => r.status)).toEqual(members.map(() => 'ok'));
      const built = await new RouteServerConfigService(dataSource, config).build(admin, rs.name);
      expect(built.isValid).toBe(true);
      return built.version.text;
    }

    const deploy = () => new RouteServerConfigService(api.db.dataSource, config).deploy(admin, rs.name);

    async function bgpSessions(): Promise<BirdProtocol[]> {
      const bird = await BirdClient.connect(lab.router('rs').socketPath, { timeoutMs: 10_000 });
      try {
        return (await bird.protocols()).filter((p) => p.proto === 'BGP');
      } finally {
        await bird.close();
      }
    }

    async function receivedBy(name: 'm2' | 'm3'): Promise<string[]> {
      const routes = await lab.router(name).routes(`protocol ${memberSessionV4}`);
      return routes.map((r) => r.prefix).sort();
    }

    async function expectReceived(prefixes: readonly string[]): Promise<void> {
      const expected = [...prefixes].sort();
      for (const name of ['m2', 'm3'] as const) {
        await waitFor(
          `${name} to receive exactly ${expected.join(', ')}`,
          async () => JSON.stringify(await receivedBy(name)) === JSON.stringify(expected),
          { timeoutMs: 20_000 },
        ).catch(async (error: unknown) => {
          const filtered = await lab.router('rs').birdc('show route filtered all');
          throw new Error(
            `${(error as Error).message}; it has ${(await receivedBy(name)).join(', ')}; the route server filtered:\n${filtered}`,
          );
        });
      }
    }

    beforeAll(async () => {
      dir = await mkdtemp(path.join(os.tmpdir(), 'ixora-lab-deploy-'));
      api = await startApiTestApp({ seed: false });
      await new IxfImporter(api.db.dataSource).import(admin, JSON.stringify(labIxfExport(members)), {
        allowBogonAsn: LAB_BOGON_ASN_REASON,
      });
      await new RouteServerService(api.db.dataSource).add(admin, {
        name: rs.name,
        asn: rs.asn,
        routerId: rs.ipv4,
        ipv4Address: rs.ipv4,
      });
      config = {
        ...loadConfig({ AGENT_TOKENS: `rs1=${AGENT_TOKEN}` }, dir),
        birdConfigDir: path.join(dir, 'etc'),
      };
      const initial = await refreshAndBuild([kept, first]);
      lab = await Lab.start([
        { name: 'rs', ipv4: rs.ipv4, ipv6: rs.ipv6, config: initial },
        ...members.map((m) =>
          memberRouterSpec(
            m,
            rs,
            m.name === 'm1' ? [{ prefix: kept }, { prefix: first }, { prefix: second }] : [],
          ),
        ),
      ]);
      config = { ...config, birdSocket: lab.router('rs').socketPath };
      for (const m of members) await lab.waitForEstablished(m.name, [memberSessionV4], { timeoutMs: 45_000 });
      // ixora deploys what BIRD already runs: from now on the deployed file is the baseline.
      const baseline = await deploy();
      expect(baseline.reloadedSessions).toEqual([]);
      await expectReceived([kept, first]);
    }, 240_000);

    afterAll(async () => {
      await agent?.close();
      await lab?.stop();
      for (const server of irrServers) await server.close();
      await api?.close();
      if (dir) await rm(dir, { recursive: true, force: true });
    }, 30_000);

    it("m1 gains a route object and loses another: refresh, build, deploy reloads only m1's session and every member sees the change", async () => {
      const before = await bgpSessions();
      expect(before).toHaveLength(members.length);
      expect(before.every((p) => p.info === 'Established')).toBe(true);
      await refreshAndBuild([kept, second]);
      const result = await deploy();
      secondVersionId = result.version.id;
      const m1Session = before.find((p) => p.name.startsWith(`AS${members[0].asn}_v4_`))!.name;
      expect(result.reloadedSessions).toEqual([m1Session]);
      expect(result.message).toMatch(/Reconfigured/);
      // The deploy waited until every session that was up was established again.
      expect(result.sessionsWaitedFor).toBe(members.length);
      await expectReceived([kept, second]);
      // No session was restarted: every "since" is what it was, every session still Established.
      expect(await bgpSessions()).toEqual(before);

      const versions = await api.http
        .get('/api/v1/route-servers/rs1/config/versions')
        .set(...bearer(api.users.admin))
        .expect(200);
      const newest = (versions.body as { items: { id: number; reloadedSessions: string[] | null }[] })
        .items[0];
      expect(newest).toMatchObject({ id: result.version.id, reloadedSessions: [m1Session] });
    });

    it('the same through ixora agent: the agent reloads the session and says which', async () => {
      agent = await startAgent({
        socketPath: lab.router('rs').socketPath,
        token: AGENT_TOKEN,
        host: '127.0.0.1',
        port: 0,
        configDir: config.birdConfigDir,
      });
      await api.db.dataSource.getRepository(RouteServer).update({ name: rs.name }, { agentUrl: agent.url });
      const before = await bgpSessions();
      await refreshAndBuild([kept, first]);
      const result = await deploy();
      expect(result.path).toContain(agent.url);
      const m1Session = before.find((p) => p.name.startsWith(`AS${members[0].asn}_v4_`))!.name;
      expect(result.reloadedSessions).toEqual([m1Session]);
      await expectReceived([kept, first]);
      expect(await bgpSessions()).toEqual(before);
      const [row] = await api.db.dataSource.query(
        `SELECT reloaded_sessions FROM config_version WHERE id = $1`,
        [result.version.id],
      );
      expect(row.reloaded_sessions).toEqual([m1Session]);
    });

    it('a rollback puts the earlier config live again: the routes it allowed come back, no session restarts', async () => {
      expect(secondVersionId).toBeGreaterThan(0);
      const before = await bgpSessions();
      const result = await new RouteServerConfigService(api.db.dataSource, config).rollback(
        admin,
        rs.name,
        secondVersionId,
      );
      expect(result.rollbackOfId).toBe(secondVersionId);
      const m1Session = before.find((p) => p.name.startsWith(`AS${members[0].asn}_v4_`))!.name;
      expect(result.reloadedSessions).toEqual([m1Session]);
      expect(result.sessionsWaitedFor).toBe(members.length);
      await expectReceived([kept, second]);
      expect(await bgpSessions()).toEqual(before);
      const [row] = await api.db.dataSource.query(
        `SELECT rollback_of_id, deploy_status FROM config_version WHERE id = $1`,
        [result.version.id],
      );
      expect(row).toEqual({ rollback_of_id: secondVersionId, deploy_status: 'deployed' });
    });
  },
  { ci: process.env.CI === 'true' },
);
