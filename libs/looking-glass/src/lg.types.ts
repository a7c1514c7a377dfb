/**
 * Response shapes of the looking-glass API `/api/lg/v1`. Field names follow Alice-LG's API
 * (snake_case JSON: `routeservers`, `neighbors`, `imported`/`filtered`/`not_exported`,
 * `pagination`, `api.cache_status`), so tools written for Alice-LG read ixora too. ixora's
 * additions (`reason`, `community_meanings`, `routes_per_family`, `max_prefix_limit`, `read_at`) are extra fields.
 */

export type AddressFamily = 'ipv4' | 'ipv6';

/** How a response was produced: when its data was read from BIRD and how long it stays cached. */
export interface LgApiStatus {
  readonly version: string;
  /** When the data was read from the route server (ISO 8601). */
  readonly read_at: string;
  readonly result_from_cache: boolean;
  readonly cache_status: { readonly cached_at: string; readonly orig_ttl: number };
  /** Seconds until the cached answer is replaced. */
  readonly ttl: number;
}

export interface LgRouteServer {
  readonly id: string;
  readonly name: string;
  readonly asn: number;
  /** `up`: BIRD answered the last read; `unreachable`: it did not (never an empty table instead). */
  readonly status: 'up' | 'unreachable' | 'pending';
  readonly version?: string;
  readonly router_id?: string;
  readonly server_time?: string;
  readonly last_reboot?: string;
  readonly last_reconfig?: string;
  readonly message?: string;
  /** Why the last read failed, when unreachable. */
  readonly error?: string;
  readonly read_at?: string;
  readonly neighbor_count: number;
  readonly route_count: number;
  readonly filtered_count: number;
}

export interface LgRouteCounts {
  readonly received: number;
  readonly accepted: number;
  readonly filtered: number;
  readonly exported: number;
}

export interface LgNeighbor {
  /** The BIRD protocol name, as Alice-LG uses it. */
  readonly id: string;
  readonly route_server_id: string;
  readonly address: string;
  readonly asn: number;
  readonly family?: AddressFamily;
  /** `up`, `down`, `start`, … (BIRD's protocol state, lower case). */
  readonly state: string;
  /** BGP session state: `Established`, `Active`, … */
  readonly bgp_state: string;
  readonly description: string;
  /** Seconds since the last state change, when BIRD's time could be read. */
  readonly uptime?: number;
  readonly since: string;
  readonly last_error?: string;
  readonly routes_received: number;
  readonly routes_accepted: number;
  readonly routes_filtered: number;
  readonly routes_exported: number;
  readonly routes_preferred: number;
  readonly routes_per_family: Readonly<Partial<Record<AddressFamily, LgRouteCounts>>>;
  /** The session's max-prefix (BIRD's receive limit), where it has one; `routes_received` counts against it. */
  readonly max_prefix_limit?: number;
}

export interface LgFilterReason {
  readonly code: number;
  readonly key: string;
  readonly words: string;
}

export interface LgCommunityMeaning {
  /** The community as text: `65535:666` or `59900:1101:9`. */
  readonly community: string;
  readonly meaning: string;
}

export interface LgBgpInfo {
  readonly origin?: string;
  readonly as_path: readonly number[];
  readonly next_hop?: string;
  readonly local_pref?: number;
  readonly med?: number;
  readonly communities: readonly (readonly [number, number])[];
  readonly large_communities: readonly (readonly [number, number, number])[];
  readonly ext_communities: readonly (readonly [string, string, string])[];
}

export interface LgRoute {
  /** `<protocol>/<prefix>`, stable while the route exists. */
  readonly id: string;
  readonly route_server_id: string;
  readonly neighbor_id: string;
  readonly network: string;
  readonly gateway?: string;
  readonly learnt_from?: string;
  readonly type: string;
  readonly primary: boolean;
  readonly age: string;
  readonly bgp: LgBgpInfo;
  /** Filtered routes: why, from the route server's reject-reason community. */
  readonly reason?: LgFilterReason;
  readonly community_meanings: readonly LgCommunityMeaning[];
}

export interface LgPagination {
  readonly page: number;
  readonly page_size: number;
  readonly total_pages: number;
  readonly total_results: number;
}

export interface LgRouteServersResponse {
  readonly api: LgApiStatus;
  readonly routeservers: readonly LgRouteServer[];
}

export interface LgStatusResponse {
  readonly api: LgApiStatus;
  readonly status: LgRouteServer;
}

export interface LgNeighborsResponse {
  readonly api: LgApiStatus;
  readonly neighbors: readonly LgNeighbor[];
}

export type LgRouteKind = 'received' | 'filtered' | 'not-exported' | 'exported';

export interface LgRoutesResponse {
  readonly api: LgApiStatus;
  readonly neighbor: LgNeighbor;
  /** Alice-LG names the list after the kind: `imported`, `filtered`, `not_exported`, `exported`. */
  readonly imported?: readonly LgRoute[];
  readonly filtered?: readonly LgRoute[];
  readonly not_exported?: readonly LgRoute[];
  readonly exported?: readonly LgRoute[];
  readonly pagination: LgPagination;
}

export interface LgLookupResponse {
  readonly api: LgApiStatus;
  readonly query: { readonly q: string; readonly kind: 'prefix' | 'address' | 'asn' };
  readonly imported: { readonly routes: readonly LgRoute[]; readonly pagination: LgPagination };
  readonly filtered: { readonly routes: readonly LgRoute[]; readonly pagination: LgPagination };
  /** Route servers that could not be searched (unreachable, no snapshot yet). */
  readonly unavailable: readonly { readonly route_server_id: string; readonly error: string }[];
}

/** Who is looking: hidden members' neighbors show only to staff and to the member itself. */
export type LgViewer =
  | { readonly kind: 'public' }
  | { readonly kind: 'staff' }
  | { readonly kind: 'member'; readonly asn: number };

export const PUBLIC_VIEWER: LgViewer = Object.freeze({ kind: 'public' });
