import type { HygieneReport, MemberRoutesReport } from '@ixora/member-routing';
import { HYGIENE_ROWS_SHOWN, hygieneView, routesView } from './portal-routing.views.js';

const STATES = ['all', 'accepted', 'filtered'] as const;

function report(total: number, offset: number): MemberRoutesReport {
  return {
    asn: 64501,
    sessions: [],
    routes: [
      {
        sessionId: 'rs1/AS64501_v6_1',
        routeServerId: 'rs1',
        prefix: '2001:db8:100::/48',
        state: 'filtered',
        asPath: [64501, 64502],
        reason: { code: 10, key: 'irr_origin', words: "origin ASN not in the member's AS-SET" },
        advice: 'AS64502 is not in AS-FOO: add AS64502',
      },
    ],
    total,
    offset,
    limit: 100,
    unavailable: [],
  };
}

describe('routesView', () => {
  it('links the previous and next pages, keeping the session and state', () => {
    const query = { session: 'rs1/AS64501_v6_1', state: 'filtered' as const, offset: 100, limit: 100 };
    const view = routesView(report(250, 100), query, STATES);
    expect(view.summary).toBe('Routes 101–200 of 250 (100 a page, filtered first).');
    expect(view.previousHref).toBe('/portal/routes?session=rs1%2FAS64501_v6_1&state=filtered');
    expect(view.nextHref).toBe('/portal/routes?session=rs1%2FAS64501_v6_1&state=filtered&page=3');
    const last = routesView(report(250, 200), { state: 'all', offset: 200, limit: 100 }, STATES);
    expect(last.nextHref).toBe('');
    expect(last.previousHref).toBe('/portal/routes?page=2');
  });

  it('prints a filtered route’s reason and advice as sentences', () => {
    const view = routesView(report(1, 0), { state: 'all', offset: 0, limit: 100 }, STATES);
    expect(view.routes[0]).toMatchObject({
      isFiltered: true,
      asPath: '64501 64502',
      nextHop: '',
      advice: 'AS64502 is not in AS-FOO: add AS64502.',
    });
    expect(view.summary).toBe('Routes 1–1 of 1.');
  });
});

describe('hygieneView', () => {
  it(`shows at most ${HYGIENE_ROWS_SHOWN} prefixes and says so`, () => {
    const prefixes = Array.from({ length: HYGIENE_ROWS_SHOWN + 1 }, (_, i) => ({
      prefix: `10.${Math.floor(i / 256)}.${i % 256}.0/24`,
      family: 4 as const,
      irr: 'none' as const,
      rpki: 'unknown' as const,
      roas: [],
      origins: [],
      acceptedBy: [],
      filteredBy: [],
      isAnnounced: false,
      isNeverRouted: false,
    }));
    const hygiene: HygieneReport = {
      asn: 64501,
      prefixes,
      todos: [],
      counts: {
        prefixes: prefixes.length,
        announced: 0,
        irrCovered: 0,
        rpkiValid: 0,
        rpkiInvalid: 0,
        rpkiUnknown: 0,
      },
    };
    const view = hygieneView(hygiene, []);
    expect(view).toMatchObject({ isCapped: true, shown: HYGIENE_ROWS_SHOWN, asSets: 'none' });
    expect(view.rows[0]).toMatchObject({ irr: 'none', isIrrMissing: true, announced: 'not announced' });
  });
});
