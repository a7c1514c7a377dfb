import { Asn, parseAsSetList, parseAsSetName, type AsSetRef } from '@ixora/net';
import type { IrrClient } from './irr.client.js';
import { IrrQueryError } from './irr.errors.js';

export interface MemberIrrInput {
  readonly asn: number;
  /** The member's AS-SETs: parsed references, or the text as PeeringDB's `irr_as_set` holds it. */
  readonly asSets: readonly AsSetRef[] | string;
}

export interface MemberExpansion {
  readonly asn: number;
  /** The member's own ASN and every ASN its AS-SETs expand to, ascending. */
  readonly asns: number[];
  readonly v4: string[];
  readonly v6: string[];
  /** The IRR sources the data came from (pinned sources and the default selection). */
  readonly sources: string[];
  /** Things an operator should see: unknown AS-SETs, no route objects at all. */
  readonly warnings: string[];
}

export interface MemberExpansionOptions {
  /**
   * Use IRRd 4 `!a4`/`!a6` (all prefixes of a set in one answer) when the server has them, rather
   * than one `!g`/`!6` per ASN. Either way the prefixes are the same; `!a` saves round trips.
   */
  readonly useSetPrefixQueries: boolean;
}

interface OriginPrefixes {
  readonly v4: string[];
  readonly v6: string[];
}

/**
 * Expands members' AS-SETs and route/route6 objects over an {@link IrrClient}. One instance per
 * refresh run: prefixes per origin are fetched once and shared between members that have the same
 * ASNs (common among transit customers), which also bounds the queries a run sends.
 */
export class MemberExpansionService {
  private readonly originCache = new Map<number, Promise<OriginPrefixes>>();

  constructor(
    private readonly client: IrrClient,
    private readonly options: MemberExpansionOptions = { useSetPrefixQueries: false },
  ) {}

  /**
   * The member's ASNs and prefixes. Set names are validated before any query is sent. A set the
   * server does not know yields a warning, not a failure (the member still gets its own ASN's
   * routes); any transport or protocol failure rejects, so callers keep their last good data.
   */
  async expandMember(input: MemberIrrInput): Promise<MemberExpansion> {
    const asn = Asn.parse(input.asn, 'asn').value;
    const refs = typeof input.asSets === 'string' ? parseAsSetList(input.asSets) : input.asSets;
    const defaultSources = this.client.options.sources;
    const warnings: string[] = [];
    const sources = new Set<string>(defaultSources);
    const asns = new Set<number>([asn]);
    const v4: string[][] = [];
    const v6: string[][] = [];
    /** ASNs whose prefixes already came with a `!a` answer. */
    const coveredBySet = new Set<number>();
    const useSetQueries = this.options.useSetPrefixQueries && (await this.client.supportsAggregateQueries());

    /** Expands one set in the default sources: its ASNs, and with `!a` its prefixes too. */
    const expandInDefaultSources = async (name: string, label: string, context: string): Promise<void> => {
      const members = await this.client.setMembers(name, true, defaultSources);
      if (members === undefined) {
        warnings.push(
          `AS-SET ${label} ${context}not found or empty in ${defaultSources.join(',') || 'the default sources'}`,
        );
        return;
      }
      const setAsns: number[] = [];
      for (const member of members) {
        const asn = parseMemberAsn(member, label, warnings);
        if (asn === undefined) continue;
        asns.add(asn);
        setAsns.push(asn);
      }
      if (useSetQueries) {
        const [setV4, setV6] = await Promise.all([
          this.client.setPrefixes(name, 4, defaultSources),
          this.client.setPrefixes(name, 6, defaultSources),
        ]);
        if (setV4) v4.push(setV4);
        if (setV6) v6.push(setV6);
        for (const asn of setAsns) coveredBySet.add(asn);
      }
    };

    const perSet = refs.map(async (ref) => {
      if (ref.kind === 'asn') {
        asns.add(ref.asn);
        return;
      }
      if (ref.source === undefined) {
        await expandInDefaultSources(ref.name, ref.text, '');
        return;
      }
      // SOURCE::NAME pins where NAME itself is looked up, not its tree: its direct members are read
      // in the pinned source, nested sets and the ASNs' route objects resolve in the default
      // sources — what bgpq4 -S DEFAULTS SOURCE::NAME does (`!sSOURCE`, `!iNAME`, then `!sDEFAULTS`).
      sources.add(ref.source);
      const members = await this.client.setMembers(ref.name, false, [ref.source]);
      if (members === undefined) {
        warnings.push(`AS-SET ${ref.text} not found or empty in ${ref.source}`);
        return;
      }
      const nested: string[] = [];
      for (const member of members) {
        if (Asn.isValid(member)) asns.add(Asn.parse(member).value);
        else if (isSetName(member)) {
          if (member.toUpperCase() !== ref.name) nested.push(member.toUpperCase());
        } else {
          throw new IrrQueryError(
            `IRR answer for ${ref.text} has ${JSON.stringify(member.slice(0, 40))} where an ASN or AS-SET belongs`,
            `!i${ref.name}`,
            false,
          );
        }
      }
      await Promise.all(
        [...new Set(nested)].map((name) => expandInDefaultSources(name, name, `(in ${ref.text}) `)),
      );
    });
    await Promise.all(perSet);

    const origins = [...asns].sort((a, b) => a - b);
    const results = await Promise.all(
      origins
        .filter((origin) => !coveredBySet.has(origin) || origin === asn)
        .map((origin) => this.originPrefixes(origin)),
    );
    for (const result of results) {
      v4.push(result.v4);
      v6.push(result.v6);
    }
    const prefixesV4 = distinct(v4);
    const prefixesV6 = distinct(v6);
    if (prefixesV4.length === 0 && prefixesV6.length === 0)
      warnings.push(`no route or route6 objects for AS${asn} and its AS-SETs`);
    return {
      asn,
      asns: origins,
      v4: prefixesV4,
      v6: prefixesV6,
      sources: [...sources],
      warnings,
    };
  }

