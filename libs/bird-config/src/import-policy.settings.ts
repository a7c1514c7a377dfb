import { invalidValue } from '@ixora/errors';

/**
 * The one table of import-policy settings: the name staff and members see everywhere (CLI, API,
 * database columns, policy model), the kind of value, its range or choices, the built-in default,
 * what it means in one line, and whether a member may set it on its own sessions. Validation,
 * `policy show|set`, the API schemas and the config builder all read this table.
 */
export const IMPORT_POLICY_SETTINGS = [
  {
    key: 'nextHopPolicy',
    kind: 'choice',
    choices: ['strict', 'same-member'],
    default: 'strict',
    meaning: "NEXT_HOP must be the peer's own address (strict) or any address of the same member",
    memberMaySet: false,
  },
  {
    key: 'maxAsPathLength',
    kind: 'integer',
    min: 1,
    max: 255,
    default: 64,
    meaning: 'longest AS_PATH accepted, prepends counted',
    memberMaySet: false,
  },
  {
    key: 'minPrefixLengthV4',
    kind: 'integer',
    min: 0,
    max: 32,
    default: 8,
    meaning: 'shortest IPv4 prefix accepted',
    memberMaySet: false,
  },
  {
    key: 'maxPrefixLengthV4',
    kind: 'integer',
    min: 0,
    max: 32,
    default: 24,
    meaning: 'longest IPv4 prefix accepted',
    memberMaySet: false,
  },
  {
    key: 'minPrefixLengthV6',
    kind: 'integer',
    min: 0,
    max: 128,
    default: 16,
    meaning: 'shortest IPv6 prefix accepted',
    memberMaySet: false,
  },
  {
    key: 'maxPrefixLengthV6',
    kind: 'integer',
    min: 0,
    max: 128,
    default: 48,
    meaning: 'longest IPv6 prefix accepted',
    memberMaySet: false,
  },
  {
    key: 'irrEnforceOrigin',
    kind: 'switch',
    default: true,
    meaning: "origin ASN must be in the member's AS-SET",
    memberMaySet: false,
  },
  {
    key: 'irrEnforcePrefix',
    kind: 'switch',
    default: true,
    meaning: "prefix must be in the member's route/route6 objects",
    memberMaySet: false,
  },
  {
    key: 'irrAllowMoreSpecifics',
    kind: 'switch',
    default: false,
    meaning: 'more-specifics of registered prefixes pass, up to the longest prefix accepted',
    memberMaySet: false,
  },
  {
    key: 'rpkiPolicy',
    kind: 'choice',
    choices: ['reject-invalid', 'tag-only', 'off'],
    default: 'reject-invalid',
    meaning: 'RPKI origin validation: filter invalid, only tag the state, or do not validate',
    memberMaySet: false,
  },
  {
    key: 'maxPrefixAction',
    kind: 'choice',
    choices: ['restart', 'block', 'disable', 'warn'],
    default: 'restart',
    meaning: 'what BIRD does when a session passes its max-prefix limit',
    memberMaySet: false,
  },
  {
    key: 'maxPrefixRestartMinutes',
    kind: 'integer',
    min: 1,
    max: 1440,
    default: 30,
    meaning: 'with maxPrefixAction restart: minutes before the session comes back',
    memberMaySet: false,
  },
  {
    key: 'allowBlackhole',
    kind: 'switch',
    default: false,
    meaning:
      "blackhole requests (65535:666, RFC 7999) accepted for the member's own prefixes; a member opts in where the exchange's membersMayAllowBlackhole is on",
    memberMaySet: true,
  },
  {
    key: 'enforceTransitFree',
    kind: 'switch',
    default: true,
    meaning: "routes with a transit-free ASN behind the peer are filtered (the Ixp's list)",
    memberMaySet: false,
  },
  {
    key: 'bgpRole',
    kind: 'choice',
    choices: ['rs_server', 'none'],
    default: 'rs_server',
    meaning: 'BGP role the route server announces (RFC 9234); none for peers that refuse it',
    memberMaySet: true,
  },
  {
    key: 'addPath',
    kind: 'switch',
    default: false,
    meaning: 'ADD-PATH transmit (RFC 7911): the member receives every path, not only the best',
    memberMaySet: true,
  },
] as const satisfies readonly PolicySettingSpec[];

