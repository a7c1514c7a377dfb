import { z } from 'zod';
import {
  BGP_ROLES,
  MAX_PREFIX_ACTIONS,
  NEXT_HOP_POLICIES,
  RPKI_POLICIES,
  type ImportPolicyColumns,
} from '@ixora/domain';

/** Every import-policy setting; `null` inherits from the level above (session > member > Ixp > built-in). */
const settings = {
  nextHopPolicy: z.enum(NEXT_HOP_POLICIES).nullable(),
  asPathMaxLength: z.number().int().min(1).max(255).nullable(),
  prefixMinLengthV4: z.number().int().min(0).max(32).nullable(),
  prefixMaxLengthV4: z.number().int().min(0).max(32).nullable(),
  prefixMinLengthV6: z.number().int().min(0).max(128).nullable(),
  prefixMaxLengthV6: z.number().int().min(0).max(128).nullable(),
  isIrrOriginEnforced: z.boolean().nullable(),
  isIrrPrefixEnforced: z.boolean().nullable(),
  isIrrMoreSpecificAllowed: z.boolean().nullable(),
  rpkiPolicy: z.enum(RPKI_POLICIES).nullable(),
  isTransitFreeEnforced: z.boolean().nullable(),
  bgpRole: z.enum(BGP_ROLES).nullable(),
  isAddPathEnabled: z.boolean().nullable(),
  maxPrefixAction: z.enum(MAX_PREFIX_ACTIONS).nullable(),
  maxPrefixRestartMinutes: z.number().int().min(1).max(1440).nullable(),
  isBlackholeAllowed: z.boolean().nullable(),
};

export const policyResponse = z.object(settings);
/** A change: only the settings named change. */
export const policyPatch = z.strictObject(settings).partial();

export const ixpPolicyParams = z.object({ shortname: z.string().min(1).max(64) });
export const memberPolicyParams = z.object({ asn: z.string().describe('ASN, e.g. 64500 or AS64500') });
export const sessionSettingsParams = z.object({ id: z.string().regex(/^\d{1,9}$/, 'must be a session id') });

export const sessionSettingsPatch = z.strictObject({
  policy: policyPatch.optional(),
  maxPrefix: z.number().int().positive().nullable().optional(),
  md5Password: z.string().nullable().optional().describe('TCP MD5 key (RFC 2385); write-only'),
  isPassive: z.boolean().optional(),
  description: z.string().max(255).nullable().optional(),
});

export const sessionSettingsResponse = z.object({
  id: z.number().int(),
  maxPrefix: z.number().int().nullable(),
  hasMd5Password: z.boolean(),
  isPassive: z.boolean(),
  description: z.string().nullable(),
  policy: policyResponse,
});

export type PolicyResponse = z.output<typeof policyResponse>;
export type PolicyPatch = z.output<typeof policyPatch>;
export type SessionSettingsPatch = z.output<typeof sessionSettingsPatch>;
export type SessionSettingsResponse = z.output<typeof sessionSettingsResponse>;

export function toPolicyResponse(policy: ImportPolicyColumns): PolicyResponse {
  return Object.fromEntries(
    Object.keys(settings).map((key) => [key, policy[key as keyof ImportPolicyColumns] ?? null]),
  ) as PolicyResponse;
}
