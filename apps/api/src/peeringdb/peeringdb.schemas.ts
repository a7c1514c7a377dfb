import { z } from 'zod';
import { idParam } from '../common/id-param.js';
import { PEERINGDB_FOLLOW_FIELDS } from '@ixora/peeringdb';
import { memberInterfaceResponse, memberResponse } from '../members/member.schemas.js';

const address = z.string().nullable();

export const checkQuery = z.strictObject({
  ixpId: idParam.optional().describe('the Ixp; optional when there is only one'),
});

export const checkResponse = z.object({
  ixpId: z.number().int(),
  peeringdbIxId: z.number().int(),
  mirrorSyncedAt: z.string().nullable().describe('when the mirror last synced netixlans; null: never'),
  lastSyncRun: z
    .object({ runId: z.string(), status: z.string(), startedAt: z.string(), error: z.string().nullable() })
    .nullable()
    .describe('the latest sync; "partial" or "failed" means some of the mirror is stale (see staleTypes)'),
  staleTypes: z
    .array(
      z.object({
        objectType: z.string(),
        runId: z.string().nullable(),
        failedAt: z.string(),
        error: z.string(),
        lastSyncedAt: z.string().nullable().describe('when its rows were last synced; null: never'),
      }),
    )
    .describe('PeeringDB object types whose last sync failed: the mirror keeps their last good rows'),
  isConsistent: z.boolean(),
  missing: z.array(
    z.object({
      asn: z.number().int(),
      netName: z.string(),
      netixlanId: z.number().int(),
      ipv4Address: address,
      ipv6Address: address,
      reason: z.enum(['member_missing', 'interface_missing']),
    }),
  ),
  extra: z.array(
    z.object({
      asn: z.number().int(),
      memberName: z.string(),
      interfaceId: z.number().int(),
      ipv4Address: address,
      ipv6Address: address,
      reason: z.enum(['not_in_peeringdb', 'address_not_in_peeringdb']),
    }),
  ),
  differentAddresses: z.array(
    z.object({
      asn: z.number().int(),
      memberName: z.string(),
      interfaceId: z.number().int(),
      netixlanId: z.number().int(),
      ixora: z.object({ ipv4Address: address, ipv6Address: address }),
      peeringdb: z.object({ ipv4Address: address, ipv6Address: address }),
    }),
  ),
  neverViaRouteServersWithSessions: z.array(
    z.object({ asn: z.number().int(), memberName: z.string(), enabledSessions: z.number().int() }),
  ),
});

export const syncBody = z.strictObject({
  full: z.boolean().optional().describe('fetch everything and delete what PeeringDB no longer lists'),
});

export const onboardBody = z.strictObject({
  asn: z.union([z.number().int(), z.string()]).describe('the network to onboard, e.g. 64500 or "AS64500"'),
  ixpId: z.number().int().positive().optional(),
  source: z
    .enum(['api', 'mirror'])
    .optional()
    .describe('read PeeringDB live (default) or from the synced mirror'),
  name: z.string().optional().describe("given here: staff's own value, not followed"),
  asSets: z.union([z.string(), z.array(z.string())]).optional(),
  maxPrefixV4: z.number().int().optional(),
  maxPrefixV6: z.number().int().optional(),
  status: z.string().optional(),
  allowBogonAsn: z
    .string()
    .optional()
    .describe(
      'staff only: why this bogon ASN (documentation, private-use, AS_TRANS, …) is allowed; without it such an ASN is refused',
    ),
});

export const followFields = z.array(z.enum(PEERINGDB_FOLLOW_FIELDS));

export const onboardResponse = z.object({
  member: memberResponse,
  interfaces: z.array(memberInterfaceResponse),
  follow: followFields,
  warnings: z.array(z.string()),
});

export const followBody = z.strictObject({ follow: followFields });
export const followResponse = z.object({ asn: z.number().int(), follow: followFields });
export const asnParams = z.strictObject({ asn: z.string().describe('ASN, e.g. 64500 or AS64500') });

export type CheckQuery = z.output<typeof checkQuery>;
export type CheckResponse = z.output<typeof checkResponse>;
export type SyncBody = z.output<typeof syncBody>;
export type OnboardBody = z.output<typeof onboardBody>;
export type OnboardResponse = z.output<typeof onboardResponse>;
export type FollowBody = z.output<typeof followBody>;
export type FollowResponse = z.output<typeof followResponse>;
export type AsnParams = z.output<typeof asnParams>;
