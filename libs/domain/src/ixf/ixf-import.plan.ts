import { IxoraError, isIxoraError, type IxoraErrorCode } from '@ixora/errors';
import { Asn, IpAddress, IpPrefix } from '@ixora/net';
import { MEMBER_TYPES, type MemberType } from '../entities/member.entity.js';
import { PORT_STATES, type PortInterface, type PortState } from '../entities/port.entity.js';
import { checkJsonValue, MAX_JSON_DEPTH, parseAsSetNames, parseMacAddresses } from '../services/validate.js';
import { ixfSchema, jsonPath, type IxfDocument, type IxfIxp, type IxfMember } from './ixf.schema.js';

/** A place in the IX-F document: `['member_list', 3, 'asnum']`. */
export type IxfPath = (string | number)[];

/**
 * What an IX-F Member Export asks for, checked: every rule that needs no database has been
 * applied, so the application (`ixf.importer.ts`) only matches records to rows and writes them.
 * Fields are named as the entities name them.
 */
export interface IxfImportPlan {
  readonly ixps: readonly IxpPlan[];
  readonly members: readonly MemberPlan[];
}

export interface IxpPlan {
  /** `ixp_id` of the file: what connections refer to. */
  readonly localId: number;
  readonly fields: {
    readonly shortname: string;
    readonly name: string | null;
    readonly ixfId: number;
    readonly peeringdbIxId: number | null;
    readonly country: string | null;
    readonly url: string | null;
    readonly supportEmail: string | null;
  };
  readonly switches: readonly SwitchPlan[];
  /** VLANs with at least one prefix (a VLAN without addresses carries no peering). */
  readonly peeringLans: readonly PeeringLanPlan[];
}

export interface SwitchPlan {
  readonly ixfId: number;
  readonly fields: {
    readonly name: string;
    readonly colo: string | null;
    readonly city: string | null;
    readonly country: string | null;
    readonly manufacturer: string | null;
    readonly model: string | null;
    readonly peeringdbFacilityId: number | null;
  };
}

export interface PeeringLanPlan {
  readonly ixfVlanId: number;
  readonly fields: {
    readonly name: string;
    readonly vlanId: number | null;
    readonly prefixV4: string | null;
    readonly prefixV6: string | null;
  };
}

export interface MemberPlan {
  readonly asn: number;
  readonly path: IxfPath;
  /** AS-SETs and max-prefix only when the file gives them: otherwise what staff set stays. */
  readonly fields: {
    readonly name: string;
    readonly memberType: MemberType;
    readonly url: string | null;
    readonly peeringPolicy: string | null;
    readonly memberSince: string | null;
    readonly asSets?: string[];
    readonly maxPrefixV4?: number;
    readonly maxPrefixV6?: number;
  };
  /** One Port each, matched by position to the member's Ports at the file's Ixps. */
  readonly connections: readonly ConnectionPlan[];
}

export interface ConnectionPlan {
  readonly ixpLocalId: number;
  /** The file's id of the switch of the first interface that names one. */
  readonly switchIxfId: number | null;
  readonly fields: {
    readonly state: PortState;
    readonly interfaces: PortInterface[];
    readonly speedMbps: number | null;
  };
  readonly memberInterfaces: readonly MemberInterfacePlan[];
}

export interface MemberInterfacePlan {
  readonly path: IxfPath;
  readonly ixpLocalId: number;
  readonly ixfVlanId: number;
  /** The LAN's prefixes as planned, for the address checks that need the database. */
  readonly lanPrefixV4: string | null;
  readonly lanPrefixV6: string | null;
  readonly fields: {
    readonly ipv4Address: string | null;
    readonly ipv6Address: string | null;
    readonly macAddresses: string[];
    readonly isRouteServerClient: boolean;
    readonly maxPrefixV4: number | null;
    readonly maxPrefixV6: number | null;
    readonly asMacroV4: string | null;
    readonly asMacroV6: string | null;
  };
}

/** Throws the import's error for the value at `path`: the JSON path, the value, why. */
export function failAt(
  path: IxfPath,
  value: unknown,
  reason: string,
  code: IxoraErrorCode = 'invalid_value',
): never {
  const field = jsonPath(path);
  throw new IxoraError(code, `${field}: ${JSON.stringify(value)} ${reason}`, { field, value, reason });
}

