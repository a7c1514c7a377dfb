import { z } from 'zod';
import { idParam } from '../common/id-param.js';
import { IMPORT_POLICY_SETTINGS, unknownSettingReason, type PolicySettingSpec } from '@ixora/bird-config';
import type { ImportPolicyColumns } from '@ixora/domain';

function schemaOf(spec: PolicySettingSpec): z.ZodType {
  const who = spec.memberMaySet ? ' (a member may set it)' : '';
  const type =
    spec.kind === 'choice'
      ? z.enum(spec.choices as [string, ...string[]])
      : spec.kind === 'integer'
        ? z.number().int().min(spec.min).max(spec.max)
        : z.boolean();
  return type.nullable().describe(`${spec.meaning}; default ${String(spec.default)}${who}`);
}

/**
 * Every import-policy setting, from the one settings table; `null` inherits from the level above
 * (session > member > Ixp > built-in).
 */
const settings = Object.fromEntries(IMPORT_POLICY_SETTINGS.map((spec) => [spec.key, schemaOf(spec)])) as {
  [K in keyof ImportPolicyColumns]: z.ZodType<ImportPolicyColumns[K]>;
};

export const policyResponse = z.object(settings);
/** A change: only the settings named change; an old setting name is answered with the new one. */
export const policyPatch = z
  .strictObject(settings, {
    error: (issue) =>
      issue.code === 'unrecognized_keys' && typeof issue.keys[0] === 'string'
        ? unknownSettingReason(issue.keys[0])
        : undefined,
  })
  .partial();

export const ixpPolicyParams = z.object({ shortname: z.string().min(1).max(64) });
export const memberPolicyParams = z.object({ asn: z.string().describe('ASN, e.g. 64500 or AS64500') });
export const sessionSettingsParams = z.object({ id: idParam });

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
    IMPORT_POLICY_SETTINGS.map(({ key }) => [key, policy[key] ?? null]),
  ) as PolicyResponse;
}
