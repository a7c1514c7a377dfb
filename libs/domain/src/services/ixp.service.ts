import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { conflict, invalidValue, notFound } from '@ixora/errors';
import { IpAddress, IpPrefix } from '@ixora/net';
import { Ixp } from '../entities/ixp.entity.js';
import { PeeringLan } from '../entities/peering-lan.entity.js';
import { NetworkRepository } from '../repositories/network.repository.js';
import { requireAdmin, type Actor } from './actor.js';
import { writeAudit } from './audit.writer.js';
import { parseIxpSettingsPatch } from './ixp-settings.js';
import { optionalPrefix } from './validate.js';

export interface IxpInput {
  shortname?: unknown;
  name?: unknown;
  country?: unknown;
  url?: unknown;
}

export interface PeeringLanInput {
  ixp?: unknown;
  name?: unknown;
  vlanId?: unknown;
  prefixV4?: unknown;
  prefixV6?: unknown;
}

@Injectable()
export class IxpService {
  constructor(private readonly dataSource: DataSource) {}

  listIxps(): Promise<Ixp[]> {
    return new NetworkRepository(this.dataSource.manager).listIxps();
  }

  listLans(): Promise<PeeringLan[]> {
    return new NetworkRepository(this.dataSource.manager).listLans();
  }

  async addIxp(actor: Actor, input: IxpInput): Promise<Ixp> {
    requireAdmin(actor);
    if (typeof input.shortname !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9 _.-]{0,63}$/.test(input.shortname)) {
      throw invalidValue(
        'shortname',
        input.shortname,
        'must be 1-64 letters, digits, spaces, "_", "." or "-"',
      );
    }
    if (
      input.country !== undefined &&
      (typeof input.country !== 'string' || !/^[A-Z]{2}$/.test(input.country))
    ) {
      throw invalidValue('country', input.country, 'must be an ISO 3166 two-letter code');
    }
    const shortname = input.shortname;
    return this.dataSource.transaction(async (tx) => {
      if (await tx.findOneBy(Ixp, { shortname }))
        throw conflict(`ixp ${shortname} already exists`, { field: 'shortname', value: shortname });
      const saved = await tx.save(
        tx.create(Ixp, {
          shortname,
          name: typeof input.name === 'string' ? input.name : null,
          country: (input.country as string | undefined) ?? null,
          url: typeof input.url === 'string' ? input.url : null,
          policy: {},
        }),
      );
      await writeAudit(tx, actor, 'ixp.create', 'ixp', saved.id, null, saved);
      return saved;
    });
  }

  /** The named Ixp, or the only one when no name is given (staff). */
  async findIxp(actor: Actor, shortname?: unknown): Promise<Ixp> {
    requireAdmin(actor);
    return this.resolveIxp(new NetworkRepository(this.dataSource.manager), shortname);
  }

  /**
   * Changes exchange-wide settings (transit-free ASNs, blackhole next hops, graceful shutdown,
   * max-prefix defaults, name, …) of the named Ixp (or the only one), with an audit record.
   */
  async setSettings(actor: Actor, shortname: unknown, input: unknown): Promise<Ixp> {
    requireAdmin(actor);
    const patch = parseIxpSettingsPatch(input);
    return this.dataSource.transaction(async (tx) => {
      const network = new NetworkRepository(tx);
      const ixp = await this.resolveIxp(network, shortname);
      const lans = (await network.listLans()).filter((l) => l.ixpId === ixp.id);
      for (const [key, prefixKey] of [
        ['blackholeNextHopV4', 'prefixV4'],
        ['blackholeNextHopV6', 'prefixV6'],
      ] as const) {
        const address = patch[key];
        if (address === undefined || address === null) continue;
        // Members must reach the next hop on the exchange, so it belongs to a peering LAN.
        const inside = lans.some((lan) => {
          const prefix = lan[prefixKey];
          return prefix !== null && IpPrefix.parse(prefix).contains(IpAddress.parse(address));
        });
        if (!inside) throw invalidValue(key, address, `is not inside a peering LAN of ixp ${ixp.shortname}`);
      }
      const before = { ...ixp };
      Object.assign(ixp, patch);
      const saved = await tx.save(ixp);
      await writeAudit(tx, actor, 'ixp.settings', 'ixp', saved.id, before, saved);
      return saved;
    });
  }

  /** Adds a PeeringLan to the named Ixp (or the only one). */
  async addLan(actor: Actor, input: PeeringLanInput): Promise<PeeringLan> {
    requireAdmin(actor);
    if (typeof input.name !== 'string' || !/^[\w .-]{1,64}$/.test(input.name)) {
      throw invalidValue('name', input.name, 'must be 1-64 letters, digits, spaces, "_", "." or "-"');
    }
    const prefixV4 = optionalPrefix(input.prefixV4, 4, 'prefixV4');
    const prefixV6 = optionalPrefix(input.prefixV6, 6, 'prefixV6');
    if (prefixV4 === null && prefixV6 === null)
      throw invalidValue('prefixV4', null, 'or prefixV6 is required');
    const vlanId = input.vlanId === undefined || input.vlanId === null ? null : Number(input.vlanId);
    if (vlanId !== null && !(Number.isInteger(vlanId) && vlanId >= 1 && vlanId <= 4094)) {
      throw invalidValue('vlanId', input.vlanId, 'must be 1..4094');
    }
    const name = input.name;
    return this.dataSource.transaction(async (tx) => {
      const ixp = await this.resolveIxp(new NetworkRepository(tx), input.ixp);
      const overlapping = await tx.query<{ name: string }[]>(
        `SELECT name FROM peering_lan WHERE prefix_v4 && $1::cidr OR prefix_v6 && $2::cidr`,
        [prefixV4, prefixV6],
      );
      if (overlapping.length) {
        throw invalidValue(
          prefixV4 ? 'prefixV4' : 'prefixV6',
          prefixV4 ?? prefixV6,
          `overlaps peering LAN ${overlapping[0]!.name}`,
        );
      }
      const saved = await tx.save(tx.create(PeeringLan, { ixpId: ixp.id, name, vlanId, prefixV4, prefixV6 }));
      await writeAudit(tx, actor, 'peering_lan.create', 'peering_lan', saved.id, null, saved);
      return saved;
    });
  }

  private async resolveIxp(network: NetworkRepository, shortname: unknown): Promise<Ixp> {
    if (shortname !== undefined && shortname !== null) {
      if (typeof shortname !== 'string') throw invalidValue('ixp', shortname, 'must be an Ixp shortname');
      const ixp = await network.findIxpByShortname(shortname);
      if (!ixp) throw notFound('ixp', shortname);
      return ixp;
    }
    const ixps = await network.listIxps();
    if (ixps.length !== 1) {
      throw invalidValue(
        'ixp',
        shortname ?? null,
        ixps.length ? 'is required: there are several Ixps' : 'does not exist yet: add one first',
      );
    }
    return ixps[0]!;
  }
}
