import path from 'node:path';
import { BirdReplayServer } from '@ixora/bird-client';
import { cliActor, RouteServer, RouteServerService } from '@ixora/domain';
import { LookingGlassService, recordedSocketAnswers } from '@ixora/looking-glass';
import { MEMBER_A, MEMBER_B, type ApiTestApp } from '../testing/api-test.app.js';

/** Member A's and member B's IPv4 sessions on rs1. */
export interface PortalSessions {
  readonly a4: number;
  readonly a6: number;
  readonly b4: number;
  readonly addressA4: string;
}

export async function sessionsOf(t: ApiTestApp): Promise<PortalSessions> {
  const rows = await t.db.dataSource.query<{ id: number; asn: string; family: number; address: string }[]>(
    `SELECT s.id, m.asn, s.family, host(mi.ipv4_address) AS address
       FROM route_server_session s
       JOIN route_server rs ON rs.id = s.route_server_id
       JOIN member_interface mi ON mi.id = s.member_interface_id
       JOIN member m ON m.id = mi.member_id
      WHERE rs.name = 'rs1' ORDER BY s.id`,
  );
  const find = (asn: number, family: number) => {
    const row = rows.find((r) => Number(r.asn) === asn && r.family === family);
    if (!row) throw new Error(`no session of AS${asn} IPv${family} on rs1`);
    return row;
  };
  return {
    a4: find(MEMBER_A, 4).id,
    a6: find(MEMBER_A, 6).id,
    b4: find(MEMBER_B, 4).id,
    addressA4: find(MEMBER_A, 4).address,
  };
}

/**
 * rs1 answered by BIRD 2.0.12's recorded replies (`@ixora/bird-client` fixtures) with the recorded
 * neighbors renamed to the test exchange's sessions: AS65001 is member A's IPv4 session, with a
 * receive limit of 8 for its 7 received routes (87 %), AS65002 member B's. rs2 is a second route
 * server whose control socket does not exist: it cannot be read.
 */
export async function startRecordedRouteServers(
  t: ApiTestApp,
  dir: string,
  sessions: PortalSessions,
): Promise<BirdReplayServer> {
  const renamed = new Map<string, string>();
  for (const [command, reply] of recordedSocketAnswers()) {
    const text = reply
      .replaceAll('AS65001_1', `AS${MEMBER_A}_v4_${sessions.a4}`)
      .replaceAll('AS65002_1', `AS${MEMBER_B}_v4_${sessions.b4}`)
      .replaceAll('65001', String(MEMBER_A))
      .replaceAll('65002', String(MEMBER_B))
      .replace('Import limit:   1000000', 'Receive limit:  8');
    renamed.set(
      command
        .replaceAll('AS65001_1', `AS${MEMBER_A}_v4_${sessions.a4}`)
        .replaceAll('AS65002_1', `AS${MEMBER_B}_v4_${sessions.b4}`),
      text,
    );
  }
  const bird = await BirdReplayServer.start(path.join(dir, 'bird.ctl'), renamed);
  await t.db.dataSource
    .getRepository(RouteServer)
    .update({ name: 'rs1' }, { socketPath: bird.socketPath, asn: 65000 });
  await new RouteServerService(t.db.dataSource).add(cliActor('test'), {
    name: 'rs2',
    asn: 64511,
    routerId: '192.0.2.2',
    ipv4Address: '192.0.2.2',
    ipv6Address: '2001:db8::2',
    socketPath: path.join(dir, 'no-such-bird.ctl'),
  });
  await t.app.get(LookingGlassService).refresh();
  return bird;
}
