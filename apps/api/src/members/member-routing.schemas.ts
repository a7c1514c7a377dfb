import { z } from 'zod';
import { DEFAULT_ROUTES_PAGE_SIZE, MAX_ROUTES_PAGE_SIZE, ROUTE_STATES } from '@ixora/member-routing';

/** Shapes only; the service checks meaning (session name, ranges) and names the field. */
export const memberRoutesQuery = z.strictObject({
  session: z.string().optional().describe('one session: "<route server>/<session>", e.g. "rs1/AS64500_1"'),
  state: z.enum(ROUTE_STATES).optional().describe('accepted, filtered, or all (default)'),
  limit: z
    .string()
    .optional()
    .describe(`routes per page, 1..${MAX_ROUTES_PAGE_SIZE} (default ${DEFAULT_ROUTES_PAGE_SIZE})`),
  offset: z.string().optional().describe('routes to skip (filtered routes come first)'),
});
export type MemberRoutesQueryInput = z.output<typeof memberRoutesQuery>;

const reason = z.object({
  code: z.number().int().describe('the n of the RS_ASN:1101:n large community'),
  key: z.string(),
  words: z.string(),
});

export const memberRoutesResponse = z.object({
  asn: z.number().int(),
  sessions: z.array(
    z.object({
      id: z.string().describe('"<route server>/<session>", the value of the session filter'),
      routeServer: z.string(),
      protocol: z.string(),
      family: z.enum(['ipv4', 'ipv6']).nullable(),
      address: z.string(),
      bgpState: z.string(),
      accepted: z.number().int(),
      filtered: z.number().int(),
    }),
  ),
  items: z.array(
    z.object({
      session: z.string(),
      routeServer: z.string(),
      prefix: z.string(),
      state: z.enum(['accepted', 'filtered']),
      asPath: z.array(z.number().int()),
      nextHop: z.string().nullable(),
      originAsn: z.number().int().nullable(),
      reason: reason.nullable().describe('filtered routes: why, from the reason community'),
      advice: z.string().nullable().describe('filtered routes: what to do about it'),
    }),
  ),
  total: z.number().int().describe('routes matching, over all pages'),
  limit: z.number().int(),
  offset: z.number().int(),
  unavailable: z.array(z.object({ routeServer: z.string(), error: z.string() })),
  readAt: z.string().nullable().describe('when the oldest route-server snapshot shown was read'),
});
export type MemberRoutesResponse = z.output<typeof memberRoutesResponse>;

export const memberHygieneResponse = z.object({
  asn: z.number().int(),
  counts: z.object({
    prefixes: z.number().int(),
    announced: z.number().int(),
    irrCovered: z.number().int(),
    rpkiValid: z.number().int(),
    rpkiInvalid: z.number().int(),
    rpkiUnknown: z.number().int(),
  }),
  todos: z.array(z.object({ key: z.string(), text: z.string(), prefixes: z.array(z.string()) })),
  prefixes: z.array(
    z.object({
      prefix: z.string(),
      family: z.union([z.literal(4), z.literal(6)]),
      irr: z.enum(['exact', 'covered', 'none']),
      irrCoveredBy: z.string().nullable(),
      rpki: z.enum(['valid', 'invalid', 'unknown']).describe('RFC 6811 origin validation state'),
      roas: z.array(z.string()).describe('covering ROAs, "prefix-maxLength ASn"'),
      origins: z.array(z.number().int()),
      isAnnounced: z.boolean(),
      isNeverRouted: z
        .boolean()
        .describe('filtered everywhere for a reason no route object or ROA fixes (bogon, length)'),
      acceptedBy: z.array(z.string()),
      filteredBy: z.array(z.object({ routeServer: z.string(), reason: z.string() })),
    }),
  ),
});
export type MemberHygieneResponse = z.output<typeof memberHygieneResponse>;
