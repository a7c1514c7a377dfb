import { isIPv6 } from 'node:net';
import { invalidValue } from '@ixora/errors';

/**
 * BIRD 2 config of a member router in the lab. Its sessions to the route server carry `rs client`
 * on the member's side, so BIRD neither prepends the member's ASN nor rewrites a NEXT_HOP that is on
 * the LAN: every announcement leaves with exactly the AS_PATH, NEXT_HOP and communities the test
 * wrote. The member accepts everything the route server sends, to be inspected.
 */
export interface Announcement {
  readonly prefix: string;
  /** Whole AS_PATH, first ASN first. Default: just the member's ASN. */
  readonly asPath?: readonly number[];
  /** Default: the member's own address (BIRD's next hop self). */
  readonly nextHop?: string;
  /** RFC 1997 communities. */
  readonly communities?: readonly (readonly [number, number])[];
  /** RFC 8092 large communities. */
  readonly largeCommunities?: readonly (readonly [number, number, number])[];
}

export interface MemberRouterSpec {
  readonly asn: number;
  readonly ipv4: string;
  readonly ipv6: string;
  readonly routeServer: { readonly asn: number; readonly ipv4: string; readonly ipv6: string };
  readonly announcements: readonly Announcement[];
}

/** Names of the member's two sessions to the route server (one per address family). */
export const memberSessionV4 = 'rs_v4';
export const memberSessionV6 = 'rs_v6';

const timers = 'hold time 9; keepalive time 3; connect retry time 2; error wait time 1, 5;';

export function renderMemberRouterConfig(spec: MemberRouterSpec): string {
  const v4 = spec.announcements.filter((a) => !isIPv6(prefixAddress(a.prefix)));
  const v6 = spec.announcements.filter((a) => isIPv6(prefixAddress(a.prefix)));
  return [
    `router id ${spec.ipv4};`,
    'log stderr all;',
    'protocol device {}',
    staticProtocol('announce_v4', 'ipv4', v4, spec.asn),
    staticProtocol('announce_v6', 'ipv6', v6, spec.asn),
    session(memberSessionV4, 'ipv4', spec.ipv4, spec.routeServer.ipv4, spec.asn, spec.routeServer.asn),
    session(memberSessionV6, 'ipv6', spec.ipv6, spec.routeServer.ipv6, spec.asn, spec.routeServer.asn),
    '',
  ].join('\n');
}

/** A member router of the lab (name and addresses as the lab starts it) announcing `announcements`. */
export function memberRouterSpec(
  member: { readonly name: string; readonly asn: number; readonly ipv4: string; readonly ipv6: string },
  routeServer: MemberRouterSpec['routeServer'],
  announcements: readonly Announcement[],
): { name: string; ipv4: string; ipv6: string; config: string } {
  const { name, asn, ipv4, ipv6 } = member;
  return {
    name,
    ipv4,
    ipv6,
    config: renderMemberRouterConfig({ asn, ipv4, ipv6, routeServer, announcements }),
  };
}

function staticProtocol(
  name: string,
  family: string,
  announcements: readonly Announcement[],
  asn: number,
): string {
  const routes = announcements.map((a) => `  route ${a.prefix} blackhole { ${attributes(a, asn)} };`);
  return [`protocol static ${name} {`, `  ${family} { import all; };`, ...routes, '}'].join('\n');
}

function attributes(announcement: Announcement, asn: number): string {
  const path = announcement.asPath ?? [asn];
  const statements: string[] = ['bgp_path = +empty+;'];
  // prepend() puts an ASN in front, so the path is built from its last ASN to its first.
  for (const hop of [...path].reverse())
    statements.push(`bgp_path.prepend(${checkNumber('AS_PATH ASN', hop)});`);
  for (const [a, b] of announcement.communities ?? []) statements.push(`bgp_community.add((${a}, ${b}));`);
  for (const [a, b, c] of announcement.largeCommunities ?? [])
    statements.push(`bgp_large_community.add((${a}, ${b}, ${c}));`);
  if (announcement.nextHop) statements.push(`bgp_next_hop = ${announcement.nextHop};`);
  return statements.join(' ');
}

function session(
  name: string,
  family: string,
  local: string,
  neighbor: string,
  asn: number,
  rsAsn: number,
): string {
  return [
    `protocol bgp ${name} {`,
    `  local ${local} as ${asn};`,
    `  neighbor ${neighbor} as ${rsAsn};`,
    '  rs client;',
    `  ${timers}`,
    `  ${family} { import all; export where source = RTS_STATIC; };`,
    '}',
  ].join('\n');
}

function prefixAddress(prefix: string): string {
  const address = prefix.split('/')[0] ?? '';
  if (!/^[0-9a-fA-F.:]+$/.test(address) || !prefix.includes('/'))
    throw invalidValue('announcement prefix', prefix, 'is not a prefix');
  return address;
}

function checkNumber(field: string, value: number): number {
  if (!Number.isInteger(value) || value < 0 || value > 4294967295)
    throw invalidValue(field, value, 'is not a 32-bit number');
  return value;
}
