import { parseProtocolDetails, parseProtocolRow, parseProtocols } from './bird-protocols.parser.js';
import { BirdReplyFramer, isAsyncLine, type BirdReplyLine } from './bird-reply.reader.js';
import { fixtureLines } from './testing/bird-fixtures.js';

describe('parseProtocols', () => {
  it('reads the rows of `show protocols`, with "Since" holding a space (iso long)', () => {
    const protocols = parseProtocols(fixtureLines('rs-02'));
    expect(protocols.map((p) => [p.name, p.proto, p.table, p.state, p.since, p.info])).toEqual([
      ['device1', 'Device', undefined, 'up', '2026-11-29 02:00:02', ''],
      ['igp_lo', 'Static', 'igp4', 'up', '2026-11-29 02:00:02', ''],
      ['AS65001_1', 'BGP', undefined, 'up', '2026-11-29 02:00:06', 'Established'],
      ['AS65002_1', 'BGP', undefined, 'up', '2026-11-29 02:00:06', 'Established'],
      ['AS65003_1', 'BGP', undefined, 'start', '2026-11-29 02:00:02', 'Active'],
      ['demo_static', 'Static', 'demo4', 'up', '2026-11-29 02:00:35', ''],
    ]);
    expect(protocols[4]?.infoDetail).toBe('Socket: Connection refused');
    expect(protocols[2]?.infoDetail).toBeUndefined();
  });

  it('reads the default and a custom time format', () => {
    expect(parseProtocols(fixtureLines('m1-02')).map((p) => p.since)).toEqual(
      Array(4).fill('02:00:02.475').fill('02:00:06.843', 3),
    );
    const [, , , rs1] = parseProtocols(fixtureLines('m2-02'));
    expect(rs1).toEqual({
      name: 'rs1',
      proto: 'BGP',
      state: 'start',
      since: '2026-11-29T02:07:23+0000',
      info: 'OpenSent',
      infoDetail: 'BGP Error: Hold timer expired',
    });
  });

  it('rejects a row it cannot split', () => {
    expect(() => parseProtocolRow('only two')).toThrow(/unexpected "show protocols" row/);
  });
});

describe('parseProtocolDetails', () => {
  it('reads an established BGP session with its channel, limits and counters', () => {
    const [detail, ...rest] = parseProtocolDetails(fixtureLines('rs-04'));
    expect(rest).toHaveLength(0);
    expect(detail).toMatchObject({
      name: 'AS65001_1',
      proto: 'BGP',
      state: 'up',
      info: 'Established',
      description: 'Member One Ltd',
    });
    expect(detail?.bgp).toEqual({
      state: 'Established',
      neighborAddress: '127.0.0.2',
      neighborAs: 65001,
      localAs: 65000,
      neighborId: '127.0.0.2',
      session: ['external', 'multihop', 'route-server', 'AS4'],
      sourceAddress: '127.0.0.1',
      holdTimer: { remainingS: 69.975, configuredS: 90 },
      keepaliveTimer: { remainingS: 13.293, configuredS: 30 },
      localCapabilities: [
        'Multiprotocol',
        'AF announced: ipv4',
        'Route refresh',
        'Graceful restart',
        '4-octet AS numbers',
        'Enhanced refresh',
        'Long-lived graceful restart',
      ],
      neighborCapabilities: [
        'Multiprotocol',
        'AF announced: ipv4',
        'Route refresh',
        'Graceful restart',
        '4-octet AS numbers',
        'Enhanced refresh',
        'Long-lived graceful restart',
      ],
    });
    expect(detail?.channels).toHaveLength(1);
    const channel = detail?.channels[0];
    expect(channel).toMatchObject({
      name: 'ipv4',
      state: 'UP',
      table: 'master4',
      preference: 100,
      inputFilter: 'import_AS65001',
      outputFilter: 'export_AS65001',
      importLimit: { limit: 1000000, action: 'disable', isHit: false },
      routes: { imported: 5, filtered: 2, exported: 1, preferred: 5 },
      importUpdates: { received: 7, rejected: 0, filtered: 2, ignored: 0, accepted: 5 },
      importWithdraws: { received: 0, rejected: 0, ignored: 2, accepted: 0 },
      exportUpdates: { received: 8, rejected: 5, filtered: 1, accepted: 2 },
      exportWithdraws: { received: 0, accepted: 1 },
      bgpNextHop: '127.0.0.1',
    });
    expect(channel?.importWithdraws?.filtered).toBeUndefined();
    expect(channel?.attributes['IGP IPv4 table']).toBe('igp4');
  });

  it('reads a receive limit (max-prefix) and whether the channel has reached it', () => {
    // BIRD 2.0.12 prints the limit, then " [HIT]" once the channel reached it, and the action below.
    const frame = (hit: string): BirdReplyLine[] => {
      const framer = new BirdReplyFramer();
      return [
        '1002-p1         BGP        ---        up     00:07:34.103  Established',
        '1006-  BGP state:          Established',
        '     Neighbor address: 192.0.2.99',
        '   Channel ipv4',
        '     State:          UP',
        `     Receive limit:  100${hit}`,
        '       Action:       restart',
        '0000 ',
      ]
        .map((line) => framer.frame(line))
        .filter((line): line is BirdReplyLine => !isAsyncLine(line));
    };
    expect(parseProtocolDetails(frame(''))[0]?.channels[0]?.receiveLimit).toEqual({
      limit: 100,
      action: 'restart',
      isHit: false,
    });
    expect(parseProtocolDetails(frame(' [HIT]'))[0]?.channels[0]?.receiveLimit).toEqual({
      limit: 100,
      action: 'restart',
      isHit: true,
    });
  });

  it('reads a session that never came up: connect delay and last error', () => {
    const [detail] = parseProtocolDetails(fixtureLines('rs-05'));
    expect(detail?.bgp).toMatchObject({
      state: 'Active',
      neighborAddress: '127.0.0.4',
      neighborAs: 65003,
      connectDelay: { remainingS: 1.986, configuredS: 5 },
      lastError: 'Socket: Connection refused',
      localCapabilities: [],
    });
    expect(detail?.bgp?.holdTimer).toBeUndefined();
    expect(detail?.channels[0]).toMatchObject({ name: 'ipv4', state: 'DOWN' });
    expect(detail?.channels[0]?.routes).toBeUndefined();
  });

  it('reads every protocol of `show protocols all`, non-BGP ones without BGP details', () => {
    const details = parseProtocolDetails(fixtureLines('rs-03'));
    expect(details.map((d) => d.name)).toEqual([
      'device1',
      'igp_lo',
      'AS65001_1',
      'AS65002_1',
      'AS65003_1',
      'demo_static',
    ]);
    expect(details[0]).toMatchObject({ channels: [], attributes: {} });
    expect(details[0]?.bgp).toBeUndefined();
    expect(details[1]?.channels[0]).toMatchObject({
      table: 'igp4',
      outputFilter: 'REJECT',
      routes: { imported: 0, exported: 0, preferred: 0 },
    });
    expect(details[3]?.bgp?.neighborPort).toBe(11179);
    expect(details[3]?.description).toBe('Member Two GmbH');
  });

  it('reads six-digit counters of a 100,000-route session', () => {
    const [detail] = parseProtocolDetails(fixtureLines('rs-802'));
    expect(detail?.channels[0]?.routes).toEqual({
      imported: 100003,
      filtered: 0,
      exported: 100004,
      preferred: 2,
    });
    expect(detail?.channels[0]?.importUpdates).toEqual({
      received: 199750,
      rejected: 0,
      filtered: 0,
      ignored: 99747,
      accepted: 100003,
    });
  });
});
