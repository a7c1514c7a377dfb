import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { IXORA_CONFIG, type IxoraConfig } from '@ixora/config';
import { IrrClient } from './irr.client.js';
import { MemberExpansionService } from './member-expansion.service.js';

/** Counts of one expansion, per family. */
export interface ExpansionCounts {
  readonly asns: number;
  readonly prefixesV4: number;
  readonly prefixesV6: number;
  readonly warnings: readonly string[];
}

/** The stored PrefixSets of a member (what the route servers use now), or why there are none. */
export interface CurrentExpansion extends ExpansionCounts {
  readonly asSets: readonly string[];
  /** `ok`, `stale`, `empty`, `failed` per family, e.g. "IPv4 ok, IPv6 stale". */
  readonly status: string;
  readonly fetchedAt: Date | null;
}

export type ProposedExpansion =
  | { readonly isOk: true; readonly counts: ExpansionCounts }
  | { readonly isOk: false; readonly error: string };

export interface AsSetPreview {
  readonly current: CurrentExpansion | null;
  readonly proposed: ProposedExpansion;
}

/** A staff page waits at most this long for the IRR; the page says so when it runs out. */
export const AS_SET_PREVIEW_TIMEOUT_MS = 15_000;

/**
 * What a proposed AS-SET change would do to a member's filter, for staff deciding a member
 * request: the member's stored expansion beside a live expansion of the proposed AS-SETs from the
 * configured IRR server (`IRR_HOST`, `IRR_SOURCES`), bounded by a timeout. A failed or slow query
 * is an answer too (`isOk: false`), never an exception: the page shows it.
 */
@Injectable()
export class AsSetPreviewService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(IXORA_CONFIG) private readonly config: IxoraConfig,
  ) {}

  async preview(
    member: { id: number; asn: number },
    proposedAsSets: readonly string[],
    timeoutMs = AS_SET_PREVIEW_TIMEOUT_MS,
  ): Promise<AsSetPreview> {
    const [current, proposed] = await Promise.all([
      this.current(member.id),
      this.expand(member.asn, proposedAsSets, timeoutMs),
    ]);
    return { current, proposed };
  }

  private async current(memberId: number): Promise<CurrentExpansion | null> {
    const rows = await this.dataSource.query<
      {
        family: number;
        as_sets: string[];
        asns: number;
        prefixes: number;
        status: string;
        fetched_at: Date | null;
        warnings: string[];
      }[]
    >(
      `SELECT family, as_sets, cardinality(asns)::int AS asns, cardinality(prefixes)::int AS prefixes,
              status, fetched_at, warnings
         FROM prefix_set WHERE member_id = $1 ORDER BY family`,
      [memberId],
    );
    if (rows.length === 0) return null;
    const v4 = rows.find((r) => Number(r.family) === 4);
    const v6 = rows.find((r) => Number(r.family) === 6);
    const fetched = rows.map((r) => r.fetched_at).filter((d): d is Date => d !== null);
    return {
      asSets: (v4 ?? v6)!.as_sets,
      asns: Math.max(v4?.asns ?? 0, v6?.asns ?? 0),
      prefixesV4: v4?.prefixes ?? 0,
      prefixesV6: v6?.prefixes ?? 0,
      warnings: [...new Set(rows.flatMap((r) => r.warnings))],
      status: rows.map((r) => `IPv${r.family} ${r.status}`).join(', '),
      fetchedAt: fetched.length ? new Date(Math.min(...fetched.map((d) => d.getTime()))) : null,
    };
  }

  private async expand(
    asn: number,
    asSets: readonly string[],
    timeoutMs: number,
  ): Promise<ProposedExpansion> {
    const client = new IrrClient({
      host: this.config.irrHost,
      port: this.config.irrPort,
      sources: this.config.irrSources,
      connectTimeoutMs: Math.min(5_000, timeoutMs),
      queryTimeoutMs: timeoutMs,
      maxRetries: 0,
    });
    let timer: NodeJS.Timeout | undefined;
    try {
      const expansion = await Promise.race([
        new MemberExpansionService(client).expandMember({ asn, asSets: asSets.join(' ') }),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`no answer from ${this.config.irrHost} within ${timeoutMs / 1000} s`)),
            timeoutMs,
          );
        }),
      ]);
      return {
        isOk: true,
        counts: {
          asns: expansion.asns.length,
          prefixesV4: expansion.v4.length,
          prefixesV6: expansion.v6.length,
          warnings: expansion.warnings,
        },
      };
    } catch (error) {
      return { isOk: false, error: (error as Error).message };
    } finally {
      clearTimeout(timer);
      client.close();
    }
  }
}
