import { invalidValue } from '@ixora/errors';
import { checkMd5Password } from './bird-text.js';
import type {
  AddressFamily,
  ImportPolicySettings,
  IxpPolicyDefaults,
  MaxPrefixSource,
  MemberPolicyOverrides,
  ResolvedImportPolicy,
  SessionPolicyOverrides,
} from './route-server-config.model.js';

const SETTING_KEYS = [
  'nextHopPolicy',
  'maxAsPathLength',
  'minPrefixLengthV4',
  'maxPrefixLengthV4',
  'minPrefixLengthV6',
  'maxPrefixLengthV6',
  'irrEnforceOrigin',
  'irrEnforcePrefix',
  'irrAllowMoreSpecifics',
  'rpkiPolicy',
  'maxPrefixAction',
  'maxPrefixRestartMinutes',
  'allowBlackhole',
  'enforceTransitFree',
  'bgpRole',
  'passive',
  'addPath',
] as const satisfies readonly (keyof ImportPolicySettings)[];

/**
 * Ixp defaults that follow RFC 7947/7948, the MANRS actions for IXPs and common route-server
 * practice (DESIGN §7): strict next hop, AS_PATH ≤ 64, v4 /8–/24, v6 /16–/48, IRR origin and
 * prefix enforced, RPKI invalid rejected, restart after 30 minutes on max-prefix. Blackholing is
 * opt-in per member: it needs the or-longer prefix set, which doubles the member's set entries.
 */
export const DEFAULT_IXP_POLICY: IxpPolicyDefaults = Object.freeze({
  nextHopPolicy: 'strict',
  maxAsPathLength: 64,
  minPrefixLengthV4: 8,
  maxPrefixLengthV4: 24,
  minPrefixLengthV6: 16,
  maxPrefixLengthV6: 48,
  irrEnforceOrigin: true,
  irrEnforcePrefix: true,
  irrAllowMoreSpecifics: false,
  rpkiPolicy: 'reject-invalid',
  maxPrefixAction: 'restart',
  maxPrefixRestartMinutes: 30,
  allowBlackhole: false,
  enforceTransitFree: true,
  bgpRole: 'rs_server',
  passive: false,
  addPath: false,
  maxPrefixesV4: 100,
  maxPrefixesV6: 20,
  maxPrefixHeadroomPercent: 20,
});

/** The settings that take one of a few words, and those words. */
export const POLICY_CHOICES: Readonly<Partial<Record<keyof ImportPolicySettings, readonly string[]>>> = {
  nextHopPolicy: ['strict', 'same-member'],
  rpkiPolicy: ['reject-invalid', 'tag-only', 'off'],
  maxPrefixAction: ['restart', 'block', 'disable', 'warn'],
  bgpRole: ['rs_server', 'none'],
};

/** The settings that are true or false. */
export const POLICY_SWITCHES: ReadonlySet<keyof ImportPolicySettings> = new Set<keyof ImportPolicySettings>([
  'irrEnforceOrigin',
  'irrEnforcePrefix',
  'irrAllowMoreSpecifics',
  'allowBlackhole',
  'enforceTransitFree',
  'passive',
  'addPath',
]);

/**
 * The well-known transit-free networks that route-server generators ship as their default list
 * (Cogent, Verizon, Arelion, NTT, GTT, Deutsche Telekom, Lumen, Telxius, Tata, Zayo, Telecom
 * Italia Sparkle, Liberty Global, AT&T, Orange): a route with one of them behind the peer is a
 * leak (RS:1101:14). Each Ixp starts with this list and may edit it.
 */
export const DEFAULT_TRANSIT_FREE_ASNS: readonly number[] = Object.freeze([
  174, 701, 1299, 2914, 3257, 3320, 3356, 5511, 6453, 6461, 6762, 6830, 7018, 12956,
]);

/** Where the effective value of a setting comes from, most specific first. */
export type SettingSource = 'session' | 'member' | 'ixp' | 'default';

export interface EffectiveSetting {
  readonly key: keyof ImportPolicySettings;
  readonly value: string | number | boolean;
  readonly source: SettingSource;
}

