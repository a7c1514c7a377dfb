import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  checkPolicySetting,
  DEFAULT_IXP_POLICY,
  unknownSettingReason,
  explainImportPolicy,
  policySettingSpec,
  resolveMaxPrefixes,
  type ImportPolicySettings,
  type IxpPolicyDefaults,
  type MaxPrefixSource,
  type SettingSource,
} from '@ixora/bird-config';
import { formatValue, invalidValue, IxoraError, notFound } from '@ixora/errors';
import { IMPORT_POLICY_KEYS, type ImportPolicyColumns } from '../entities/import-policy.columns.js';
import { Ixp } from '../entities/ixp.entity.js';
import { Member } from '../entities/member.entity.js';
import { MemberInterface } from '../entities/member-interface.entity.js';
import { PeeringLan } from '../entities/peering-lan.entity.js';
import { RouteServer } from '../entities/route-server.entity.js';
import { RouteServerSession } from '../entities/route-server-session.entity.js';
import { overridesOf } from '../route-server-config/route-server-config.builder.js';
import { requireAdmin, requireMemberVisible, type Actor } from './actor.js';
import { writeAudit } from './audit.writer.js';
import { optionalMd5Password, optionalPositiveInt, parseAsn, parseId } from './validate.js';

export type ImportPolicyKey = (typeof IMPORT_POLICY_KEYS)[number];
export type ImportPolicyPatch = Partial<Record<ImportPolicyKey, unknown>>;

/**
 * Checks a change of ImportPolicy settings against the settings table; `null` clears a setting
 * (inherit from the level above). Every problem names the field as `policy.<key>` with the value;
 * a setting's old name is answered with its new one.
 */
export function parseImportPolicyPatch(input: unknown, field = 'policy'): Partial<ImportPolicyColumns> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw invalidValue(field, input, 'must be an object of import-policy settings');
  }
  const patch: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    const name = `${field}.${key}`;
    if (!(IMPORT_POLICY_KEYS as readonly string[]).includes(key))
      throw invalidValue(name, value, unknownSettingReason(key));
    if (value !== null) checkPolicySetting(name, key, value);
    patch[key] = value;
  }
  return patch;
}

/**
 * A member's change of its own session's policy: only the settings the table lets a member set
 * (`memberMaySet`); any other answers `forbidden` (403) naming `policy.<key>` and the value.
 * Unknown or renamed names and bad values are refused as for staff.
 */
export function parseMemberPolicyPatch(input: unknown, field = 'policy'): Partial<ImportPolicyColumns> {
  if (typeof input === 'object' && input !== null && !Array.isArray(input)) {
    for (const [key, value] of Object.entries(input)) {
      if (policySettingSpec(key)?.memberMaySet !== false) continue;
      const name = `${field}.${key}`;
      throw new IxoraError('forbidden', `${name}: ${formatValue(value)} can only be changed by IXP staff`, {
        field: name,
        value,
      });
    }
  }
  return parseImportPolicyPatch(input, field);
}

function checkLengths(policy: ImportPolicyColumns, field: string): void {
  for (const family of ['V4', 'V6'] as const) {
    const min = policy[`minPrefixLength${family}`];
    const max = policy[`maxPrefixLength${family}`];
    if (min !== null && max !== null && min > max) {
      throw invalidValue(
        `${field}.minPrefixLength${family}`,
        min,
        `must not exceed maxPrefixLength${family} (${max})`,
      );
    }
  }
}

/** One line of `policy show`: a setting's effective value and the level it comes from. */
export interface EffectiveSetting {
  readonly setting: string;
  readonly value: string | number | boolean;
  readonly from: SettingSource | MaxPrefixSource;
}

export interface SessionSettingsInput {
  policy?: unknown;
  maxPrefix?: unknown;
  md5Password?: unknown;
  isPassive?: unknown;
  description?: unknown;
}

/** Staff set the import policy: Ixp defaults, member overrides, session overrides and settings. */
@Injectable()
export class ImportPolicyService {
  constructor(private readonly dataSource: DataSource) {}

  async ixpDefaults(shortname: unknown): Promise<Ixp> {
    if (typeof shortname !== 'string') throw invalidValue('ixp', shortname, 'must be an Ixp shortname');
    const ixp = await this.dataSource.manager.findOneBy(Ixp, { shortname });
    if (!ixp) throw notFound('ixp', shortname);
    return ixp;
  }

  /** A member's overrides; its own users may read them (they explain why routes are filtered). */
  async memberOverrides(actor: Actor, asnInput: unknown): Promise<Member> {
    const asn = parseAsn(asnInput);
    const member = await this.dataSource.manager.findOneBy(Member, { asn });
    if (!member) throw notFound('member', `AS${asn}`);
    requireMemberVisible(actor, member.id, 'member', `AS${asn}`);
    return member;
  }

