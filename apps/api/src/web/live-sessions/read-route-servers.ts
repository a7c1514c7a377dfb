import type { LookingGlassService } from '@ixora/looking-glass';
import type { RouteServerReading } from './session-states.js';

/**
 * Each named route server's neighbors of one member from the looking glass's snapshot, for the
 * portal home and the staff member page. A route server that cannot be read is said so (its
 * sessions show an unknown state); without a looking glass, every route server is unreadable.
 */
export async function readRouteServers(
  lg: LookingGlassService | undefined,
  memberAsn: number,
  names: readonly string[],
): Promise<Map<string, RouteServerReading>> {
  const viewer = { kind: 'member', asn: memberAsn } as const;
  const entries = await Promise.all(
    names.map(async (name): Promise<[string, RouteServerReading]> => {
      if (!lg) return [name, { isReadable: false }];
      try {
        const { neighbors } = await lg.neighbors(name, viewer);
        return [name, { isReadable: true, neighbors }];
      } catch {
        return [name, { isReadable: false }];
      }
    }),
  );
  return new Map(entries);
}