/**
 * The effective value of every setting at one level and where it comes from: the session's
 * override, else the member's, else the Ixp's, else ixora's built-in default. Pass `null` for the
 * levels below the one shown (an Ixp has no member). Checks every value it returns.
 */
export function explainImportPolicy(
  ixp: Partial<ImportPolicySettings>,
  member: Partial<ImportPolicySettings> | null,
  session: Partial<ImportPolicySettings> | null,
): EffectiveSetting[] {
  const levels = [
    ['session', session],
    ['member', member],
    ['ixp', ixp],
  ] as const;
  return SETTING_KEYS.map((key) => {
    for (const [source, overrides] of levels) {
      const value = overrides?.[key];
      if (value === undefined || value === null) continue;
      checkSetting(`${source}.${key}`, key, value);
      return { key, value, source };
    }
    return { key, value: DEFAULT_IXP_POLICY[key], source: 'default' };
  });
}

/** BIRD's limits are 32-bit counters; 10M is far above any real table and catches typos. */
export const MAX_PREFIX_LIMIT = 10_000_000;

/**
 * Resolves a session's ImportPolicy for one family: each setting comes from the session override,
 * else the member override, else the Ixp default. The max-prefix limit is the session override,
 * else the member's staff override, else PeeringDB's `info_prefixes` plus the Ixp headroom, else
 * the Ixp default (DESIGN §7 step 8). Pure; throws `invalidValue` naming the level and field of a
 * bad value.
 */
export function resolveImportPolicy(
  ixpDefaults: IxpPolicyDefaults,
  memberOverrides: MemberPolicyOverrides,
  sessionOverrides: SessionPolicyOverrides,
  family: AddressFamily,
): ResolvedImportPolicy {
  if (family !== 'ipv4' && family !== 'ipv6')
    throw invalidValue('family', family, 'must be "ipv4" or "ipv6"');
  for (const key of SETTING_KEYS) checkSetting(`ixpDefaults.${key}`, key, ixpDefaults[key]);
  const pick = <K extends (typeof SETTING_KEYS)[number]>(key: K): ImportPolicySettings[K] => {
    const sessionValue = sessionOverrides[key];
    if (sessionValue !== undefined && sessionValue !== null) {
      checkSetting(`sessionOverrides.${key}`, key, sessionValue);
      return sessionValue as ImportPolicySettings[K];
    }
    const memberValue = memberOverrides[key];
    if (memberValue !== undefined && memberValue !== null) {
      checkSetting(`memberOverrides.${key}`, key, memberValue);
      return memberValue as ImportPolicySettings[K];
    }
    return ixpDefaults[key];
  };

  const isV4 = family === 'ipv4';
  const bits = isV4 ? 32 : 128;
  const minPrefixLength = pick(isV4 ? 'minPrefixLengthV4' : 'minPrefixLengthV6');
  const maxPrefixLength = pick(isV4 ? 'maxPrefixLengthV4' : 'maxPrefixLengthV6');
  const lengthField = isV4 ? 'prefixLengthV4' : 'prefixLengthV6';
  if (minPrefixLength > maxPrefixLength || maxPrefixLength > bits) {
    throw invalidValue(
      lengthField,
      `${minPrefixLength}..${maxPrefixLength}`,
      `must satisfy 0 ≤ min ≤ max ≤ ${bits}`,
    );
  }

  const { maxPrefixes, maxPrefixSource } = resolveMaxPrefixes(
    ixpDefaults,
    memberOverrides,
    sessionOverrides,
    isV4,
  );
  const md5Password =
    sessionOverrides.md5Password === undefined || sessionOverrides.md5Password === null
      ? null
      : checkMd5Password(sessionOverrides.md5Password, 'sessionOverrides.md5Password');

  return Object.freeze({
    family,
    nextHopPolicy: pick('nextHopPolicy'),
    maxAsPathLength: pick('maxAsPathLength'),
    minPrefixLength,
    maxPrefixLength,
    irrEnforceOrigin: pick('irrEnforceOrigin'),
    irrEnforcePrefix: pick('irrEnforcePrefix'),
    irrAllowMoreSpecifics: pick('irrAllowMoreSpecifics'),
    rpkiPolicy: pick('rpkiPolicy'),
    maxPrefixes,
    maxPrefixSource,
    maxPrefixAction: pick('maxPrefixAction'),
    maxPrefixRestartMinutes: pick('maxPrefixRestartMinutes'),
    allowBlackhole: pick('allowBlackhole'),
    enforceTransitFree: pick('enforceTransitFree'),
    bgpRole: pick('bgpRole'),
    passive: pick('passive'),
    addPath: pick('addPath'),
    md5Password,
  });
}

