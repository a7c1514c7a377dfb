import type { EntityManager } from 'typeorm';
import type { PeeringDbClient } from './peeringdb.client.js';
import { parsePeeringDbObject, type PeeringDbNet, type PeeringDbNetixlan } from './peeringdb.schemas.js';

/**
 * Where onboarding reads a network from: the live API (fresh, costs requests against the rate
 * limit) or the local mirror (after `ixora peeringdb sync`; works offline). Same shape, chosen by
 * the caller.
 */
export interface PeeringDbSource {
  findNetByAsn(asn: number): Promise<PeeringDbNet | undefined>;
  netixlansOfNet(netId: number): Promise<PeeringDbNetixlan[]>;
}

export class PeeringDbApiSource implements PeeringDbSource {
  constructor(private readonly client: PeeringDbClient) {}

  findNetByAsn(asn: number): Promise<PeeringDbNet | undefined> {
    return this.client.getNetByAsn(asn);
  }

  netixlansOfNet(netId: number): Promise<PeeringDbNetixlan[]> {
    return this.client.list('netixlan', { filters: { net_id: netId } });
  }
}

export class PeeringDbMirrorSource implements PeeringDbSource {
  constructor(private readonly manager: EntityManager) {}

  async findNetByAsn(asn: number): Promise<PeeringDbNet | undefined> {
    const [row] = await this.manager.query<{ data: unknown }[]>(
      `SELECT data FROM peeringdb_net WHERE asn = $1 AND status = 'ok' ORDER BY id LIMIT 1`,
      [asn],
    );
    return row === undefined ? undefined : parsePeeringDbObject('net', row.data);
  }

  async netixlansOfNet(netId: number): Promise<PeeringDbNetixlan[]> {
    const rows = await this.manager.query<{ data: unknown }[]>(
      `SELECT data FROM peeringdb_netixlan WHERE net_id = $1 AND status = 'ok' ORDER BY id`,
      [netId],
    );
    return rows.map((row) => parsePeeringDbObject('netixlan', row.data));
  }
}
