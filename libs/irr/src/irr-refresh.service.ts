import { Inject, Injectable } from '@nestjs/common';
import { DataSource, Not } from 'typeorm';
import { DEFAULT_IXP_POLICY } from '@ixora/bird-config';
import { IXORA_CONFIG, type IxoraConfig } from '@ixora/config';
import {
  Ixp,
  Member,
  MemberInterface,
  PeeringLan,
  withRunRecord,
  requireAdmin,
  RouteServerSession,
  type Actor,
  type ImportPolicyColumns,
} from '@ixora/domain';
import { notFound } from '@ixora/errors';
import { IpPrefix } from '@ixora/net';
import type { IrrClientOptions } from './irr-client.options.js';
import { IrrClient } from './irr.client.js';
import { MemberExpansionService } from './member-expansion.service.js';
import { PrefixSetRepository } from './prefix-set.repository.js';
import type { PrefixScreen } from './prefix.screen.js';
import {
  refreshPrefixSets,
  type MemberPrefixSets,
  type PrefixSetStore,
  type RefreshProgress,
  type RefreshSummary,
} from './prefix-set.refresher.js';

/** Refresh settings beyond the environment (IRR_HOST, IRR_SOURCES); explicit, with defaults. */
export interface IrrRefreshSettings {
  /** Members expanded at the same time. */
  readonly concurrency: number;
  /** A member taking longer is marked stale and the run goes on. */
  readonly memberTimeoutMs: number;
  /** Use IRRd 4 `!a4`/`!a6` when the server answers them (fewer round trips, same prefixes). */
  readonly useSetPrefixQueries: boolean;
  readonly client: Partial<Omit<IrrClientOptions, 'host' | 'port' | 'sources'>>;
}

export const DEFAULT_IRR_REFRESH_SETTINGS: IrrRefreshSettings = Object.freeze({
  concurrency: 8,
  memberTimeoutMs: 300_000,
  useSetPrefixQueries: true,
  client: {},
});

export interface IrrRefreshReport extends RefreshSummary {
  readonly runId: string;
}

/**
 * `ixora irr refresh` and `ixora irr show`: expands members' AS-SETs over the IRRd protocol into
 * PrefixSets with last-known-good semantics, and records each run.
 */
@Injectable()
export class IrrRefreshService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: PrefixSetRepository,
    @Inject(IXORA_CONFIG) private readonly config: IxoraConfig,
  ) {}

  async refresh(
    actor: Actor,
    options: {
      asn?: number;
      onProgress?: (progress: RefreshProgress) => void;
      settings?: Partial<IrrRefreshSettings>;
    } = {},
  ): Promise<IrrRefreshReport> {
    requireAdmin(actor);
    const settings = { ...DEFAULT_IRR_REFRESH_SETTINGS, ...options.settings };
    const members = await this.dataSource.manager.find(Member, {
      where: options.asn === undefined ? { status: Not('left') } : { asn: options.asn },
      order: { asn: 'ASC' },
    });
    if (options.asn !== undefined && members.length === 0) throw notFound('member', `AS${options.asn}`);
    const memberIds = new Map(members.map((m) => [m.asn, m.id]));
    const screens = await this.loadScreens(members);
    const store: PrefixSetStore = {
      load: (asn) => this.repository.load(memberIds.get(asn) as number, asn),
      save: (sets) => this.repository.save(memberIds.get(sets.v4.asn) as number, sets),
    };
    return withRunRecord(
      this.dataSource,
      'irr_refresh',
      async (run) => {
        const client = new IrrClient({
          ...settings.client,
          host: this.config.irrHost,
          port: this.config.irrPort,
          sources: this.config.irrSources,
        });
        try {
          const expander = new MemberExpansionService(client, {
            useSetPrefixQueries: settings.useSetPrefixQueries,
          });
          const summary = await refreshPrefixSets({
            members: members.map((m) => ({ asn: m.asn, asSets: m.asSets.join(' ') })),
            expand: (member) => expander.expandMember(member),
            store,
            concurrency: settings.concurrency,
            memberTimeoutMs: settings.memberTimeoutMs,
            onProgress: options.onProgress,
            screen: (asn) => screens.get(asn),
          });
          return { ...summary, runId: run.id };
        } finally {
          client.close();
        }
      },
      {
        outcome: (report) => ({
          counts: { members: members.length, ok: report.ok, stale: report.stale, failed: report.failed },
          status: report.ok > 0 || members.length === 0 ? 'succeeded' : 'failed',
          error: report.ok === 0 && members.length > 0 ? (report.results[0]?.error ?? null) : null,
        }),
      },
    );
  }

  /**
   * Per member, what the route servers reject anyway: bogons, the exchange's peering LANs, and
   * lengths outside the loosest policy any of its sessions has (session, member, Ixp, built-in
   * default), so nothing a session would accept is ever dropped.
   */
  private async loadScreens(members: readonly Member[]): Promise<Map<number, PrefixScreen>> {
    const manager = this.dataSource.manager;
    const ixps = await manager.find(Ixp);
    const peeringLans = (await manager.find(PeeringLan))
      .flatMap((lan) => [lan.prefixV4, lan.prefixV6])
      .filter((prefix): prefix is string => prefix !== null)
      .map((prefix) => IpPrefix.parse(prefix, { field: 'peeringLan.prefix' }));
    const interfaces = await manager.find(MemberInterface, { select: { id: true, memberId: true } });
    const memberOfInterface = new Map(interfaces.map((i) => [i.id, i.memberId]));
    const sessionPolicies = new Map<number, ImportPolicyColumns[]>();
    for (const session of await manager.find(RouteServerSession)) {
      const memberId = memberOfInterface.get(session.memberInterfaceId);
      if (memberId === undefined) continue;
      sessionPolicies.set(memberId, [...(sessionPolicies.get(memberId) ?? []), session.policy]);
    }
    const bases: (ImportPolicyColumns | undefined)[] =
      ixps.length > 0 ? ixps.map((ixp) => ixp.policy) : [undefined];
    const screens = new Map<number, PrefixScreen>();
    for (const member of members) {
      const sessions: (ImportPolicyColumns | undefined)[] = sessionPolicies.get(member.id) ?? [undefined];
      const lengths = (
        key: 'minPrefixLengthV4' | 'maxPrefixLengthV4' | 'minPrefixLengthV6' | 'maxPrefixLengthV6',
        fallback: number,
      ) =>
        bases.flatMap((base) =>
          sessions.map((session) => session?.[key] ?? member.policy?.[key] ?? base?.[key] ?? fallback),
        );
      screens.set(member.asn, {
        lengthsV4: {
          min: Math.min(...lengths('minPrefixLengthV4', DEFAULT_IXP_POLICY.minPrefixLengthV4)),
          max: Math.max(...lengths('maxPrefixLengthV4', DEFAULT_IXP_POLICY.maxPrefixLengthV4)),
        },
        lengthsV6: {
          min: Math.min(...lengths('minPrefixLengthV6', DEFAULT_IXP_POLICY.minPrefixLengthV6)),
          max: Math.max(...lengths('maxPrefixLengthV6', DEFAULT_IXP_POLICY.maxPrefixLengthV6)),
        },
        peeringLans,
      });
    }
    return screens;
  }

  /** A member's stored PrefixSets, or undefined if it was never refreshed. */
  async show(asn: number): Promise<{ member: Member; sets: MemberPrefixSets | undefined }> {
    const member = await this.dataSource.manager.findOneBy(Member, { asn });
    if (!member) throw notFound('member', `AS${asn}`);
    return { member, sets: await this.repository.load(member.id, asn) };
  }
}
