import type { BirdProtocol } from '@ixora/bird-client';
import { establishedSessions, sessionsNotBackUp } from './session-settle.js';

const bgp = (name: string, info: string): BirdProtocol => ({
  name,
  proto: 'BGP',
  state: info === 'Established' ? 'up' : 'start',
  since: '2026-12-06 03:00:00',
  info,
});

describe('sessions a deploy waits for', () => {
  it('takes the established BGP sessions before the deploy, nothing else', () => {
    const before = establishedSessions([
      bgp('AS64500_v4_1', 'Established'),
      bgp('AS64501_v4_2', 'Active'),
      { name: 'device1', proto: 'Device', state: 'up', since: '', info: '' },
    ]);
    expect([...before]).toEqual(['AS64500_v4_1']);
  });

  it('waits for those not established again, but not for a session the new config removed', () => {
    const before = new Set(['AS64500_v4_1', 'AS64501_v6_2', 'AS64502_v4_3']);
    expect(
      sessionsNotBackUp(before, [
        bgp('AS64500_v4_1', 'Established'),
        bgp('AS64501_v6_2', 'OpenSent'),
        bgp('AS64503_v4_4', 'Active'),
      ]),
    ).toEqual(['AS64501_v6_2']);
    expect(sessionsNotBackUp(before, [])).toEqual([]);
  });
});