/** Runs a value parser and names its error by the JSON path of the value. */
export function parseAt<T>(path: IxfPath, value: unknown, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    return rethrowAt(path, value, error);
  }
}

/** An error about a value, named by the JSON path of the value (its reason kept, its code too). */
export function rethrowAt(path: IxfPath, value: unknown, error: unknown): never {
  if (isIxoraError(error)) failAt(path, value, error.reason ?? error.message, error.code);
  throw error;
}

/** Reads the text of an IX-F Member Export 1.0 (0.6 and 0.7 read as 1.0); the first problem is thrown with its JSON path. */
export function parseIxfDocument(text: string): IxfDocument {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    const position = /position (\d+)/.exec((error as Error).message)?.[1];
    const at = position === undefined ? '' : ` (at character ${position})`;
    throw new IxoraError('invalid_value', `$: not JSON${at}`, { field: '$' });
  }
  const problem = checkJsonValue(raw, MAX_JSON_DEPTH, '$');
  if (problem) throw problem;
  const parsed = ixfSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path as IxfPath;
    let value: unknown = raw;
    for (const p of path) value = (value as Record<string | number, unknown> | undefined)?.[p];
    failAt(path, value ?? null, issue.message);
  }
  return parsed.data;
}

const PORT_STATE_ALIASES: Record<string, PortState> = {
  active: 'active',
  inactive: 'inactive',
  connected: 'connected',
  disconnected: 'disconnected',
};

/**
 * Checks a parsed document and turns it into the records to write, without a database. The first
 * problem, in document order, is thrown with its JSON path.
 */
export function planIxfImport(doc: IxfDocument): IxfImportPlan {
  const ixps: IxpPlan[] = [];
  for (const [i, ixp] of doc.ixp_list.entries()) {
    if (ixps.some((planned) => planned.localId === ixp.ixp_id))
      failAt(['ixp_list', i, 'ixp_id'], ixp.ixp_id, 'appears twice in ixp_list');
    ixps.push(planIxp(ixp, ['ixp_list', i]));
  }
  const members: MemberPlan[] = [];
  const seenAsns = new Set<number>();
  for (const [k, member] of doc.member_list.entries()) {
    const path = ['member_list', k];
    const asn = parseAt([...path, 'asnum'], member.asnum, () => Asn.parse(member.asnum).value);
    if (seenAsns.has(asn)) failAt([...path, 'asnum'], member.asnum, 'appears twice in member_list');
    seenAsns.add(asn);
    members.push(planMember(member, asn, path, ixps));
  }
  return { ixps, members };
}

function planIxp(src: IxfIxp, path: IxfPath): IxpPlan {
  if (src.country !== undefined && !/^[A-Z]{2}$/.test(src.country))
    failAt([...path, 'country'], src.country, 'is not an ISO 3166 two-letter code');
  const switches: SwitchPlan[] = [];
  for (const [j, sw] of (src.switch ?? []).entries()) {
    if (switches.some((planned) => planned.ixfId === sw.id))
      failAt([...path, 'switch', j, 'id'], sw.id, 'appears twice');
    switches.push({
      ixfId: sw.id,
      fields: {
        name: sw.name,
        colo: sw.colo ?? null,
        city: sw.city ?? null,
        country: sw.country ?? null,
        manufacturer: sw.manufacturer ?? null,
        model: sw.model ?? null,
        peeringdbFacilityId: sw.pdb_facility_id ?? null,
      },
    });
  }
  const peeringLans: PeeringLanPlan[] = [];
  for (const [j, vlan] of (src.vlan ?? []).entries()) {
    const vpath = [...path, 'vlan', j];
    if (peeringLans.some((planned) => planned.ixfVlanId === vlan.id))
      failAt([...vpath, 'id'], vlan.id, 'appears twice');
    const prefixV4 = vlan.ipv4 ? vlanPrefix(vlan.ipv4, 4, [...vpath, 'ipv4']) : null;
    const prefixV6 = vlan.ipv6 ? vlanPrefix(vlan.ipv6, 6, [...vpath, 'ipv6']) : null;
    if (!prefixV4 && !prefixV6) continue;
    peeringLans.push({
      ixfVlanId: vlan.id,
      fields: {
        name: vlan.name ?? `VLAN ${vlan.id}`,
        vlanId: vlan.id >= 1 && vlan.id <= 4094 ? vlan.id : null,
        prefixV4,
        prefixV6,
      },
    });
  }
  return {
    localId: src.ixp_id,
    fields: {
      shortname: src.shortname,
      name: src.name ?? null,
      ixfId: src.ixf_id,
      peeringdbIxId: src.peeringdb_id ?? null,
      country: src.country ?? null,
      url: src.url ?? null,
      supportEmail: src.support_email ?? null,
    },
    switches,
    peeringLans,
  };
}

