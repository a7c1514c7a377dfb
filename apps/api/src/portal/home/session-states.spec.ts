import type { MemberSessionView } from '@ixora/domain';
import type { LgNeighbor } from '@ixora/looking-glass';
import { formatUptime, sessionStates } from './session-states.js';

const session = (id: number, over: Partial<MemberSessionView> = {}): MemberSessionView => ({
  id,
  routeServer: 'rs1',
  family: 4,
  peerAddress: '192.0.2.10',
  isEnabled: true,
  hasMd5Password: false,
  md5Password: null,
  allowBlackhole: null,
  mayOptIntoBlackhole: false,
  ...over,
});

const neighbor = (over: Partial<LgNeighbor>): LgNeighbor => ({
  id: 'AS64500_v4_1',
  route_server_id: 'rs1',
  address: '192.0.2.10',
  asn: 64500,
  state: 'up',
  bgp_state: 'Established',
  description: '',
  uptime: 3725,
  since: '2026-11-29 02:00:06',
  routes_received: 80,
  routes_accepted: 70,
  routes_filtered: 10,
  routes_exported: 1200,
  routes_preferred: 70,
  routes_per_family: {},
  max_prefix_limit: 100,
  ...over,
});

describe('sessionStates', () => {
  it('joins a session to its neighbor by protocol name, with counts and max-prefix use', () => {
    const [rs] = sessionStates(
      [session(1)],
      64500,
      new Map([['rs1', { isReadable: true, neighbors: [neighbor({})] }]]),
    );
    expect(rs).toMatchObject({ routeServer: 'rs1', isReadable: true });
    expect(rs!.sessions[0]).toMatchObject({
      state: 'Established',
      isEstablished: true,
      uptime: '1h 2m',
      accepted: '70',
      filtered: '10',
      exported: '1200',
      maxPrefixUse: '80 / 100 (80 %)',
      isNearMaxPrefix: true,
    });
  });

  it('warns from 80 % only, and says when there is no limit', () => {
    const rows = sessionStates(
      [session(1), session(2, { family: 6, peerAddress: '2001:db8::10' })],
      64500,
      new Map([
        [
          'rs1',
          {
            isReadable: true,
            neighbors: [
              neighbor({ routes_received: 79 }),
              neighbor({ id: 'AS64500_v6_2', address: '2001:db8::10', max_prefix_limit: undefined }),
            ],
          },
        ],
      ]),
    )[0]!.sessions;
    expect(rows.map((r) => [r.maxPrefixUse, r.isNearMaxPrefix])).toEqual([
      ['79 / 100 (79 %)', false],
      ['80 / no limit', false],
    ]);
  });

  it('falls back to the peer address and ASN for a protocol named before the session naming', () => {
    const rows = sessionStates(
      [session(7, { family: 6, peerAddress: '2001:db8::a' })],
      64500,
      new Map([
        [
          'rs1',
          {
            isReadable: true,
            neighbors: [
              neighbor({ id: 'AS64500_1', address: '2001:DB8::A', bgp_state: 'Active', state: 'start' }),
            ],
          },
        ],
      ]),
    )[0]!.sessions;
    expect(rows[0]).toMatchObject({ state: 'Active', isEstablished: false });
  });

  it('says disabled, not configured yet, or unknown when the route server cannot be read', () => {
    const groups = sessionStates(
      [session(1, { isEnabled: false }), session(2), session(3, { routeServer: 'rs2' })],
      64500,
      new Map([['rs1', { isReadable: true, neighbors: [neighbor({ state: 'down', bgp_state: 'Down' })] }]]),
    );
    expect(groups.map((g) => [g.routeServer, g.isReadable, g.sessions.map((s) => s.state)])).toEqual([
      ['rs1', true, ['disabled', 'not configured yet']],
      ['rs2', false, ['unknown']],
    ]);
  });

  it('formats uptimes', () => {
    expect([12, 250, 3725, 90_000].map(formatUptime)).toEqual(['12s', '4m 10s', '1h 2m', '1d 1h']);
  });
});
