import { z } from 'zod';
import { PORT_STATES } from '@ixora/domain';
import { idParam } from '../common/id-param.js';

/** Shapes only; the port, switch and interface services check meaning (names, places, addresses). */
const switchRef = z.union([z.number().int(), z.string()]).describe('switch id, or its name (e.g. sw1.fra1)');
const nullableText = z.string().nullable().optional();

const switchFields = {
  name: z.string().describe('a letter first, then letters, digits, "_", ".", ":" or "-" (1-64)'),
  colo: nullableText.describe('where it stands: the facility (IX-F colo)'),
  city: nullableText,
  country: nullableText.describe('ISO 3166 two-letter code'),
  peeringdbFacilityId: z.number().int().nullable().optional().describe('PeeringDB fac id'),
  managementAddress: nullableText.describe('IPv4 or IPv6 host address staff reach it by'),
  manufacturer: nullableText,
  model: nullableText,
};

export const switchCreateBody = z.strictObject({
  ixp: z.string().optional().describe('the Ixp shortname (default: the only one)'),
  ...switchFields,
});
export const switchUpdateBody = z.strictObject({ ...switchFields, name: switchFields.name.optional() });
export const switchParams = z.object({ ref: z.string().describe('switch id or name') });

export const switchResponse = z.object({
  id: z.number().int(),
  ixp: z.string(),
  name: z.string(),
  colo: z.string().nullable(),
  city: z.string().nullable(),
  country: z.string().nullable(),
  peeringdbFacilityId: z.number().int().nullable(),
  managementAddress: z.string().nullable(),
  manufacturer: z.string().nullable(),
  model: z.string().nullable(),
  portCount: z.number().int(),
});

const lagMembers = z
  .union([z.array(z.string()), z.string()])
  .describe('a LAG: its physical member ports on the same switch, e.g. ["Ethernet1/1", "Ethernet1/2"]');

export const portCreateBody = z.strictObject({
  member: z.union([z.number(), z.string()]).describe('the member ASN, e.g. 64500 or "AS64500"'),
  switch: switchRef,
  portName: z.string().describe('the name on the switch; for a LAG its own name (ae12, Port-Channel12)'),
  isLag: z.boolean().optional(),
  lagMembers: lagMembers.optional(),
  linkSpeedMbps: z.number().int().nullable().optional().describe('speed of each physical link, Mbit/s'),
  linkType: nullableText.describe('optic or medium of each link, e.g. 10GBASE-LR'),
  state: z.enum(PORT_STATES).optional(),
});

export const portUpdateBody = z.strictObject({
  isLag: z.boolean().optional(),
  lagMembers: lagMembers.optional(),
  linkSpeedMbps: z.number().int().nullable().optional(),
  linkType: nullableText,
  state: z.enum(PORT_STATES).optional(),
});

export const portMoveBody = z.strictObject({
  switch: switchRef.optional(),
  portName: z.string().optional(),
  lagMembers: lagMembers.optional(),
});

export const portQuery = z.object({
  member: z.string().optional().describe('only this member, e.g. 64500 or AS64500'),
  switch: z.string().optional().describe('only this switch (id or name; staff)'),
});

export const removalQuery = z.object({
  removeSessions: z
    .enum(['true', 'false'])
    .optional()
    .describe(
      'remove the route-server sessions too; without it an enabled session refuses the removal (409)',
    ),
});

export const portParams = z.object({ id: idParam });

export const portResponse = z.object({
  id: z.number().int(),
  memberAsn: z.number().int(),
  memberName: z.string(),
  switchId: z.number().int().nullable(),
  switchName: z.string().nullable(),
  portName: z.string().nullable(),
  isLag: z.boolean(),
  speedMbps: z.number().int().nullable().describe('the whole port: for a LAG the sum of its links'),
  state: z.enum(PORT_STATES),
  interfaces: z.array(
    z.object({
      name: z.string().nullable(),
      speedMbps: z.number().int().nullable(),
      type: z.string().nullable(),
    }),
  ),
  memberInterfaceIds: z.array(z.number().int()),
});

export const memberInterfaceQuery = z.object({
  member: z.string().optional().describe('only this member, e.g. 64500 or AS64500'),
  peeringLanId: z.string().optional(),
  portId: z.string().optional(),
});

export const memberInterfaceViewResponse = z.object({
  id: z.number().int(),
  memberAsn: z.number().int(),
  peeringLanId: z.number().int(),
  peeringLanName: z.string(),
  portId: z.number().int().nullable(),
  portName: z.string().nullable(),
  switchName: z.string().nullable(),
  ipv4Address: z.string().nullable(),
  ipv6Address: z.string().nullable(),
  macAddresses: z.array(z.string()),
  isRouteServerClient: z.boolean(),
  maxPrefixV4: z.number().int().nullable(),
  maxPrefixV6: z.number().int().nullable(),
  sessions: z.array(
    z.object({
      id: z.number().int(),
      routeServer: z.string(),
      family: z.union([z.literal(4), z.literal(6)]),
      isEnabled: z.boolean(),
    }),
  ),
});

export type SwitchCreateBody = z.output<typeof switchCreateBody>;
export type SwitchUpdateBody = z.output<typeof switchUpdateBody>;
export type SwitchParams = z.output<typeof switchParams>;
export type SwitchResponse = z.output<typeof switchResponse>;
export type PortCreateBody = z.output<typeof portCreateBody>;
export type PortUpdateBody = z.output<typeof portUpdateBody>;
export type PortMoveBody = z.output<typeof portMoveBody>;
export type PortQuery = z.output<typeof portQuery>;
export type RemovalQuery = z.output<typeof removalQuery>;
export type PortParams = z.output<typeof portParams>;
export type PortResponse = z.output<typeof portResponse>;
export type MemberInterfaceQuery = z.output<typeof memberInterfaceQuery>;
export type MemberInterfaceViewResponse = z.output<typeof memberInterfaceViewResponse>;
