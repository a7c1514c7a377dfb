import { isIxoraError } from '@ixora/errors';
import { PrefixAggregator } from '@ixora/net';
import type { MemberExpansion, MemberIrrInput } from './member-expansion.service.js';
import { describeDropped, screenPrefixes, type PrefixScreen } from './prefix.screen.js';

/**
 * `ok`: fetched on the last refresh. `stale`: the last refresh failed, the data is the last good
 * fetch. `failed`: no fetch ever succeeded; the set is empty and the IRR step accepts nothing for
 * this member (never an accept-all, DESIGN §7 safety).
 */
export type PrefixSetStatus = 'ok' | 'stale' | 'failed';

/** A member's IRR data for one address family: the PrefixSet of DESIGN §4. */
export interface PrefixSet {
  readonly asn: number;
  readonly family: 4 | 6;
  /** The AS-SET list the data was expanded from, as written on the member. */
  readonly asSets: string[];
  readonly asns: number[];
  /** Distinct prefixes of the route (v4) or route6 (v6) objects. */
  readonly prefixes: string[];
  /** The same set aggregated, in BIRD prefix-set notation (exact matches; see PrefixAggregator). */
  readonly aggregated: string[];
  readonly sources: string[];
  /** When the data was fetched; null if it never was. */
  readonly fetchedAt: Date | null;
  /** When a refresh last tried. */
  readonly checkedAt: Date;
  readonly status: PrefixSetStatus;
  /** Why the last refresh failed; null when it succeeded. */
  readonly error: string | null;
  readonly warnings: string[];
}

export interface MemberPrefixSets {
  readonly v4: PrefixSet;
  readonly v6: PrefixSet;
}

/** Where PrefixSets live; the database implements it, tests use {@link InMemoryPrefixSetStore}. */
export interface PrefixSetStore {
  load(asn: number): Promise<MemberPrefixSets | undefined>;
  /** Saves both families of one member together (one transaction where the store has them). */
  save(sets: MemberPrefixSets): Promise<void>;
}

export interface RefreshProgress {
  readonly done: number;
  readonly total: number;
  readonly asn: number;
  readonly status: PrefixSetStatus;
}

export interface RefreshOptions {
  readonly members: readonly MemberIrrInput[];
  readonly expand: (member: MemberIrrInput) => Promise<MemberExpansion>;
  readonly store: PrefixSetStore;
  /** Members expanded at the same time; a huge AS-SET holds one slot, not the run. */
  readonly concurrency: number;
  /** A member whose expansion takes longer is marked stale (its last good data kept). */
  readonly memberTimeoutMs: number;
  readonly onProgress?: (progress: RefreshProgress) => void;
  readonly now?: () => Date;
  /**
   * What the route servers reject anyway for this member (bogons, lengths, the peering LANs);
   * such prefixes are dropped from its PrefixSets with a warning. Absent: everything is kept.
   */
  readonly screen?: (asn: number) => PrefixScreen | undefined;
}

export interface MemberRefreshResult {
  readonly asn: number;
  readonly status: PrefixSetStatus;
  readonly error: string | null;
  readonly warnings: string[];
  readonly prefixCountV4: number;
  readonly prefixCountV6: number;
}

export interface RefreshSummary {
  readonly results: MemberRefreshResult[];
  readonly ok: number;
  readonly stale: number;
  readonly failed: number;
}

/**
 * Refreshes the PrefixSets of the given members with bounded concurrency. A member whose fetch
 * fails or times out keeps its previous PrefixSets, marked stale with the reason; a member that
 * never had a good fetch gets empty sets marked failed with a warning. One member's failure never
 * stops the others.
 */
export async function refreshPrefixSets(options: RefreshOptions): Promise<RefreshSummary> {
  const now = options.now ?? (() => new Date());
  const concurrency = Math.max(1, Math.floor(options.concurrency));
  const results: MemberRefreshResult[] = [];
  let next = 0;
  let done = 0;

  const worker = async (): Promise<void> => {
    while (next < options.members.length) {
      const index = next++;
      const member = options.members[index] as MemberIrrInput;
      const result = await refreshMember(member, options, now);
      results[index] = result;
      done++;
      options.onProgress?.({ done, total: options.members.length, asn: member.asn, status: result.status });
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, options.members.length) }, worker));
  return {
    results,
    ok: results.filter((r) => r.status === 'ok').length,
    stale: results.filter((r) => r.status === 'stale').length,
    failed: results.filter((r) => r.status === 'failed').length,
  };
}

