import { Inject, Injectable, Optional } from '@nestjs/common';
import { DataSource, In, type EntityManager } from 'typeorm';
import { IXORA_CLOCK, systemClock, type Clock } from '@ixora/config';
import {
  ImportPolicyService,
  Member,
  MemberInterface,
  parseAsn,
  PrefixSet,
  requireMemberVisible,
  RouteServer,
  RouteServerSession,
  type Actor,
} from '@ixora/domain';
import { notFound } from '@ixora/errors';
import { IpPrefix } from '@ixora/net';
import { PeeringDbMirrorRepository } from '@ixora/peeringdb';
import type { Vrp } from '@ixora/rpki';
import { buildMemberReadiness } from './member-readiness.builder.js';
import type {
  MemberReadinessReport,
  ReadinessFacts,
  ReadinessMaxPrefix,
  ReadinessNetixlan,
  ReadinessPeeringDbNet,
  ReadinessPrefixSet,
  ReadinessRouteServerView,
} from './member-readiness.types.js';
import type { RouteServerViewReader } from './route-server.views.js';

export interface ReadinessOptions {
  /** What the route servers show of the member; without it the report says what would happen only. */
  readonly routeServers?: RouteServerViewReader;
}

/**
 * `ixora member readiness ASN` and `GET /api/v1/members/{asn}/readiness`: loads what PostgreSQL
 * holds about a member (its record, the PeeringDB mirror, its PrefixSets, the VRPs covering its
 * prefixes, its effective max-prefix limits) and what the route servers show of it, and hands it
 * to the pure `buildMemberReadiness`. Staff read any member; a member's users read their own.
 */
@Injectable()
export class MemberReadinessService {
  constructor(
    private readonly dataSource: DataSource,
    @Optional() @Inject(IXORA_CLOCK) private readonly clock: Clock = systemClock,
  ) {}

  async report(
    actor: Actor,
    asnInput: unknown,
    options: ReadinessOptions = {},
  ): Promise<MemberReadinessReport> {
    const facts = await this.facts(actor, asnInput, options);
    return buildMemberReadiness(facts, this.clock.now());
  }

  async facts(actor: Actor, asnInput: unknown, options: ReadinessOptions = {}): Promise<ReadinessFacts> {
    const asn = parseAsn(asnInput);
    const tx = this.dataSource.manager;
    const member = await tx.findOneBy(Member, { asn });
    if (!member) throw notFound('member', `AS${asn}`);
    requireMemberVisible(actor, member.id, 'member', `AS${asn}`);
    const interfaces = await tx.find(MemberInterface, {
      where: { memberId: member.id },
      order: { id: 'ASC' },
    });
    const sessions = interfaces.length
      ? await tx.find(RouteServerSession, {
          where: { memberInterfaceId: In(interfaces.map((i) => i.id)) },
          order: { id: 'ASC' },
        })
      : [];
    const routeServers = new Map((await tx.find(RouteServer)).map((rs) => [rs.id, rs.name]));
    const sets = await tx.findBy(PrefixSet, { memberId: member.id });
    const routeServerViews: readonly ReadinessRouteServerView[] | null = options.routeServers
      ? await options.routeServers(asn)
      : null;
    const prefixes = [
      ...sets.flatMap((set) => set.prefixes),
      ...(routeServerViews ?? []).flatMap((rs) => rs.filtered.map((route) => route.prefix)),
    ];
    const limits = await new ImportPolicyService(this.dataSource).effectivePolicy(actor, { asn });
    const limit = (setting: string): ReadinessMaxPrefix => {
      const row = limits.find((l) => l.setting === setting);
      return { limit: Number(row?.value ?? 0), source: String(row?.from ?? 'ixp') };
    };
    return {
      member: {
        asn,
        name: member.name,
        status: member.status,
        asSets: member.asSets,
        isNeverViaRouteServers: member.isNeverViaRouteServers,
        interfaces: interfaces.map((i) => ({
          id: i.id,
          ipv4Address: i.ipv4Address,
          ipv6Address: i.ipv6Address,
          isRouteServerClient: i.isRouteServerClient,
        })),
        sessions: sessions.map((s) => ({
          routeServer: routeServers.get(s.routeServerId) ?? String(s.routeServerId),
          family: s.family,
          isEnabled: s.isEnabled,
        })),
      },
      peeringDb: await peeringDbFacts(tx, member, interfaces),
      irr: { v4: prefixSetFacts(sets, 4), v6: prefixSetFacts(sets, 6) },
      rpki: await rpkiFacts(tx, prefixes),
      maxPrefix: { v4: limit('maxPrefixV4'), v6: limit('maxPrefixV6') },
      routeServers: routeServerViews,
    };
  }
}

function prefixSetFacts(sets: readonly PrefixSet[], family: 4 | 6): ReadinessPrefixSet | null {
  const set = sets.find((s) => Number(s.family) === family);
  if (!set) return null;
  return {
    status: set.status,
    asSets: set.asSets,
    asns: set.asns,
    prefixes: set.prefixes,
    fetchedAt: set.fetchedAt,
    error: set.error,
    warnings: set.warnings,
  };
}