  async sessionSettings(actor: Actor, idInput: unknown): Promise<RouteServerSession> {
    const id = parseId(idInput);
    const rows = await this.dataSource.query<{ member_id: number }[]>(
      `SELECT mi.member_id FROM route_server_session s JOIN member_interface mi ON mi.id = s.member_interface_id WHERE s.id = $1`,
      [id],
    );
    if (!rows[0]) throw notFound('session', id);
    requireMemberVisible(actor, rows[0].member_id, 'session', id);
    return this.dataSource.manager.findOneByOrFail(RouteServerSession, { id });
  }

  /**
   * The effective value of every setting of an Ixp, a member or a session, and where it comes
   * from (session, member, Ixp, PeeringDB for max-prefix, or ixora's built-in default).
   */
  async effectivePolicy(
    actor: Actor,
    target: { ixp?: unknown; asn?: unknown; session?: unknown },
  ): Promise<EffectiveSetting[]> {
    const tx = this.dataSource.manager;
    if (target.ixp !== undefined) {
      const ixp = await this.ixpDefaults(target.ixp);
      return settingRows(explainImportPolicy(overridesOf(ixp.policy), null, null));
    }
    if (target.asn !== undefined) {
      const member = await this.memberOverrides(actor, target.asn);
      const ixp = await ixpOfMember(tx, member.id);
      const published = await peeringDbPrefixes(tx, member.asn);
      const limits = (['V4', 'V6'] as const).map((family) => {
        const { maxPrefixes, maxPrefixSource } = resolveMaxPrefixes(
          ixpPolicyDefaults(ixp),
          { maxPrefixesV4: member.maxPrefixV4, maxPrefixesV6: member.maxPrefixV6, ...published },
          {},
          family === 'V4',
        );
        return limitRow(`maxPrefix${family}`, maxPrefixes, maxPrefixSource);
      });
      return [
        ...settingRows(explainImportPolicy(ixpOverrides(ixp), overridesOf(member.policy), null)),
        ...limits,
      ];
    }
    const session = await this.sessionSettings(actor, target.session);
    const memberInterface = await tx.findOneByOrFail(MemberInterface, { id: session.memberInterfaceId });
    const member = await tx.findOneByOrFail(Member, { id: memberInterface.memberId });
    const routeServer = await tx.findOneByOrFail(RouteServer, { id: session.routeServerId });
    const lan = await tx.findOneByOrFail(PeeringLan, { id: routeServer.peeringLanId });
    const ixp = await tx.findOneByOrFail(Ixp, { id: lan.ixpId });
    const published = await peeringDbPrefixes(tx, member.asn);
    // As the config builder does: the interface's limit, else the member's.
    const { maxPrefixes, maxPrefixSource } = resolveMaxPrefixes(
      ixpPolicyDefaults(ixp),
      {
        maxPrefixesV4: memberInterface.maxPrefixV4 ?? member.maxPrefixV4,
        maxPrefixesV6: memberInterface.maxPrefixV6 ?? member.maxPrefixV6,
        ...published,
      },
      { maxPrefixes: session.maxPrefix },
      session.family === 4,
    );
    return [
      ...settingRows(
        explainImportPolicy(ixpOverrides(ixp), overridesOf(member.policy), overridesOf(session.policy)),
      ),
      limitRow('maxPrefix', maxPrefixes, maxPrefixSource),
    ];
  }

  async setIxpDefaults(actor: Actor, shortname: unknown, input: unknown): Promise<Ixp> {
    requireAdmin(actor);
    const patch = parseImportPolicyPatch(input);
    return this.dataSource.transaction(async (tx) => {
      if (typeof shortname !== 'string') throw invalidValue('ixp', shortname, 'must be an Ixp shortname');
      const ixp = await tx.findOneBy(Ixp, { shortname });
      if (!ixp) throw notFound('ixp', shortname);
      const before = { ...ixp, policy: { ...ixp.policy } };
      Object.assign(ixp.policy, patch);
      checkLengths(ixp.policy, 'policy');
      const saved = await tx.save(ixp);
      await writeAudit(tx, actor, 'ixp.policy', 'ixp', saved.id, before, saved);
      return saved;
    });
  }

  async setMemberOverrides(actor: Actor, asnInput: unknown, input: unknown): Promise<Member> {
    requireAdmin(actor);
    const asn = parseAsn(asnInput);
    const patch = parseImportPolicyPatch(input);
    return this.dataSource.transaction(async (tx) => {
      const member = await tx.findOneBy(Member, { asn });
      if (!member) throw notFound('member', `AS${asn}`);
      const before = { ...member, policy: { ...member.policy } };
      Object.assign(member.policy, patch);
      checkLengths(member.policy, 'policy');
      const saved = await tx.save(member);
      await writeAudit(tx, actor, 'member.policy', 'member', saved.id, before, saved);
      return saved;
    });
  }

