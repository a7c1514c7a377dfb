import { isIxoraError } from '@ixora/errors';
import { parseRouteRead, routeReadSearch } from './agent.protocol.js';
import type { RouteRead } from './route-server.reader.js';

describe('agent protocol', () => {
  it.each<RouteRead>([
    { kind: 'accepted', table: 'master4' },
    { kind: 'filtered', table: 'master6' },
    { kind: 'export', protocol: 'AS64500_v4_1' },
    { kind: 'noexport', protocol: 'AS64500_v6_2' },
  ])('round-trips %j through the query string', (read) => {
    expect(parseRouteRead(new URLSearchParams(routeReadSearch(read)))).toEqual(read);
  });

  it.each([
    'kind=configure',
    'kind=export',
    'kind=export&protocol=AS1%3Bconfigure',
    'kind=accepted&table=master4%0Aall',
    'kind=accepted',
  ])('refuses %s', (search) => {
    let error: unknown;
    try {
      parseRouteRead(new URLSearchParams(search));
    } catch (caught) {
      error = caught;
    }
    expect(isIxoraError(error) && error.code).toBe('invalid_value');
  });
});
