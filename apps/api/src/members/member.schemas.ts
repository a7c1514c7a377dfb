import { z } from 'zod';
import { idParam } from '../common/id-param.js';
import { MEMBER_STATUSES, MEMBER_TYPES, PORT_STATES } from '@ixora/domain';
import { pageQuery } from '../common/page.js';

/** Shapes only; the member service checks meaning (ASN range, AS-SET syntax, LAN containment). */
const asn = z.union([z.number(), z.string()]).describe('ASN: 64500, "64500" or "AS64500" (1..4294967295)');
const optionalCount = z.number().int().nullable().optional();

const memberFields = {
  name: z.string(),
  status: z.enum(MEMBER_STATUSES).optional(),
  memberType: z.enum(MEMBER_TYPES).optional(),
  url: z.string().nullable().optional(),
  peeringPolicy: z.string().nullable().optional(),
  asSets: z
    .union([z.array(z.string()), z.string()])
    .optional()
    .describe('RPSL as-set names, e.g. ["RIPE::AS-EXAMPLE"]'),
  maxPrefixV4: optionalCount,
  maxPrefixV6: optionalCount,
  isNeverViaRouteServers: z.boolean().optional(),
  isHiddenFromPublic: z.boolean().optional(),
};

export const memberCreateBody = z.strictObject({
  asn,
  ...memberFields,
  allowBogonAsn: z
    .string()
    .optional()
    .describe(
      'staff only: why this bogon ASN (documentation, private-use, AS_TRANS, …) is allowed; without it such an ASN is refused',
    ),
});

/** member_admin may change asSets, peeringPolicy, url and isHiddenFromPublic of its own member. */
export const memberUpdateBody = z.strictObject({ ...memberFields, name: memberFields.name.optional() });

export const memberQuery = pageQuery.extend({ status: z.enum(MEMBER_STATUSES).optional() });

export const asnParams = z.object({ asn: z.string().describe('ASN, e.g. 64500 or AS64500') });
export const idParams = z.object({ id: idParam });

export const memberResponse = z.object({
  asn: z.number().int(),
  name: z.string(),
  status: z.enum(MEMBER_STATUSES),
  memberType: z.enum(MEMBER_TYPES),
  url: z.string().nullable(),
  peeringPolicy: z.string().nullable(),
  memberSince: z.string().nullable(),
  asSets: z.array(z.string()),
  maxPrefixV4: z.number().int().nullable(),
  maxPrefixV6: z.number().int().nullable(),
  isNeverViaRouteServers: z.boolean(),
  isHiddenFromPublic: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const memberInterfaceBody = z.strictObject({
  peeringLanId: z.number().int().optional().describe('required when creating'),
  portId: z.number().int().nullable().optional(),
  ipv4Address: z.string().nullable().optional().describe('inside the peering LAN IPv4 prefix'),
  ipv6Address: z.string().nullable().optional().describe('inside the peering LAN IPv6 prefix'),
  macAddresses: z.array(z.string()).optional(),
  isRouteServerClient: z.boolean().optional(),
  maxPrefixV4: optionalCount,
  maxPrefixV6: optionalCount,
});

export const memberInterfaceResponse = z.object({
  id: z.number().int(),
  peeringLanId: z.number().int(),
  portId: z.number().int().nullable(),
  ipv4Address: z.string().nullable(),
  ipv6Address: z.string().nullable(),
  macAddresses: z.array(z.string()),
  isRouteServerClient: z.boolean(),
  maxPrefixV4: z.number().int().nullable(),
  maxPrefixV6: z.number().int().nullable(),
});

export const portResponse = z.object({
  id: z.number().int(),
  portName: z.string().nullable(),
  speedMbps: z.number().int().nullable(),
  state: z.enum(PORT_STATES),
  interfaces: z.array(z.object({ speedMbps: z.number().int().nullable(), type: z.string().nullable() })),
});

export const memberSessionResponse = z.object({
  id: z.number().int(),
  routeServerId: z.number().int(),
  memberInterfaceId: z.number().int(),
  family: z.union([z.literal(4), z.literal(6)]),
  isEnabled: z.boolean(),
  isPassive: z.boolean(),
  description: z.string().nullable(),
  maxPrefix: z.number().int().nullable(),
});

export const memberDetailResponse = memberResponse.extend({
  ports: z.array(portResponse),
  interfaces: z.array(memberInterfaceResponse),
  sessions: z.array(memberSessionResponse),
});

export type MemberCreateBody = z.output<typeof memberCreateBody>;
export type MemberUpdateBody = z.output<typeof memberUpdateBody>;
export type MemberQuery = z.output<typeof memberQuery>;
export type AsnParams = z.output<typeof asnParams>;
export type IdParams = z.output<typeof idParams>;
export type MemberResponse = z.output<typeof memberResponse>;
export type MemberDetailResponse = z.output<typeof memberDetailResponse>;
export type MemberInterfaceBody = z.output<typeof memberInterfaceBody>;
export type MemberInterfaceResponse = z.output<typeof memberInterfaceResponse>;