export type PolicySettingSpec =
  | (Common<'choice'> & { readonly choices: readonly string[]; readonly default: string })
  | (Common<'integer'> & { readonly min: number; readonly max: number; readonly default: number })
  | (Common<'switch'> & { readonly default: boolean });

interface Common<K extends string> {
  readonly key: string;
  readonly kind: K;
  readonly meaning: string;
  readonly memberMaySet: boolean;
}

export type ImportPolicySettingKey = (typeof IMPORT_POLICY_SETTINGS)[number]['key'];

export const IMPORT_POLICY_SETTING_KEYS: readonly ImportPolicySettingKey[] = IMPORT_POLICY_SETTINGS.map(
  (s) => s.key,
);

type ChoiceSpec = Extract<(typeof IMPORT_POLICY_SETTINGS)[number], { kind: 'choice' }>;

/** The words of each setting that takes one of a few words. */
export const POLICY_SETTING_CHOICES = Object.fromEntries(
  IMPORT_POLICY_SETTINGS.flatMap((s) => (s.kind === 'choice' ? [[s.key, s.choices]] : [])),
) as { readonly [S in ChoiceSpec as S['key']]: S['choices'] };

const BY_KEY = new Map<string, PolicySettingSpec>(IMPORT_POLICY_SETTINGS.map((s) => [s.key, s]));

export function policySettingSpec(key: string): PolicySettingSpec | undefined {
  return BY_KEY.get(key);
}

/** The names these settings had before they got one name everywhere, and the name each has now. */
export const RENAMED_POLICY_SETTINGS: Readonly<Record<string, ImportPolicySettingKey>> = {
  asPathMaxLength: 'maxAsPathLength',
  prefixMinLengthV4: 'minPrefixLengthV4',
  prefixMaxLengthV4: 'maxPrefixLengthV4',
  prefixMinLengthV6: 'minPrefixLengthV6',
  prefixMaxLengthV6: 'maxPrefixLengthV6',
  isIrrOriginEnforced: 'irrEnforceOrigin',
  isIrrPrefixEnforced: 'irrEnforcePrefix',
  isIrrMoreSpecificAllowed: 'irrAllowMoreSpecifics',
  isTransitFreeEnforced: 'enforceTransitFree',
  isAddPathEnabled: 'addPath',
  isBlackholeAllowed: 'allowBlackhole',
};

/** Why a key is not a setting: renamed (naming the new name) or unknown (listing the names). */
export function unknownSettingReason(key: string): string {
  const renamed = RENAMED_POLICY_SETTINGS[key];
  return renamed
    ? `was renamed to ${renamed}`
    : `is not an import-policy setting (${IMPORT_POLICY_SETTING_KEYS.join(', ')})`;
}

/** Checks one value against the table; throws `invalidValue` naming `field` and the value. */
export function checkPolicySetting(field: string, key: string, value: unknown): void {
  const spec = BY_KEY.get(key);
  if (!spec) throw invalidValue(field, value, unknownSettingReason(key));
  switch (spec.kind) {
    case 'choice':
      if (typeof value !== 'string' || !spec.choices.includes(value))
        throw invalidValue(field, value, `must be one of ${spec.choices.join(', ')}`);
      return;
    case 'switch':
      if (typeof value !== 'boolean') throw invalidValue(field, value, 'must be true or false');
      return;
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value) || value < spec.min || value > spec.max)
        throw invalidValue(field, value, `must be a whole number ${spec.min}..${spec.max}`);
  }
}
