import { z } from 'zod';
import { BILATERAL_PEER_SOURCES, PEERING_REQUEST_STATES } from '@ixora/domain';
import { idParam } from '../common/id-param.js';
import { pageQuery } from '../common/page.js';

const asn = z.union([z.number(), z.string()]).describe('ASN: 64500, "64500" or "AS64500"');
const family = z.union([z.literal(4), z.literal(6), z.enum(['4', '6', 'ipv4', 'ipv6'])]);

/** Shapes only; the service checks meaning (the peer, the member's addresses, limits). */
export const peeringRequestCreateBody = z.strictObject({
  toAsn: asn.describe('the member asked'),
  families: z.array(family).min(1).max(2).describe('the address families proposed: 4 and/or 6'),
  message: z.string().max(2000).describe('what the asked member reads'),
});

export const peeringRequestAnswerBody = z.strictObject({
  reply: z.string().max(2000).optional().describe('for the requesting member'),
});

export const peeringRequestQuery = pageQuery.extend({
  direction: z.enum(['incoming', 'outgoing']).optional().describe('received or sent; both when left out'),
  state: z.enum(PEERING_REQUEST_STATES).optional(),
});

export const memberAsnParams = z.object({ asn: z.string().describe('your member: 64500 or AS64500') });
export const peeringRequestParams = memberAsnParams.extend({ id: idParam });
export const bilateralPeerParams = memberAsnParams.extend({
  peerAsn: z.string().describe('the peer: 64501 or AS64501'),
});

const memberName = z.object({ asn: z.number().int(), name: z.string() });

export const peeringRequestResponse = z.object({
  id: z.number().int(),
  from: memberName,
  to: memberName,
  direction: z.enum(['incoming', 'outgoing']).describe("relative to the path's member"),
  families: z.array(z.number().int()),
  addresses: z.array(z.string()).describe("the requester's addresses on the exchange"),
  message: z.string(),
  state: z.enum(PEERING_REQUEST_STATES),
  requestedBy: z.string(),
  createdAt: z.string(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  reply: z.string().nullable(),
});

export const bilateralPeerBody = z.strictObject({
  peerAsn: asn.describe('the member you already peer with'),
  note: z.string().max(500).optional(),
});

export const bilateralPeerResponse = z.object({
  peer: memberName,
  source: z.enum(BILATERAL_PEER_SOURCES).describe('request: an accepted request; manual: recorded by hand'),
  peeringRequestId: z.number().int().nullable(),
  note: z.string().nullable(),
  recordedBy: z.string(),
  createdAt: z.string(),
});

export type PeeringRequestCreateBody = z.output<typeof peeringRequestCreateBody>;
export type PeeringRequestAnswerBody = z.output<typeof peeringRequestAnswerBody>;
export type PeeringRequestQuery = z.output<typeof peeringRequestQuery>;
export type MemberAsnParams = z.output<typeof memberAsnParams>;
export type PeeringRequestParams = z.output<typeof peeringRequestParams>;
export type BilateralPeerParams = z.output<typeof bilateralPeerParams>;
export type PeeringRequestResponse = z.output<typeof peeringRequestResponse>;
export type BilateralPeerBody = z.output<typeof bilateralPeerBody>;
export type BilateralPeerResponse = z.output<typeof bilateralPeerResponse>;
