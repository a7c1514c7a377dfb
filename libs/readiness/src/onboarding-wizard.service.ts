import { isDeepStrictEqual } from 'node:util';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { DEFAULT_IXP_POLICY, resolveMaxPrefixes } from '@ixora/bird-config';
import { IXORA_CLOCK, systemClock, type Clock } from '@ixora/config';
import {
  Ixp,
  Member,
  MemberConnectService,
  parseAsn,
  PeeringLan,
  requireAdmin,
  Switch,
  type Actor,
  type MemberConnectInput,
  type MemberConnectPlan,
  type MemberConnectResult,
} from '@ixora/domain';
import { isIxoraError } from '@ixora/errors';
import {
  buildMemberFromPeeringDb,
  PeeringDbMemberLink,
  type PeeringDbFollowField,
  type PeeringDbMemberFields,
  type PeeringDbNet,
  type PeeringDbNetixlan,
  type PeeringDbSource,
} from '@ixora/peeringdb';
import { buildMemberReadiness } from './member-readiness.builder.js';
import type { MemberReadinessReport, ReadinessFacts, ReadinessMaxPrefix } from './member-readiness.types.js';

/** Free addresses offered per family and LAN, besides the network's own PeeringDB addresses. */
const FREE_CHOICES = 5;

/** One address the wizard offers, and why. */
export interface AddressChoice {
  readonly address: string;
  /** `peeringdb`: the network lists it for this exchange; `free`: nobody holds it. */
  readonly source: 'peeringdb' | 'free';
}

export interface OnboardingLan {
  readonly id: number;
  readonly name: string;
  readonly prefixV4: string | null;
  readonly prefixV6: string | null;
  readonly ipv4Choices: readonly AddressChoice[];
  readonly ipv6Choices: readonly AddressChoice[];
}

/** What PeeringDB says about the network, shown before staff decide. */
export interface OnboardingPreview {
  readonly asn: number;
  /** The member, when the ASN is one already. */
  readonly existing: { readonly asn: number; readonly name: string } | null;
  /** Why PeeringDB could not be asked (the wizard goes on with what staff type). */
  readonly peeringDbError: string | null;
  readonly net: {
    readonly id: number;
    readonly name: string;
    readonly irrAsSet: string | null;
    readonly infoPrefixes4: number | null;
    readonly infoPrefixes6: number | null;
    readonly isNeverViaRouteServers: boolean;
  } | null;
  /** The network's connections to this exchange (PeeringDB netixlans). */
  readonly netixlans: readonly {
    readonly id: number;
    readonly ipv4Address: string | null;
    readonly ipv6Address: string | null;
    readonly isRsPeer: boolean;
    readonly speedMbps: number | null;
    readonly lanName: string | null;
  }[];
  /** Member fields PeeringDB suggests (max-prefix with the exchange's headroom). */
  readonly fields: PeeringDbMemberFields | null;
  /** What PeeringDB had that ixora cannot use. */
  readonly warnings: readonly string[];
  readonly lans: readonly OnboardingLan[];
  readonly switches: readonly { readonly id: number; readonly name: string }[];
  /** The choice to preselect: the first PeeringDB connection on a LAN, else the first free addresses. */
  readonly suggested: {
    readonly peeringLanId: number | null;
    readonly ipv4Address: string | null;
    readonly ipv6Address: string | null;
    readonly isRouteServerClient: boolean;
    readonly speedMbps: number | null;
  };
}

export interface OnboardingReview {
  readonly plan: MemberConnectPlan;
  readonly readiness: MemberReadinessReport;
}

const FOLLOWABLE: readonly (keyof PeeringDbMemberFields & keyof MemberConnectPlan['member'])[] = [
  'name',
  'url',
  'asSets',
  'maxPrefixV4',
  'maxPrefixV6',
  'peeringPolicy',
];

/**
 * The staff console's onboarding: a preview of the network from PeeringDB (through the
 * PeeringDB client: the live API, or the test server in tests), the addresses to offer, a review
 * with the readiness report of the member-to-be, and the creation of member, port, interface and
 * sessions in one transaction (`MemberConnectService`), linked to PeeringDB for the fields staff
 * left as PeeringDB has them.
 */
@Injectable()
export class OnboardingWizardService {
  private readonly connector: MemberConnectService;

  constructor(
    private readonly dataSource: DataSource,
    @Optional() @Inject(IXORA_CLOCK) private readonly clock: Clock = systemClock,
  ) {
    this.connector = new MemberConnectService(dataSource);
  }