  private originPrefixes(asn: number): Promise<OriginPrefixes> {
    let cached = this.originCache.get(asn);
    if (!cached) {
      cached = Promise.all([this.client.originPrefixes(asn, 4), this.client.originPrefixes(asn, 6)]).then(
        ([v4, v6]) => ({ v4, v6 }),
      );
      // A failure is not cached: the next member sharing this ASN tries again.
      cached.catch(() => this.originCache.delete(asn));
      this.originCache.set(asn, cached);
    }
    return cached;
  }
}

/**
 * The distinct prefixes of several answers. Each answer is already distinct (IRRd deduplicates),
 * so a member with one large answer is not copied item by item; the Set is built from the
 * largest list in one go, which is much faster than adding a million prefixes one at a time.
 */
function distinct(lists: string[][]): string[] {
  const nonEmpty = lists.filter((list) => list.length > 0);
  if (nonEmpty.length === 0) return [];
  if (nonEmpty.length === 1) return nonEmpty[0] as string[];
  nonEmpty.sort((a, b) => b.length - a.length);
  const seen = new Set(nonEmpty[0]);
  for (let i = 1; i < nonEmpty.length; i++) for (const prefix of nonEmpty[i] as string[]) seen.add(prefix);
  return seen.size === (nonEmpty[0] as string[]).length ? (nonEmpty[0] as string[]) : [...seen];
}

/**
 * One item of a recursive `!i` answer: an ASN. Some servers also list nested sets they could not
 * resolve; those become a warning. Anything else means the answer is not what it claims to be.
 */
function parseMemberAsn(member: string, set: string, warnings: string[]): number | undefined {
  if (Asn.isValid(member)) return Asn.parse(member).value;
  if (isSetName(member)) {
    warnings.push(`AS-SET ${member} (in ${set}) could not be resolved`);
    return undefined;
  }
  throw new IrrQueryError(
    `IRR answer for ${set} has ${JSON.stringify(member.slice(0, 40))} where an ASN belongs`,
    `!i${set},1`,
    false,
  );
}

function isSetName(text: string): boolean {
  try {
    return parseAsSetName(text).kind === 'as-set';
  } catch {
    return false;
  }
}
