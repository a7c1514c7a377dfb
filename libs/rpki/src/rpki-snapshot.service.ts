import { Inject, Injectable, Optional } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { IXORA_CLOCK, IXORA_CONFIG, systemClock, type Clock, type IxoraConfig } from '@ixora/config';
import {
  Member,
  PrefixSet,
  requireAdmin,
  RpkiSnapshot,
  withRunRecord,
  writeAudit,
  type Actor,
} from '@ixora/domain';
import { IxoraError, invalidValue } from '@ixora/errors';
import { IpPrefix } from '@ixora/net';
import { validateOrigin, VrpIndex, type OriginValidationState } from './origin.validator.js';
import { decideSnapshotReplacement } from './snapshot-replacement.policy.js';
import type { Vrp } from './vrp.js';
import { parseVrpDocument, type RejectedVrp, type VrpDocumentFormat } from './vrp-document.parser.js';
import { loadVrpSource } from './vrp-source.loader.js';

export interface RpkiRefreshResult {
  readonly snapshotId: number;
  readonly format: VrpDocumentFormat;
  readonly vrpCount: number;
  readonly previousCount: number | null;
  readonly rejected: readonly RejectedVrp[];
  readonly duplicates: number;
  /** Set when --force overrode the size check. */
  readonly forcedReason?: string;
}

export interface MemberCoverage {
  readonly asn: number;
  readonly name: string;
  readonly valid: number;
  readonly invalid: number;
  readonly unknown: number;
  /** PrefixSet status per family, so an empty or stale IRR expansion is visible next to the numbers. */
  readonly irrStatus: Record<'v4' | 'v6', string>;
}

const INSERT_CHUNK = 20_000;
const SOURCE_TIMEOUT_MS = 120_000;

/**
 * Stores VRP snapshots and answers ROA-coverage questions. A refresh that would replace a good
 * snapshot with an empty or much smaller one is refused unless forced: a broken validator must not
 * turn every route's state into "unknown".
 */
