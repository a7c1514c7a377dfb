import {
  DEFAULT_IXP_POLICY,
  defaultBogons,
  resolveImportPolicy,
  type MemberPolicyOverrides,
  type RouteServerConfigModel,
  type SessionPolicyOverrides,
} from '@ixora/bird-config';
import { RouteEvaluator, type ReceivedRoute } from './route.evaluator.js';

const RS = 64999;
const A = 206001;
const CUSTOMER = 213999;

function model(
  overrides: { member?: MemberPolicyOverrides; session?: SessionPolicyOverrides; rtr?: boolean } = {},
): RouteServerConfigModel {
  const policy = (family: 'ipv4' | 'ipv6') =>
    resolveImportPolicy(DEFAULT_IXP_POLICY, overrides.member ?? {}, overrides.session ?? {}, family);
  return {
    routeServer: { name: 'rs1', asn: RS, routerId: '192.0.2.1', ipv4: '192.0.2.1', ipv6: '2001:db8::1' },
    ixp: {
      name: 'Example IX',
      peeringLanPrefixesV4: ['192.0.2.0/24'],
      peeringLanPrefixesV6: ['2001:db8::/64'],
      blackholeNextHopV4: '192.0.2.66',
      blackholeNextHopV6: '2001:db8::66',
    },
    members: [
      {
        asn: A,
        name: 'Alpha',
        asSet: 'AS-ALPHA',
        irrStatus: 'ok',
        prefixesV4: ['80.64.16.0/20', { prefix: '91.198.0.0/16', low: 16, high: 20 }],
        prefixesV6: ['2a02:1000::/29', { prefix: '2a05:e000::/32', low: 32, high: 40 }],
        asns: [A, CUSTOMER],
      },
      { asn: 206003, name: 'Empty', irrStatus: 'empty', prefixesV4: [], prefixesV6: [], asns: [] },
    ],
    sessions: [
      {
        id: 1,
        memberAsn: A,
        family: 'ipv4',
        peerAddress: '192.0.2.11',
        memberAddresses: ['192.0.2.12'],
        description: 'a v4',
        isEnabled: true,
        policy: policy('ipv4'),
      },
      {
        id: 2,
        memberAsn: A,
        family: 'ipv6',
        peerAddress: '2001:db8::11',
        memberAddresses: ['2001:db8::12'],
        description: 'a v6',
        isEnabled: true,
        policy: policy('ipv6'),
      },
      {
        id: 3,
        memberAsn: 206003,
        family: 'ipv4',
        peerAddress: '192.0.2.31',
        description: 'empty',
        isEnabled: true,
        policy: resolveImportPolicy(DEFAULT_IXP_POLICY, {}, {}, 'ipv4'),
      },
    ],
    rpki: overrides.rtr
      ? { mode: 'rtr', rtrHost: '127.0.0.1', rtrPort: 3323 }
      : {
          mode: 'static',
          vrps: [
            { prefix: '80.64.16.0/20', maxLength: 24, asn: A },
            { prefix: '185.5.0.0/24', maxLength: 24, asn: A },
            { prefix: '185.4.0.0/22', maxLength: 24, asn: 1299 },
            { prefix: '2a02:1000::/29', maxLength: 48, asn: A },
            { prefix: '2a0b:5000::/32', maxLength: 48, asn: A },
            { prefix: '2a0b:6000::/32', maxLength: 48, asn: 0 },
          ],
        },
    neverViaRouteServerAsns: [15169],
    transitFreeAsns: [174, 3356],
    ...defaultBogons(),
  };
}

const v4 = (prefix: string, extra: Partial<ReceivedRoute> = {}): ReceivedRoute => ({
  prefix,
  asPath: [A],
  nextHop: '192.0.2.11',
  communities: [],
  ...extra,
});
const v6 = (prefix: string, extra: Partial<ReceivedRoute> = {}): ReceivedRoute => ({
  prefix,
  asPath: [A],
  nextHop: '2001:db8::11',
  communities: [],
  ...extra,
});

