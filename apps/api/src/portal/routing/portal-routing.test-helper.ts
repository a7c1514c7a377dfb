import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { BirdReplayServer } from '@ixora/bird-client';
import type { Clock } from '@ixora/config';
import { cliActor, Member, MemberService, PrefixSet, RouteServer, RpkiSnapshot, Vrp } from '@ixora/domain';
import { LookingGlassService, readBirdFixture, recordedSocketAnswers } from '@ixora/looking-glass';
import { LAB_BOGON_ASN_REASON } from '@ixora/testing';
import { startApiTestApp, type ApiTestApp, type TestUser } from '../../testing/api-test.app.js';
import { WEB_ENV } from '../../web/web.test-helper.js';

export const MEMBER_ONE = 65001;
export const MEMBER_TWO = 65002;

/** A filtered route as BIRD 2.0.12 prints it in `show route … all`, with its reason community. */
function filteredRoute(prefix: string, code: number): string {
  return [
    `1007-${prefix.padEnd(20)} unreachable [AS65001_1 2026-11-29 02:00:06 from 127.0.0.2] * (100) [AS65001i]`,
    '1008-\tType: BGP univ',
    '1012-\tBGP.origin: IGP',
    ' \tBGP.as_path: 65001',
    ' \tBGP.next_hop: 127.0.0.2',
    ' \tBGP.local_pref: 100',
    ` \tBGP.large_community: (65000, 1101, ${code})`,
  ].join('\n');
}

/**
 * The recorded BIRD 2.0.12 route server (AS65000; AS65001 filtered 10.255.1.0/24 as a bogon and
 * 10.1.2.0/25 as too long), plus two filtered routes of AS65001 written the same way: 203.0.113.0/24
 * without a route object (RS:1101:9) and 198.51.100.0/24, RPKI invalid (RS:1101:13).
 */
function answers(): Map<string, string> {
  const map = recordedSocketAnswers();
  const recorded = readBirdFixture('rs-10').reply;
  const end = recorded.lastIndexOf('0000');
  map.set(
    'show route table master4 filtered all',
    `${recorded.slice(0, end)}${filteredRoute('203.0.113.0/24', 9)}\n${filteredRoute('198.51.100.0/24', 13)}\n${recorded.slice(end)}`,
  );
  return map;
}

export interface RoutingTestApp {
  readonly api: ApiTestApp;
  readonly bird: BirdReplayServer;
  readonly one: TestUser;
  readonly two: TestUser;
  close(): Promise<void>;
}

/**
 * The test API (`WEB_SIGN_IN` on) reading rs1 from the replayed BIRD, with members AS65001
 * (AS-SET AS-ONE; IRR data from RIPE and RADB; a ROA for 198.51.100.0/23 up to /23 and one for
 * 10.1.3.0/24) and AS65002, and one member_user each.
 */
export async function startRoutingTestApp(clock?: Clock): Promise<RoutingTestApp> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ixora-portal-routing-'));
  const bird = await BirdReplayServer.start(path.join(dir, 'bird.ctl'), answers());
  const api = await startApiTestApp({ env: WEB_ENV, ...(clock ? { clock } : {}) });
  const db = api.db.dataSource;
  await db.getRepository(RouteServer).update({ name: 'rs1' }, { socketPath: bird.socketPath, asn: 65000 });
  const operator = cliActor('test');
  const members = new MemberService(db);
  for (const [asn, name, asSets] of [
    [MEMBER_ONE, 'Member One Ltd', ['AS-ONE']],
    [MEMBER_TWO, 'Member Two Ltd', []],
  ] as const)
    await members.create(operator, { asn, name, asSets: [...asSets], allowBogonAsn: LAB_BOGON_ASN_REASON });
  const one = await db.getRepository(Member).findOneByOrFail({ asn: MEMBER_ONE });
  await db.getRepository(PrefixSet).save({
    memberId: one.id,
    family: 4,
    asSets: ['AS-ONE'],
    asns: [MEMBER_ONE],
    prefixes: ['10.1.0.0/24', '10.1.1.0/24', '10.1.3.0/24', '10.9.0.0/24', '198.51.100.0/24'],
    aggregated: [],
    source: 'RIPE,RADB',
    fetchedAt: new Date('2026-11-29T01:00:00Z'),
    attemptedAt: new Date('2026-11-29T01:00:00Z'),
    status: 'ok',
    error: null,
    warnings: [],
  });
  const snapshot = await db.getRepository(RpkiSnapshot).save({
    source: 'test',
    format: 'rpki-client',
    vrpCount: 2,
    isCurrent: true,
    generatedAt: null,
  });
  await db.getRepository(Vrp).save([
    {
      snapshotId: snapshot.id,
      prefix: '198.51.100.0/23',
      maxLength: 23,
      asn: MEMBER_ONE,
      trustAnchor: 'ripe',
    },
    { snapshotId: snapshot.id, prefix: '10.1.3.0/24', maxLength: 24, asn: MEMBER_ONE, trustAnchor: 'ripe' },
  ]);
  const userOne = await api.addUser('noc@member-one.example', 'member_user', MEMBER_ONE);
  const userTwo = await api.addUser('noc@member-two.example', 'member_user', MEMBER_TWO);
  await api.app.get(LookingGlassService).refresh();
  return {
    api,
    bird,
    one: userOne,
    two: userTwo,
    async close() {
      await api.close();
      await bird.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
