import { REASON_COMMUNITIES } from '@ixora/bird-config';
import { adviceFor, adviceReasonOf, type AdviceContext } from './filter-advice.js';

const ASN = 64501;
const FOO: AdviceContext = {
  asn: ASN,
  asSets: ['AS-FOO'],
  irrSources: ['RIPE', 'RADB'],
  interfaceAddresses: ['192.0.2.11', '2001:db8::11'],
};

describe('adviceFor: what to do about a filtered route', () => {
  describe('IRR', () => {
    it.each([
      ['203.0.113.0/24', 'route'],
      ['2001:db8:100::/48', 'route6'],
    ])('no %s object: names the prefix, origin, AS-SET and where to create it', (prefix, object) => {
      expect(adviceFor('irr_prefix', { prefix, originAsn: ASN }, FOO)).toBe(
        `no ${object} object for ${prefix} with origin AS64501 in the IRR data of AS-FOO (read from RIPE and RADB): create one in RIPE or RADB; the route server takes it in at its next IRR refresh`,
      );
    });

    it('without an AS-SET, the member’s own route objects', () => {
      expect(adviceFor('irr_prefix', { prefix: '203.0.113.0/24' }, { asn: ASN })).toBe(
        'no route object for 203.0.113.0/24 with origin AS64501 among the route objects of AS64501: create one in your IRR database (e.g. your RIR’s); the route server takes it in at its next IRR refresh',
      );
    });

    it.each([
      ['203.0.113.0/24', '203.0.112.0/23', 'route'],
      ['2001:db8:100::/48', '2001:db8::/32', 'route6'],
    ])('a covering route object %s when only exact prefixes are taken', (prefix, covering, object) => {
      const advice = adviceFor(
        'irr_prefix',
        { prefix, originAsn: ASN },
        { ...FOO, irrCovering: [covering], isMoreSpecificAllowed: false },
      );
      expect(advice).toBe(
        `your ${object} object for ${covering} covers ${prefix}, but the route server takes only the exact prefixes of route objects: create a ${object} object for ${prefix} with origin AS64501 (in RIPE or RADB), or announce ${covering} instead`,
      );
    });

    it('a route object that arrived since: nothing to do', () => {
      expect(
        adviceFor('irr_prefix', { prefix: '203.0.113.0/24' }, { ...FOO, irrCovering: ['203.0.113.0/24'] }),
      ).toMatch(/is in your IRR data now.*nothing to do/);
    });

    it.each(['203.0.113.0/24', '2001:db8:100::/48'])('origin %s not in the AS-SET', (prefix) => {
      expect(adviceFor('irr_origin', { prefix, originAsn: 64502, asPath: [ASN, 64502] }, FOO)).toBe(
        'AS64502 is not in AS-FOO: add AS64502 (or the AS-SET of that customer) to AS-FOO, or stop announcing routes it originates',
      );
    });

    it('origin of another network and no AS-SET: create one and set it in PeeringDB', () => {
      expect(adviceFor('irr_origin', { prefix: '203.0.113.0/24', originAsn: 64502 }, { asn: ASN })).toMatch(
        /you have no AS-SET: create an AS-SET with AS64501 and AS64502 as members, and set it in PeeringDB/,
      );
    });
  });

  describe('RPKI invalid (RFC 6811)', () => {
    it.each([
      ['203.0.113.0/24', '203.0.112.0/23', 23, 24],
      ['2001:db8:100::/48', '2001:db8::/32', 44, 48],
    ])('%s: the ROA for %s allows up to /%d', (prefix, roa, maxLength, length) => {
      const advice = adviceFor(
        'rpki_invalid',
        { prefix, originAsn: ASN },
        { ...FOO, vrps: [{ prefix: roa, maxLength, asn: ASN }] },
      );
      expect(advice).toContain(`the ROA for ${roa} allows AS64501 up to /${maxLength}`);
      expect(advice).toContain(`you announce ${prefix}, a /${length}`);
      expect(advice).toContain(`raise the ROA's max length to /${length}`);
    });

    it.each([
      ['203.0.113.0/24', '203.0.112.0/22'],
      ['2001:db8:100::/48', '2001:db8::/32'],
    ])('%s: ROAs name another origin', (prefix, roa) => {
      const advice = adviceFor(
        'rpki_invalid',
        { prefix, originAsn: ASN },
        { ...FOO, vrps: [{ prefix: roa, maxLength: 48, asn: 64999 }] },
      );
      expect(advice).toContain(`(${roa}-48) names AS64999, not AS64501`);
      expect(advice).toContain(`create a ROA for ${prefix} with origin AS64501`);
    });

    it('an AS0 ROA', () => {
      expect(
        adviceFor(
          'rpki_invalid',
          { prefix: '203.0.113.0/24', originAsn: ASN },
          { asn: ASN, vrps: [{ prefix: '203.0.112.0/22', maxLength: 24, asn: 0 }] },
        ),
      ).toMatch(/^an AS0 ROA for 203.0.112.0\/22 says 203.0.113.0\/24 must not be routed/);
    });

    it('no covering VRP known any more', () => {
      expect(adviceFor('rpki_invalid', { prefix: '2001:db8:100::/48' }, { asn: ASN })).toBe(
        '2001:db8:100::/48 is RPKI invalid for AS64501: create a ROA for 2001:db8:100::/48 with origin AS64501 and max length /48 with your RIR',
      );
    });
  });

  describe('prefix length', () => {
    it.each([
      ['203.0.113.128/25', 'IPv4', '24', '203.0.113.0/24'],
      ['2001:db8:100:8000::/49', 'IPv6', '48', '2001:db8:100::/48'],
    ])('%s is too long: announce the covering prefix', (prefix, family, max, covering) => {
      expect(adviceFor('prefix_too_long', { prefix }, FOO)).toBe(
        `${prefix} is a /${prefix.split('/')[1]}, and the route server takes ${family} prefixes up to /${max}: announce ${covering} instead (more-specifics are not passed on by the route server)`,
      );
    });

    it('the policy’s own limit', () => {
      expect(
        adviceFor(
          'prefix_too_long',
          { prefix: '203.0.113.0/24' },
          { ...FOO, prefixLengths: { min: 8, max: 23 } },
        ),
      ).toContain('up to /23: announce 203.0.112.0/23 instead');
    });

    it.each([
      ['10.0.0.0/7', 'IPv4', 8],
      ['2000::/12', 'IPv6', 16],
    ])('%s is too short', (prefix, family, min) => {
      expect(adviceFor('prefix_too_short', { prefix }, FOO)).toContain(
        `and the route server takes ${family} prefixes from /${min}: announce the prefixes you hold`,
      );
    });
  });

  describe('bogon prefixes', () => {
    it.each([
      ['10.1.2.0/24', '10.0.0.0/8, private use (RFC 1918)'],
      ['2001:db8:100::/48', '2001:db8::/32, documentation (RFC 3849)'],
    ])('%s says which special-purpose block', (prefix, block) => {
      expect(adviceFor('bogon_prefix', { prefix }, FOO)).toBe(
        `${prefix} is in ${block}: never announce it: fix the export filter towards the route server`,
      );
    });

    it('IPv6 outside 2000::/3', () => {
      expect(adviceFor('bogon_prefix', { prefix: 'fc00:1::/48' }, FOO)).toMatch(
        /^fc00:1::\/48 lies outside 2000::\/3/,
      );
    });

    it('a routable prefix filtered as bogon is the peering LAN', () => {
      expect(adviceFor('bogon_prefix', { prefix: '185.1.0.0/24' }, FOO)).toMatch(/peering LAN/);
    });
  });

  describe('AS_PATH', () => {
    it.each(['203.0.113.0/24', '2001:db8:100::/48'])('%s: the bogon ASN named', (prefix) => {
      expect(adviceFor('bogon_asn', { prefix, asPath: [ASN, 65000, 4200000001] }, FOO)).toBe(
        'the AS_PATH (64501 65000 4200000001) holds AS64501 (documentation ASNs (RFC 5398)), AS65000 (private-use ASNs (RFC 6996)) and AS4200000001 (private-use ASNs (RFC 6996)): strip private ASNs (remove-private-AS) towards the route server, or stop announcing routes learnt from that network',
      );
    });

    it.each(['203.0.113.0/24', '2001:db8:100::/48'])('%s: AS_PATH too long', (prefix) => {
      const asPath = Array.from({ length: 70 }, () => ASN);
      expect(adviceFor('as_path_too_long', { prefix, asPath }, { ...FOO, maxAsPathLength: 64 })).toBe(
        'the AS_PATH has 70 ASNs and is longer than the route server takes (at most 64): prepend less towards the route server',
      );
    });

    it.each(['203.0.113.0/24', '2001:db8:100::/48'])('%s: first ASN not the peer', (prefix) => {
      expect(adviceFor('first_asn_not_peer', { prefix, asPath: [64999, ASN] }, FOO)).toMatch(
        /^the AS_PATH \(64999 64501\) starts with AS64999, not your AS64501/,
      );
    });

    it.each(['203.0.113.0/24', '2001:db8:100::/48'])('%s: a transit-free ASN behind the peer', (prefix) => {
      expect(adviceFor('transit_free_asn', { prefix, asPath: [ASN, 3356, 64999] }, FOO)).toBe(
        "the AS_PATH (64501 3356 64999) holds AS3356, a transit-free network: this is a route learnt from a transit provider or peer, leaked; announce only your own and your customers' routes (filter by AS-FOO)",
      );
    });

    it.each(['203.0.113.0/24', '2001:db8:100::/48'])('%s: a never-via-route-server ASN', (prefix) => {
      expect(
        adviceFor(
          'never_via_route_server_asn',
          { prefix, asPath: [ASN, 64998] },
          { ...FOO, neverViaRouteServerAsns: [64998] },
        ),
      ).toMatch(/holds AS64998, which PeeringDB marks as never reached via route servers/);
    });
  });

  describe('next hop', () => {
    it.each([
      ['203.0.113.0/24', '192.0.2.99', '192.0.2.11'],
      ['2001:db8:100::/48', '2001:db8::99', '2001:db8::11'],
    ])('%s via %s: names the member’s own address of that family', (prefix, nextHop, own) => {
      expect(adviceFor('next_hop_not_peer', { prefix, nextHop }, FOO)).toBe(
        `the NEXT_HOP ${nextHop} is not your router's address on the peering LAN (${own}): announce with your own address as next hop (next-hop-self towards the route server)`,
      );
    });
  });

  describe('the rest', () => {
    it.each([
      ['203.0.113.0/24', 'route'],
      ['2001:db8:100::/48', 'route6'],
    ])('%s blackhole not authorised', (prefix, object) => {
      expect(adviceFor('blackhole_not_authorised', { prefix, originAsn: ASN }, FOO)).toContain(
        `create a ${object} object covering ${prefix} with origin AS64501`,
      );
    });

    it.each([
      ['203.0.113.0/24', 'IPv4'],
      ['2001:db8:100::/48', 'IPv6'],
    ])('%s on the wrong session', (prefix, family) => {
      expect(adviceFor('address_family_mismatch', { prefix }, FOO)).toMatch(
        new RegExp(`^${prefix.replace(/[./]/g, '\\$&')} is an ${family} route`),
      );
    });

    it('an unknown reason: ask the staff', () => {
      expect(adviceFor('unknown', { prefix: '203.0.113.0/24' }, FOO)).toMatch(/ask the exchange staff/);
      expect(adviceFor('none', { prefix: '2001:db8:100::/48' }, FOO)).toMatch(/ask the exchange staff/);
    });
  });

  it('has advice for every reason of the community table, for IPv4 and IPv6', () => {
    for (const { key } of REASON_COMMUNITIES) {
      for (const prefix of ['203.0.113.0/24', '2001:db8:100::/48']) {
        const advice = adviceFor(key, { prefix, originAsn: ASN, asPath: [ASN], nextHop: '192.0.2.99' }, FOO);
        expect(advice.length).toBeGreaterThan(40);
        expect(advice).not.toMatch(/undefined|NaN/);
      }
    }
  });

  it('reads the looking glass’s reason keys', () => {
    expect(adviceReasonOf('irr_prefix')).toBe('irr_prefix');
    expect(adviceReasonOf('unknown')).toBe('unknown');
    expect(adviceReasonOf('made_up')).toBe('unknown');
  });
});
