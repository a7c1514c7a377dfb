import { BirdError } from './bird.errors.js';
import type { BirdReplyLine } from './bird-reply.reader.js';
import type { BirdRouteCount, BirdTableCount } from './bird.types.js';

const TABLE_COUNT = /^(\d+) of (\d+) routes for (\d+) networks in table (\S+)$/;
const TOTAL_COUNT = /^Total: (\d+) of (\d+) routes for (\d+) networks in (\d+) tables$/;

/**
 * `show route … count`. One table ends with a bare `0000`; several end with `0014 Total: …`.
 * A query that matches nothing in a table still lists it with 0, but an empty reply is possible
 * (no table selected), and then every count is 0.
 */
export function parseRouteCount(lines: readonly BirdReplyLine[]): BirdRouteCount {
  const tables: BirdTableCount[] = [];
  for (const line of lines) {
    const match = TABLE_COUNT.exec(line.text.trim());
    if (line.code === 1007 && match) {
      tables.push({
        table: match[4] as string,
        routes: Number(match[1]),
        totalRoutes: Number(match[2]),
        networks: Number(match[3]),
      });
    } else if (line.code === 14 && !TOTAL_COUNT.test(line.text.trim())) {
      throw new BirdError('protocol', `unexpected route count total: ${JSON.stringify(line.text)}`);
    }
  }
  return {
    tables,
    routes: tables.reduce((sum, table) => sum + table.routes, 0),
    totalRoutes: tables.reduce((sum, table) => sum + table.totalRoutes, 0),
    networks: tables.reduce((sum, table) => sum + table.networks, 0),
  };
}