  async setSessionSettings(
    actor: Actor,
    idInput: unknown,
    input: SessionSettingsInput,
  ): Promise<RouteServerSession> {
    requireAdmin(actor);
    const id = parseId(idInput);
    const patch = input.policy === undefined ? {} : parseImportPolicyPatch(input.policy);
    return this.dataSource.transaction(async (tx) => {
      const session = await tx.findOneBy(RouteServerSession, { id });
      if (!session) throw notFound('session', id);
      const before = { ...session, policy: { ...session.policy } };
      Object.assign(session.policy, patch);
      checkLengths(session.policy, 'policy');
      if (input.maxPrefix !== undefined)
        session.maxPrefix = optionalPositiveInt(input.maxPrefix, 'maxPrefix');
      if (input.isPassive !== undefined) {
        if (typeof input.isPassive !== 'boolean')
          throw invalidValue('isPassive', input.isPassive, 'must be true or false');
        session.isPassive = input.isPassive;
      }
      if (input.md5Password !== undefined) session.md5Password = optionalMd5Password(input.md5Password);
      if (input.description !== undefined) {
        const text = input.description;
        if (
          text !== null &&
          (typeof text !== 'string' || text.length > 255 || /[\u0000-\u001f\u007f]/.test(text))
        ) {
          throw invalidValue(
            'description',
            text,
            'must be text of at most 255 characters without control characters',
          );
        }
        session.description = text;
      }
      const saved = await tx.save(session);
      await writeAudit(tx, actor, 'session.settings', 'route_server_session', saved.id, before, saved);
      return saved;
    });
  }
}

function settingRows(settings: ReturnType<typeof explainImportPolicy>): EffectiveSetting[] {
  return settings.flatMap(({ key, value, source }) => {
    // `passive` is the session's own isPassive setting, not an import-policy override.
    return key === 'passive' ? [] : [{ setting: key, value, from: source }];
  });
}

function limitRow(setting: string, value: number, source: MaxPrefixSource): EffectiveSetting {
  return { setting, value, from: source };
}

function ixpOverrides(ixp: Ixp | null): Partial<ImportPolicySettings> {
  return ixp ? overridesOf(ixp.policy) : {};
}

function ixpPolicyDefaults(ixp: Ixp | null): IxpPolicyDefaults {
  return {
    ...DEFAULT_IXP_POLICY,
    maxPrefixesV4: ixp?.defaultMaxPrefixV4 ?? DEFAULT_IXP_POLICY.maxPrefixesV4,
    maxPrefixesV6: ixp?.defaultMaxPrefixV6 ?? DEFAULT_IXP_POLICY.maxPrefixesV6,
    maxPrefixHeadroomPercent: ixp?.maxPrefixHeadroomPercent ?? DEFAULT_IXP_POLICY.maxPrefixHeadroomPercent,
  };
}

/** The Ixp whose peering LAN the member is on, else the only Ixp (a member not yet connected). */
async function ixpOfMember(tx: EntityManager, memberId: number): Promise<Ixp | null> {
  const [row] = await tx.query<{ ixp_id: number }[]>(
    `SELECT l.ixp_id FROM member_interface mi JOIN peering_lan l ON l.id = mi.peering_lan_id
      WHERE mi.member_id = $1 ORDER BY mi.id LIMIT 1`,
    [memberId],
  );
  if (row) return tx.findOneBy(Ixp, { id: row.ixp_id });
  const ixps = await tx.find(Ixp, { take: 2 });
  return ixps.length === 1 ? ixps[0]! : null;
}

/** PeeringDB's info_prefixes4/6 of the ASN, when the mirror has them. */
async function peeringDbPrefixes(
  tx: EntityManager,
  asn: number,
): Promise<{ peeringDbPrefixesV4: number | null; peeringDbPrefixesV6: number | null }> {
  const [{ exists }] = (await tx.query<{ exists: boolean }[]>(
    `SELECT to_regclass('peeringdb_net') IS NOT NULL AS exists`,
  )) as [{ exists: boolean }];
  if (!exists) return { peeringDbPrefixesV4: null, peeringDbPrefixesV6: null };
  const [row] = await tx.query<{ info_prefixes4: number | null; info_prefixes6: number | null }[]>(
    `SELECT info_prefixes4, info_prefixes6 FROM peeringdb_net WHERE status = 'ok' AND asn = $1`,
    [String(asn)],
  );
  return {
    peeringDbPrefixesV4: row?.info_prefixes4 ?? null,
    peeringDbPrefixesV6: row?.info_prefixes6 ?? null,
  };
}
