import { isIxoraError } from '@ixora/errors';
import {
  MAX_PAGE_SIZE,
  parseLgSearch,
  parseNeighborId,
  parsePageRequest,
  parseRouteServerId,
} from './lg-input.js';

function rejection(run: () => unknown): { field?: string; code: string } {
  try {
    run();
  } catch (error) {
    if (isIxoraError(error)) return { field: error.field, code: error.code };
    throw error;
  }
  throw new Error('accepted');
}

describe('parseLgSearch', () => {
  it('reads prefixes (host bits cleared), addresses and ASNs', () => {
    expect(parseLgSearch('q', '192.0.2.77')).toMatchObject({ kind: 'address' });
    const prefix = parseLgSearch('q', '2001:db8:0::1/48');
    expect(prefix.kind === 'prefix' && prefix.prefix.toString()).toBe('2001:db8::/48');
    expect(parseLgSearch('q', 'AS4200000001')).toEqual({ kind: 'asn', asn: 4200000001 });
    expect(parseLgSearch('q', '64500')).toEqual({ kind: 'asn', asn: 64500 });
  });

  it.each([
    '1.2.3.0/24; configure',
    '1.2.3.0/24\nconfigure',
    '1.2.3.0/24 ',
    ' 192.0.2.1',
    '"192.0.2.1"',
    'x'.repeat(5000),
    'AS_PATH',
    'all',
    '192.0.2.0/33',
    'AS4294967296',
    '',
  ])('refuses %j with invalid_value on q', (input) => {
    expect(rejection(() => parseLgSearch('q', input))).toEqual({ field: 'q', code: 'invalid_value' });
  });
});

describe('parseNeighborId and parseRouteServerId', () => {
  it('accept BIRD symbols and route-server names only', () => {
    expect(parseNeighborId('neighborId', 'AS64500_v4_1')).toBe('AS64500_v4_1');
    expect(parseRouteServerId('routeServerId', 'rs1.example')).toBe('rs1.example');
    for (const bad of ['AS1 all', 'AS1;', 'AS1\n', '1abc', 'x'.repeat(65)])
      expect(rejection(() => parseNeighborId('neighborId', bad)).code).toBe('invalid_value');
    expect(rejection(() => parseRouteServerId('routeServerId', '../etc')).code).toBe('invalid_value');
  });
});

describe('parsePageRequest', () => {
  it('defaults and bounds page sizes', () => {
    expect(parsePageRequest(undefined, undefined)).toEqual({ page: 0, pageSize: 100 });
    expect(parsePageRequest('3', String(MAX_PAGE_SIZE))).toEqual({ page: 3, pageSize: MAX_PAGE_SIZE });
    expect(rejection(() => parsePageRequest('0', String(MAX_PAGE_SIZE + 1))).field).toBe('page_size');
    expect(rejection(() => parsePageRequest('0', '0')).field).toBe('page_size');
    expect(rejection(() => parsePageRequest('-1', '10')).field).toBe('page');
    expect(rejection(() => parsePageRequest('1e3', '10')).field).toBe('page');
  });
});
