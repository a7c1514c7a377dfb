import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { conflict, invalidValue, notFound } from '@ixora/errors';
import { Ixp } from '../entities/ixp.entity.js';
import { Port } from '../entities/port.entity.js';
import { Switch } from '../entities/switch.entity.js';
import { NetworkRepository } from '../repositories/network.repository.js';
import { requireAdmin, type Actor } from '../services/actor.js';
import { writeAudit } from '../services/audit.writer.js';
import { optionalText } from '../services/validate.js';
import {
  optionalFacilityId,
  optionalManagementAddress,
  parseSwitchName,
  parseSwitchRef,
} from './port-input.rules.js';

export interface SwitchInput {
  /** The Ixp's shortname; default the only one (only when creating). */
  ixp?: unknown;
  name?: unknown;
  /** Where it stands (IX-F `colo`): the facility's name. */
  colo?: unknown;
  city?: unknown;
  country?: unknown;
  peeringdbFacilityId?: unknown;
  managementAddress?: unknown;
  manufacturer?: unknown;
  model?: unknown;
}

/** A switch with how many ports it carries. */
export interface SwitchView {
  readonly switch: Switch;
  readonly ixpShortname: string;
  readonly portCount: number;
}

/** A switch as one flat record: the API's answer and the CLI's `--json` row. */
export function switchRecord(v: SwitchView) {
  const s = v.switch;
  return {
    id: s.id,
    ixp: v.ixpShortname,
    name: s.name,
    colo: s.colo,
    city: s.city,
    country: s.country,
    peeringdbFacilityId: s.peeringdbFacilityId,
    managementAddress: s.managementAddress,
    manufacturer: s.manufacturer,
    model: s.model,
    portCount: v.portCount,
  };
}

/** Finds a switch by id or name (names are unique per Ixp; a name held by several Ixps must be given by id). */
export async function findSwitch(tx: EntityManager, ref: unknown, field = 'switch'): Promise<Switch> {
  const parsed = parseSwitchRef(ref, field);
  if ('id' in parsed) {
    const found = await tx.findOneBy(Switch, { id: parsed.id });
    if (!found) throw invalidValue(field, ref, 'is not a switch');
    return found;
  }
  const found = await tx.findBy(Switch, { name: parsed.name });
  if (found.length === 0) throw invalidValue(field, ref, 'is not a switch');
  if (found.length > 1) throw invalidValue(field, ref, 'names switches of several Ixps: give its id');
  return found[0]!;
}

/** Peering switches, kept by staff (an IX-F import keeps the ones it lists too). */
@Injectable()
export class SwitchService {
  constructor(private readonly dataSource: DataSource) {}

  async list(actor: Actor): Promise<SwitchView[]> {
    requireAdmin(actor);
    const m = this.dataSource.manager;
    const [switches, ixps, counts] = await Promise.all([
      m.find(Switch, { order: { name: 'ASC', id: 'ASC' } }),
      m.find(Ixp),
      m.query<{ switch_id: number; n: string }[]>(
        `SELECT switch_id, count(*) AS n FROM port WHERE switch_id IS NOT NULL GROUP BY switch_id`,
      ),
    ]);
    const ixpName = new Map(ixps.map((i) => [i.id, i.shortname]));
    const count = new Map(counts.map((c) => [c.switch_id, Number(c.n)]));
    return switches.map((s) => ({
      switch: s,
      ixpShortname: ixpName.get(s.ixpId) ?? '',
      portCount: count.get(s.id) ?? 0,
    }));
  }

  async get(actor: Actor, ref: unknown): Promise<SwitchView> {
    requireAdmin(actor);
    const m = this.dataSource.manager;
    const sw = await findSwitch(m, ref, 'switch').catch(() => {
      throw notFound('switch', ref);
    });
    return this.viewOf(m, sw);
  }

  async create(actor: Actor, input: SwitchInput): Promise<Switch> {
    requireAdmin(actor);
    const name = parseSwitchName(input.name);
    return this.dataSource.transaction(async (tx) => {
      const ixp = await resolveIxp(tx, input.ixp);
      await this.requireNameFree(tx, ixp.id, name, null);
      const sw = tx.create(Switch, { ixpId: ixp.id, ixfId: null, name });
      applySwitchInput(sw, input, true);
      const saved = await tx.save(sw);
      await writeAudit(tx, actor, 'switch.create', 'switch', saved.id, null, saved);
      return saved;
    });
  }

