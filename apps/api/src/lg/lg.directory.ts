import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Member, RouteServer } from '@ixora/domain';
import type { LgDirectory, LgRouteServerEntry } from '@ixora/looking-glass';

/** The looking glass's view of the database: route servers and the members hidden from the public. */
@Injectable()
export class DatabaseLgDirectory implements LgDirectory {
  constructor(private readonly dataSource: DataSource) {}

  async routeServers(): Promise<readonly LgRouteServerEntry[]> {
    const rows = await this.dataSource.getRepository(RouteServer).find({ order: { name: 'ASC' } });
    return rows.map((rs) => ({ id: rs.name, asn: rs.asn, socketPath: rs.socketPath, agentUrl: rs.agentUrl }));
  }

  async hiddenAsns(): Promise<ReadonlySet<number>> {
    const rows = await this.dataSource
      .getRepository(Member)
      .find({ where: { isHiddenFromPublic: true }, select: { asn: true } });
    return new Set(rows.map((member) => member.asn));
  }

  async memberNames(): Promise<ReadonlyMap<number, string>> {
    const rows = await this.dataSource.getRepository(Member).find({ select: { asn: true, name: true } });
    return new Map(rows.map((member) => [member.asn, member.name]));
  }

  /** The ASN of a member user's member, for the viewer. */
  async memberAsn(memberId: number): Promise<number | undefined> {
    return (
      await this.dataSource.getRepository(Member).findOne({ where: { id: memberId }, select: { asn: true } })
    )?.asn;
  }
}
