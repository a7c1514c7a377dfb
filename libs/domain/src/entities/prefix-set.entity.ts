import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { asnArrayTransformer } from './column-types.js';

export const PREFIX_SET_STATUSES = ['ok', 'stale', 'empty', 'failed'] as const;
export type PrefixSetStatus = (typeof PREFIX_SET_STATUSES)[number];

/** A member's IRR expansion for one family: ASNs, prefixes and aggregated BIRD set entries. */
@Entity()
export class PrefixSet {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'integer' }) memberId: number;
  @Column({ type: 'smallint' }) family: 4 | 6;
  @Column({ type: 'text', array: true, default: () => "'{}'" }) asSets: string[];
  @Column({ type: 'bigint', array: true, default: () => "'{}'", transformer: asnArrayTransformer })
  asns: number[];
  @Column({ type: 'cidr', array: true, default: () => "'{}'" }) prefixes: string[];
  /** BIRD prefix-set entries, `prefix{low,high}`. */
  @Column({ type: 'text', array: true, default: () => "'{}'" }) aggregated: string[];
  @Column({ type: 'text', nullable: true }) source: string | null;
  /** When the data in this row was last fetched successfully. */
  @Column({ type: 'timestamptz', nullable: true }) fetchedAt: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) attemptedAt: Date | null;
  @Column({ type: 'text' }) status: PrefixSetStatus;
  @Column({ type: 'text', nullable: true }) error: string | null;
  /** What the last good expansion warned about (unresolved AS-SET members, ASNs without routes). */
  @Column({ type: 'text', array: true, default: () => "'{}'" }) warnings: string[];
}
