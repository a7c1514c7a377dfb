import {
  buildIxfExport,
  createTestDatabase,
  LAB_BOGON_ASN_REASON,
  TestClock,
  type TestDatabase,
} from '@ixora/testing';
import {
  cliActor,
  IxfImporter,
  PEERING_REQUESTS_PER_DAY,
  RouteServerService,
  UserService,
  type Actor,
  type Member,
} from '../index.js';
import { PeerDirectoryService } from './peer-directory.service.js';
import { PeeringRequestService } from './peering-request.service.js';

const operator = cliActor('test');
const A = 64496;
const B = 64497;
const C = 64498;
const D = 64499;
const HIDDEN = 64500;
const DAY_MS = 24 * 3600_000;

describe('bilateral peering requests and the members directory', () => {
  let db: TestDatabase;
  let clock: TestClock;
  let requests: PeeringRequestService;
  let directory: PeerDirectoryService;
  const actors = {} as Record<'adminA' | 'userA' | 'adminB' | 'adminC', Actor>;

  const memberId = async (asn: number) =>
    (await db.dataSource.query<Member[]>(`SELECT id FROM member WHERE asn = $1`, [asn]))[0]!.id;
  const actorOf = async (
    email: string,
    role: 'member_admin' | 'member_user',
    asn: number,
  ): Promise<Actor> => {
    const user = await new UserService(db.dataSource).add(operator, { email, role, memberAsn: asn });
    return { label: `user:${email}`, userId: user.id, role, memberId: await memberId(asn) };
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    clock = new TestClock(new Date('2026-12-01T10:00:00Z'));
    requests = new PeeringRequestService(db.dataSource, clock);
    directory = new PeerDirectoryService(db.dataSource);
    await new IxfImporter(db.dataSource).import(operator, JSON.stringify(buildIxfExport({ members: 5 })), {
      allowBogonAsn: LAB_BOGON_ASN_REASON,
    });
    await new RouteServerService(db.dataSource).add(operator, {
      name: 'rs1',
      asn: 64510,
      routerId: '192.0.2.1',
      ipv4Address: '192.0.2.1',
      ipv6Address: '2001:db8::1',
    });
    await db.dataSource.query(`UPDATE member SET is_hidden_from_public = true WHERE asn = $1`, [HIDDEN]);
    actors.adminA = await actorOf('admin@network0.example.net', 'member_admin', A);
    actors.userA = await actorOf('noc@network0.example.net', 'member_user', A);
    actors.adminB = await actorOf('admin@network1.example.net', 'member_admin', B);
    actors.adminC = await actorOf('admin@network2.example.net', 'member_admin', C);
    await actorOf('second-admin@network1.example.net', 'member_admin', B);
    await actorOf('noc@network1.example.net', 'member_user', B);
  });
  afterAll(async () => {
    await db.drop();
  });
  afterEach(async () => {
    await db.dataSource.query(`DELETE FROM bilateral_peer; DELETE FROM peering_request`);
  });

  it('sends a request with the families and addresses, tells B’s admins, and B accepts: both are bilateral peers', async () => {
    const sent = await requests.send(actors.adminA, `AS${A}`, {
      toAsn: B,
      families: ['4', '6'],
      message: 'Hello,\nwe would like to peer with you.',
    });
    expect(sent.notify).toEqual(['admin@network1.example.net', 'second-admin@network1.example.net']);
    expect(sent.view).toMatchObject({
      from: { asn: A },
      to: { asn: B },
      direction: 'outgoing',
      request: { state: 'pending', families: [4, 6], addresses: ['192.0.2.10', '2001:db8::a:1'] },
    });
    const inbox = await requests.list(actors.adminB, B, { limit: 10, offset: 0 }, { direction: 'incoming' });
    expect(inbox.items.map((v) => [v.request.id, v.direction])).toEqual([[sent.view.request.id, 'incoming']]);

    const accepted = await requests.accept(
      actors.adminB,
      B,
      sent.view.request.id,
      'Sure, configured on our side.',
    );
    expect(accepted.notify).toEqual(['admin@network0.example.net']);
    expect(accepted.view.request).toMatchObject({
      state: 'accepted',
      reply: 'Sure, configured on our side.',
      decidedBy: 'user:admin@network1.example.net',
    });
    const outbox = await requests.list(actors.adminA, A, { limit: 10, offset: 0 }, { direction: 'outgoing' });
    expect(outbox.items[0]!.request.state).toBe('accepted');
    expect((await requests.peers(actors.adminA, A)).map((p) => [p.peer.asn, p.record.source])).toEqual([
      [B, 'request'],
    ]);
    expect((await requests.peers(actors.adminB, B)).map((p) => p.peer.asn)).toEqual([A]);
    const fromA = await directory.list(actors.adminA);
    expect(fromA.find((e) => e.asn === B)!.bilateral).toBe('request');
    const audit = await db.dataSource.query<{ action: string }[]>(
      `SELECT action FROM audit_record WHERE entity_type = 'peering_request' ORDER BY id`,
    );
    expect(audit.map((r) => r.action)).toEqual(['peering_request.create', 'peering_request.accept']);
  });

  it('keeps one open request per pair, whichever side asks', async () => {
    const sent = await requests.send(actors.adminA, A, { toAsn: B, families: '4', message: 'peer?' });
    await expect(
      requests.send(actors.adminA, A, { toAsn: B, families: '4', message: 'again' }),
    ).rejects.toMatchObject({
      code: 'conflict',
      details: { field: 'toAsn' },
    });
    await expect(
      requests.send(actors.adminB, B, { toAsn: A, families: '6', message: 'us too' }),
    ).rejects.toMatchObject({
      code: 'conflict',
    });
    const fromB = await directory.list(actors.adminB);
    expect(fromB.find((e) => e.asn === A)!.openRequest).toEqual({
      id: sent.view.request.id,
      direction: 'incoming',
    });
    // Withdrawn, the pair may ask again.
    await requests.withdraw(actors.adminA, A, sent.view.request.id);
    await requests.send(actors.adminB, B, { toAsn: A, families: '6', message: 'us too' });
  });

  it('limits new requests per day and asking again after a decline', async () => {
    const sent = await requests.send(actors.adminA, A, { toAsn: B, families: [4], message: 'peer?' });
    await requests.decline(actors.adminB, B, sent.view.request.id, 'Not now.');
    await expect(
      requests.send(actors.adminA, A, { toAsn: B, families: [4], message: 'please' }),
    ).rejects.toMatchObject({
      code: 'rate_limited',
      message: expect.stringContaining('ask again from 2026-12-08') as string,
    });
    clock.advance(8 * DAY_MS);
    await requests.send(actors.adminA, A, { toAsn: B, families: [4], message: 'please' });
    await db.dataSource.query(
      `INSERT INTO peering_request (from_member_id, to_member_id, families, message, state, requested_by, decided_by, decided_at, created_at)
         SELECT $1, $2, '{4}', 'x', 'withdrawn', 'test', 'test', $3, $3 FROM generate_series(1, $4)`,
      [await memberId(A), await memberId(C), clock.now(), PEERING_REQUESTS_PER_DAY],
    );
    await expect(
      requests.send(actors.adminA, A, { toAsn: D, families: [4], message: 'hi' }),
    ).rejects.toMatchObject({
      code: 'rate_limited',
    });
    clock.advance(DAY_MS + 1000);
  });

  it('answers another member’s requests and hidden members as not found, and member_user may only read', async () => {
    const sent = await requests.send(actors.adminA, A, { toAsn: B, families: [4], message: 'peer?' });
    const id = sent.view.request.id;
    await expect(requests.get(actors.adminC, C, id)).rejects.toMatchObject({ code: 'not_found' });
    await expect(requests.get(actors.adminC, A, id)).rejects.toMatchObject({ code: 'not_found' });
    await expect(requests.accept(actors.adminC, C, id)).rejects.toMatchObject({ code: 'not_found' });
    await expect(requests.accept(actors.adminA, A, id)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(requests.withdraw(actors.adminB, B, id)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(requests.get(actors.userA, A, id)).resolves.toMatchObject({ direction: 'outgoing' });
    await expect(requests.withdraw(actors.userA, A, id)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(
      requests.send(actors.adminA, A, { toAsn: HIDDEN, families: [4], message: 'x' }),
    ).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(
      requests.send(actors.adminA, A, { toAsn: A, families: [4], message: 'x' }),
    ).rejects.toMatchObject({
      code: 'invalid_value',
      details: { field: 'toAsn' },
    });
    await expect(
      requests.send(actors.adminA, A, { toAsn: C, families: [5], message: 'x' }),
    ).rejects.toMatchObject({
      details: { field: 'families' },
    });
    await expect(
      requests.send(actors.adminA, A, { toAsn: C, families: [4], message: '  ' }),
    ).rejects.toMatchObject({
      details: { field: 'message' },
    });
    await requests.withdraw(actors.adminA, A, id);
    await expect(requests.accept(actors.adminB, B, id)).rejects.toMatchObject({ code: 'conflict' });
  });

  it('records and removes a bilateral session by hand, for the recording member only', async () => {
    await requests.recordPeer(actors.adminA, A, { peerAsn: `AS${C}`, note: 'PNI in the same rack' });
    await expect(requests.recordPeer(actors.adminA, A, { peerAsn: C })).rejects.toMatchObject({
      code: 'conflict',
    });
    expect((await directory.list(actors.adminA)).find((e) => e.asn === C)!.bilateral).toBe('manual');
    expect((await directory.list(actors.adminC)).find((e) => e.asn === A)!.bilateral).toBeNull();
    await expect(
      requests.send(actors.adminA, A, { toAsn: C, families: [4], message: 'x' }),
    ).rejects.toMatchObject({
      code: 'conflict',
    });
    await requests.removePeer(actors.adminA, A, C);
    expect(await requests.peers(actors.adminA, A)).toEqual([]);
    await expect(requests.removePeer(actors.adminA, A, C)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('lists public members only, with policy, connections and route-server sessions, and filters them', async () => {
    await db.dataSource.query(
      `INSERT INTO peeringdb_net (id, status, created, updated, data, org_id, asn, name, policy_general)
         VALUES (1, 'ok', now(), now(), '{}', 1, $1, 'Network 1', 'Restrictive')`,
      [B],
    );
    const all = await directory.list(actors.adminA);
    expect(all.map((e) => e.asn)).toEqual([B, C, D]);
    const b = all.find((e) => e.asn === B)!;
    expect(b.policy).toBe('restrictive');
    expect(b.connections.length).toBeGreaterThan(0);
    expect(b.ipv4Addresses).toEqual(['192.0.2.11']);
    expect(b.rsSessionsV4 + b.rsSessionsV6).toBeGreaterThan(0);
    expect(Object.keys(b)).not.toContain('macAddresses');
    const d = all.find((e) => e.asn === D)!;
    expect(d.rsSessionsV4 + d.rsSessionsV6).toBe(0);
    expect((await directory.list(actors.adminA, { rs: 'no' })).map((e) => e.asn)).toEqual([D]);
    expect((await directory.list(actors.adminA, { rs: 'yes' })).map((e) => e.asn)).toEqual([B, C]);
    expect((await directory.list(actors.adminA, { policy: 'restrictive' })).map((e) => e.asn)).toEqual([B]);
    expect((await directory.list(actors.adminA, { search: `as${C}` })).map((e) => e.asn)).toEqual([C]);
    expect((await directory.list(actors.adminA, { search: 'network 3' })).map((e) => e.asn)).toEqual([D]);
    await expect(directory.list(actors.adminA, { rs: 'maybe' })).rejects.toMatchObject({
      details: { field: 'rs' },
    });
  });
});
