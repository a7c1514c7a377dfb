import type { BirdProtocolDetail } from '@ixora/bird-client';
import { isNeighborProtocol, toLgNeighbor } from './lg-neighbor.mapper.js';
import { recordedProtocols } from './testing/recorded.reader.js';

const now = new Date('2026-11-29T02:10:06Z');

describe('toLgNeighbor', () => {
  it("maps a down session of ixora's naming: ASN and family from the protocol name, the error from BIRD", () => {
    const protocol: BirdProtocolDetail = {
      name: 'AS4200000001_v6_42',
      proto: 'BGP',
      state: 'start',
      since: '2026-11-29 02:00:02',
      info: 'Active',
      infoDetail: 'Socket: Connection refused',
      description: 'Example Networks <NOC>',
      channels: [{ name: 'ipv6', attributes: {} }],
      attributes: {},
    };
    expect(toLgNeighbor(protocol, 'rs1', now)).toEqual({
      id: 'AS4200000001_v6_42',
      route_server_id: 'rs1',
      address: '',
      asn: 4200000001,
      family: 'ipv6',
      state: 'start',
      bgp_state: 'Active',
      description: 'Example Networks <NOC>',
      uptime: 604,
      since: '2026-11-29 02:00:02',
      last_error: 'Socket: Connection refused',
      routes_received: 0,
      routes_accepted: 0,
      routes_filtered: 0,
      routes_exported: 0,
      routes_preferred: 0,
      routes_per_family: { ipv6: { received: 0, accepted: 0, filtered: 0, exported: 0 } },
    });
  });

  it('lists BGP protocols only', () => {
    const recorded = recordedProtocols();
    expect(recorded.filter(isNeighborProtocol).map((p) => p.name)).toEqual([
      'AS65001_1',
      'AS65002_1',
      'AS65003_1',
    ]);
    expect(recorded.length).toBeGreaterThan(3);
  });

  it("leaves uptime out when BIRD's time format has no date", () => {
    const [first] = recordedProtocols().filter(isNeighborProtocol);
    const neighbor = toLgNeighbor({ ...first!, since: '02:00:06.843' }, 'rs1', now);
    expect(neighbor.uptime).toBeUndefined();
    expect(neighbor.since).toBe('02:00:06.843');
  });
});
