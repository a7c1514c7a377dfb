import type { IrrStatus, MemberConfig } from '@ixora/bird-config';
import { isIxoraError } from '@ixora/errors';
import { Asn, parseAsSetName, parsePrefixRangeEntry, type AsSetRef } from '@ixora/net';
import type { Member } from '../entities/member.entity.js';
import type { PrefixSet } from '../entities/prefix-set.entity.js';

/** Why a member's IRR data is not (fully) used in a build. */
export const BUILD_WARNING_CODES = [
  /** A stored AS-SET value is not an RPSL set name or an ASN (e.g. written by SQL). */
  'as_set_invalid',
  /** The member was never expanded (`ixora irr refresh` has not run since it was added). */
  'irr_missing',
  /** The first expansion failed: there is no good data to fall back on. */
  'irr_failed',
  /** The last refresh failed; the last good data is used. */
  'irr_stale',
  /** The expansion found no route (or route6) objects for a family the member has sessions in. */
  'irr_empty',
  /** The stored PrefixSet holds something that is not a prefix entry or an ASN. */
  'irr_data_invalid',
  /** A session's neighbour is a route server's own address: the session is left out of the config. */
  'neighbour_is_route_server',
] as const;
export type BuildWarningCode = (typeof BUILD_WARNING_CODES)[number];

/** Something in one member's data that the build worked around instead of failing. */
export interface BuildWarning {
  readonly asn: number;
  readonly member: string;
  readonly code: BuildWarningCode;
  /** Names the member and the cause, and says what the config does about it. */
  readonly message: string;
}

export type MemberIrrConfig = Pick<
  MemberConfig,
  'asSet' | 'irrStatus' | 'prefixesV4' | 'prefixesV6' | 'asns'
>;

const NOTHING: MemberIrrConfig = {
  asSet: null,
  irrStatus: 'empty',
  prefixesV4: [],
  prefixesV6: [],
  asns: [],
};

/**
 * What one member's IRR data contributes to a build, and what an operator must be told about it.
 * Never throws: a member whose IRR object cannot be used (a stored name that is not RPSL, no or a
 * failed first expansion, stored data that does not parse) gets empty sets, so its sessions accept
 * no routes through the IRR step — never all of them — and the other members' configs are built as
 * if this member's value were absent.
 */
export function resolveMemberIrr(
  member: Pick<Member, 'asn' | 'name' | 'asSets'>,
  sets: readonly PrefixSet[],
  sessionFamilies: ReadonlySet<4 | 6>,
): { irr: MemberIrrConfig; warnings: BuildWarning[] } {
  const warn = (code: BuildWarningCode, cause: string): BuildWarning => ({
    asn: member.asn,
    member: member.name,
    code,
    message: `AS${member.asn} (${member.name}): ${cause}`,
  });
  const acceptsNone = 'its sessions accept no routes through the IRR step';

  let refs: AsSetRef[];
  try {
    refs = member.asSets.map((name, i) => parseAsSetName(name, `asSets[${i}]`));
  } catch (error) {
    if (!isIxoraError(error)) throw error;
    return { irr: NOTHING, warnings: [warn('as_set_invalid', `${error.message}; ${acceptsNone}`)] };
  }
  const first = refs[0];
  // The config names the set in a comment; the source pin is IRR-query detail.
  const asSet = first === undefined ? null : first.kind === 'asn' ? first.text : first.name;

  if (sets.length === 0) {
    return {
      irr: { ...NOTHING, asSet },
      warnings: [warn('irr_missing', `has no IRR data yet (run \`ixora irr refresh\`); ${acceptsNone}`)],
    };
  }
  const usable = sets.filter((s) => s.status === 'ok' || s.status === 'stale' || s.status === 'empty');
  if (usable.length === 0) {
    const error = sets.find((s) => s.error)?.error ?? 'no expansion succeeded';
    return {
      irr: { ...NOTHING, asSet },
      warnings: [warn('irr_failed', `the first IRR expansion failed (${error}); ${acceptsNone}`)],
    };
  }

  const v4 = usable.find((s) => s.family === 4);
  const v6 = usable.find((s) => s.family === 6);
  let irr: MemberIrrConfig;
  try {
    irr = {
      asSet,
      irrStatus: irrStatusOf(sets),
      prefixesV4: entriesOf(v4, 4, member.asn),
      prefixesV6: entriesOf(v6, 6, member.asn),
      asns: [...new Set([...(v4?.asns ?? []), ...(v6?.asns ?? [])])].map((asn) => {
        if (!Asn.isValid(asn)) throw new StoredDataError(`ASN ${String(asn)} in its PrefixSet is not an ASN`);
        return Number(asn);
      }),
    };
  } catch (error) {
    if (!(error instanceof StoredDataError) && !isIxoraError(error)) throw error;
    return {
      irr: { ...NOTHING, asSet },
      warnings: [
        warn('irr_data_invalid', `its stored IRR data is unusable (${error.message}); ${acceptsNone}`),
      ],
    };
  }

  const warnings: BuildWarning[] = [];
  const stale = sets.find((s) => s.status === 'stale');
  if (stale) {
    warnings.push(
      warn(
        'irr_stale',
        `the last IRR refresh failed (${stale.error ?? 'unknown error'}); using the last good data`,
      ),
    );
  }
  for (const family of [4, 6] as const) {
    if (!sessionFamilies.has(family)) continue;
    const count = family === 4 ? irr.prefixesV4.length : irr.prefixesV6.length;
    if (count > 0) continue;
    const objects = family === 4 ? 'route' : 'route6';
    warnings.push(
      warn(
        'irr_empty',
        `its IRR expansion has no ${objects} objects; its IPv${family} sessions accept no routes through the IRR step`,
      ),
    );
  }
  return { irr, warnings };
}

class StoredDataError extends Error {}

function irrStatusOf(sets: readonly PrefixSet[]): IrrStatus {
  if (sets.length === 0 || sets.every((s) => s.status === 'empty' || s.status === 'failed')) return 'empty';
  return sets.some((s) => s.status === 'stale') ? 'stale' : 'ok';
}

/** PrefixSets store BIRD notation ("P", "P{low,high}"); the model takes the parts. */
function entriesOf(
  set: PrefixSet | undefined,
  family: 4 | 6,
  asn: number,
): { prefix: string; low: number; high: number }[] {
  if (!set || set.status === 'empty') return [];
  return set.aggregated.map((text) => {
    const entry = parsePrefixRangeEntry(text, `prefixSet(AS${asn}).aggregated`);
    if (!entry.prefix.includes(':') !== (family === 4))
      throw new StoredDataError(`"${text}" is not an IPv${family} entry`);
    return { prefix: entry.prefix, low: entry.low, high: entry.high };
  });
}
