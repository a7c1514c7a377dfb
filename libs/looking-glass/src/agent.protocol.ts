import { createHash, timingSafeEqual } from 'node:crypto';
import { checkSymbol } from '@ixora/bird-client';
import { invalidValue } from '@ixora/errors';
import { ROUTE_READ_KINDS, type RouteRead } from './route-server.reader.js';

/**
 * The wire format between the API and `ixora agent` (HTTPS beside a remote BIRD):
 *
 * - `GET /lg/v1/status` → BirdStatus JSON
 * - `GET /lg/v1/protocols` → BirdProtocolDetail[] JSON
 * - `GET /lg/v1/routes?kind=accepted|filtered&table=NAME` or `?kind=export|noexport&protocol=NAME` → NDJSON, one
 *   BirdRoute per line, then `{"end":true}` (or `{"error":"…"}`), so a cut stream is never
 *   mistaken for a short table.
 *
 * Every request carries `Authorization: Bearer <token>` (RFC 6750), the route server's own token.
 */
export const AGENT_BASE_PATH = '/lg/v1';

export type AgentStreamTrailer = { readonly end: true } | { readonly error: string };

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

/** Compares digests, so neither the length nor the content of the token leaks through timing. */
export function isTokenMatch(expected: string, header: string | undefined): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (!match?.[1]) return false;
  const digest = (text: string): Buffer => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(expected), digest(match[1]));
}
