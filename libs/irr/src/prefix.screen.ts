import {
  BOGON_PREFIXES_V4,
  BOGON_PREFIXES_V6,
  findBogonPrefix,
  GLOBAL_UNICAST_V6,
  IpPrefix,
  isInsideGlobalUnicastV6,
} from '@ixora/net';

/**
 * What the route servers' import pipeline rejects for one member whatever its IRR data says
 * (its prefix step: bogons, IPv6 outside 2000::/3, the exchange's own peering LANs, lengths outside
 * the policy). IRR answers are input like any other: a route object for 0.0.0.0/0, 10.0.0.0/8,
 * ::/0 or the peering LAN must not reach a PrefixSet, where it would authorise more-specifics or
 * blackhole requests and look like good data.
 */
export interface PrefixScreen {
  /** The loosest lengths any of the member's sessions accepts, per family. */
  readonly lengthsV4: { readonly min: number; readonly max: number };
  readonly lengthsV6: { readonly min: number; readonly max: number };
  /** The exchange's peering LAN prefixes (routes inside them are filtered). */
  readonly peeringLans: readonly IpPrefix[];
}

export interface ScreenedPrefix {
  readonly prefix: string;
  readonly reason: string;
}

/** Splits an IRR answer into the prefixes to keep and those dropped, each with its reason. */
export function screenPrefixes(
  family: 4 | 6,
  prefixes: readonly string[],
  screen: PrefixScreen,
): { kept: string[]; dropped: ScreenedPrefix[] } {
  const lengths = family === 4 ? screen.lengthsV4 : screen.lengthsV6;
  const lans = screen.peeringLans.filter((lan) => lan.family === family);
  const suspicious = suspiciousHeads(family, lans);
  const kept: string[] = [];
  const dropped: ScreenedPrefix[] = [];
  for (const text of prefixes) {
    const reason = rejectionOf(text, family, lengths, lans, suspicious);
    if (reason === undefined) kept.push(text);
    else dropped.push({ prefix: text, reason });
  }
  return { kept: dropped.length === 0 ? (prefixes as string[]) : kept, dropped };
}

/**
 * Registries hold millions of prefixes and almost all are fine, so each is first judged by its
 * leading octet (IPv4) or 16-bit group (IPv6): only a prefix whose head falls in a bogon, a
 * peering LAN or (IPv6) outside 2000::/3 is parsed in full. The table marks those heads.
 */
function suspiciousHeads(family: 4 | 6, lans: readonly IpPrefix[]): Uint8Array {
  const bits = family === 4 ? 8 : 16;
  const heads = new Uint8Array(1 << bits);
  const mark = (prefix: IpPrefix): void => {
    const text = prefix.toString();
    const head = family === 4 ? Number(text.slice(0, text.indexOf('.'))) : headOfV6(text);
    const span = prefix.length >= bits ? 1 : 1 << (bits - prefix.length);
    for (let i = head; i < head + span; i++) heads[i] = 1;
  };
  if (family === 6) {
    // Everything outside 2000::/3 is filtered, so only heads inside it can be decided cheaply.
    heads.fill(1);
    const from = headOfV6(GLOBAL_UNICAST_V6.toString());
    heads.fill(0, from, from + (1 << (16 - GLOBAL_UNICAST_V6.length)));
  }
  for (const prefix of [...(family === 4 ? BOGON_PREFIXES_V4 : BOGON_PREFIXES_V6), ...lans]) mark(prefix);
  return heads;
}

/** The first 16-bit group of an IPv6 text ("::…" is 0), or -1 when it is not plain hex. */
function headOfV6(text: string): number {
  const colon = text.indexOf(':');
  if (colon === 0) return 0;
  const head = text.slice(0, colon);
  return /^[0-9a-fA-F]{1,4}$/.test(head) ? parseInt(head, 16) : -1;
}

function rejectionOf(
  text: string,
  family: 4 | 6,
  lengths: { min: number; max: number },
  lans: readonly IpPrefix[],
  suspicious: Uint8Array,
): string | undefined {
  const slash = text.lastIndexOf('/');
  const length = Number(text.slice(slash + 1));
  const head =
    family === 4 ? Number(text.slice(0, text.indexOf('.'))) : headOfV6(text.slice(0, Math.max(slash, 0)));
  const isPlain =
    slash > 0 && Number.isInteger(length) && Number.isInteger(head) && head >= 0 && head < suspicious.length;
  if (isPlain && suspicious[head] === 0) {
    if (length < lengths.min) return `shorter than /${lengths.min}`;
    if (length > lengths.max) return `longer than /${lengths.max}`;
    return undefined;
  }
  let prefix: IpPrefix;
  try {
    prefix = IpPrefix.parse(text);
  } catch {
    // Not a prefix at all: the answer is garbage, which fails the member (last good data kept).
    return undefined;
  }
  if (prefix.family !== family) return undefined;
  if (prefix.length < lengths.min) return `shorter than /${lengths.min}`;
  if (prefix.length > lengths.max) return `longer than /${lengths.max}`;
  if (family === 6 && !isInsideGlobalUnicastV6(prefix)) return 'outside 2000::/3';
  const bogon = findBogonPrefix(prefix);
  if (bogon) return `bogon: ${bogon.reason}`;
  const lan = lans.find((candidate) => candidate.contains(prefix));
  if (lan) return `inside the peering LAN ${lan.toString()}`;
  return undefined;
}

/** The warning stored with a PrefixSet: how many were dropped, and the first few with their reason. */
export function describeDropped(family: 4 | 6, dropped: readonly ScreenedPrefix[], shown = 10): string {
  const list = dropped
    .slice(0, shown)
    .map((d) => `${d.prefix} (${d.reason})`)
    .join(', ');
  const more = dropped.length > shown ? `, and ${dropped.length - shown} more` : '';
  const objects = family === 4 ? 'route' : 'route6';
  return `dropped ${dropped.length} ${objects} object prefix(es) the route servers reject anyway: ${list}${more}`;
}