  async preview(actor: Actor, asnInput: unknown, source: PeeringDbSource): Promise<OnboardingPreview> {
    requireAdmin(actor);
    const asn = parseAsn(asnInput);
    const tx = this.dataSource.manager;
    const member = await tx.findOneBy(Member, { asn });
    const { ixp, lans } = await loadIxp(tx);
    const fetched = await fetchNetwork(source, asn, ixp);
    const plan = fetched.net
      ? buildMemberFromPeeringDb(fetched.net, fetched.netixlans, lans, {
          maxPrefixHeadroomPercent: ixp?.maxPrefixHeadroomPercent ?? 0,
        })
      : null;
    const lanChoices: OnboardingLan[] = [];
    for (const lan of lans) {
      const free = await this.connector.addressChoices(lan.id, FREE_CHOICES);
      const listed = plan?.interfaces.filter((i) => i.peeringLanId === lan.id) ?? [];
      const choices = (family: 4 | 6): AddressChoice[] => {
        const own = listed
          .map((i) => (family === 4 ? i.ipv4Address : i.ipv6Address))
          .filter((a): a is string => a !== null)
          .map((address) => ({ address, source: 'peeringdb' as const }));
        const rest = (family === 4 ? free.ipv4 : free.ipv6)
          .filter((address) => !own.some((o) => o.address === address))
          .map((address) => ({ address, source: 'free' as const }));
        return [...own, ...rest];
      };
      lanChoices.push({
        id: lan.id,
        name: lan.name,
        prefixV4: lan.prefixV4,
        prefixV6: lan.prefixV6,
        ipv4Choices: choices(4),
        ipv6Choices: choices(6),
      });
    }
    const first = plan?.interfaces[0];
    const firstLan = lanChoices.find((l) => l.id === first?.peeringLanId) ?? lanChoices[0];
    const firstNetixlan = fetched.netixlans.find((n) => n.id === first?.netixlanId);
    const switches = ixp ? await tx.find(Switch, { where: { ixpId: ixp.id }, order: { name: 'ASC' } }) : [];
    return {
      asn,
      existing: member ? { asn: member.asn, name: member.name } : null,
      peeringDbError: fetched.error,
      net: fetched.net
        ? {
            id: fetched.net.id,
            name: fetched.net.name,
            irrAsSet: fetched.net.irr_as_set ?? null,
            infoPrefixes4: fetched.net.info_prefixes4 ?? null,
            infoPrefixes6: fetched.net.info_prefixes6 ?? null,
            isNeverViaRouteServers: fetched.net.info_never_via_route_servers ?? false,
          }
        : null,
      netixlans: fetched.netixlans.map((n) => ({
        id: n.id,
        ipv4Address: n.ipaddr4,
        ipv6Address: n.ipaddr6,
        isRsPeer: n.is_rs_peer,
        speedMbps: n.speed > 0 ? n.speed : null,
        lanName:
          lans.find((l) => plan?.interfaces.some((i) => i.netixlanId === n.id && i.peeringLanId === l.id))
            ?.name ?? null,
      })),
      fields: plan?.fields ?? null,
      warnings: plan?.warnings ?? [],
      lans: lanChoices,
      switches: switches.map((s) => ({ id: s.id, name: s.name })),
      suggested: {
        peeringLanId: firstLan?.id ?? null,
        ipv4Address: first?.ipv4Address ?? firstLan?.ipv4Choices[0]?.address ?? null,
        ipv6Address: first?.ipv6Address ?? firstLan?.ipv6Choices[0]?.address ?? null,
        isRouteServerClient: first
          ? first.isRouteServerClient && !(fetched.net?.info_never_via_route_servers ?? false)
          : true,
        speedMbps: firstNetixlan && firstNetixlan.speed > 0 ? firstNetixlan.speed : null,
      },
    };
  }

  /** Checks staff's choices and says how ready the member would be; writes nothing. */
  async review(actor: Actor, input: MemberConnectInput, source: PeeringDbSource): Promise<OnboardingReview> {
    const plan = await this.connector.plan(actor, input);
    const { ixp } = await loadIxp(this.dataSource.manager);
    const fetched = await fetchNetwork(source, plan.asn, ixp);
    const facts = await this.previewFacts(plan, fetched, ixp);
    return { plan, readiness: buildMemberReadiness(facts, this.clock.now()) };
  }

  /**
   * Creates member, port, interface and sessions in one transaction; when PeeringDB knows the
   * network, the member is linked to it and follows the fields staff left as PeeringDB has them.
   */
  async create(
    actor: Actor,
    input: MemberConnectInput,
    source: PeeringDbSource,
  ): Promise<MemberConnectResult> {
    const asn = parseAsn(input.asn);
    const { ixp, lans } = await loadIxp(this.dataSource.manager);
    const fetched = await fetchNetwork(source, asn, ixp);
    const net = fetched.net;
    const suggested = net
      ? buildMemberFromPeeringDb(net, fetched.netixlans, lans, {
          maxPrefixHeadroomPercent: ixp?.maxPrefixHeadroomPercent ?? 0,
        }).fields
      : null;
    return this.connector.connect(actor, input, async (tx, result) => {
      if (!net || !suggested) return;
      const followed = FOLLOWABLE.filter((field) =>
        isDeepStrictEqual(result.member[field], suggested[field]),
      );
      const follow: PeeringDbFollowField[] = [...followed];
      const applied = Object.fromEntries(followed.map((field) => [field, suggested[field]]));
      await tx.insert(PeeringDbMemberLink, {
        memberId: result.member.id,
        netId: net.id,
        follow,
        applied,
        lastAppliedAt: this.clock.now(),
      });
    });
  }