async function peeringDbFacts(
  tx: EntityManager,
  member: Member,
  interfaces: readonly MemberInterface[],
): Promise<ReadinessFacts['peeringDb']> {
  const [state] = await tx.query<{ last_synced_at: Date | null }[]>(
    `SELECT last_synced_at FROM peeringdb_sync_state WHERE object_type = 'net'`,
  );
  const staleTypes = (await new PeeringDbMirrorRepository(tx).syncFailures()).map((f) => f.objectType);
  const [net] = await tx.query<
    {
      id: number;
      name: string;
      irr_as_set: string | null;
      info_prefixes4: number | null;
      info_prefixes6: number | null;
      never: boolean | null;
    }[]
  >(
    `SELECT id, name, irr_as_set, info_prefixes4, info_prefixes6, info_never_via_route_servers AS never
       FROM peeringdb_net WHERE asn = $1 AND status = 'ok' ORDER BY id LIMIT 1`,
    [String(member.asn)],
  );
  let found: ReadinessPeeringDbNet | null = null;
  if (net) {
    const ixp = await ixpOf(tx, interfaces);
    // This exchange's connections: its PeeringDB ix when known, else addresses on its peering LANs.
    const rows = await tx.query<
      { id: number; v4: string | null; v6: string | null; is_rs_peer: boolean | null }[]
    >(
      `SELECT x.id, host(x.ipaddr4) AS v4, host(x.ipaddr6) AS v6, x.is_rs_peer
         FROM peeringdb_netixlan x
        WHERE x.net_id = $1 AND x.status = 'ok'
          AND (x.ix_id = $2 OR ($2::integer IS NULL AND EXISTS (
                SELECT 1 FROM peering_lan l WHERE l.ixp_id = $3
                   AND (x.ipaddr4 << l.prefix_v4 OR x.ipaddr6 << l.prefix_v6))))
        ORDER BY x.id`,
      [net.id, ixp?.peeringdbIxId ?? null, ixp?.id ?? null],
    );
    const netixlans: ReadinessNetixlan[] = rows.map((row) => ({
      id: row.id,
      ipv4Address: row.v4,
      ipv6Address: row.v6,
      isRsPeer: row.is_rs_peer ?? false,
    }));
    found = {
      id: net.id,
      name: net.name,
      irrAsSet: net.irr_as_set,
      infoPrefixes4: net.info_prefixes4,
      infoPrefixes6: net.info_prefixes6,
      isNeverViaRouteServers: net.never ?? false,
      netixlans,
    };
  }
  return { syncedAt: state?.last_synced_at ?? null, staleTypes, net: found };
}

/** The Ixp the member's interfaces are on, else the only one (a member not connected yet). */
async function ixpOf(
  tx: EntityManager,
  interfaces: readonly MemberInterface[],
): Promise<{ id: number; peeringdbIxId: number | null } | null> {
  const rows = await tx.query<{ id: number; peeringdb_ix_id: number | null }[]>(
    interfaces.length
      ? `SELECT DISTINCT x.id, x.peeringdb_ix_id FROM ixp x JOIN peering_lan l ON l.ixp_id = x.id
          WHERE l.id = ANY($1::integer[]) ORDER BY x.id LIMIT 1`
      : `SELECT id, peeringdb_ix_id FROM ixp ORDER BY id LIMIT 2`,
    interfaces.length ? [interfaces.map((i) => i.peeringLanId)] : [],
  );
  if (rows.length !== 1) return null;
  return { id: rows[0]!.id, peeringdbIxId: rows[0]!.peeringdb_ix_id };
}

async function rpkiFacts(tx: EntityManager, prefixes: readonly string[]): Promise<ReadinessFacts['rpki']> {
  const [snapshot] = await tx.query<{ loaded_at: Date }[]>(
    `SELECT loaded_at FROM rpki_snapshot WHERE is_current`,
  );
  if (!snapshot || prefixes.length === 0) return { loadedAt: snapshot?.loaded_at ?? null, vrps: [] };
  const rows = await tx.query<{ prefix: string; max_length: number; asn: string; trust_anchor: string }[]>(
    `SELECT DISTINCT v.prefix::text AS prefix, v.max_length, v.asn::text AS asn, v.trust_anchor
       FROM unnest($1::cidr[]) AS r(route)
       JOIN vrp v ON v.prefix >>= r.route
       JOIN rpki_snapshot s ON s.id = v.snapshot_id AND s.is_current
      ORDER BY 1, 3, 2, 4`,
    [[...new Set(prefixes)]],
  );
  const vrps: Vrp[] = rows.map((row) => ({
    prefix: IpPrefix.parse(row.prefix),
    maxLength: row.max_length,
    asn: Number(row.asn),
    trustAnchor: row.trust_anchor,
  }));
  return { loadedAt: snapshot.loaded_at, vrps };
}
