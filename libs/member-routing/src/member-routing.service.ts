import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  ImportPolicyService,
  Member,
  MemberInterface,
  parseAsn,
  PrefixSet,
  requireMemberVisible,
  type Actor,
} from '@ixora/domain';
import { notFound } from '@ixora/errors';
import { LookingGlassService, type CoveringVrp } from '@ixora/looking-glass';
import { IpPrefix } from '@ixora/net';
import type { Vrp } from '@ixora/rpki';
import {
  selectRoutes,
  sessionIdOf,
  toMemberRouteRow,
  type MemberAdviceFacts,
  type MemberRoutesQuery,
  type MemberRoutesReport,
} from './member-routes.builder.js';
import { buildRoutingHygiene, type AnnouncedRoute, type HygieneReport } from './routing-hygiene.builder.js';

/** Prefixes sent in one covering-VRP query. */
const VRP_QUERY_CHUNK = 5_000;

/**
 * A member's routes on the route servers with why the filtered ones were filtered and what to do,
 * and its routing hygiene. Reads the looking glass's snapshots and the member's data (AS-SETs,
 * PrefixSets, interfaces, policy, current VRPs). A member's user sees only its own member: any
 * other ASN is "not found".
 */
@Injectable()
export class MemberRoutingService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly lg: LookingGlassService,
    private readonly policies: ImportPolicyService,
  ) {}

  private async memberOf(actor: Actor, asnInput: unknown): Promise<Member> {
    const asn = parseAsn(asnInput);
    const member = await this.dataSource.manager.findOneBy(Member, { asn });
    if (!member) throw notFound('member', `AS${asn}`);
    requireMemberVisible(actor, member.id, 'member', `AS${asn}`);
    return member;
  }

  async routes(actor: Actor, asnInput: unknown, query: MemberRoutesQuery): Promise<MemberRoutesReport> {
    const member = await this.memberOf(actor, asnInput);
    const { sessions, unavailable } = await this.lg.memberRoutes(member.asn);
    const { page, total } = selectRoutes(sessions, query);
    const filteredOnPage = page.filter(({ route }) => route.isFiltered);
    const facts = await this.adviceFacts(
      actor,
      member,
      filteredOnPage
        .filter(({ route }) => route.shared.reason?.key === 'rpki_invalid')
        .map(({ route }) => route.prefixText),
      filteredOnPage.length > 0,
      [...new Set(filteredOnPage.flatMap(({ route }) => route.shared.bgp.as_path))],
    );
    const readAts = sessions.map((session) => session.readAt).sort((a, b) => a.getTime() - b.getTime());
    return {
      asn: member.asn,
      sessions: sessions.map((session) => ({
        id: sessionIdOf(session),
        routeServerId: session.routeServerId,
        protocol: session.neighbor.id,
        ...(session.neighbor.family ? { family: session.neighbor.family } : {}),
        address: session.neighbor.address,
        bgpState: session.neighbor.bgp_state,
        accepted: session.accepted.length,
        filtered: session.filtered.length,
      })),
      routes: page.map(({ session, route }) => toMemberRouteRow(session, route, facts)),
      total,
      offset: query.offset,
      limit: query.limit,
      unavailable: unavailable.map((entry) => ({ routeServerId: entry.route_server_id, error: entry.error })),
      ...(readAts[0] ? { readAt: readAts[0] } : {}),
    };
  }

  async hygiene(actor: Actor, asnInput: unknown): Promise<HygieneReport> {
    const member = await this.memberOf(actor, asnInput);
    const { sessions, unavailable } = await this.lg.memberRoutes(member.asn);
    const announced: AnnouncedRoute[] = sessions.flatMap((session) =>
      [...session.accepted, ...session.filtered].map((route) => ({
        prefix: route.prefixText,
        ...(route.originAsn === undefined ? {} : { originAsn: route.originAsn }),
        routeServerId: session.routeServerId,
        isAccepted: !route.isFiltered,
        ...(route.shared.reason
          ? { reasonWords: route.shared.reason.words, reasonKey: route.shared.reason.key }
          : {}),
      })),
    );
    const sets = await this.dataSource.manager.findBy(PrefixSet, { memberId: member.id });
    const prefixes = [
      ...new Set([...announced.map((route) => route.prefix), ...sets.flatMap((set) => set.prefixes)]),
    ];
    const vrps = await this.coveringVrps(prefixes);
    return buildRoutingHygiene({
      asn: member.asn,
      asSets: member.asSets,
      irr: sets.map((set) => ({
        family: set.family,
        prefixes: set.prefixes,
        asns: set.asns,
        sources: set.source ? set.source.split(',') : [],
        status: set.status,
      })),
      announced,
      vrps: [
        ...new Map(vrps.map((vrp) => [`${vrp.prefix.toString()}|${vrp.maxLength}|${vrp.asn}`, vrp])).values(),
      ],
      hasSessions: sessions.length > 0,
      isIncomplete: unavailable.length > 0,
    });
  }

  private async adviceFacts(
    actor: Actor,
    member: Member,
    rpkiInvalid: readonly string[],
    isNeeded: boolean,
    pathAsns: readonly number[],
  ): Promise<MemberAdviceFacts> {
    const empty: MemberAdviceFacts = {
      asn: member.asn,
      asSets: member.asSets,
      irr: [],
      interfaceAddresses: [],
      lengths: { 4: { min: 8, max: 24 }, 6: { min: 16, max: 48 } },
      vrps: new Map(),
    };
    if (!isNeeded) return empty;
    const manager = this.dataSource.manager;
    const sets = await manager.findBy(PrefixSet, { memberId: member.id });
    const interfaces = await manager.findBy(MemberInterface, { memberId: member.id });
    const settings = new Map(
      (await this.policies.effectivePolicy(actor, { asn: member.asn })).map((row) => [
        row.setting,
        row.value,
      ]),
    );
    const number = (key: string, fallback: number): number => {
      const value = settings.get(key);
      return typeof value === 'number' ? value : fallback;
    };
    const vrps = new Map<string, CoveringVrp[]>();
    for (const vrp of await this.coveringVrps(rpkiInvalid, true)) {
      const list = vrps.get(vrp.route) ?? [];
      list.push({ prefix: vrp.prefix.toString(), maxLength: vrp.maxLength, asn: vrp.asn });
      vrps.set(vrp.route, list);
    }
    const transitFree = await manager.query<{ asn: string }[]>(
      `SELECT DISTINCT unnest(transit_free_asns)::text AS asn FROM ixp`,
    );
    const isMoreSpecificAllowed = settings.get('irrAllowMoreSpecifics');
    const maxAsPathLength = settings.get('maxAsPathLength');
    return {
      ...empty,
      irr: sets.map((set) => ({
        family: set.family,
        prefixes: set.prefixes,
        sources: set.source ? set.source.split(',') : [],
      })),
      interfaceAddresses: interfaces.flatMap((i) =>
        [i.ipv4Address, i.ipv6Address].filter((a): a is string => a !== null),
      ),
      lengths: {
        4: { min: number('minPrefixLengthV4', 8), max: number('maxPrefixLengthV4', 24) },
        6: { min: number('minPrefixLengthV6', 16), max: number('maxPrefixLengthV6', 48) },
      },
      ...(typeof maxAsPathLength === 'number' ? { maxAsPathLength } : {}),
      ...(typeof isMoreSpecificAllowed === 'boolean' ? { isMoreSpecificAllowed } : {}),
      ...(transitFree.length > 0 ? { transitFreeAsns: transitFree.map((row) => Number(row.asn)) } : {}),
      neverViaRouteServerAsns: await this.neverViaRouteServers(pathAsns),
      vrps,
    };
  }

  /** Which of the ASNs PeeringDB (the mirror, when there is one) marks as never reached via route servers. */
  private async neverViaRouteServers(asns: readonly number[]): Promise<number[]> {
    if (asns.length === 0) return [];
    const [{ exists }] = (await this.dataSource.query<{ exists: boolean }[]>(
      `SELECT to_regclass('peeringdb_net') IS NOT NULL AS exists`,
    )) as [{ exists: boolean }];
    if (!exists) return [];
    const rows = await this.dataSource.query<{ asn: string }[]>(
      `SELECT asn::text AS asn FROM peeringdb_net
        WHERE status = 'ok' AND info_never_via_route_servers AND asn = ANY($1::bigint[])`,
      [asns.map(String)],
    );
    return rows.map((row) => Number(row.asn));
  }

  /** The current snapshot's VRPs covering any of the prefixes (RFC 6811 "covering"), with the prefix each covers. */
  private async coveringVrps(
    prefixes: readonly string[],
    isOrdered = false,
  ): Promise<(Vrp & { route: string })[]> {
    const routes = [
      ...new Set(prefixes.map((text) => IpPrefix.parse(text, { hostBits: 'clear' }).toString())),
    ];
    const found: (Vrp & { route: string })[] = [];
    for (let start = 0; start < routes.length; start += VRP_QUERY_CHUNK) {
      const rows = await this.dataSource.query<
        { route: string; prefix: string; max_length: number; asn: string; trust_anchor: string }[]
      >(
        `SELECT r.route::text AS route, v.prefix::text AS prefix, v.max_length, v.asn::text AS asn, v.trust_anchor
           FROM unnest($1::cidr[]) AS r(route)
           JOIN vrp v ON v.prefix >>= r.route
           JOIN rpki_snapshot s ON s.id = v.snapshot_id AND s.is_current
          ${isOrdered ? 'ORDER BY r.route, v.prefix, v.asn' : ''}`,
        [routes.slice(start, start + VRP_QUERY_CHUNK)],
      );
      for (const row of rows)
        found.push({
          route: row.route,
          prefix: IpPrefix.parse(row.prefix),
          maxLength: row.max_length,
          asn: Number(row.asn),
          trustAnchor: row.trust_anchor,
        });
    }
    return found;
  }
}