async function refreshMember(
  member: MemberIrrInput,
  options: RefreshOptions,
  now: () => Date,
): Promise<MemberRefreshResult> {
  const asSets =
    typeof member.asSets === 'string'
      ? member.asSets.split(/[\s,]+/).filter(Boolean)
      : member.asSets.map((ref) => ref.text);
  let sets: MemberPrefixSets;
  try {
    const expansion = await withTimeout(options.expand(member), options.memberTimeoutMs, member.asn);
    const checkedAt = now();
    const screen = options.screen?.(member.asn);
    sets = {
      v4: buildPrefixSet(expansion, 4, asSets, checkedAt, screen),
      v6: buildPrefixSet(expansion, 6, asSets, checkedAt, screen),
    };
  } catch (error) {
    const reason = describe(error);
    const previous = await options.store.load(member.asn);
    sets = previous ? markStale(previous, reason, now()) : emptyFailed(member.asn, asSets, reason, now());
  }
  await options.store.save(sets);
  return {
    asn: member.asn,
    status: sets.v4.status,
    error: sets.v4.error,
    warnings: [...new Set([...sets.v4.warnings, ...sets.v6.warnings])],
    prefixCountV4: sets.v4.prefixes.length,
    prefixCountV6: sets.v6.prefixes.length,
  };
}

/**
 * Builds one family's PrefixSet; throws if a prefix is malformed, which fails the member. With a
 * screen, what the route servers reject anyway is left out and named in a warning.
 */
export function buildPrefixSet(
  expansion: MemberExpansion,
  family: 4 | 6,
  asSets: string[],
  fetchedAt: Date,
  screen?: PrefixScreen,
): PrefixSet {
  let prefixes = family === 4 ? expansion.v4 : expansion.v6;
  let warnings = expansion.warnings;
  if (screen) {
    const screened = screenPrefixes(family, prefixes, screen);
    prefixes = screened.kept;
    if (screened.dropped.length > 0) warnings = [...warnings, describeDropped(family, screened.dropped)];
  }
  const aggregator = new PrefixAggregator(family);
  for (const prefix of prefixes) aggregator.addText(prefix);
  return {
    asn: expansion.asn,
    family,
    asSets,
    asns: expansion.asns,
    prefixes,
    aggregated: aggregator.aggregateToBird(),
    sources: expansion.sources,
    fetchedAt,
    checkedAt: fetchedAt,
    status: 'ok',
    error: null,
    warnings,
  };
}

function markStale(previous: MemberPrefixSets, reason: string, checkedAt: Date): MemberPrefixSets {
  const stale = (set: PrefixSet): PrefixSet => ({
    ...set,
    checkedAt,
    status: set.fetchedAt === null ? 'failed' : 'stale',
    error: reason,
  });
  return { v4: stale(previous.v4), v6: stale(previous.v6) };
}

function emptyFailed(asn: number, asSets: string[], reason: string, checkedAt: Date): MemberPrefixSets {
  const empty = (family: 4 | 6): PrefixSet => ({
    asn,
    family,
    asSets,
    asns: [],
    prefixes: [],
    aggregated: [],
    sources: [],
    fetchedAt: null,
    checkedAt,
    status: 'failed',
    error: reason,
    warnings: [
      `no IRR data for AS${asn} yet (first fetch failed: ${reason}); the IRR check accepts none of its routes`,
    ],
  });
  return { v4: empty(4), v6: empty(6) };
}

function withTimeout<T>(promise: Promise<T>, timeoutMs: number, asn: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  // The expansion may still fail after the timeout won; nobody awaits it then.
  promise.catch(() => undefined);
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`IRR expansion of AS${asn} took longer than ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function describe(error: unknown): string {
  if (isIxoraError(error) || error instanceof Error) return error.message;
  return String(error);
}

/** A PrefixSetStore in memory, for tests, benchmarks and one-shot runs. */
export class InMemoryPrefixSetStore implements PrefixSetStore {
  readonly sets = new Map<number, MemberPrefixSets>();

  load(asn: number): Promise<MemberPrefixSets | undefined> {
    return Promise.resolve(this.sets.get(asn));
  }

  save(sets: MemberPrefixSets): Promise<void> {
    this.sets.set(sets.v4.asn, sets);
    return Promise.resolve();
  }
}