@Injectable()
export class RpkiSnapshotService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(IXORA_CONFIG) private readonly config: IxoraConfig,
    @Optional() @Inject(IXORA_CLOCK) private readonly clock: Clock = systemClock,
  ) {}

  async refresh(
    actor: Actor,
    options: {
      location?: string;
      force?: boolean;
      onProgress?: (done: number, total: number) => void;
      /**
       * The location was typed by the operator at the machine's command line (`--file`, `--url`),
       * who may read any file anyway. Anything else (a job's parameter) must be `RPKI_VRP_URL` or
       * one of `RPKI_VRP_LOCATIONS`, so an API client cannot make ixora read a file or probe a URL.
       */
      isOperatorLocation?: boolean;
    } = {},
  ): Promise<RpkiRefreshResult> {
    requireAdmin(actor);
    const location = options.location ?? this.config.rpkiVrpUrl;
    if (!location) throw invalidValue('RPKI_VRP_URL', undefined, 'is not set: pass --file or --url');
    if (!options.isOperatorLocation && !this.isAllowedLocation(location))
      throw invalidValue(
        'location',
        location,
        'is not an allowed VRP location: use RPKI_VRP_URL or one of the locations staff set in RPKI_VRP_LOCATIONS',
      );
    return withRunRecord(
      this.dataSource,
      'rpki_refresh',
      async () => {
        const text = await loadVrpSource(location, { timeoutMs: SOURCE_TIMEOUT_MS });
        const doc = parseVrpDocument(text, location, { now: this.clock.now() });
        return this.dataSource.transaction(async (tx) => {
          const current = await tx.findOneBy(RpkiSnapshot, { isCurrent: true });
          const previousCount = current?.vrpCount ?? null;
          const decision = decideSnapshotReplacement(previousCount, doc.vrps.length, options.force ?? false);
          if (!decision.accept) {
            throw new IxoraError(
              'validation_failed',
              `RPKI snapshot from ${location} not loaded: ${decision.reason}; the current snapshot stays`,
              {
                field: 'vrps',
                value: doc.vrps.length,
              },
            );
          }
          if (current) await tx.update(RpkiSnapshot, { id: current.id }, { isCurrent: false });
          const snapshot = await tx.save(
            tx.create(RpkiSnapshot, {
              source: location,
              format: doc.format,
              generatedAt: doc.generatedAt ?? null,
              vrpCount: doc.vrps.length,
              isCurrent: true,
            }),
          );
          for (let i = 0; i < doc.vrps.length; i += INSERT_CHUNK) {
            const chunk = doc.vrps.slice(i, i + INSERT_CHUNK);
            // One statement per chunk: arrays unnested server-side instead of a row per query.
            await tx.query(
              `INSERT INTO vrp (snapshot_id, prefix, max_length, asn, trust_anchor)
             SELECT $1, p::cidr, m, a, t FROM unnest($2::text[], $3::int[], $4::bigint[], $5::text[]) AS x(p, m, a, t)`,
              [
                snapshot.id,
                chunk.map((v) => v.prefix.toString()),
                chunk.map((v) => v.maxLength),
                chunk.map((v) => String(v.asn)),
                chunk.map((v) => v.trustAnchor),
              ],
            );
            options.onProgress?.(Math.min(i + INSERT_CHUNK, doc.vrps.length), doc.vrps.length);
          }
          // Older snapshots are kept one deep, so the last good one is never lost in the same step.
          await tx.query(
            `DELETE FROM rpki_snapshot WHERE NOT is_current AND id <> $1 AND id < (SELECT max(id) FROM rpki_snapshot WHERE NOT is_current)`,
            [snapshot.id],
          );
          await writeAudit(tx, actor, 'rpki.refresh', 'rpki_snapshot', snapshot.id, null, {
            source: location,
            format: doc.format,
            vrpCount: doc.vrps.length,
            previousCount,
          });
          return {
            snapshotId: snapshot.id,
            format: doc.format,
            vrpCount: doc.vrps.length,
            previousCount,
            rejected: doc.rejected,
            duplicates: doc.duplicates,
            ...(options.force && decision.reason ? { forcedReason: decision.reason } : {}),
          };
        });
      },
      {
        clock: this.clock,
        outcome: (result) => ({
          counts: { vrps: result.vrpCount, rejected: result.rejected.length, duplicates: result.duplicates },
        }),
      },
    );
  }

  /** `RPKI_VRP_URL` and `RPKI_VRP_LOCATIONS`, compared as written (no path or URL tricks resolve). */
  isAllowedLocation(location: string): boolean {
    const allowed = [this.config.rpkiVrpUrl, ...this.config.rpkiVrpLocations];
    return allowed.includes(location);
  }

  async currentVrps(): Promise<Vrp[]> {
    const rows = await this.dataSource.query<
      { prefix: string; max_length: number; asn: string; trust_anchor: string }[]
    >(
      `SELECT v.prefix, v.max_length, v.asn, v.trust_anchor FROM vrp v JOIN rpki_snapshot s ON s.id = v.snapshot_id AND s.is_current`,
    );
    return rows.map((r) => ({
      prefix: IpPrefix.parse(r.prefix),
      maxLength: r.max_length,
      asn: Number(r.asn),
      trustAnchor: r.trust_anchor,
    }));
  }

  /**
   * ROA coverage of each member's IRR prefixes (RFC 6811 states). PrefixSets keep the prefixes and
   * the expanded origin ASNs but not which ASN registered which prefix, so a prefix counts as valid
   * when any of the member's origins is valid for it, invalid when ROAs cover it but none match.
   */
  async report(asn?: number): Promise<MemberCoverage[]> {
    const members = await this.dataSource.manager.find(Member, {
      where: asn === undefined ? {} : { asn },
      order: { asn: 'ASC' },
    });
    if (asn !== undefined && members.length === 0) throw invalidValue('asn', asn, 'is not a member');
    return this.coverage(members);
  }

  /** The report line of one member (by id), for its own users. */
  async reportForMember(memberId: number): Promise<MemberCoverage[]> {
    return this.coverage(await this.dataSource.manager.findBy(Member, { id: memberId }));
  }

  private async coverage(members: Member[]): Promise<MemberCoverage[]> {
    const index = new VrpIndex(await this.currentVrps());
    const result: MemberCoverage[] = [];
    for (const member of members) {
      const sets = await this.dataSource.manager.findBy(PrefixSet, { memberId: member.id });
      const counts: Record<OriginValidationState, number> = { valid: 0, invalid: 0, unknown: 0 };
      for (const set of sets) {
        const origins = set.asns.length ? set.asns : [member.asn];
        for (const text of set.prefixes) {
          const prefix = IpPrefix.parse(text);
          const states = origins.map((origin) => validateOrigin(prefix, origin, index));
          const state = states.includes('valid')
            ? 'valid'
            : states.includes('invalid')
              ? 'invalid'
              : 'unknown';
          counts[state]++;
        }
      }
      const status = (family: 4 | 6) => sets.find((s) => s.family === family)?.status ?? 'none';
      result.push({
        asn: member.asn,
        name: member.name,
        ...counts,
        irrStatus: { v4: status(4), v6: status(6) },
      });
    }
    return result;
  }
}