  async update(actor: Actor, ref: unknown, input: SwitchInput): Promise<Switch> {
    requireAdmin(actor);
    if (input.ixp !== undefined) throw invalidValue('ixp', input.ixp, 'cannot be changed');
    return this.dataSource.transaction(async (tx) => {
      const sw = await findSwitch(tx, ref).catch(() => {
        throw notFound('switch', ref);
      });
      const before = { ...sw };
      if (input.name !== undefined) {
        sw.name = parseSwitchName(input.name);
        await this.requireNameFree(tx, sw.ixpId, sw.name, sw.id);
      }
      applySwitchInput(sw, input, false);
      const saved = await tx.save(sw);
      await writeAudit(tx, actor, 'switch.update', 'switch', saved.id, before, saved);
      return saved;
    });
  }

  /** Refused while ports are on the switch: staff move or remove them first, so no port loses its place silently. */
  async remove(actor: Actor, ref: unknown): Promise<void> {
    requireAdmin(actor);
    await this.dataSource.transaction(async (tx) => {
      const sw = await findSwitch(tx, ref).catch(() => {
        throw notFound('switch', ref);
      });
      const ports = await tx.count(Port, { where: { switchId: sw.id } });
      if (ports > 0)
        throw conflict(
          `switch ${sw.name} still has ${ports} port${ports === 1 ? '' : 's'}: move them to another switch or remove them first`,
          { field: 'switch', value: sw.name },
        );
      await tx.delete(Switch, { id: sw.id });
      await writeAudit(tx, actor, 'switch.delete', 'switch', sw.id, sw, null);
    });
  }

  private async viewOf(m: EntityManager, sw: Switch): Promise<SwitchView> {
    const ixp = await m.findOneByOrFail(Ixp, { id: sw.ixpId });
    return {
      switch: sw,
      ixpShortname: ixp.shortname,
      portCount: await m.count(Port, { where: { switchId: sw.id } }),
    };
  }

  private async requireNameFree(tx: EntityManager, ixpId: number, name: string, selfId: number | null) {
    const taken = await tx.findOneBy(Switch, { ixpId, name });
    if (taken && taken.id !== selfId)
      throw conflict(`name: ${JSON.stringify(name)} is already switch ${taken.id}`, {
        field: 'name',
        value: name,
      });
  }
}

function applySwitchInput(sw: Switch, input: SwitchInput, isNew: boolean): void {
  const text = (key: 'colo' | 'city' | 'manufacturer' | 'model', max: number) => {
    if (input[key] !== undefined || isNew) sw[key] = optionalText(input[key], key, max);
  };
  text('colo', 255);
  text('city', 128);
  text('manufacturer', 128);
  text('model', 128);
  if (input.country !== undefined || isNew) {
    const country = optionalText(input.country, 'country', 2);
    if (country !== null && !/^[A-Z]{2}$/.test(country))
      throw invalidValue('country', input.country, 'must be an ISO 3166 two-letter code (e.g. DE)');
    sw.country = country;
  }
  if (input.peeringdbFacilityId !== undefined || isNew)
    sw.peeringdbFacilityId = optionalFacilityId(input.peeringdbFacilityId);
  if (input.managementAddress !== undefined || isNew)
    sw.managementAddress = optionalManagementAddress(input.managementAddress);
}

/** The named Ixp, or the only one when none is named. */
export async function resolveIxp(tx: EntityManager, shortname: unknown): Promise<Ixp> {
  const network = new NetworkRepository(tx);
  if (shortname !== undefined && shortname !== null && shortname !== '') {
    if (typeof shortname !== 'string') throw invalidValue('ixp', shortname, 'must be an Ixp shortname');
    const ixp = await network.findIxpByShortname(shortname);
    if (!ixp) throw invalidValue('ixp', shortname, 'is not an Ixp');
    return ixp;
  }
  const ixps = await network.listIxps();
  if (ixps.length !== 1)
    throw invalidValue(
      'ixp',
      null,
      ixps.length ? 'is required: there are several Ixps' : 'does not exist yet: add one first',
    );
  return ixps[0]!;
}
