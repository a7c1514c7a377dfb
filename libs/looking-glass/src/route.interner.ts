import type { Community, ExtendedCommunity, LargeCommunity } from '@ixora/bird-client';
import { describeCommunities } from './community.decoder.js';
import type { LgCommunityMeaning } from './lg.types.js';
import type { SharedRouteAttributes } from './route.index.js';

/** Communities of a route and their meanings, shared by every route that carries the same set. */
export interface CommunitySet {
  readonly communities: readonly Community[];
  readonly largeCommunities: readonly LargeCommunity[];
  readonly extCommunities: readonly (readonly [string, string, string])[];
  readonly meanings: readonly LgCommunityMeaning[];
}

/** Key parts: absent values, and a separator that BIRD's names, times and addresses never hold. */
const NONE = '\u0000';
const SEPARATOR = '\u0001';

const EMPTY_SET: CommunitySet = Object.freeze({
  communities: Object.freeze([]),
  largeCommunities: Object.freeze([]),
  extCommunities: Object.freeze([]),
  meanings: Object.freeze([]),
});

/**
 * Shares what half a million routes repeat: the same neighbor name, time, next hop, AS_PATH and
 * community set appear on thousands of routes. Strings are copied once when first seen, because
 * the parser's substrings point into BIRD's reply text and would keep all of it in memory.
 */
export class RouteInterner {
  private readonly strings = new Map<string, string>();
  private readonly paths = new Map<string, readonly number[]>();
  private readonly communitySets = new Map<string, CommunitySet>();
  private readonly sharedAttributes = new Map<string, SharedRouteAttributes>();
  private readonly ids = new WeakMap<object, number>();
  private nextId = 0;

  constructor(private readonly rsAsn: number) {}

  string(text: string): string {
    const known = this.strings.get(text);
    if (known !== undefined) return known;
    const copy = flatCopy(text);
    this.strings.set(copy, copy);
    return copy;
  }

  path(asns: readonly number[]): readonly number[] {
    if (asns.length === 0) return EMPTY_SET.communities as readonly never[];
    const key = asns.join(' ');
    const known = this.paths.get(key);
    if (known) return known;
    const frozen = Object.freeze([...asns]);
    this.paths.set(key, frozen);
    return frozen;
  }

  /**
   * One object for equal route attributes. Their parts come from this interner (strings, AS_PATH,
   * community set), so equal parts are the same objects and the key can name them by identity.
   */
  shared(attributes: SharedRouteAttributes): SharedRouteAttributes {
    const bgp = attributes.bgp;
    const key = [
      attributes.route_server_id,
      attributes.neighbor_id,
      attributes.gateway ?? NONE,
      attributes.learnt_from ?? NONE,
      attributes.type,
      attributes.primary ? 1 : 0,
      bgp.origin ?? NONE,
      this.idOf(bgp.as_path),
      bgp.next_hop ?? NONE,
      bgp.local_pref ?? NONE,
      bgp.med ?? NONE,
      this.idOf(bgp.communities),
      this.idOf(bgp.large_communities),
      this.idOf(bgp.ext_communities),
      this.idOf(attributes.community_meanings),
      attributes.reason?.code ?? NONE,
    ].join(SEPARATOR);
    const known = this.sharedAttributes.get(key);
    if (known) return known;
    this.sharedAttributes.set(key, attributes);
    return attributes;
  }

  private idOf(value: object): number {
    const known = this.ids.get(value);
    if (known !== undefined) return known;
    const id = this.nextId++;
    this.ids.set(value, id);
    return id;
  }

  communities(
    communities: readonly Community[],
    largeCommunities: readonly LargeCommunity[],
    extended: readonly ExtendedCommunity[],
  ): CommunitySet {
    if (communities.length === 0 && largeCommunities.length === 0 && extended.length === 0) return EMPTY_SET;
    const key = `${communities.join(' ')}|${largeCommunities.join(' ')}|${extended.map((c) => `${c.kind},${c.admin},${c.value}`).join(' ')}`;
    const known = this.communitySets.get(key);
    if (known) return known;
    const set: CommunitySet = {
      communities: communities.map((c) => Object.freeze([c[0], c[1]] as const)),
      largeCommunities: largeCommunities.map((c) => Object.freeze([c[0], c[1], c[2]] as const)),
      extCommunities: extended.map((c) =>
        Object.freeze([flatCopy(c.kind), flatCopy(c.admin), flatCopy(c.value)] as const),
      ),
      meanings: describeCommunities(this.rsAsn, communities, largeCommunities),
    };
    this.communitySets.set(flatCopy(key), set);
    return set;
  }
}

/** A string that shares no memory with the text it was cut from. */
export function flatCopy(text: string): string {
  return text.length < 13 ? text : Buffer.from(text, 'utf8').toString('utf8');
}
