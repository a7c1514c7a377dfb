import { checkSymbol } from '@ixora/bird-client';
import { invalidValue } from '@ixora/errors';
import { ROUTE_READ_KINDS, type RouteRead } from './route-server.reader.js';

// The route reads' query string of the agent protocol (paths, token check: @ixora/agent-protocol).

/** The route read a query string asks for; anything else is a 400 before BIRD is asked. */
export function parseRouteRead(params: URLSearchParams): RouteRead {
  const kind = params.get('kind');
  if (!ROUTE_READ_KINDS.includes(kind as (typeof ROUTE_READ_KINDS)[number]))
    throw invalidValue('kind', kind, `must be one of ${ROUTE_READ_KINDS.join(', ')}`);
  if (kind === 'accepted' || kind === 'filtered')
    return { kind, table: checkSymbol('table', params.get('table') ?? '') };
  const protocol = checkSymbol('protocol', params.get('protocol') ?? '');
  return { kind: kind as 'export' | 'noexport', protocol };
}

export function routeReadSearch(read: RouteRead): string {
  const params = new URLSearchParams({ kind: read.kind });
  if (read.kind === 'export' || read.kind === 'noexport') params.set('protocol', read.protocol);
  else params.set('table', read.table);
  return params.toString();
}
