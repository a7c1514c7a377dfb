/**
 * Reads what `birdc show route ... all` prints (BIRD 2.0) into plain objects, so a scenario can say
 * "this member received that prefix with this AS_PATH and these communities".
 *
 *   Table master4:
 *   203.0.113.0/24       unicast [m1 02:51:54.564 from 192.0.2.11] * (100) [AS64999i]
 *   	via 192.0.2.11 on eth0
 *   	BGP.as_path: 59901 64999
 *   	BGP.large_community: (59900, 1101, 8)
 *                        unicast [m2 02:51:55.001] (100) [AS64998i]
 */
export interface LabRoute {
  readonly table: string;
  readonly prefix: string;
  /** unicast, blackhole, unreachable, prohibit */
  readonly kind: string;
  readonly protocol: string;
  readonly isPrimary: boolean;
  readonly asPath: readonly number[];
  /** First address of BGP.next_hop (a v6 route may also carry a link-local one). */
  readonly nextHop: string | undefined;
  /** Standard communities as "a:b" (RFC 1997). */
  readonly communities: readonly string[];
  /** Large communities as "a:b:c" (RFC 8092). */
  readonly largeCommunities: readonly string[];
  /** Every `Name: value` line below the route, e.g. `BGP.local_pref`. */
  readonly attributes: Readonly<Record<string, string>>;
}

interface RouteDraft {
  table: string;
  prefix: string;
  kind: string;
  protocol: string;
  isPrimary: boolean;
  attributes: Record<string, string>;
}

const tableLine = /^Table (\S+):$/;
// prefix (absent on further routes for the same prefix), kind, [protocol time ...], primary mark
const routeLine = /^(\S+)?\s+([a-z]+)\s+\[(\S+)[^\]]*\]\s*(\*)?/;
const attributeLine = /^\s+([A-Za-z][\w.]*):\s?(.*)$/;

export function parseBirdRoutes(output: string): LabRoute[] {
  const routes: LabRoute[] = [];
  let table = '';
  let prefix = '';
  let draft: RouteDraft | undefined;
  const flush = (): void => {
    if (draft) routes.push(finishRoute(draft));
    draft = undefined;
  };
  for (const line of output.split('\n')) {
    if (line.trim() === '' || line.startsWith('BIRD ')) continue;
    const table_ = tableLine.exec(line);
    if (table_) {
      flush();
      table = table_[1] ?? '';
      continue;
    }
    const route = routeLine.exec(line);
    if (route && !line.startsWith('\t')) {
      flush();
      prefix = route[1] ?? prefix;
      draft = {
        table,
        prefix,
        kind: route[2] ?? '',
        protocol: route[3] ?? '',
        isPrimary: route[4] === '*',
        attributes: {},
      };
      continue;
    }
    const attribute = attributeLine.exec(line);
    if (attribute && draft) draft.attributes[attribute[1] ?? ''] = (attribute[2] ?? '').trim();
  }
  flush();
  return routes;
}

function finishRoute(draft: RouteDraft): LabRoute {
  const attributes = draft.attributes;
  return {
    ...draft,
    asPath: (attributes['BGP.as_path'] ?? '').match(/\d+/g)?.map(Number) ?? [],
    nextHop: attributes['BGP.next_hop']?.split(/\s+/)[0],
    communities: tuples(attributes['BGP.community']),
    largeCommunities: tuples(attributes['BGP.large_community']),
  };
}

/** "(0,59903) (65535, 666)" -> ["0:59903", "65535:666"] */
function tuples(text: string | undefined): string[] {
  if (!text) return [];
  return [...text.matchAll(/\(([^)]*)\)/g)].map((m) =>
    (m[1] ?? '')
      .split(',')
      .map((part) => part.trim())
      .join(':'),
  );
}
