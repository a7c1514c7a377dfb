import { z } from 'zod';

export const ixpBody = z.strictObject({
  shortname: z.string().describe('1-64 letters, digits, spaces, "_", "." or "-"'),
  name: z.string().optional(),
  country: z.string().optional().describe('ISO 3166 two-letter code'),
  url: z.string().optional(),
});

export const ixpResponse = z.object({
  id: z.number().int(),
  shortname: z.string(),
  name: z.string().nullable(),
  country: z.string().nullable(),
  url: z.string().nullable(),
  peeringdbIxId: z.number().int().nullable(),
});

export const peeringLanBody = z.strictObject({
  ixp: z.string().optional().describe('shortname of the Ixp; optional when there is only one'),
  name: z.string(),
  vlanId: z.number().int().optional(),
  prefixV4: z.string().optional().describe('IPv4 prefix, e.g. 192.0.2.0/24'),
  prefixV6: z.string().optional().describe('IPv6 prefix, e.g. 2001:db8::/64'),
});

export const peeringLanResponse = z.object({
  id: z.number().int(),
  ixpId: z.number().int(),
  name: z.string(),
  vlanId: z.number().int().nullable(),
  prefixV4: z.string().nullable(),
  prefixV6: z.string().nullable(),
});

export type IxpBody = z.output<typeof ixpBody>;
export type IxpResponse = z.output<typeof ixpResponse>;
export type PeeringLanBody = z.output<typeof peeringLanBody>;
export type PeeringLanResponse = z.output<typeof peeringLanResponse>;
