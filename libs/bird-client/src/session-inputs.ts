/**
 * Which BGP sessions need `reload in` after a new config is in place (docs/adr/0009).
 *
 * BIRD 2.0.12 decides on `configure` whether a channel's import filter changed by comparing the
 * old and new filter code, and its comparison of prefix-set tries misses some changes: an entry
 * added or removed inside an existing trie node (a sibling /23 under the same /20, a /17 under a
 * /16 already in the set) leaves the routes already received filtered by the old set. So ixora's
 * generated config carries, before each BGP protocol, a digest of everything that session's
 * filters depend on:
 *
 *     # ixora-session-inputs AS64500_v4_12 <sha256 in hex>
 *
 * and after a successful `configure` the sessions whose digest changed are reloaded.
 */
export const SESSION_INPUTS_MARKER = 'ixora-session-inputs';

const DIGEST_LINE = /^# ixora-session-inputs ([A-Za-z_][A-Za-z0-9_]*) ([0-9a-f]{64})$/gm;
const BGP_PROTOCOL_LINE = /^protocol bgp ([A-Za-z_][A-Za-z0-9_]*)\b/gm;

/** Protocol name -> input digest, from the `# ixora-session-inputs` lines of a config. */
export function parseSessionInputDigests(configText: string): Map<string, string> {
  const digests = new Map<string, string>();
  for (const match of configText.matchAll(DIGEST_LINE)) digests.set(match[1]!, match[2]!);
  return digests;
}

function bgpProtocolNames(configText: string): Set<string> {
  return new Set([...configText.matchAll(BGP_PROTOCOL_LINE)].map((match) => match[1]!));
}

/**
 * The sessions of `next` to reload once it replaced `previous` in a running BIRD, sorted: those
 * that existed before (a new protocol starts with the new filters anyway) and whose input digest
 * differs — or that the previous config ran without a digest, when nothing says what changed.
 * No previous config: nothing to reload.
 */
export function selectSessionsToReload(previous: string | null, next: string): string[] {
  if (previous === null) return [];
  const before = parseSessionInputDigests(previous);
  const existed = bgpProtocolNames(previous);
  const selected: string[] = [];
  for (const [protocol, digest] of parseSessionInputDigests(next)) {
    if (!existed.has(protocol)) continue;
    if (before.get(protocol) !== digest) selected.push(protocol);
  }
  return selected.sort();
}