/**
 * A session's max-prefix limit for one family and where it comes from; with an
 * empty `session`, the limit a member's sessions get.
 */
export function resolveMaxPrefixes(
  ixpDefaults: IxpPolicyDefaults,
  member: MemberPolicyOverrides,
  session: SessionPolicyOverrides,
  isV4: boolean,
): { maxPrefixes: number; maxPrefixSource: MaxPrefixSource } {
  const suffix = isV4 ? 'V4' : 'V6';
  if (session.maxPrefixes !== undefined && session.maxPrefixes !== null) {
    return {
      maxPrefixes: checkLimit('sessionOverrides.maxPrefixes', session.maxPrefixes),
      maxPrefixSource: 'session',
    };
  }
  const memberLimit = isV4 ? member.maxPrefixesV4 : member.maxPrefixesV6;
  if (memberLimit !== undefined && memberLimit !== null) {
    return {
      maxPrefixes: checkLimit(`memberOverrides.maxPrefixes${suffix}`, memberLimit),
      maxPrefixSource: 'member',
    };
  }
  const headroom = ixpDefaults.maxPrefixHeadroomPercent;
  if (!Number.isInteger(headroom) || headroom < 0 || headroom > 1000) {
    throw invalidValue('ixpDefaults.maxPrefixHeadroomPercent', headroom, 'must be an integer 0..1000');
  }
  const published = isV4 ? member.peeringDbPrefixesV4 : member.peeringDbPrefixesV6;
  if (published !== undefined && published !== null && published !== 0) {
    const field = `memberOverrides.peeringDbPrefixes${suffix}`;
    if (!Number.isInteger(published) || published < 0)
      throw invalidValue(field, published, 'must be a whole number');
    // Integer arithmetic so the limit never depends on floating-point rounding.
    const limit = Math.ceil((published * (100 + headroom)) / 100);
    return {
      maxPrefixes: checkLimit(field, Math.min(limit, MAX_PREFIX_LIMIT)),
      maxPrefixSource: 'peeringdb',
    };
  }
  const fallback = isV4 ? ixpDefaults.maxPrefixesV4 : ixpDefaults.maxPrefixesV6;
  return { maxPrefixes: checkLimit(`ixpDefaults.maxPrefixes${suffix}`, fallback), maxPrefixSource: 'ixp' };
}

function checkLimit(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_PREFIX_LIMIT) {
    throw invalidValue(field, value, `must be an integer 1..${MAX_PREFIX_LIMIT}`);
  }
  return value;
}

function checkSetting(field: string, key: keyof ImportPolicySettings, value: unknown): void {
  const allowed = POLICY_CHOICES[key];
  if (allowed) {
    if (typeof value !== 'string' || !allowed.includes(value)) {
      throw invalidValue(field, value, `must be one of ${allowed.join(', ')}`);
    }
    return;
  }
  if (POLICY_SWITCHES.has(key)) {
    if (typeof value !== 'boolean') throw invalidValue(field, value, 'must be true or false');
    return;
  }
  const [min, max] = integerRange(key);
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalidValue(field, value, `must be an integer ${min}..${max}`);
  }
}

function integerRange(key: keyof ImportPolicySettings): [number, number] {
  switch (key) {
    case 'maxAsPathLength':
      return [1, 255];
    case 'minPrefixLengthV4':
    case 'maxPrefixLengthV4':
      return [0, 32];
    case 'minPrefixLengthV6':
    case 'maxPrefixLengthV6':
      return [0, 128];
    case 'maxPrefixRestartMinutes':
      return [1, 1440];
    default:
      throw new Error(`no range for ${key}`);
  }
}