function reasonOf(evaluator: RouteEvaluator, session: number, route: ReceivedRoute): string {
  const decision = evaluator.evaluate(session, route);
  if (!decision) return 'no session';
  return decision.isAccepted ? `accepted ${decision.rpkiState}` : `${decision.reason} (${decision.code})`;
}

describe('RouteEvaluator: the import filter of the rendered config', () => {
  const evaluator = new RouteEvaluator(model());

  it('accepts a registered route in both families, with its RPKI state', () => {
    expect(reasonOf(evaluator, 1, v4('80.64.16.0/20'))).toBe('accepted valid');
    expect(reasonOf(evaluator, 1, v4('91.198.16.0/20', { asPath: [A, CUSTOMER] }))).toBe('accepted unknown');
    expect(reasonOf(evaluator, 2, v6('2a02:1000::/29'))).toBe('accepted valid');
    expect(reasonOf(evaluator, 2, v6('2a05:e000:100::/40'))).toBe('accepted unknown');
    expect(evaluator.evaluate(99, v4('80.64.16.0/20'))).toBeUndefined();
  });

  it('step 1: a route of the other family is filtered (65003)', () => {
    expect(reasonOf(evaluator, 1, v6('2a02:1000::/29'))).toBe('address_family_mismatch (65003)');
    expect(reasonOf(evaluator, 2, v4('80.64.16.0/20'))).toBe('address_family_mismatch (65003)');
  });

  it("step 2: the NEXT_HOP must be the peer's (strict) or the member's (same-member)", () => {
    expect(reasonOf(evaluator, 1, v4('80.64.16.0/20', { nextHop: '192.0.2.12' }))).toBe(
      'next_hop_not_peer (8)',
    );
    expect(reasonOf(evaluator, 2, v6('2a02:1000::/29', { nextHop: '2001:db8::99' }))).toBe(
      'next_hop_not_peer (8)',
    );
    // Another spelling of the same address is the same next hop.
    expect(reasonOf(evaluator, 2, v6('2a02:1000::/29', { nextHop: '2001:DB8:0::11' }))).toBe(
      'accepted valid',
    );
    // Unknown (rewritten by the route server): the neighbor's own address is assumed.
    expect(reasonOf(evaluator, 1, v4('80.64.16.0/20', { nextHop: null }))).toBe('accepted valid');
    const sameMember = new RouteEvaluator(model({ session: { nextHopPolicy: 'same-member' } }));
    expect(reasonOf(sameMember, 1, v4('80.64.16.0/20', { nextHop: '192.0.2.12' }))).toBe('accepted valid');
    expect(reasonOf(sameMember, 2, v6('2a02:1000::/29', { nextHop: '2001:db8::12' }))).toBe('accepted valid');
    expect(reasonOf(sameMember, 1, v4('80.64.16.0/20', { nextHop: '192.0.2.13' }))).toBe(
      'next_hop_not_peer (8)',
    );
  });

  it('step 3: AS_PATH checks, in the order of ixora_check_as_path', () => {
    expect(reasonOf(evaluator, 1, v4('80.64.16.0/20', { asPath: [CUSTOMER] }))).toBe(
      'first_asn_not_peer (7)',
    );
    expect(reasonOf(evaluator, 1, v4('80.64.16.0/20', { asPath: [] }))).toBe('first_asn_not_peer (7)');
    const long = [A, ...Array.from({ length: 64 }, () => CUSTOMER)];
    expect(reasonOf(evaluator, 1, v4('80.64.16.0/20', { asPath: long }))).toBe('as_path_too_long (5)');
    expect(reasonOf(evaluator, 2, v6('2a05:e000::/32', { asPath: long.slice(0, 64) }))).toBe(
      'accepted unknown',
    );
    // Too long wins over bogon: the length is checked first.
    expect(reasonOf(evaluator, 1, v4('80.64.16.0/20', { asPath: [...long, 64512] }))).toBe(
      'as_path_too_long (5)',
    );
    expect(reasonOf(evaluator, 1, v4('80.64.16.0/20', { asPath: [A, 64512, CUSTOMER] }))).toBe(
      'bogon_asn (4)',
    );
    expect(reasonOf(evaluator, 2, v6('2a02:1000::/29', { asPath: [A, 23456] }))).toBe('bogon_asn (4)');
    expect(reasonOf(evaluator, 2, v6('2a02:1000::/29', { asPath: [A, 4200000001] }))).toBe('bogon_asn (4)');
    expect(reasonOf(evaluator, 1, v4('80.64.16.0/20', { asPath: [A, 15169, CUSTOMER] }))).toBe(
      'never_via_route_server_asn (65001)',
    );
    expect(reasonOf(evaluator, 2, v6('2a02:1000::/29', { asPath: [A, 3356, CUSTOMER] }))).toBe(
      'transit_free_asn (14)',
    );
    // Prepends of the peer itself are not "behind" the peer.
    expect(reasonOf(evaluator, 1, v4('80.64.16.0/20', { asPath: [A, A, A] }))).toBe('accepted valid');
    const free = new RouteEvaluator(model({ member: { enforceTransitFree: false } }));
    expect(reasonOf(free, 2, v6('2a02:1000::/29', { asPath: [A, 3356, A] }))).toBe('accepted valid');
  });

  it('step 4: bogons, the peering LANs, IPv6 outside 2000::/3, too short', () => {
    expect(reasonOf(evaluator, 1, v4('10.10.0.0/16'))).toBe('bogon_prefix (3)');
    expect(reasonOf(evaluator, 1, v4('192.0.2.0/25'))).toBe('bogon_prefix (3)');
    expect(reasonOf(evaluator, 2, v6('2001:db8:5::/48'))).toBe('bogon_prefix (3)');
    expect(reasonOf(evaluator, 2, v6('4000:1000::/32'))).toBe('bogon_prefix (3)');
    expect(reasonOf(evaluator, 2, v6('fc00::/8'))).toBe('bogon_prefix (3)');
    expect(reasonOf(evaluator, 1, v4('184.0.0.0/7'))).toBe('prefix_too_short (2)');
    expect(reasonOf(evaluator, 2, v6('2a00::/12'))).toBe('prefix_too_short (2)');
  });

  it('step 5: blackhole requests, only when allowed and inside the IRR data, and they skip RPKI', () => {
    const blackhole = { communities: [[65535, 666]] as const };
    expect(reasonOf(evaluator, 1, v4('80.64.16.1/32', blackhole))).toBe('blackhole_not_authorised (65002)');
    const allowed = new RouteEvaluator(model({ member: { allowBlackhole: true } }));
    expect(allowed.evaluate(1, v4('80.64.16.1/32', blackhole))).toEqual({
      isAccepted: true,
      rpkiState: 'not_checked',
      isBlackhole: true,
      isRpkiAssumed: false,
    });
    expect(reasonOf(allowed, 2, v6('2a02:1000::1/128', blackhole))).toBe('accepted not_checked');
    expect(reasonOf(allowed, 1, v4('185.99.0.1/32', blackhole))).toBe('blackhole_not_authorised (65002)');
    expect(reasonOf(allowed, 2, v6('2a0b:9900::1/128', blackhole))).toBe('blackhole_not_authorised (65002)');
    expect(reasonOf(allowed, 1, v4('80.64.16.1/32', { ...blackhole, asPath: [A, 3333] }))).toBe(
      'irr_origin (10)',
    );
    // Step 4 comes first: a blackhole request for a bogon is a bogon.
    expect(reasonOf(allowed, 1, v4('10.0.0.1/32', blackhole))).toBe('bogon_prefix (3)');
  });

  it('step 6: too long, then RPKI: invalid filtered with reject-invalid, tagged otherwise', () => {
    expect(reasonOf(evaluator, 1, v4('80.64.16.0/25'))).toBe('prefix_too_long (1)');
    expect(reasonOf(evaluator, 2, v6('2a02:1000:1:100::/56'))).toBe('prefix_too_long (1)');
    const invalid = v4('185.4.0.0/24', { asPath: [A, CUSTOMER] });
    expect(evaluator.evaluate(1, invalid)).toMatchObject({
      reason: 'rpki_invalid',
      code: 13,
      rpkiState: 'invalid',
    });
    // An AS 0 ROA makes every route it covers invalid (RFC 6483 §4).
    expect(reasonOf(evaluator, 2, v6('2a0b:6000::/32'))).toBe('rpki_invalid (13)');
    expect(reasonOf(evaluator, 1, v4('185.5.0.0/24'))).toBe('accepted valid');
    // Longer than the ROA's max length: invalid (and within the session's maximum).
    const strict = new RouteEvaluator(model({ session: { maxPrefixLengthV4: 25 } }));
    expect(reasonOf(strict, 1, v4('185.5.0.0/25'))).toBe('rpki_invalid (13)');
    const tagOnly = new RouteEvaluator(
      model({ member: { rpkiPolicy: 'tag-only', irrEnforcePrefix: false } }),
    );
    expect(reasonOf(tagOnly, 1, invalid)).toBe('accepted invalid');
    const off = new RouteEvaluator(model({ member: { rpkiPolicy: 'off', irrEnforcePrefix: false } }));
    expect(reasonOf(off, 1, invalid)).toBe('accepted not_checked');
  });

  it('step 6 with an RTR cache: the state BIRD tagged, else unknown and said to be assumed', () => {
    const rtr = new RouteEvaluator(model({ rtr: true }));
    expect(rtr.evaluate(1, v4('185.4.0.0/24', { observedRpkiState: 'invalid' }))).toMatchObject({
      reason: 'rpki_invalid',
      isRpkiAssumed: false,
    });
    expect(rtr.evaluate(1, v4('80.64.16.0/20'))).toMatchObject({ rpkiState: 'unknown', isRpkiAssumed: true });
  });

  it('step 7: IRR origin and prefix; an RPKI-valid route passes the prefix check', () => {
    expect(reasonOf(evaluator, 1, v4('91.198.16.0/20', { asPath: [A, 3333] }))).toBe('irr_origin (10)');
    expect(reasonOf(evaluator, 2, v6('2a05:e000::/32', { asPath: [A, 3333] }))).toBe('irr_origin (10)');
    expect(reasonOf(evaluator, 1, v4('91.198.0.0/21'))).toBe('irr_prefix (9)');
    expect(reasonOf(evaluator, 2, v6('2a05:e000::/44'))).toBe('irr_prefix (9)');
    expect(reasonOf(evaluator, 1, v4('80.64.17.0/24'))).toBe('accepted valid');
    expect(reasonOf(evaluator, 2, v6('2a0b:5000::/32'))).toBe('accepted valid');
    const moreSpecifics = new RouteEvaluator(
      model({ member: { irrAllowMoreSpecifics: true, rpkiPolicy: 'off' } }),
    );
    expect(reasonOf(moreSpecifics, 1, v4('91.198.0.0/24'))).toBe('accepted not_checked');
    expect(reasonOf(moreSpecifics, 2, v6('2a02:1000:ff00::/40'))).toBe('accepted not_checked');
    const noPrefix = new RouteEvaluator(model({ member: { irrEnforcePrefix: false } }));
    expect(reasonOf(noPrefix, 1, v4('91.198.0.0/21'))).toBe('accepted unknown');
    const noOrigin = new RouteEvaluator(model({ member: { irrEnforceOrigin: false } }));
    expect(reasonOf(noOrigin, 1, v4('91.198.16.0/20', { asPath: [A, 3333] }))).toBe('accepted unknown');
    expect(reasonOf(noOrigin, 1, v4('80.64.16.0/20', { asPath: [A, 3333] }))).toBe('rpki_invalid (13)');
  });

  it('a member with empty IRR data gets nothing through the IRR step', () => {
    expect(
      reasonOf(evaluator, 3, {
        prefix: '31.13.0.0/16',
        asPath: [206003],
        nextHop: '192.0.2.31',
        communities: [],
      }),
    ).toBe('irr_origin (10)');
  });

  it('step 9 does not change the decision: graceful shutdown is accepted', () => {
    expect(reasonOf(evaluator, 1, v4('80.64.16.0/20', { communities: [[65535, 0]] }))).toBe('accepted valid');
  });
});