function vlanPrefix(v: { prefix: string; mask_length: number }, family: 4 | 6, path: IxfPath): string {
  const text = `${v.prefix}/${v.mask_length}`;
  const prefix = parseAt([...path, 'prefix'], v.prefix, () => IpPrefix.parse(text, { field: 'prefix' }));
  if (prefix.family !== family) failAt([...path, 'prefix'], v.prefix, `is not an IPv${family} prefix`);
  return prefix.toString();
}

function planMember(src: IxfMember, asn: number, path: IxfPath, ixps: readonly IxpPlan[]): MemberPlan {
  const memberType = src.member_type ?? 'peering';
  if (!MEMBER_TYPES.includes(memberType as MemberType)) {
    failAt([...path, 'member_type'], memberType, `must be one of ${MEMBER_TYPES.join(', ')}`);
  }
  const memberSince =
    src.member_since === undefined ? null : planDate(src.member_since, [...path, 'member_since']);
  const macros: string[] = [];
  const maxPrefix = { v4: null as number | null, v6: null as number | null };
  for (const [c, conn] of src.connection_list.entries()) {
    for (const [v, vlan] of (conn.vlan_list ?? []).entries()) {
      for (const fam of ['ipv4', 'ipv6'] as const) {
        const a = vlan[fam];
        if (!a) continue;
        if (a.as_macro) {
          macros.push(
            ...parseAt([...path, 'connection_list', c, 'vlan_list', v, fam, 'as_macro'], a.as_macro, () =>
              parseAsSetNames(a.as_macro),
            ),
          );
        }
        if (a.max_prefix) {
          const key = fam === 'ipv4' ? 'v4' : 'v6';
          maxPrefix[key] = Math.max(maxPrefix[key] ?? 0, a.max_prefix);
        }
      }
    }
  }
  const name = (src.name ?? `AS${asn}`).trim();
  if (name.length === 0 || name.length > 255 || /[\u0000-\u001f\u007f]/.test(name)) {
    failAt([...path, 'name'], src.name, 'must be 1-255 characters without control characters');
  }
  return {
    asn,
    path,
    fields: {
      name,
      memberType: memberType as MemberType,
      url: src.url ?? null,
      peeringPolicy: src.peering_policy ?? null,
      memberSince,
      ...(macros.length ? { asSets: [...new Set(macros)] } : {}),
      ...(maxPrefix.v4 !== null ? { maxPrefixV4: maxPrefix.v4 } : {}),
      ...(maxPrefix.v6 !== null ? { maxPrefixV6: maxPrefix.v6 } : {}),
    },
    connections: src.connection_list.map((conn, c) =>
      planConnection(conn, [...path, 'connection_list', c], ixps),
    ),
  };
}

function planDate(value: string, path: IxfPath): string {
  const match = /^(\d{4}-\d{2}-\d{2})(T.*)?$/.exec(value);
  if (!match || Number.isNaN(Date.parse(value))) failAt(path, value, 'is not a date-time');
  return match[1]!;
}

type IxfConnection = IxfMember['connection_list'][number];
type IxfVlanAddresses = NonNullable<IxfConnection['vlan_list']>[number];