  private async previewFacts(
    plan: MemberConnectPlan,
    fetched: FetchedNetwork,
    ixp: Ixp | null,
  ): Promise<ReadinessFacts> {
    const [snapshot] = await this.dataSource.query<{ loaded_at: Date }[]>(
      `SELECT loaded_at FROM rpki_snapshot WHERE is_current`,
    );
    const net = fetched.net;
    const limit = (isV4: boolean): ReadinessMaxPrefix => {
      const { maxPrefixes, maxPrefixSource } = resolveMaxPrefixes(
        {
          ...DEFAULT_IXP_POLICY,
          maxPrefixesV4: ixp?.defaultMaxPrefixV4 ?? DEFAULT_IXP_POLICY.maxPrefixesV4,
          maxPrefixesV6: ixp?.defaultMaxPrefixV6 ?? DEFAULT_IXP_POLICY.maxPrefixesV6,
          maxPrefixHeadroomPercent:
            ixp?.maxPrefixHeadroomPercent ?? DEFAULT_IXP_POLICY.maxPrefixHeadroomPercent,
        },
        {
          maxPrefixesV4: plan.member.maxPrefixV4,
          maxPrefixesV6: plan.member.maxPrefixV6,
          peeringDbPrefixesV4: net?.info_prefixes4 ?? null,
          peeringDbPrefixesV6: net?.info_prefixes6 ?? null,
        },
        {},
        isV4,
      );
      return { limit: maxPrefixes, source: maxPrefixSource };
    };
    return {
      isNew: true,
      member: {
        asn: plan.asn,
        name: plan.member.name,
        status: plan.member.status,
        asSets: plan.member.asSets,
        isNeverViaRouteServers: false,
        interfaces: [{ id: 0, ...plan.memberInterface }],
        sessions: plan.sessions.map((s) => ({ ...s, isEnabled: true })),
      },
      peeringDb: {
        // Asked just now (or not at all, when it failed: then there is nothing to compare).
        syncedAt: fetched.error === null ? this.clock.now() : null,
        staleTypes: [],
        net: net
          ? {
              id: net.id,
              name: net.name,
              irrAsSet: net.irr_as_set ?? null,
              infoPrefixes4: net.info_prefixes4 ?? null,
              infoPrefixes6: net.info_prefixes6 ?? null,
              isNeverViaRouteServers: net.info_never_via_route_servers ?? false,
              netixlans: fetched.netixlans.map((n) => ({
                id: n.id,
                ipv4Address: n.ipaddr4,
                ipv6Address: n.ipaddr6,
                isRsPeer: n.is_rs_peer,
              })),
            }
          : null,
      },
      irr: { v4: null, v6: null },
      rpki: { loadedAt: snapshot?.loaded_at ?? null, vrps: [] },
      maxPrefix: { v4: limit(true), v6: limit(false) },
      routeServers: null,
    };
  }
}

interface FetchedNetwork {
  readonly net: PeeringDbNet | null;
  /** Its netixlans on this exchange. */
  readonly netixlans: PeeringDbNetixlan[];
  readonly error: string | null;
}

async function fetchNetwork(source: PeeringDbSource, asn: number, ixp: Ixp | null): Promise<FetchedNetwork> {
  try {
    const net = await source.findNetByAsn(asn);
    if (!net) return { net: null, netixlans: [], error: null };
    const all = await source.netixlansOfNet(net.id);
    const live = all.filter((n) => n.status === 'ok' && n.net_id === net.id);
    const netixlans =
      ixp?.peeringdbIxId !== null && ixp?.peeringdbIxId !== undefined
        ? live.filter((n) => n.ix_id === ixp.peeringdbIxId)
        : live;
    return { net, netixlans, error: null };
  } catch (error) {
    if (isIxoraError(error) || error instanceof Error)
      return { net: null, netixlans: [], error: error.message };
    throw error;
  }
}

/** The exchange (the only one) and its peering LANs; none yet: null and no LANs. */
async function loadIxp(tx: EntityManager): Promise<{ ixp: Ixp | null; lans: PeeringLan[] }> {
  const ixps = await tx.find(Ixp, { order: { id: 'ASC' }, take: 2 });
  const ixp = ixps.length === 1 ? ixps[0]! : null;
  const lans = await tx.find(PeeringLan, {
    where: ixp ? { ixpId: ixp.id } : {},
    order: { id: 'ASC' },
  });
  return { ixp, lans };
}
