import { normaliseModel } from './route-server-config.normaliser.js';
import { smallExchangeModel } from '../fixtures/small-exchange.fixture.js';
import {
  bgpProtocolName,
  formatPrefixSetEntry,
  orLongerEntries,
  parseBgpProtocolName,
} from './route-server-config.view.js';
import { parsePrefix } from './prefix-entry.parser.js';
import { describeLargeCommunity, filterReasonByCode, REASON_COMMUNITIES } from './communities.js';

const entry = (prefix: string, low: number, high: number) => ({
  prefix,
  low,
  high,
  parsed: parsePrefix(prefix, 'p'),
});

describe('formatPrefixSetEntry', () => {
  it.each([
    [entry('80.64.16.0/20', 20, 20), 32, '80.64.16.0/20'],
    [entry('80.64.16.0/20', 20, 32), 32, '80.64.16.0/20+'],
    [entry('80.64.16.0/20', 20, 24), 32, '80.64.16.0/20{20,24}'],
    [entry('80.64.16.0/20', 22, 24), 32, '80.64.16.0/20{22,24}'],
    [entry('2a02:1000::/29', 29, 128), 128, '2a02:1000::/29+'],
  ] as const)('%j → %s', (input, bits, expected) => {
    expect(formatPrefixSetEntry(input, bits)).toBe(expected);
  });
});

describe('orLongerEntries', () => {
  it('widens every entry to the full length and drops entries an earlier one covers', () => {
    const entries = [
      entry('80.64.0.0/16', 16, 16),
      entry('80.64.16.0/20', 20, 24),
      entry('80.65.0.0/24', 24, 24),
      entry('91.0.0.0/16', 18, 20),
      entry('91.0.64.0/18', 18, 18),
      entry('91.0.0.0/20', 20, 24),
    ].sort(
      (a, b) =>
        (a.parsed.network as number) - (b.parsed.network as number) || a.parsed.length - b.parsed.length,
    );
    expect(orLongerEntries(entries, 32).map((e) => formatPrefixSetEntry(e, 32))).toEqual([
      '80.64.0.0/16+',
      '80.65.0.0/24+',
      '91.0.0.0/16{18,32}',
    ]);
  });

  it('keeps a more-specific whose lower bound is below the covering entry’s', () => {
    const entries = [entry('91.0.0.0/16', 20, 24), entry('91.0.0.0/17', 17, 17)];
    expect(orLongerEntries(entries, 32).map((e) => formatPrefixSetEntry(e, 32))).toEqual([
      '91.0.0.0/16{20,32}',
      '91.0.0.0/17+',
    ]);
  });
});

describe('protocol names', () => {
  it('round-trips member, family and session id', () => {
    const name = bgpProtocolName({ memberAsn: 4200000001, family: 'ipv6', id: 42 });
    expect(name).toBe('AS4200000001_v6_42');
    expect(parseBgpProtocolName(name)).toEqual({ memberAsn: 4200000001, family: 'ipv6', sessionId: 42 });
    expect(parseBgpProtocolName('ixora_device')).toBeUndefined();
  });
});

describe('communities', () => {
  it('has the codes of DESIGN §7 and unique codes', () => {
    const design = {
      1: 'prefix_too_long',
      2: 'prefix_too_short',
      3: 'bogon_prefix',
      4: 'bogon_asn',
      5: 'as_path_too_long',
      7: 'first_asn_not_peer',
      8: 'next_hop_not_peer',
      9: 'irr_prefix',
      10: 'irr_origin',
      13: 'rpki_invalid',
      14: 'transit_free_asn',
    };
    for (const [code, key] of Object.entries(design)) expect(filterReasonByCode(Number(code))?.key).toBe(key);
    expect(new Set(REASON_COMMUNITIES.map((r) => r.code)).size).toBe(REASON_COMMUNITIES.length);
    expect(REASON_COMMUNITIES.filter((r) => r.isIxoraDefined).every((r) => r.code > 65000)).toBe(true);
  });

  it('turns the route server’s own communities into words', () => {
    expect(describeLargeCommunity(64999, [64999, 1101, 13])).toBe('RPKI origin validation: invalid');
    expect(describeLargeCommunity(64999, [64999, 1000, 1])).toBe('RPKI valid');
    expect(describeLargeCommunity(64999, [65000, 1101, 13])).toBeUndefined();
    expect(describeLargeCommunity(64999, [64999, 1101, 6])).toBeUndefined();
  });
});

describe('normaliseModel', () => {
  it('canonicalises addresses and prefixes', () => {
    const model = normaliseModel(smallExchangeModel());
    expect(model.sessions.find((s) => s.id === 11)?.peerAddress).toBe('2001:db8::11');
    expect(model.sessions.map((s) => s.id)).toEqual([10, 11, 12, 13, 14, 15]);
    expect(model.members.map((m) => m.asn)).toEqual([206001, 206002, 206003, 206004]);
  });

  it('drops the data of a member whose IRR status is empty', () => {
    const charlie = normaliseModel(smallExchangeModel()).members.find((m) => m.asn === 206003)!;
    expect([charlie.prefixesV4, charlie.prefixesV6, charlie.asns]).toEqual([[], [], []]);
  });
});
