import { compareWithPeeringDb } from './peeringdb-check.service.js';

const nx = (id: number, asn: number, v4: string | null, v6: string | null) => ({
  id,
  asn,
  netName: `Net ${asn}`,
  ipv4Address: v4,
  ipv6Address: v6,
});

describe('compareWithPeeringDb', () => {
  it('is empty when every netixlan has its interface', () => {
    const report = compareWithPeeringDb(
      [
        {
          asn: 64501,
          name: 'A',
          interfaces: [{ id: 1, ipv4Address: '192.0.2.1', ipv6Address: '2001:db8::1' }],
        },
      ],
      [nx(10, 64501, '192.0.2.1', '2001:db8::1')],
    );
    expect(report).toEqual({ missing: [], extra: [], differentAddresses: [] });
  });

  it('sorts members and interfaces into missing, extra and different', () => {
    const report = compareWithPeeringDb(
      [
        {
          asn: 64501,
          name: 'A',
          interfaces: [
            { id: 1, ipv4Address: '192.0.2.1', ipv6Address: '2001:db8::1' },
            { id: 2, ipv4Address: '192.0.2.2', ipv6Address: null },
            { id: 3, ipv4Address: '192.0.2.3', ipv6Address: '2001:db8::3' },
          ],
        },
        {
          asn: 64509,
          name: 'Only here',
          interfaces: [{ id: 9, ipv4Address: '192.0.2.9', ipv6Address: null }],
        },
      ],
      [
        nx(10, 64501, '192.0.2.1', '2001:db8::1'),
        nx(11, 64501, '192.0.2.2', '2001:db8::2'),
        nx(12, 64501, '192.0.2.4', null),
        nx(20, 64502, '192.0.2.20', null),
      ],
    );
    expect(report.differentAddresses).toEqual([
      {
        asn: 64501,
        memberName: 'A',
        interfaceId: 2,
        netixlanId: 11,
        ixora: { ipv4Address: '192.0.2.2', ipv6Address: null },
        peeringdb: { ipv4Address: '192.0.2.2', ipv6Address: '2001:db8::2' },
      },
    ]);
    expect(report.missing).toEqual([
      {
        asn: 64501,
        netName: 'Net 64501',
        netixlanId: 12,
        ipv4Address: '192.0.2.4',
        ipv6Address: null,
        reason: 'interface_missing',
      },
      {
        asn: 64502,
        netName: 'Net 64502',
        netixlanId: 20,
        ipv4Address: '192.0.2.20',
        ipv6Address: null,
        reason: 'member_missing',
      },
    ]);
    expect(report.extra).toEqual([
      {
        asn: 64501,
        memberName: 'A',
        interfaceId: 3,
        ipv4Address: '192.0.2.3',
        ipv6Address: '2001:db8::3',
        reason: 'address_not_in_peeringdb',
      },
      {
        asn: 64509,
        memberName: 'Only here',
        interfaceId: 9,
        ipv4Address: '192.0.2.9',
        ipv6Address: null,
        reason: 'not_in_peeringdb',
      },
    ]);
  });

  it('pairs by the IPv6 address when IPv4 differs', () => {
    const report = compareWithPeeringDb(
      [
        {
          asn: 64501,
          name: 'A',
          interfaces: [{ id: 1, ipv4Address: '192.0.2.7', ipv6Address: '2001:db8::1' }],
        },
      ],
      [nx(10, 64501, '192.0.2.1', '2001:db8::1')],
    );
    expect(report.missing).toEqual([]);
    expect(report.extra).toEqual([]);
    expect(report.differentAddresses).toHaveLength(1);
  });
});
