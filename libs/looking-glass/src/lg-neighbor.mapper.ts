import { parseBirdTime, type BirdChannel, type BirdProtocolDetail } from '@ixora/bird-client';
import { parseBgpProtocolName } from '@ixora/bird-config';
import type { AddressFamily, LgNeighbor, LgRouteCounts } from './lg.types.js';

function familyOf(channel: BirdChannel): AddressFamily | undefined {
  if (channel.name === 'ipv4') return 'ipv4';
  if (channel.name === 'ipv6') return 'ipv6';
  return undefined;
}

function countsOf(channel: BirdChannel): LgRouteCounts {
  const routes = channel.routes;
  const accepted = routes?.imported ?? 0;
  const filtered = routes?.filtered ?? 0;
  return { received: accepted + filtered, accepted, filtered, exported: routes?.exported ?? 0 };
}

/** True for the protocols the looking glass lists: BGP sessions. */
export function isNeighborProtocol(protocol: BirdProtocolDetail): boolean {
  return protocol.proto === 'BGP';
}

/**
 * A BGP protocol of `show protocols all` as an Alice-LG neighbor, with counts per address family
 * from its channels. The ASN is BIRD's "Neighbor AS", else the one in ixora's protocol name
 * (`AS<asn>_v4_<session>`), so a session that is down still has its member.
 */
export function toLgNeighbor(protocol: BirdProtocolDetail, routeServerId: string, now: Date): LgNeighbor {
  const bgp = protocol.bgp;
  const named = parseBgpProtocolName(protocol.name);
  const perFamily: Partial<Record<AddressFamily, LgRouteCounts>> = {};
  let received = 0;
  let accepted = 0;
  let filtered = 0;
  let exported = 0;
  let preferred = 0;
  let maxPrefixLimit: number | undefined;
  for (const channel of protocol.channels) {
    // ixora's max-prefix is the channel's receive limit; its sessions carry one family each.
    if (channel.receiveLimit) maxPrefixLimit = (maxPrefixLimit ?? 0) + channel.receiveLimit.limit;
    const family = familyOf(channel);
    const counts = countsOf(channel);
    if (family) perFamily[family] = counts;
    received += counts.received;
    accepted += counts.accepted;
    filtered += counts.filtered;
    exported += counts.exported;
    preferred += channel.routes?.preferred ?? 0;
  }
  const since = parseBirdTime(protocol.since);
  const families = Object.keys(perFamily) as AddressFamily[];
  const family = named?.family ?? (families.length === 1 ? families[0] : undefined);
  return {
    id: protocol.name,
    route_server_id: routeServerId,
    address: bgp?.neighborAddress ?? '',
    asn: bgp?.neighborAs ?? named?.memberAsn ?? 0,
    ...(family ? { family } : {}),
    state: protocol.state.toLowerCase(),
    bgp_state: bgp?.state ?? protocol.info,
    description: protocol.description ?? '',
    ...(since ? { uptime: Math.max(0, Math.round((now.getTime() - since.getTime()) / 1000)) } : {}),
    since: protocol.since,
    ...(bgp?.lastError || protocol.infoDetail ? { last_error: bgp?.lastError ?? protocol.infoDetail } : {}),
    routes_received: received,
    routes_accepted: accepted,
    routes_filtered: filtered,
    routes_exported: exported,
    routes_preferred: preferred,
    routes_per_family: perFamily,
    ...(maxPrefixLimit !== undefined ? { max_prefix_limit: maxPrefixLimit } : {}),
  };
}
