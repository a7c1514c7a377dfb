import { DEFAULT_TRANSIT_FREE_ASNS } from '@ixora/bird-config';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { asnArrayTransformer, inetTransformer } from './column-types.js';
import { ImportPolicyColumns } from './import-policy.columns.js';

@Entity()
export class Ixp {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'text' }) shortname: string;
  @Column({ type: 'text', nullable: true }) name: string | null;
  @Column({ type: 'integer', nullable: true }) ixfId: number | null;
  @Column({ type: 'integer', nullable: true }) peeringdbIxId: number | null;
  @Column({ type: 'text', nullable: true }) country: string | null;
  @Column({ type: 'text', nullable: true }) url: string | null;
  @Column({ type: 'text', nullable: true }) supportEmail: string | null;
  /** Ixp-wide defaults of the import policy; null falls back to ixora's built-in defaults. */
  @Column(() => ImportPolicyColumns, { prefix: 'policy' }) policy: ImportPolicyColumns;
  @Column({ type: 'integer', default: 100 }) defaultMaxPrefixV4: number;
  @Column({ type: 'integer', default: 50 }) defaultMaxPrefixV6: number;
  /** Headroom added to PeeringDB's info_prefixes4/6, in percent. */
  @Column({ type: 'integer', default: 10 }) maxPrefixHeadroomPercent: number;
  @Column({ type: 'inet', nullable: true, transformer: inetTransformer }) blackholeNextHopV4: string | null;
  @Column({ type: 'inet', nullable: true, transformer: inetTransformer }) blackholeNextHopV6: string | null;
  /** Filtered behind a peer where the policy enforces it; starts as the well-known list. */
  @Column({
    type: 'bigint',
    array: true,
    default: () => `'{${DEFAULT_TRANSIT_FREE_ASNS.join(',')}}'`,
    transformer: asnArrayTransformer,
  })
  transitFreeAsns: number[];
  /** Route-server-wide graceful shutdown (RFC 8326): every exported route carries 65535:0. */
  @Column({ type: 'boolean', default: false }) isGracefulShutdown: boolean;
  /** The route impact guard stops a deploy that newly filters more than this percent of a member's accepted routes. */
  @Column({ type: 'integer', default: 10 }) impactGuardPercent: number;
  /** Whether a member may turn `allowBlackhole` (RFC 7999) on for its own sessions. */
  @Column({ type: 'boolean', default: false }) membersMayAllowBlackhole: boolean;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}
