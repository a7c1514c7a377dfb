import { z } from 'zod';
import { idParam } from '../common/id-param.js';
import { MEMBER_REQUEST_KINDS, MEMBER_REQUEST_STATES } from '@ixora/domain';
import { pageQuery } from '../common/page.js';

const asn = z.union([z.number(), z.string()]).describe('ASN: 64500, "64500" or "AS64500"');
const limit = z.number().int().nullable().optional();

/** Shapes only; the request service checks meaning (AS-SET syntax, limits, whose member). */
export const memberRequestCreateBody = z.strictObject({
  memberAsn: asn.optional().describe('the member whose filters change (leave out with sessionId)'),
  sessionId: z.number().int().optional().describe("one of the member's route-server sessions"),
  asSets: z
    .union([z.array(z.string()), z.string()])
    .optional()
    .describe('the full new list of RPSL as-set names, e.g. ["RIPE::AS-EXAMPLE"]'),
  maxPrefixV4: limit.describe("the member's IPv4 max-prefix limit; null: inherit"),
  maxPrefixV6: limit.describe("the member's IPv6 max-prefix limit; null: inherit"),
  maxPrefix: limit.describe("the session's max-prefix limit (with sessionId); null: inherit"),
  note: z.string().max(2000).optional().describe('why, for staff'),
});

export const memberRequestQuery = pageQuery.extend({
  state: z.enum(MEMBER_REQUEST_STATES).optional(),
  memberAsn: z.string().optional().describe('staff: only this member'),
});

export const memberRequestIdParams = z.object({ id: idParam });

export const memberRequestDecisionBody = z.strictObject({
  reason: z.string().max(2000).optional().describe('required to decline: tell the member why'),
});

const values = z
  .object({
    asSets: z.array(z.string()).optional(),
    maxPrefixV4: z.number().int().nullable().optional(),
    maxPrefixV6: z.number().int().nullable().optional(),
    maxPrefix: z.number().int().nullable().optional(),
  })
  .describe('only the fields the request changes');

export const memberRequestResponse = z.object({
  id: z.number().int(),
  memberAsn: z.number().int(),
  memberName: z.string(),
  kind: z.enum(MEMBER_REQUEST_KINDS),
  sessionId: z.number().int().nullable(),
  state: z.enum(MEMBER_REQUEST_STATES),
  currentValue: values.describe('the values when the request was made'),
  proposedValue: values,
  note: z.string().nullable(),
  requestedBy: z.string(),
  createdAt: z.string(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  reason: z.string().nullable(),
});

export type MemberRequestCreateBody = z.output<typeof memberRequestCreateBody>;
export type MemberRequestQuery = z.output<typeof memberRequestQuery>;
export type MemberRequestIdParams = z.output<typeof memberRequestIdParams>;
export type MemberRequestDecisionBody = z.output<typeof memberRequestDecisionBody>;
export type MemberRequestResponse = z.output<typeof memberRequestResponse>;
