import { z } from 'zod';
import { IXP_SETTINGS } from '@ixora/domain';

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

const meaning = (key: keyof typeof IXP_SETTINGS): string => IXP_SETTINGS[key].meaning;

/** The exchange-wide settings; the service checks values further (addresses inside a peering LAN). */
const ixpSettings = {
  name: z.string().nullable().describe(meaning('name')),
  country: z.string().nullable().describe(meaning('country')),
  url: z.string().nullable().describe(meaning('url')),
  supportEmail: z.string().nullable().describe(meaning('supportEmail')),
  peeringdbIxId: z.number().int().nullable().describe(meaning('peeringdbIxId')),
  transitFreeAsns: z.array(z.number().int()).describe(meaning('transitFreeAsns')),
  blackholeNextHopV4: z.string().nullable().describe(meaning('blackholeNextHopV4')),
  blackholeNextHopV6: z.string().nullable().describe(meaning('blackholeNextHopV6')),
  isGracefulShutdown: z.boolean().describe(meaning('isGracefulShutdown')),
  membersMayAllowBlackhole: z.boolean().describe(meaning('membersMayAllowBlackhole')),
  defaultMaxPrefixV4: z.number().int().describe(meaning('defaultMaxPrefixV4')),
  defaultMaxPrefixV6: z.number().int().describe(meaning('defaultMaxPrefixV6')),
  maxPrefixHeadroomPercent: z.number().int().describe(meaning('maxPrefixHeadroomPercent')),
  impactGuardPercent: z.number().int().describe(meaning('impactGuardPercent')),
} satisfies Record<keyof typeof IXP_SETTINGS, z.ZodType>;

export const ixpSettingsResponse = z.object({ id: z.number().int(), shortname: z.string(), ...ixpSettings });
/** A change: only the settings named change; `null` clears a text or an address. */
export const ixpSettingsPatch = z.strictObject(ixpSettings).partial();
export const ixpParams = z.object({ shortname: z.string().min(1).max(64) });

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
export type IxpSettingsResponse = z.output<typeof ixpSettingsResponse>;
export type IxpSettingsPatch = z.output<typeof ixpSettingsPatch>;
export type PeeringLanBody = z.output<typeof peeringLanBody>;
export type PeeringLanResponse = z.output<typeof peeringLanResponse>;