function planConnection(conn: IxfConnection, path: IxfPath, ixps: readonly IxpPlan[]): ConnectionPlan {
  const ixp =
    ixps.find((planned) => planned.localId === conn.ixp_id) ??
    failAt([...path, 'ixp_id'], conn.ixp_id, 'is not an ixp_id of ixp_list');
  const state = conn.state === undefined ? 'active' : PORT_STATE_ALIASES[conn.state];
  if (!state || !PORT_STATES.includes(state))
    failAt([...path, 'state'], conn.state, `must be one of ${PORT_STATES.join(', ')}`);
  const interfaces: PortInterface[] = [];
  let switchIxfId: number | null = null;
  for (const [f, ifc] of (conn.if_list ?? []).entries()) {
    if (ifc.switch_id !== undefined) {
      if (!ixp.switches.some((sw) => sw.ixfId === ifc.switch_id))
        failAt([...path, 'if_list', f, 'switch_id'], ifc.switch_id, 'is not a switch of this ixp');
      switchIxfId ??= ifc.switch_id;
    }
    interfaces.push({ speedMbps: ifc.if_speed ?? null, type: ifc.if_type ?? null });
  }
  const speeds = interfaces.map((i) => i.speedMbps).filter((s): s is number => s !== null);
  const memberInterfaces = (conn.vlan_list ?? []).map((vlan, v) => {
    const vpath = [...path, 'vlan_list', v];
    let lan: PeeringLanPlan | undefined;
    if (vlan.vlan_id === undefined) {
      if (ixp.peeringLans.length !== 1)
        failAt([...vpath, 'vlan_id'], null, 'is required when the ixp has several VLANs');
      lan = ixp.peeringLans[0];
    } else {
      lan =
        ixp.peeringLans.find((planned) => planned.ixfVlanId === vlan.vlan_id) ??
        failAt([...vpath, 'vlan_id'], vlan.vlan_id, 'is not a VLAN (with a prefix) of this ixp');
    }
    return planMemberInterface(ixp.localId, lan!, vlan, vpath);
  });
  return {
    ixpLocalId: ixp.localId,
    switchIxfId,
    fields: {
      state,
      interfaces,
      speedMbps: speeds.length ? speeds.reduce((a, b) => a + b, 0) : null,
    },
    memberInterfaces,
  };
}

function planMemberInterface(
  ixpLocalId: number,
  lan: PeeringLanPlan,
  vlan: IxfVlanAddresses,
  path: IxfPath,
): MemberInterfacePlan {
  const address = (fam: 'ipv4' | 'ipv6'): string | null => {
    const a = vlan[fam];
    if (!a) return null;
    const ip = parseAt([...path, fam, 'address'], a.address, () => IpAddress.parse(a.address));
    const family = fam === 'ipv4' ? 4 : 6;
    if (ip.family !== family) failAt([...path, fam, 'address'], a.address, `is not an IPv${family} address`);
    const prefix = family === 4 ? lan.fields.prefixV4 : lan.fields.prefixV6;
    if (!prefix || !IpPrefix.parse(prefix).contains(ip)) {
      failAt(
        [...path, fam, 'address'],
        a.address,
        `is not inside VLAN ${lan.fields.name} (${prefix ?? `no IPv${family} prefix`})`,
      );
    }
    return ip.toString();
  };
  const ipv4Address = address('ipv4');
  const ipv6Address = address('ipv6');
  if (!ipv4Address && !ipv6Address) failAt(path, vlan, 'has neither ipv4 nor ipv6');
  const macAddresses = [
    ...new Set([
      ...parseAt([...path, 'ipv4', 'mac_addresses'], vlan.ipv4?.mac_addresses, () =>
        parseMacAddresses(vlan.ipv4?.mac_addresses ?? []),
      ),
      ...parseAt([...path, 'ipv6', 'mac_addresses'], vlan.ipv6?.mac_addresses, () =>
        parseMacAddresses(vlan.ipv6?.mac_addresses ?? []),
      ),
    ]),
  ];
  return {
    path,
    ixpLocalId,
    ixfVlanId: lan.ixfVlanId,
    lanPrefixV4: lan.fields.prefixV4,
    lanPrefixV6: lan.fields.prefixV6,
    fields: {
      ipv4Address,
      ipv6Address,
      macAddresses,
      isRouteServerClient: vlan.ipv4?.routeserver ?? vlan.ipv6?.routeserver ?? true,
      maxPrefixV4: vlan.ipv4?.max_prefix || null,
      maxPrefixV6: vlan.ipv6?.max_prefix || null,
      asMacroV4: vlan.ipv4?.as_macro ?? null,
      asMacroV6: vlan.ipv6?.as_macro ?? null,
    },
  };
}
