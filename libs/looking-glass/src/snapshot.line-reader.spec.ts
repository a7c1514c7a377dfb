import { readdirSync } from 'node:fs';
import { BirdReplyFramer, parseRoutes, type BirdReplyLine } from '@ixora/bird-client';
import { toLgRoute } from './lg-route.mapper.js';
import { indexRoute, type IndexedRoute } from './route.index.js';
import { RouteInterner } from './route.interner.js';
import { SnapshotLineReader } from './snapshot.line-reader.js';
import { BIRD_FIXTURE_DIR, readBirdFixture } from './testing/recorded.reader.js';

function framed(reply: string): BirdReplyLine[] {
  const framer = new BirdReplyFramer();
  return reply
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => framer.frame(line))
    .filter((line): line is BirdReplyLine => !('async' in line));
}

/** The snapshot's routes the way every other read makes them: the full parser for every route. */
function parsedOneByOne(lines: readonly BirdReplyLine[], isFiltered: boolean): IndexedRoute[] {
  const interner = new RouteInterner(65000);
  return parseRoutes(lines).map((route) =>
    indexRoute(
      toLgRoute(route, { routeServerId: 'rs1', rsAsn: 65000, isFiltered, interner }),
      isFiltered,
      (a) => interner.shared(a),
    ),
  );
}

function readByLines(lines: readonly BirdReplyLine[], isFiltered: boolean): IndexedRoute[] {
  const reader = new SnapshotLineReader({
    routeServerId: 'rs1',
    rsAsn: 65000,
    isFiltered,
    interner: new RouteInterner(65000),
  });
  const entries: IndexedRoute[] = [];
  for (const line of lines) {
    const entry = reader.push(line);
    if (entry) entries.push(entry);
  }
  const last = reader.finish();
  if (last) entries.push(last);
  return entries;
}

function facts(entries: readonly IndexedRoute[]): unknown[] {
  return entries.map((entry) => ({
    route: entry.route,
    prefixText: entry.prefixText,
    family: entry.family,
    network: entry.network,
    length: entry.length,
    isFiltered: entry.isFiltered,
    neighborId: entry.neighborId,
    originAsn: entry.originAsn,
  }));
}

/** Every recording of a `show route … all` reply (BIRD 2.0.12), with its routes. */
const ROUTE_RECORDINGS = readdirSync(BIRD_FIXTURE_DIR)
  .filter((file) => /show-route(-all|.*-all\.raw$)/.test(file) && !file.includes('count'))
  .map((file) => file.split('-').slice(0, 2).join('-'));

describe('SnapshotLineReader', () => {
  it('has recordings to compare with', () => {
    expect(ROUTE_RECORDINGS.length).toBeGreaterThanOrEqual(10);
  });

  it.each(ROUTE_RECORDINGS)('reads recording %s into the same routes as the full parser', (name) => {
    const lines = framed(readBirdFixture(name).reply);
    for (const isFiltered of [false, true]) {
      const expected = parsedOneByOne(lines, isFiltered);
      expect(facts(readByLines(lines, isFiltered))).toEqual(facts(expected));
    }
  });

  it('shares the attributes of routes whose lines differ only in network and time, and keeps those two apart', () => {
    const route = (net: string, since: string, path: string): string[] => [
      `1007-${net}          unicast [AS65001_1 ${since}] * (100) [AS65001i]`,
      ' \tvia 192.0.2.1 on eth0',
      '1008-\tType: BGP univ',
      '1012-\tBGP.origin: IGP',
      ` \tBGP.as_path: ${path}`,
      ' \tBGP.next_hop: 192.0.2.1',
      ' \tBGP.local_pref: 100',
      ' \tBGP.large_community: (65000, 1000, 2)',
    ];
    const reply = [
      '1007-Table master6:',
      ...route('2001:db8::/48', '2026-12-01 10:00:00', '65001'),
      ...route('', '2026-12-01 11:00:00', '65001'),
      ...route('2001:db8:1::/48', '2026-12-01 12:00:00', '65001 65010'),
      ...route('2001:db8:2::/48', '2026-12-01 13:00:00', '65001'),
      '0000 ',
    ].join('\n');
    const lines = framed(reply);
    const entries = readByLines(lines, false);
    expect(facts(entries)).toEqual(facts(parsedOneByOne(lines, false)));
    expect(entries.map((entry) => [entry.prefixText, entry.age])).toEqual([
      ['2001:db8::/48', '2026-12-01 10:00:00'],
      ['2001:db8::/48', '2026-12-01 11:00:00'],
      ['2001:db8:1::/48', '2026-12-01 12:00:00'],
      ['2001:db8:2::/48', '2026-12-01 13:00:00'],
    ]);
    expect(entries[3]!.shared).toBe(entries[0]!.shared);
    expect(entries[2]!.shared).not.toBe(entries[0]!.shared);
    expect(entries[2]!.shared.bgp.as_path).toEqual([65001, 65010]);
  });

  it('refuses a summary line it cannot read, as the parser does', () => {
    const reader = new SnapshotLineReader({
      routeServerId: 'rs1',
      rsAsn: 65000,
      isFiltered: false,
      interner: new RouteInterner(65000),
    });
    expect(() => reader.push({ code: 1007, text: 'garbage', isFinal: false })).toThrow(
      /unexpected route line/,
    );
  });
});
