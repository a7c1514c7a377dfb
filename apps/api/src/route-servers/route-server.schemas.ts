import { z } from 'zod';

export const routeServerBody = z.strictObject({
  name: z.string().describe('1-63 letters, digits, "_", "." or "-"'),
  asn: z.union([z.number(), z.string()]).describe('ASN of the route server'),
  routerId: z.string().describe('BGP router id (an IPv4 address)'),
  ipv4Address: z.string().nullable().optional().describe('inside a peering LAN IPv4 prefix'),
  ipv6Address: z.string().nullable().optional().describe('inside the same peering LAN IPv6 prefix'),
  socketPath: z.string().nullable().optional().describe('BIRD control socket on this machine'),
  agentUrl: z.string().nullable().optional().describe('URL of the agent beside the BIRD'),
});

export const nameParams = z.object({ name: z.string() });

export const routeServerReachBody = z.strictObject({
  socketPath: z.string().nullable().describe('BIRD control socket on this machine, or null'),
  agentUrl: z
    .string()
    .nullable()
    .describe('URL of the agent beside the BIRD, or null (both null: BIRD_SOCKET)'),
});

export const routeServerResponse = z.object({
  id: z.number().int(),
  name: z.string(),
  asn: z.number().int(),
  routerId: z.string(),
  ipv4Address: z.string().nullable(),
  ipv6Address: z.string().nullable(),
  peeringLanId: z.number().int(),
  socketPath: z.string().nullable().optional().describe('staff only'),
  agentUrl: z.string().nullable().optional().describe('staff only'),
});

export const routeServerCreatedResponse = routeServerResponse.extend({
  sessionsCreated: z
    .number()
    .int()
    .describe('sessions created with the flagged member interfaces of the LAN'),
});

export type RouteServerBody = z.output<typeof routeServerBody>;
export type NameParams = z.output<typeof nameParams>;
export type RouteServerReachBody = z.output<typeof routeServerReachBody>;
export type RouteServerResponse = z.output<typeof routeServerResponse>;
export type RouteServerCreatedResponse = z.output<typeof routeServerCreatedResponse>;
