import { DEFAULT_TRANSIT_FREE_ASNS, MAX_PREFIX_LIMIT } from '@ixora/bird-config';
import { invalidValue } from '@ixora/errors';
import { Asn } from '@ixora/net';
import type { Ixp } from '../entities/ixp.entity.js';
import { optionalAddress, optionalText } from './validate.js';

/**
 * The exchange-wide settings (`ixora ixp show|set`, `GET|PATCH /api/v1/ixps/SHORTNAME`): one entry
 * per Ixp column staff may change, with the words `ixp show` explains it in and the parser of a
 * new value. The import-policy defaults of the Ixp are `ixora policy set --ixp`, not these.
 */
export const IXP_SETTINGS = {
  name: {
    meaning: 'full name, shown in config headers and the looking glass',
    parse: (value: unknown, field: string) => optionalText(value, field, 255),
  },
  country: { meaning: 'ISO 3166 two-letter country code', parse: optionalCountry },
  url: { meaning: 'web site (http or https)', parse: optionalUrl },
  supportEmail: { meaning: "the NOC's e-mail address", parse: optionalEmail },
  peeringdbIxId: { meaning: 'PeeringDB ix id of this exchange', parse: optionalId },
  transitFreeAsns: {
    meaning:
      'ASNs never accepted behind a peer (where enforceTransitFree is on); "default": the well-known list',
    parse: parseAsnList,
  },
  blackholeNextHopV4: {
    meaning: "IPv4 next hop of accepted blackhole routes (RFC 7999); empty: the member's own",
    parse: (value: unknown, field: string) => optionalAddress(value, 4, field),
  },
  blackholeNextHopV6: {
    meaning: "IPv6 next hop of accepted blackhole routes (RFC 7999); empty: the member's own",
    parse: (value: unknown, field: string) => optionalAddress(value, 6, field),
  },
  isGracefulShutdown: {
    meaning: 'graceful shutdown (RFC 8326) of every route server: all routes sent carry 65535:0',
    parse: parseSwitch,
  },
  membersMayAllowBlackhole: {
    meaning: 'members may opt their own sessions into blackholing (allowBlackhole, RFC 7999)',
    parse: parseSwitch,
  },
  defaultMaxPrefixV4: {
    meaning: 'IPv4 max-prefix of a member without its own limit or a PeeringDB figure',
    parse: integerIn(1, MAX_PREFIX_LIMIT),
  },
  defaultMaxPrefixV6: {
    meaning: 'IPv6 max-prefix of a member without its own limit or a PeeringDB figure',
    parse: integerIn(1, MAX_PREFIX_LIMIT),
  },
  maxPrefixHeadroomPercent: {
    meaning: "percent added to PeeringDB's info_prefixes4/6 for a member's max-prefix",
    parse: integerIn(0, 1000),
  },
  impactGuardPercent: {
    meaning:
      "a deploy stops when it would newly filter more than this percent of any member's accepted routes in a family (--force overrides)",
    parse: integerIn(0, 100),
  },
} as const satisfies Record<string, { meaning: string; parse: (value: unknown, field: string) => unknown }>;

export type IxpSettingKey = keyof typeof IXP_SETTINGS;
export const IXP_SETTING_KEYS = Object.keys(IXP_SETTINGS) as IxpSettingKey[];
export type IxpSettings = Pick<Ixp, IxpSettingKey>;

/** Checks a change of exchange-wide settings; each problem names the setting and the value. */
export function parseIxpSettingsPatch(input: unknown): Partial<IxpSettings> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw invalidValue('settings', input, 'must be an object of exchange-wide settings');
  }
  const patch: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    if (!(key in IXP_SETTINGS)) {
      throw invalidValue(key, value, `is not an exchange-wide setting (${IXP_SETTING_KEYS.join(', ')})`);
    }
    patch[key] = IXP_SETTINGS[key as IxpSettingKey].parse(value, key);
  }
  return patch;
}

export function ixpSettingsOf(ixp: Ixp): IxpSettings {
  return Object.fromEntries(IXP_SETTING_KEYS.map((key) => [key, ixp[key]])) as unknown as IxpSettings;
}

function optionalCountry(value: unknown, field: string): string | null {
  if (value === null || value === '') return null;
  if (typeof value !== 'string' || !/^[A-Z]{2}$/.test(value))
    throw invalidValue(field, value, 'must be an ISO 3166 two-letter code, e.g. DE');
  return value;
}

function optionalUrl(value: unknown, field: string): string | null {
  if (value === null || value === '') return null;
  if (typeof value !== 'string' || value.length > 255 || !URL.canParse(value) || !/^https?:\/\//.test(value))
    throw invalidValue(field, value, 'must be an http or https URL');
  return value;
}

function optionalEmail(value: unknown, field: string): string | null {
  if (value === null || value === '') return null;
  if (typeof value !== 'string' || value.length > 254 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value))
    throw invalidValue(field, value, 'must be an e-mail address');
  return value;
}

function optionalId(value: unknown, field: string): number | null {
  if (value === null || value === '') return null;
  return integerIn(1, 2_147_483_647)(value, field);
}

function integerIn(min: number, max: number) {
  return (value: unknown, field: string): number => {
    const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max)
      throw invalidValue(field, value, `must be a whole number ${min}..${max}`);
    return n;
  };
}

function parseSwitch(value: unknown, field: string): boolean {
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  throw invalidValue(field, value, 'must be true or false');
}

/**
 * A list of ASNs: an array, or text separated by commas or spaces ("AS174, 701"); "default" is
 * the built-in list, an empty list turns the check off. Sorted, without repeats.
 */
function parseAsnList(value: unknown, field: string): number[] {
  if (value === 'default') return [...DEFAULT_TRANSIT_FREE_ASNS];
  const items =
    typeof value === 'string'
      ? value.split(/[\s,]+/).filter((word) => word !== '')
      : typeof value === 'number'
        ? [value]
        : value;
  if (!Array.isArray(items)) throw invalidValue(field, value, 'must be a list of ASNs, e.g. 174,1299');
  const asns = items.map((item: unknown, i) => {
    if (typeof item !== 'string' && typeof item !== 'number')
      throw invalidValue(`${field}[${i}]`, item, 'is not an ASN');
    return Asn.parse(item, `${field}[${i}]`).value;
  });
  return [...new Set(asns)].sort((a, b) => a - b);
}
